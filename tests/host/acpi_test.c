/*
 * Host tests for arch/x86/kernel/acpi.c (acpi_table_init(), acpi_get_table())
 * and arch/x86/mm/srat.c (acpi_numa_init()): tables in simulated physical
 * memory, real ones (bytes QEMU 7.2's SeaBIOS wrote) and hand-built ones
 * for everything a firmware can get wrong.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <acpi/actbl.h>
#include <asm/numa.h>
#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(2u << 20)

/*
 * QEMU 7.2, qemu-system-i386 -m 3G -smp 2, two memory backends of 1G and
 * 2G as NUMA nodes 0 and 1, -numa dist,src=0,dst=1,val=20: the RSDP
 * SeaBIOS left at 0xF59D0, and its tables from FACP to the RSDT
 * (0xBFFE195C - 0xBFFE1C0C; pmemsave from the QEMU monitor).  The tests
 * move the tables down by QEMU_MOVE, into simulated memory, rewriting
 * only the two pointers to them (RSDP, RSDT) and those two checksums.
 */
#define QEMU_RSDP	0xF59D0u
#define QEMU_TABLES	0xBFFE195Cu
#define QEMU_RSDT	0xBFFE1BD0u
#define QEMU_MOVE	0xBFEE0000u
#define QEMU_NR_ENTRIES	6		/* FACP APIC HPET SRAT SLIT WAET */
#define QEMU_SLIT	0xBFFE1B78u

static const u8 qemu_rsdp[20] = {
	0x52, 0x53, 0x44, 0x20, 0x50, 0x54, 0x52, 0x20, 0xaa, 0x42, 0x4f, 0x43,
	0x48, 0x53, 0x20, 0x00, 0xd0, 0x1b, 0xfe, 0xbf,
};

static const u8 qemu_tables[] = {
	0x46, 0x41, 0x43, 0x50, 0x74, 0x00, 0x00, 0x00, 0x01, 0x81, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xfe, 0xbf, 0x40, 0x00, 0xfe, 0xbf, 0x01, 0x00, 0x09, 0x00,
	0xb2, 0x00, 0x00, 0x00, 0xf1, 0xf0, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0xe0, 0xaf, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x02, 0x00, 0x04, 0x04, 0x00, 0x00, 0x00,
	0xff, 0x0f, 0xff, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x32, 0x00, 0x00, 0x00, 0xa5, 0x80, 0x00, 0x00, 0x41, 0x50, 0x49, 0x43,
	0x80, 0x00, 0x00, 0x00, 0x01, 0x77, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20,
	0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00,
	0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0xfe,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x05, 0x05, 0x00,
	0x00, 0x00, 0x0d, 0x00, 0x02, 0x0a, 0x00, 0x09, 0x09, 0x00, 0x00, 0x00,
	0x0d, 0x00, 0x02, 0x0a, 0x00, 0x0a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x00,
	0x02, 0x0a, 0x00, 0x0b, 0x0b, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x04, 0x06,
	0xff, 0x00, 0x00, 0x01, 0x48, 0x50, 0x45, 0x54, 0x38, 0x00, 0x00, 0x00,
	0x01, 0xb4, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43,
	0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43,
	0x01, 0x00, 0x00, 0x00, 0x01, 0xa2, 0x86, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xd0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x53, 0x52, 0x41, 0x54, 0xf0, 0x00, 0x00, 0x00, 0x01, 0x94, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x28, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x28, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x28, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x53, 0x4c, 0x49, 0x54, 0x30, 0x00, 0x00, 0x00, 0x01, 0xea, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x14, 0x14, 0x0a,
	0x57, 0x41, 0x45, 0x54, 0x28, 0x00, 0x00, 0x00, 0x01, 0x39, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x52, 0x53, 0x44, 0x54, 0x3c, 0x00, 0x00, 0x00,
	0x01, 0xed, 0x42, 0x4f, 0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43,
	0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43,
	0x01, 0x00, 0x00, 0x00, 0x5c, 0x19, 0xfe, 0xbf, 0xd0, 0x19, 0xfe, 0xbf,
	0x50, 0x1a, 0xfe, 0xbf, 0x88, 0x1a, 0xfe, 0xbf, 0x78, 0x1b, 0xfe, 0xbf,
	0xa8, 0x1b, 0xfe, 0xbf,
};

/* Where the hand-built tables go. */
#define RSDP_AT		0xE0000u
#define RSDT_AT		0x100000u
#define XSDT_AT		0x108000u
#define SRAT_AT		0x110000u
#define SLIT_AT		0x120000u
#define OTHER_AT	0x130000u

static struct numa_config cfg;

static int acpi_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	host_log_clear();
	memset(&cfg, 0xa5, sizeof(cfg));
	return 0;
}

static void put(u64 phys, const void *p, size_t n)
{
	memcpy(__va(phys), p, n);
}

static u8 sum_bytes(u64 phys, u32 len)
{
	const u8 *p = __va(phys);
	u8 s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* Make the table at phys sum to zero over its header's length. */
static void set_checksum(u64 phys)
{
	struct acpi_table_header *h = __va(phys);

	h->checksum = 0;
	h->checksum = (u8)-sum_bytes(phys, h->length);
}

static void put_header(u64 phys, const char *sig, u32 len, u8 rev)
{
	struct acpi_table_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.signature, sig, 4);
	h.length = len;
	h.revision = rev;
	memcpy(h.oem_id, "HANDOV", 6);
	memcpy(h.oem_table_id, "TESTTBL ", 8);
	h.oem_revision = 1;
	memcpy(h.asl_compiler_id, "HOST", 4);
	h.asl_compiler_revision = 2;
	put(phys, &h, sizeof(h));
}

/* A table of len bytes (zeros after the header), checksummed. */
static void put_table(u64 phys, const char *sig, u32 len)
{
	put_header(phys, sig, len, 1);
	set_checksum(phys);
}

static u8 sum_of(const void *p, size_t n)
{
	const u8 *b = p;
	u8 s = 0;

	while (n--)
		s += *b++;
	return s;
}

/* An RSDP of the revision's size: ACPI 1.0's is only 20 bytes long. */
static void put_rsdp(u64 phys, u8 rev, u32 rsdt, u64 xsdt)
{
	struct acpi_table_rsdp r;

	memset(&r, 0, sizeof(r));
	memcpy(r.signature, ACPI_SIG_RSDP, 8);
	memcpy(r.oem_id, "HANDOV", 6);
	r.revision = rev;
	r.rsdt_physical_address = rsdt;
	r.checksum = (u8)-sum_of(&r, 20);
	if (rev < 2) {
		put(phys, &r, 20);
		return;
	}
	r.length = sizeof(r);
	r.xsdt_physical_address = xsdt;
	r.extended_checksum = (u8)-sum_of(&r, sizeof(r));
	put(phys, &r, sizeof(r));
}

static void put_root(u64 phys, const char *sig, u32 esize, const u64 *addrs, int n)
{
	put_header(phys, sig, sizeof(struct acpi_table_header) + n * esize, 1);
	for (int i = 0; i < n; i++)
		put(phys + sizeof(struct acpi_table_header) + i * esize, &addrs[i], esize);
	set_checksum(phys);
}

/* RSDP (revision 0) at RSDP_AT, an RSDT listing these tables. */
static void put_rsdt_of(const u64 *addrs, int n)
{
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, addrs, n);
}

/* ---- SRAT and SLIT builders ---- */

struct srat_b {
	u64 at;
	u32 len;
};

static struct srat_b srat_begin(u64 at, u8 rev)
{
	struct acpi_table_srat s;

	memset(&s, 0, sizeof(s));
	put(at, &s, sizeof(s));
	put_header(at, ACPI_SIG_SRAT, sizeof(s), rev);
	((struct acpi_table_srat *)__va(at))->table_revision = 1;
	return (struct srat_b){ at, sizeof(s) };
}

static void srat_add(struct srat_b *b, const void *e, u32 n)
{
	put(b->at + b->len, e, n);
	b->len += n;
}

static void srat_mem(struct srat_b *b, u32 pxm, u64 base, u64 len, u32 flags)
{
	struct acpi_srat_mem_affinity m;

	memset(&m, 0, sizeof(m));
	m.header.type = ACPI_SRAT_TYPE_MEMORY_AFFINITY;
	m.header.length = sizeof(m);
	m.proximity_domain = pxm;
	m.base_address = base;
	m.length = len;
	m.flags = flags;
	srat_add(b, &m, sizeof(m));
}

static void srat_cpu(struct srat_b *b, u32 pxm, u8 apic, u32 flags)
{
	struct acpi_srat_cpu_affinity c;

	memset(&c, 0, sizeof(c));
	c.header.type = ACPI_SRAT_TYPE_CPU_AFFINITY;
	c.header.length = sizeof(c);
	c.proximity_domain_lo = (u8)pxm;
	c.proximity_domain_hi[0] = (u8)(pxm >> 8);
	c.proximity_domain_hi[1] = (u8)(pxm >> 16);
	c.proximity_domain_hi[2] = (u8)(pxm >> 24);
	c.apic_id = apic;
	c.flags = flags;
	srat_add(b, &c, sizeof(c));
}

static void srat_x2apic(struct srat_b *b, u32 pxm, u32 apic, u32 flags)
{
	struct acpi_srat_x2apic_cpu_affinity x;

	memset(&x, 0, sizeof(x));
	x.header.type = ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY;
	x.header.length = sizeof(x);
	x.proximity_domain = pxm;
	x.apic_id = apic;
	x.flags = flags;
	srat_add(b, &x, sizeof(x));
}

/* A subtable of any type and length (length bytes, zeros after the header). */
static void srat_raw(struct srat_b *b, u8 type, u8 length, u32 room)
{
	u8 e[256] = { type, length };

	srat_add(b, e, room);
}

static void srat_end(struct srat_b *b)
{
	((struct acpi_table_header *)__va(b->at))->length = b->len;
	set_checksum(b->at);
}

static void put_slit(u64 at, u64 count, const u8 *m)
{
	u32 len = sizeof(struct acpi_table_slit) + (u32)(count * count);

	put_header(at, ACPI_SIG_SLIT, len, 1);
	((struct acpi_table_slit *)__va(at))->locality_count = count;
	put(at + sizeof(struct acpi_table_slit), m, count * count);
	set_checksum(at);
}

/* RSDP, RSDT listing the SRAT (and the SLIT), already built. */
static void list_srat(bool slit)
{
	u64 t[] = { SRAT_AT, SLIT_AT };

	put_rsdt_of(t, slit ? 2 : 1);
}

static void expect_blk(struct kunit *test, int i, u64 start, u64 end, int nid, u32 pxm,
		       bool hotplug)
{
	const struct numa_memblk *b = &cfg.mi.blk[i];

	KUNIT_EXPECT_EQ(test, b->start, start);
	KUNIT_EXPECT_EQ(test, b->end, end);
	KUNIT_EXPECT_EQ(test, b->nid, nid);
	KUNIT_EXPECT_EQ(test, b->pxm, pxm);
	KUNIT_EXPECT_EQ(test, b->hotplug, hotplug);
}

static void expect_default_distances(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, cfg.have_slit);
	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			KUNIT_EXPECT_EQ(test, cfg.distance[a][b],
					a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE);
}

/* ---- QEMU's own tables ---- */

static void put_qemu(bool with_slit)
{
	u64 rsdt = QEMU_RSDT - QEMU_MOVE;
	u32 e[QEMU_NR_ENTRIES];
	int n = 0;

	put(QEMU_TABLES - QEMU_MOVE, qemu_tables, sizeof(qemu_tables));
	memcpy(e, qemu_tables + (QEMU_RSDT - QEMU_TABLES) + 36, sizeof(e));
	for (int i = 0; i < QEMU_NR_ENTRIES; i++) {
		if (e[i] == QEMU_SLIT && !with_slit)
			continue;
		e[n++] = e[i] - QEMU_MOVE;
	}
	put(rsdt + 36, e, n * 4);
	((struct acpi_table_header *)__va(rsdt))->length = 36 + n * 4;
	set_checksum(rsdt);

	put(QEMU_RSDP, qemu_rsdp, sizeof(qemu_rsdp));
	((struct acpi_table_rsdp *)__va(QEMU_RSDP))->rsdt_physical_address = (u32)rsdt;
	((struct acpi_table_rsdp *)__va(QEMU_RSDP))->checksum = 0;
	((struct acpi_table_rsdp *)__va(QEMU_RSDP))->checksum = (u8)-sum_bytes(QEMU_RSDP, 20);
}

/* False if acpi_numa_init() failed, and cfg is not to be looked at. */
static bool expect_qemu_numa(struct kunit *test)
{
	KUNIT_BINARY_CHECK(test, acpi_numa_init(&cfg), ==, 0, return false);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 2);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[0], 0);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[1], 1);
	/* The fourth memory entry is QEMU's disabled one of length 0. */
	KUNIT_BINARY_CHECK(test, cfg.mi.nr_blks, ==, 3, return false);
	expect_blk(test, 0, 0, 0xa0000, 0, 0, false);
	expect_blk(test, 1, 0x100000, 0x40000000, 0, 0, false);
	expect_blk(test, 2, 0x40000000, 0xc0000000, 1, 1, false);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
		"ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0xbfffffff]\n"
		"SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
		"SRAT: PXM 1 -> APIC 0x01 -> Node 1\n"));
	return true;
}

static void acpi_qemu_two_nodes_with_slit(struct kunit *test)
{
	u64 phys;
	u32 len;

	put_qemu(true);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: RSDP 0x00000000000F59D0 000014 (v00 BOCHS )\n"
		"ACPI: RSDT 0x0000000000101BD0 00003C (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: FACP 0x000000000010195C 000074 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: APIC 0x00000000001019D0 000080 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: HPET 0x0000000000101A50 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: SRAT 0x0000000000101A88 0000F0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: SLIT 0x0000000000101B78 000030 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"
		"ACPI: WAET 0x0000000000101BA8 000028 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"));
	KUNIT_ASSERT_EQ(test, acpi_get_table("SRAT", &phys, &len), 0);
	KUNIT_EXPECT_EQ(test, phys, 0x101A88);
	KUNIT_EXPECT_EQ(test, len, 240);
	KUNIT_ASSERT_EQ(test, acpi_get_table("SLIT", &phys, &len), 0);
	KUNIT_EXPECT_EQ(test, phys, 0x101B78);
	KUNIT_EXPECT_EQ(test, len, 48);
	KUNIT_EXPECT_EQ(test, acpi_get_table("DSDT", &phys, &len), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table("SRA", &phys, &len), -ENOENT);

	host_log_clear();
	if (!expect_qemu_numa(test))
		return;
	KUNIT_EXPECT_TRUE(test, cfg.have_slit);
	KUNIT_EXPECT_EQ(test, cfg.distance[0][0], 10);
	KUNIT_EXPECT_EQ(test, cfg.distance[0][1], 20);
	KUNIT_EXPECT_EQ(test, cfg.distance[1][0], 20);
	KUNIT_EXPECT_EQ(test, cfg.distance[1][1], 10);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT: 2 localities\n"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("hotplug"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("not used"));
}

static void acpi_qemu_two_nodes_without_slit(struct kunit *test)
{
	u64 phys;
	u32 len;

	put_qemu(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: RSDT 0x0000000000101BD0 000038 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("ACPI: SLIT"));
	KUNIT_EXPECT_EQ(test, acpi_get_table("SLIT", &phys, &len), -ENOENT);
	if (!expect_qemu_numa(test))
		return;
	expect_default_distances(test);
	KUNIT_EXPECT_FALSE(test, host_log_contains("SLIT"));
}

/* ---- finding the RSDP ---- */

static void acpi_no_rsdp_no_tables(struct kunit *test)
{
	u64 phys;
	u32 len;

	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	KUNIT_EXPECT_STREQ(test, host_log(), "ACPI: no RSDP found: no ACPI tables\n");
	KUNIT_EXPECT_EQ(test, acpi_get_table("SRAT", &phys, &len), -ENOENT);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -ENOENT);
	KUNIT_EXPECT_STREQ(test, host_log(), "ACPI: SRAT: not found\n");
}

/* A table found once is forgotten when a later search finds none. */
static void acpi_second_init_forgets_tables(struct kunit *test)
{
	u64 t[] = { OTHER_AT }, phys;
	u32 len;

	put_table(OTHER_AT, "TEST", 40);
	put_rsdt_of(t, 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_EQ(test, acpi_get_table("TEST", &phys, &len), 0);
	memset(__va(RSDP_AT), 0, 36);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table("TEST", &phys, &len), -ENOENT);
}

static void acpi_bad_rsdp_checksum_scan_goes_on(struct kunit *test)
{
	struct acpi_table_rsdp *bad = __va(RSDP_AT);
	char line[160];
	u8 good;

	put_table(OTHER_AT, "TEST", 40);
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	good = bad->checksum;
	bad->checksum++;
	put_rsdp(RSDP_AT + 0x20, 0, RSDT_AT, 0);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, (u64[]){ OTHER_AT }, 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	snprintf(line, sizeof(line),
		 "ACPI BIOS Warning (bug): Incorrect checksum in RSDP at 0x00000000000E0000 - 0x%02X, should be 0x%02X (skipped)\n"
		 "ACPI: RSDP 0x00000000000E0020 000014 (v00 HANDOV)\n",
		 (u8)(good + 1), good);
	KUNIT_EXPECT_TRUE(test, host_log_contains(line));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: TEST 0x0000000000130000 000028 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"));
}

/* Revision 2: the extended checksum covers all 36 bytes. */
static void acpi_bad_rsdp_extended_checksum_skipped(struct kunit *test)
{
	struct acpi_table_rsdp *r = __va(0xF0000);

	put_rsdp(0xF0000, 2, RSDT_AT, XSDT_AT);
	r->reserved[0] = 1;		/* outside the first 20 bytes */
	put_rsdp(0xFFFE0, 0, RSDT_AT, 0);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, NULL, 0);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI BIOS Warning (bug): Incorrect extended checksum in RSDP at 0x00000000000F0000 - "));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: RSDP 0x00000000000FFFE0 000014 (v00 HANDOV)\n"
		"ACPI: RSDT 0x0000000000100000 000024 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"));
}

static void acpi_rsdp_bad_length_skipped(struct kunit *test)
{
	struct acpi_table_rsdp *r = __va(RSDP_AT);

	put_rsdp(RSDP_AT, 2, RSDT_AT, 0);
	r->length = 20;
	r->extended_checksum = 0;
	r->extended_checksum = (u8)-sum_bytes(RSDP_AT, 36);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI BIOS Warning (bug): RSDP at 0x00000000000E0000: revision 2, length 0x14 outside 36..1024 (skipped)\n"
		"ACPI: no RSDP found: no ACPI tables\n");
}

static void acpi_rsdp_in_ebda_first(struct kunit *test)
{
	u16 seg = 0x9FC0;

	put(0x40E, &seg, 2);
	put_rsdp(0x9FC30, 0, RSDT_AT, 0);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, NULL, 0);
	/* Also one in the BIOS area, to an RSDT that is not there. */
	put_rsdp(RSDP_AT, 0, 0x1FFFF0, 0);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: RSDP 0x000000000009FC30 000014 (v00 HANDOV)\n"
		"ACPI: RSDT 0x0000000000100000 000024 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n");
}

/* The window is the EBDA's first KiB, cut at 0xA0000; outside 0x80000-0x9FFFF, no EBDA. */
static void acpi_ebda_window_bounds(struct kunit *test)
{
	u16 seg = 0x9FF0;

	put(0x40E, &seg, 2);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, NULL, 0);
	put_rsdp(0xA0000, 0, RSDT_AT, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	put_rsdp(0x9FFF0, 0, RSDT_AT, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: RSDP 0x000000000009FFF0 000014"));

	/* 0x7FFF0 is below any EBDA; 0x9FC00 is just past the 1 KiB window of one at 0x9F800. */
	memset(__va(0x9FFF0), 0, 16);
	seg = 0x7FFF;
	put(0x40E, &seg, 2);
	put_rsdp(0x7FFF0, 0, RSDT_AT, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	seg = 0x9F80;
	put(0x40E, &seg, 2);
	put_rsdp(0x9FC00, 0, RSDT_AT, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -ENOENT);
	put_rsdp(0x9FBF0, 0, RSDT_AT, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: RSDP 0x000000000009FBF0 000014"));
}

/* Memory ends 24 bytes into a chunk of the BIOS area: the RSDP there is found. */
static void acpi_rsdp_at_end_of_memory(struct kunit *test)
{
	sim_mem_init(RSDP_AT + 0x118);
	put_rsdp(RSDP_AT + 0x100, 0, 0x1FFFF0, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: RSDP 0x00000000000E0100 000014 (v00 HANDOV)\n"
		"ACPI: Table at 0x00000000001FFFF0 cannot be read (ignored)\n"
		"ACPI: no usable RSDT or XSDT: no ACPI tables\n");
}

/* ---- RSDT and XSDT ---- */

static void acpi_xsdt_used_with_revision_2(struct kunit *test)
{
	u64 x[] = { SRAT_AT, OTHER_AT };
	u64 phys;
	u32 len;
	struct srat_b b = srat_begin(SRAT_AT, 3);

	srat_mem(&b, 0, 0, 0x80000000, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	put_table(OTHER_AT, "TEST", 36);
	put_rsdp(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	put_root(XSDT_AT, ACPI_SIG_XSDT, 8, x, 2);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, NULL, 0);	/* empty: not the one used */
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: RSDP 0x00000000000E0000 000024 (v02 HANDOV)\n"
		"ACPI: XSDT 0x0000000000108000 000034 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: SRAT 0x0000000000110000 000058 (v03 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: TEST 0x0000000000130000 000024 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n");
	KUNIT_ASSERT_EQ(test, acpi_get_table("TEST", &phys, &len), 0);
	KUNIT_EXPECT_EQ(test, phys, OTHER_AT);
	KUNIT_EXPECT_EQ(test, len, 36);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 1);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 1);
	expect_blk(test, 0, 0, 0x80000000, 0, 0, false);
	expect_default_distances(test);
}

static void acpi_bad_xsdt_falls_back_to_rsdt(struct kunit *test)
{
	u64 t[] = { OTHER_AT };

	put_table(OTHER_AT, "TEST", 36);
	put_rsdp(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	put_root(XSDT_AT, ACPI_SIG_XSDT, 8, t, 1);
	((struct acpi_table_header *)__va(XSDT_AT))->checksum ^= 0x10;
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, t, 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI BIOS Warning (bug): Incorrect checksum in table [XSDT] - "));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		" (0x0000000000108000, ignored)\n"
		"ACPI: XSDT at 0x0000000000108000 not usable, using the RSDT\n"
		"ACPI: RSDT 0x0000000000100000 000028 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: TEST 0x0000000000130000 000024"));
}

/* copy_from_phys() refuses it (the kernel's refuses anything above 4 GiB). */
static void acpi_xsdt_out_of_reach_falls_back(struct kunit *test)
{
	u64 t[] = { OTHER_AT, 0x100000000ULL, 0 };

	put_table(OTHER_AT, "TEST", 36);
	put_rsdp(RSDP_AT, 2, RSDT_AT, 0x100000000ULL);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, t, 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: Table at 0x0000000100000000 cannot be read (ignored)\n"
		"ACPI: XSDT at 0x0000000100000000 not usable, using the RSDT\n"));

	/* An XSDT entry out of reach, and a null one: skipped, the rest kept. */
	host_log_clear();
	put_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	put_root(XSDT_AT, ACPI_SIG_XSDT, 8, t, 3);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: RSDP 0x00000000000E0000 000024 (v02 HANDOV)\n"
		"ACPI: XSDT 0x0000000000108000 00003C (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: TEST 0x0000000000130000 000024 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: Table at 0x0000000100000000 cannot be read (ignored)\n");
}

static void acpi_revision_2_without_xsdt(struct kunit *test)
{
	put_rsdp(RSDP_AT, 2, RSDT_AT, 0);
	put_root(RSDT_AT, ACPI_SIG_RSDT, 4, NULL, 0);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: RSDP v02 gives no XSDT, using the RSDT\n"));
}

static void acpi_bad_root_tables(struct kunit *test)
{
	/* Not whole entries: 36 + 6 bytes. */
	put_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	put_table(RSDT_AT, ACPI_SIG_RSDT, 42);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: RSDP 0x00000000000E0000 000014 (v00 HANDOV)\n"
		"ACPI BIOS Warning (bug): Table [RSDT] at 0x0000000000100000: length 0x2A is not the header and whole 4-byte entries (ignored)\n"
		"ACPI: no usable RSDT or XSDT: no ACPI tables\n");
	/* Another table where the RSDT should be. */
	host_log_clear();
	put_table(RSDT_AT, "FACP", 40);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -EINVAL);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI BIOS Warning (bug): Table at 0x0000000000100000 is [FACP], expected [RSDT] (ignored)\n"));
	/* No RSDT address at all. */
	host_log_clear();
	put_rsdp(RSDP_AT, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, acpi_table_init(), -EINVAL);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: RSDP gives no RSDT: no ACPI tables\n"));
}

/* ---- checking the tables ---- */

static void acpi_srat_bad_checksum_ignored(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);
	struct acpi_table_header *h = __va(SRAT_AT);
	char line[200];
	u64 phys;
	u32 len;
	u8 good;

	srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	good = h->checksum;
	h->checksum = (u8)(good + 0x21);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	snprintf(line, sizeof(line),
		 "ACPI BIOS Warning (bug): Incorrect checksum in table [SRAT] - 0x%02X, should be 0x%02X (0x0000000000110000, ignored)\n",
		 (u8)(good + 0x21), good);
	KUNIT_EXPECT_TRUE(test, host_log_contains(line));
	KUNIT_EXPECT_FALSE(test, host_log_contains("ACPI: SRAT 0x"));
	KUNIT_EXPECT_EQ(test, acpi_get_table("SRAT", &phys, &len), -ENOENT);
	host_log_clear();
	KUNIT_EXPECT_LT(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_STREQ(test, host_log(), "ACPI: SRAT: not found\n");
}

static void put_two_node_srat(void)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 1, 0x40000000, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_cpu(&b, 0, 0, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 1, 1, ACPI_SRAT_CPU_ENABLED);
	srat_end(&b);
}

static void acpi_slit_bad_checksum_defaults(struct kunit *test)
{
	static const u8 m[4] = { 10, 30, 30, 10 };

	put_two_node_srat();
	put_slit(SLIT_AT, 2, m);
	((struct acpi_table_header *)__va(SLIT_AT))->checksum ^= 1;
	list_srat(true);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("Incorrect checksum in table [SLIT]"));
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 2);
	expect_default_distances(test);
	KUNIT_EXPECT_FALSE(test, host_log_contains("ACPI: SLIT: "));
}

static void acpi_table_past_end_of_memory(struct kunit *test)
{
	u64 t[] = { SIM_SIZE - 100, SIM_SIZE - 10, OTHER_AT }, phys;
	u32 len;

	put_table(OTHER_AT, "TEST", 36);
	/* Its header fits in memory, its 240 bytes do not. */
	put_header(SIM_SIZE - 100, ACPI_SIG_SRAT, 240, 1);
	put_rsdt_of(t, 3);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: RSDT 0x0000000000100000 000030 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"
		"ACPI: Table [SRAT] at 0x00000000001FFF9C: its 0xF0 bytes cannot all be read (ignored)\n"
		"ACPI: Table at 0x00000000001FFFF6 cannot be read (ignored)\n"
		"ACPI: TEST 0x0000000000130000 000024 "));
	KUNIT_EXPECT_EQ(test, acpi_get_table("SRAT", &phys, &len), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table("TEST", &phys, &len), 0);
}

static void acpi_table_lengths_refused(struct kunit *test)
{
	u64 t[] = { SRAT_AT, SLIT_AT, OTHER_AT }, phys;
	u32 len;

	put_table(SRAT_AT, ACPI_SIG_SRAT, 20);
	/* 2 MiB claimed: refused before its checksum is even summed. */
	put_header(SLIT_AT, ACPI_SIG_SLIT, 0x200000, 1);
	put_table(OTHER_AT, "T\x01\xff", 36);
	put_rsdt_of(t, 3);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI BIOS Warning (bug): Table [SRAT] at 0x0000000000110000: length 0x14 is shorter than its header (ignored)\n"
		"ACPI: Table [SLIT] at 0x0000000000120000: length 0x200000 is over our 1 MiB limit (ignored)\n"
		/* Unprintable name bytes are shown as '?', as ACPICA does. */
		"ACPI: T??  0x0000000000130000 000024 (v01 HANDOV TESTTBL  00000001 HOST 00000002)\n"));
	KUNIT_EXPECT_EQ(test, acpi_get_table("SRAT", &phys, &len), -ENOENT);
	KUNIT_EXPECT_EQ(test, acpi_get_table("SLIT", &phys, &len), -ENOENT);
}

static void acpi_more_tables_than_kept(struct kunit *test)
{
	u64 t[34], phys;
	u32 len;

	for (int i = 0; i < 34; i++) {
		char sig[5];

		snprintf(sig, sizeof(sig), "T%03d", i);
		t[i] = OTHER_AT + i * 0x100;
		put_table(t[i], sig, 36);
	}
	put_rsdt_of(t, 34);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: T033 0x0000000000132100 000024"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"ACPI: 2 tables past the first 32 not kept: acpi_get_table() cannot find them\n"));
	KUNIT_ASSERT_EQ(test, acpi_get_table("T031", &phys, &len), 0);
	KUNIT_EXPECT_EQ(test, phys, OTHER_AT + 31 * 0x100);
	KUNIT_EXPECT_EQ(test, acpi_get_table("T032", &phys, &len), -ENOENT);
}

/* 5.2.10: the FACS has no checksum, and prints only its name, address and length. */
static void acpi_facs_listed_printed_short(struct kunit *test)
{
	u64 t[] = { OTHER_AT };
	u32 facs[16] = { 0x53434146, 64, 0x1234 };

	put(OTHER_AT, facs, sizeof(facs));
	put_rsdt_of(t, 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: FACS 0x0000000000130000 000040\n"));
}

/* ---- the SRAT ---- */

static void acpi_srat_subtable_past_end_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
	/* Says 40 bytes, but the table ends 39 bytes in. */
	srat_raw(&b, ACPI_SRAT_TYPE_MEMORY_AFFINITY, 40, 39);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: subtable at offset 0x58: type 1, length 40, runs past the table's end (0x7f); SRAT not used\n");
}

static void acpi_srat_subtable_header_past_end_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
	srat_raw(&b, 7, 0, 1);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: subtable at offset 0x58: its header runs past the table's end (0x59); SRAT not used\n");
}

static void acpi_srat_subtable_length_zero_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
	srat_raw(&b, 9, 0, 16);		/* an unknown type: at least its 2-byte header */
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: subtable at offset 0x58: type 9, length 0, shorter than 2; SRAT not used\n");
}

static void acpi_srat_subtable_shorter_than_type_refused(struct kunit *test)
{
	static const struct {
		u8 type, length, need;
	} c[] = { { 1, 32, 40 }, { 0, 8, 16 }, { 2, 16, 24 }, { 1, 1, 40 } };
	char line[160];

	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		struct srat_b b = srat_begin(SRAT_AT, 1);

		srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
		srat_raw(&b, c[i].type, c[i].length, 40);
		srat_end(&b);
		list_srat(false);
		KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
		host_log_clear();
		KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
		snprintf(line, sizeof(line),
			 "ACPI: SRAT: subtable at offset 0x58: type %u, length %u, shorter than %u; SRAT not used\n",
			 c[i].type, c[i].length, c[i].need);
		KUNIT_EXPECT_STREQ(test, host_log(), line);
	}
}

/* Types this kernel does not read (GICC, ITS, generic initiator...): stepped over. */
static void acpi_srat_unknown_types_skipped(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 3);

	srat_raw(&b, 3, 18, 18);
	srat_mem(&b, 0, 0, 0x10000000, ACPI_SRAT_MEM_ENABLED);
	srat_raw(&b, 5, 2, 2);
	srat_raw(&b, 0xff, 200, 200);
	/* A memory entry longer than 40 bytes (a later revision's): fine too. */
	srat_raw(&b, ACPI_SRAT_TYPE_MEMORY_AFFINITY, 48, 48);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 1);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 1);
	expect_blk(test, 0, 0, 0x10000000, 0, 0, false);
}

static void acpi_srat_overlaps_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 2);

	srat_mem(&b, 0, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 1, 0x80000000, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 1, 0x3ffff000, 0x2000, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: PXM 0 [mem 0x00000000-0x3fffffff] overlaps PXM 1 [mem 0x3ffff000-0x40000fff]; SRAT not used\n");

	/* Within one domain too; touching ranges are fine. */
	b = srat_begin(SRAT_AT, 2);
	srat_mem(&b, 4, 0x100000, 0x100000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 4, 0x200000, 0x100000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 4, 0x180000, 0x1000, ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	srat_end(&b);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: PXM 4 [mem 0x00100000-0x001fffff] overlaps PXM 4 [mem 0x00180000-0x00180fff]; SRAT not used\n");
}

/* Node ids by address, whatever the table's order; lines in table order. */
static void acpi_srat_out_of_order(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 2);

	srat_mem(&b, 5, 0x100000000ULL, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 6, 0x40000000, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 5, 0x80000000, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 9, 0x100000, 0x3ff00000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 9, 0, 0xa0000, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 2 PXM 5 [mem 0x100000000-0x13fffffff]\n"
		"ACPI: SRAT: Node 1 PXM 6 [mem 0x40000000-0x7fffffff]\n"
		"ACPI: SRAT: Node 2 PXM 5 [mem 0x80000000-0xbfffffff]\n"
		"ACPI: SRAT: Node 0 PXM 9 [mem 0x00100000-0x3fffffff]\n"
		"ACPI: SRAT: Node 0 PXM 9 [mem 0x00000000-0x0009ffff]\n");
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 3);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[0], 9);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[1], 6);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[2], 5);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 5);
	expect_blk(test, 0, 0, 0xa0000, 0, 9, false);
	expect_blk(test, 1, 0x100000, 0x40000000, 0, 9, false);
	expect_blk(test, 2, 0x40000000, 0x80000000, 1, 6, false);
	expect_blk(test, 3, 0x80000000, 0xc0000000, 2, 5, false);
	expect_blk(test, 4, 0x100000000ULL, 0x140000000ULL, 2, 5, false);
}

static void put_domains(int n)
{
	struct srat_b b = srat_begin(SRAT_AT, 2);

	for (int i = 0; i < n; i++)
		srat_mem(&b, 100 + i, (u64)(n - 1 - i) << 28, 1 << 28, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	list_srat(false);
}

static void acpi_srat_too_many_domains(struct kunit *test)
{
	put_domains(MAX_NUMNODES);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, MAX_NUMNODES);
	/* Listed from the top down: node 0 is the last domain listed. */
	for (int n = 0; n < MAX_NUMNODES; n++) {
		KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[n], 100 + MAX_NUMNODES - 1 - n);
		expect_blk(test, n, (u64)n << 28, (u64)(n + 1) << 28, n, 100 + MAX_NUMNODES - 1 - n,
			   false);
	}

	put_domains(MAX_NUMNODES + 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: more than 8 proximity domains with memory; SRAT not used\n");
}

static void put_ranges(int n)
{
	struct srat_b b = srat_begin(SRAT_AT, 2);

	for (int i = 0; i < n; i++)
		srat_mem(&b, i & 1, (u64)i << 24, 1 << 24, ACPI_SRAT_MEM_ENABLED);
	/* Disabled and empty entries do not count. */
	srat_mem(&b, 0, 0x80000000, 0x1000, 0);
	srat_mem(&b, 0, 0x90000000, 0, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	list_srat(false);
}

static void acpi_srat_too_many_ranges(struct kunit *test)
{
	put_ranges(NR_NODE_MEMBLKS);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 2);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, NR_NODE_MEMBLKS);
	expect_blk(test, NR_NODE_MEMBLKS - 1, (u64)(NR_NODE_MEMBLKS - 1) << 24,
		   (u64)NR_NODE_MEMBLKS << 24, 1, 1, false);

	put_ranges(NR_NODE_MEMBLKS + 1);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: more than 32 enabled memory ranges; SRAT not used\n");
}

static void acpi_srat_disabled_and_empty_skipped(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0, 0);			/* QEMU's */
	srat_mem(&b, 1, 0x1000000, 0x1000000, 0);	/* disabled: its domain gets no node */
	srat_mem(&b, 2, 0x3000000, 0, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 3, 0x2000000, 0x1000000, ACPI_SRAT_MEM_ENABLED);
	srat_cpu(&b, 1, 4, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 3, 5, ACPI_SRAT_CPU_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 0 PXM 3 [mem 0x02000000-0x02ffffff]\n"
		"SRAT: PXM 1 -> APIC 0x04 -> no node (the domain has no memory)\n"
		"SRAT: PXM 3 -> APIC 0x05 -> Node 0\n");
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 1);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 1);
	expect_blk(test, 0, 0x2000000, 0x3000000, 0, 3, false);
}

static void acpi_srat_no_enabled_memory_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0, 0);
	srat_cpu(&b, 0, 0, ACPI_SRAT_CPU_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(), "ACPI: SRAT: no enabled memory ranges; SRAT not used\n");
}

static void acpi_srat_hotplug_flag(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 1, 0x40000000, 0x80000000,
		 ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	srat_mem(&b, 1, 0x100000000ULL, 0x10000000,
		 ACPI_SRAT_MEM_ENABLED | ACPI_SRAT_MEM_HOT_PLUGGABLE | ACPI_SRAT_MEM_NON_VOLATILE);
	/* Hot-pluggable but not enabled: not there now. */
	srat_mem(&b, 2, 0x200000000ULL, 0x10000000, ACPI_SRAT_MEM_HOT_PLUGGABLE);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x3fffffff]\n"
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0xbfffffff] hotplug\n"
		"ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x10fffffff] hotplug\n");
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 3);
	expect_blk(test, 0, 0, 0x40000000, 0, 0, false);
	expect_blk(test, 1, 0x40000000, 0xc0000000, 1, 1, true);
	expect_blk(test, 2, 0x100000000ULL, 0x110000000ULL, 1, 1, true);
}

static void acpi_srat_range_wrapping_refused(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 1, 0xfffffffffffff000ULL, 0x1000, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: PXM 1 base 0xfffffffffffff000 length 0x1000 wraps past 2^64; SRAT not used\n");

	/* Up to the last byte below 2^64 is a range [start, end) can hold. */
	b = srat_begin(SRAT_AT, 1);
	srat_mem(&b, 1, 0xfffffffffffff000ULL, 0xfff, ACPI_SRAT_MEM_ENABLED);
	srat_end(&b);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	expect_blk(test, 0, 0xfffffffffffff000ULL, 0xffffffffffffffffULL, 0, 1, false);
}

/* SRAT revision 1 defines only the low 8 bits of a domain (5.2.16.1, 5.2.16.2). */
static void acpi_srat_revision_1_pxm_is_8_bits(struct kunit *test)
{
	struct srat_b b = srat_begin(SRAT_AT, 1);

	srat_mem(&b, 0x12345601, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_cpu(&b, 0xabcdef01, 0, ACPI_SRAT_CPU_ENABLED);
	srat_end(&b);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[0], 1);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 0 PXM 1 [mem 0x00000000-0x3fffffff]\n"
		"SRAT: PXM 1 -> APIC 0x00 -> Node 0\n");

	b = srat_begin(SRAT_AT, 2);
	srat_mem(&b, 0x12345601, 0, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_cpu(&b, 0x12345601, 0, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 0xabcdef01, 1, ACPI_SRAT_CPU_ENABLED);
	srat_end(&b);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[0], 0x12345601);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 0 PXM 305419777 [mem 0x00000000-0x3fffffff]\n"
		"SRAT: PXM 305419777 -> APIC 0x00 -> Node 0\n"
		"SRAT: PXM 2882400001 -> APIC 0x01 -> no node (the domain has no memory)\n");
}

/*
 * Sparse domains: 7 holds the low memory, so it is node 0, and 3 node 1.
 * The SLIT is indexed by domain; the nodes' entries come from rows 7 and 3.
 */
static u8 sparse_slit[8 * 8];

static void put_sparse(void)
{
	struct srat_b b = srat_begin(SRAT_AT, 3);

	srat_mem(&b, 3, 0x80000000, 0x40000000, ACPI_SRAT_MEM_ENABLED);
	srat_mem(&b, 7, 0, 0x80000000, ACPI_SRAT_MEM_ENABLED);
	srat_cpu(&b, 3, 1, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 7, 0, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 2, 2, ACPI_SRAT_CPU_ENABLED);
	srat_cpu(&b, 3, 5, 0);		/* disabled: not a word */
	srat_x2apic(&b, 7, 0x100, ACPI_SRAT_CPU_ENABLED);
	srat_x2apic(&b, 3, 0x101, 0);
	srat_end(&b);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			sparse_slit[i * 8 + j] = i == j ? 10 : 30;
	sparse_slit[7 * 8 + 3] = 17;
	sparse_slit[3 * 8 + 7] = 19;
	/* Invalid, but between domains without memory: not looked at. */
	sparse_slit[2 * 8 + 2] = 0;
	sparse_slit[1 * 8 + 5] = 5;
	put_slit(SLIT_AT, 8, sparse_slit);
	list_srat(true);
}

static void acpi_srat_sparse_pxms(struct kunit *test)
{
	put_sparse();
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: Node 1 PXM 3 [mem 0x80000000-0xbfffffff]\n"
		"ACPI: SRAT: Node 0 PXM 7 [mem 0x00000000-0x7fffffff]\n"
		"SRAT: PXM 3 -> APIC 0x01 -> Node 1\n"
		"SRAT: PXM 7 -> APIC 0x00 -> Node 0\n"
		"SRAT: PXM 2 -> APIC 0x02 -> no node (the domain has no memory)\n"
		"SRAT: PXM 7 -> APIC 0x100 -> Node 0\n"
		"ACPI: SLIT: 8 localities\n");
	KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 2);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[0], 7);
	KUNIT_EXPECT_EQ(test, cfg.node_to_pxm[1], 3);
	KUNIT_ASSERT_EQ(test, cfg.mi.nr_blks, 2);
	expect_blk(test, 0, 0, 0x80000000, 0, 7, false);
	expect_blk(test, 1, 0x80000000, 0xc0000000, 1, 3, false);
	KUNIT_EXPECT_TRUE(test, cfg.have_slit);
	KUNIT_EXPECT_EQ(test, cfg.distance[0][0], 10);
	KUNIT_EXPECT_EQ(test, cfg.distance[0][1], 17);
	KUNIT_EXPECT_EQ(test, cfg.distance[1][0], 19);
	KUNIT_EXPECT_EQ(test, cfg.distance[1][1], 10);
}

/* Each way a SLIT can be wrong for these nodes: defaults, and Linux's words. */
static void acpi_slit_invalid_keeps_defaults(struct kunit *test)
{
	static const struct {
		int row, col;
		u8 val;
	} bad[] = { { 7, 7, 11 }, { 3, 3, 0 }, { 7, 3, 10 }, { 3, 7, 9 } };
	struct acpi_table_header *h = __va(SLIT_AT);

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		put_sparse();
		sparse_slit[bad[i].row * 8 + bad[i].col] = bad[i].val;
		put_slit(SLIT_AT, 8, sparse_slit);
		KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
		host_log_clear();
		KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
		KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
		KUNIT_EXPECT_FALSE(test, host_log_contains("ACPI: SLIT: "));
		KUNIT_EXPECT_EQ(test, cfg.nr_nodes, 2);
		expect_default_distances(test);
	}

	/*
	 * Domain 7 is not among 7 localities, although the table is long
	 * enough that row 7 would read as valid distances.
	 */
	put_sparse();
	memset(sparse_slit, 30, sizeof(sparse_slit));
	sparse_slit[7 * 7 + 7] = 10;
	sparse_slit[3 * 7 + 3] = 10;
	put_slit(SLIT_AT, 8, sparse_slit);
	((struct acpi_table_slit *)h)->locality_count = 7;
	set_checksum(SLIT_AT);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
	expect_default_distances(test);

	/* A count whose matrix the table cannot hold; and one whose square wraps. */
	put_sparse();
	((struct acpi_table_slit *)h)->locality_count = 9;
	set_checksum(SLIT_AT);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
	expect_default_distances(test);
	((struct acpi_table_slit *)h)->locality_count = 1ULL << 32;
	set_checksum(SLIT_AT);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
	expect_default_distances(test);

	/* One byte short of the matrix (the byte is there, but not in the table). */
	put_sparse();
	h->length--;
	set_checksum(SLIT_AT);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
	expect_default_distances(test);

	/* Too short for even its count. */
	put_sparse();
	put_table(SLIT_AT, ACPI_SIG_SLIT, 40);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("ACPI: SLIT table looks invalid. Not used.\n"));
	expect_default_distances(test);
}

/* A longer table than the matrix needs is fine; 0xFF (unreachable) is kept. */
static void acpi_slit_unreachable_kept(struct kunit *test)
{
	struct acpi_table_header *h = __va(SLIT_AT);

	put_sparse();
	sparse_slit[3 * 8 + 7] = 0xff;
	put_slit(SLIT_AT, 8, sparse_slit);
	h->length += 16;
	set_checksum(SLIT_AT);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	KUNIT_ASSERT_EQ(test, acpi_numa_init(&cfg), 0);
	KUNIT_EXPECT_TRUE(test, cfg.have_slit);
	KUNIT_EXPECT_EQ(test, cfg.distance[0][1], 17);
	KUNIT_EXPECT_EQ(test, cfg.distance[1][0], 255);
}

static void acpi_srat_too_short_refused(struct kunit *test)
{
	put_table(SRAT_AT, ACPI_SIG_SRAT, 44);
	list_srat(false);
	KUNIT_ASSERT_EQ(test, acpi_table_init(), 0);
	host_log_clear();
	KUNIT_EXPECT_EQ(test, acpi_numa_init(&cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, host_log(),
		"ACPI: SRAT: length 0x2c is shorter than its 48-byte header; SRAT not used\n");
}

static struct kunit_case host_acpi_cases[] = {
	KUNIT_CASE(acpi_qemu_two_nodes_with_slit),
	KUNIT_CASE(acpi_qemu_two_nodes_without_slit),
	KUNIT_CASE(acpi_no_rsdp_no_tables),
	KUNIT_CASE(acpi_second_init_forgets_tables),
	KUNIT_CASE(acpi_bad_rsdp_checksum_scan_goes_on),
	KUNIT_CASE(acpi_bad_rsdp_extended_checksum_skipped),
	KUNIT_CASE(acpi_rsdp_bad_length_skipped),
	KUNIT_CASE(acpi_rsdp_in_ebda_first),
	KUNIT_CASE(acpi_ebda_window_bounds),
	KUNIT_CASE(acpi_rsdp_at_end_of_memory),
	KUNIT_CASE(acpi_xsdt_used_with_revision_2),
	KUNIT_CASE(acpi_bad_xsdt_falls_back_to_rsdt),
	KUNIT_CASE(acpi_xsdt_out_of_reach_falls_back),
	KUNIT_CASE(acpi_revision_2_without_xsdt),
	KUNIT_CASE(acpi_bad_root_tables),
	KUNIT_CASE(acpi_srat_bad_checksum_ignored),
	KUNIT_CASE(acpi_slit_bad_checksum_defaults),
	KUNIT_CASE(acpi_table_past_end_of_memory),
	KUNIT_CASE(acpi_table_lengths_refused),
	KUNIT_CASE(acpi_more_tables_than_kept),
	KUNIT_CASE(acpi_facs_listed_printed_short),
	KUNIT_CASE(acpi_srat_subtable_past_end_refused),
	KUNIT_CASE(acpi_srat_subtable_header_past_end_refused),
	KUNIT_CASE(acpi_srat_subtable_length_zero_refused),
	KUNIT_CASE(acpi_srat_subtable_shorter_than_type_refused),
	KUNIT_CASE(acpi_srat_unknown_types_skipped),
	KUNIT_CASE(acpi_srat_overlaps_refused),
	KUNIT_CASE(acpi_srat_out_of_order),
	KUNIT_CASE(acpi_srat_too_many_domains),
	KUNIT_CASE(acpi_srat_too_many_ranges),
	KUNIT_CASE(acpi_srat_disabled_and_empty_skipped),
	KUNIT_CASE(acpi_srat_no_enabled_memory_refused),
	KUNIT_CASE(acpi_srat_hotplug_flag),
	KUNIT_CASE(acpi_srat_range_wrapping_refused),
	KUNIT_CASE(acpi_srat_revision_1_pxm_is_8_bits),
	KUNIT_CASE(acpi_srat_sparse_pxms),
	KUNIT_CASE(acpi_slit_invalid_keeps_defaults),
	KUNIT_CASE(acpi_slit_unreachable_kept),
	KUNIT_CASE(acpi_srat_too_short_refused),
	{}
};

static struct kunit_suite host_acpi = {
	.name = "host_acpi",
	.stage = KUNIT_STAGE_BOOTMEM,
	.init = acpi_case_init,
	.test_cases = host_acpi_cases,
};
kunit_test_suite(host_acpi);
