/*
 * libFuzzer target: acpi_table_init() and acpi_get_table()
 * (arch/x86/kernel/acpi.c), then acpi_numa_init() (arch/x86/mm/srat.c),
 * on physical memory made from the input bytes.
 *
 * Input: a mode byte, a u16 "where", then the memory bytes (at most
 * 64 KiB of them are used), which are physical memory from a base address
 * on.  Simulated memory ends exactly where the input ends: sim_mem_size
 * says so to copy_from_phys(), and the bytes after it are poisoned, so
 * ASan reports any read past it.  (One buffer, poisoned past each input's
 * end, rather than an allocation per input: a fresh megabyte per run made
 * page faults nine tenths of the time.)  Below the base memory is zero
 * but for the BIOS Data Area's EBDA pointer (40:0Eh).  The mode's low two
 * bits say where the input goes and what that pointer says:
 *   0: base 0x80000 + (where & 0x1fff) * 16, the EBDA pointer at the base
 *      (the RSDP scan's first window starts at the input)
 *   1: base 0xE0000 + (where & 0x1fff) * 16, no EBDA (the BIOS ROM window)
 *   2: base where * 16, the EBDA pointer where (any value: most are not
 *      an EBDA; with base 0 the input holds the BDA itself)
 *   3: as 1, but the EBDA pointer is where
 * The tables' addresses are whatever the input's bytes say: those in the
 * input are inside the simulated block, the rest are refused by
 * copy_from_phys() (as the kernel's refuses what is above 4 GiB).
 *
 * Checked:
 *  - acpi_table_init() returns 0, -ENOENT or -EINVAL; then
 *    acpi_get_table() gives, for SRAT and SLIT, a table inside memory with
 *    that signature, 36 <= length <= 1 MiB and a zero byte sum;
 *  - acpi_numa_init() succeeds exactly when an independent reading of the
 *    SRAT (ref_srat(), byte by byte from sim_mem by the rules in srat.c's
 *    header comment) says it should, and then cfg is exactly what that
 *    reading makes: the blocks sorted, their nodes, hotplug flags and
 *    domains, nr_nodes and node_to_pxm; and the distances are the SLIT's
 *    when it is valid for these nodes, the defaults otherwise;
 *  - and, whatever the oracle says, on success: 1 <= nr_nodes <= 8, blocks
 *    non-empty, sorted and disjoint, every nid < nr_nodes and every node
 *    with a block, node ids in order of each node's lowest address, the
 *    diagonal 10 and the rest > 10.
 */
#include <string.h>
#include <sanitizer/asan_interface.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <acpi/actbl.h>
#include <asm/numa.h>
#include <asm/page.h>
#include "../host/host.h"

#define FUZZ_NAME "fuzz_acpi"
#include "fuzz.h"

#define EBDA_BASE	0x80000u
#define BIOS_BASE	0xE0000u
#define MAX_TABLE_LEN	(1u << 20)
#define MAX_INPUT	(64u << 10)
#define MEM_CAP		(0x100000u + MAX_INPUT)	/* the highest base, 0xFFFF0, and an input */

static u64 base;
static u16 bda_word;
static int init_ret, numa_ret, ref_ret;
static struct numa_config cfg, want;
static u64 srat_phys, slit_phys;
static u32 srat_len, slit_len;
static bool have_srat, have_slit_table;

static void dump_cfg(const char *who, const struct numa_config *c)
{
	fprintf(stderr, "  %s: %d nodes, %d blocks, have_slit %d\n", who, c->nr_nodes,
		c->mi.nr_blks, c->have_slit);
	for (int i = 0; i < c->mi.nr_blks && i < NR_NODE_MEMBLKS; i++)
		fprintf(stderr, "    %#llx-%#llx nid %d pxm %u%s\n",
			(unsigned long long)c->mi.blk[i].start, (unsigned long long)c->mi.blk[i].end,
			c->mi.blk[i].nid, c->mi.blk[i].pxm, c->mi.blk[i].hotplug ? " hotplug" : "");
	for (int n = 0; n < c->nr_nodes && n < MAX_NUMNODES; n++) {
		fprintf(stderr, "    node %d pxm %u:", n, c->node_to_pxm[n]);
		for (int m = 0; m < c->nr_nodes && m < MAX_NUMNODES; m++)
			fprintf(stderr, " %u", c->distance[n][m]);
		fprintf(stderr, "\n");
	}
}

static void fuzz_dump(void)
{
	fprintf(stderr, "  memory: base %#llx, size %#llx, EBDA pointer %#x\n",
		(unsigned long long)base, (unsigned long long)sim_mem_size, bda_word);
	fprintf(stderr, "  acpi_table_init %d, acpi_numa_init %d, reference %d\n", init_ret,
		numa_ret, ref_ret);
	if (have_srat)
		fprintf(stderr, "  SRAT at %#llx, %u bytes\n", (unsigned long long)srat_phys, srat_len);
	if (have_slit_table)
		fprintf(stderr, "  SLIT at %#llx, %u bytes\n", (unsigned long long)slit_phys, slit_len);
	if (!numa_ret)
		dump_cfg("acpi_numa_init", &cfg);
	if (!ref_ret)
		dump_cfg("reference", &want);
	fprintf(stderr, "  log:\n%s", host_log());
}

/* ---- the memory ---- */

static u8 *mem_buf;
static u64 written_lo, written_hi;	/* what the last input put there */

/* Physical memory [0, base + n): zeros, the BDA word, the input at base. */
static void make_memory(const u8 *p, size_t n)
{
	u64 size = base + n;

	if (!mem_buf) {
		mem_buf = calloc(1, MEM_CAP);
		if (!mem_buf)
			abort();
	}
	ASAN_UNPOISON_MEMORY_REGION(mem_buf, MEM_CAP);
	memset(mem_buf + written_lo, 0, written_hi - written_lo);
	memset(mem_buf + 0x40E, 0, 2);
	sim_mem = mem_buf;
	sim_mem_size = size;
	if (base >= 0x410)
		memcpy(sim_mem + 0x40E, &bda_word, 2);
	memcpy(sim_mem + base, p, n);
	written_lo = base;
	written_hi = size;
	ASAN_POISON_MEMORY_REGION(mem_buf + size, MEM_CAP - size);
}

static void place(u8 mode, u16 where)
{
	switch (mode & 3) {
	case 0:
		base = EBDA_BASE + ((u64)(where & 0x1fff) << 4);
		bda_word = (u16)(base >> 4);
		break;
	case 1:
		base = BIOS_BASE + ((u64)(where & 0x1fff) << 4);
		bda_word = 0;
		break;
	case 2:
		base = (u64)where << 4;
		bda_word = where;
		break;
	default:
		base = BIOS_BASE + ((u64)(where & 0x1fff) << 4);
		bda_word = where;
		break;
	}
}

/* ---- the tables acpi_table_init() kept ---- */

static u8 mem8(u64 phys)
{
	return sim_mem[phys];
}

static u32 mem32(u64 phys)
{
	u32 v;

	memcpy(&v, sim_mem + phys, 4);
	return v;
}

static u64 mem64(u64 phys)
{
	u64 v;

	memcpy(&v, sim_mem + phys, 8);
	return v;
}

static void check_table(const char *sig, u64 phys, u32 len)
{
	u8 sum = 0;

	FUZZ_CHECK(len >= 36 && len <= MAX_TABLE_LEN, "[%s] kept with length %u", sig, len);
	FUZZ_CHECK(phys <= sim_mem_size && len <= sim_mem_size - phys,
		   "[%s] at %#llx + %u is outside memory", sig, (unsigned long long)phys, len);
	FUZZ_CHECK(!memcmp(sim_mem + phys, sig, 4), "[%s] at %#llx has another signature", sig,
		   (unsigned long long)phys);
	FUZZ_CHECK(mem32(phys + 4) == len, "[%s] kept length %u, its header says %u", sig, len,
		   mem32(phys + 4));
	for (u32 i = 0; i < len; i++)
		sum += sim_mem[phys + i];
	FUZZ_CHECK(sum == 0, "[%s] at %#llx kept with byte sum %#x", sig, (unsigned long long)phys,
		   sum);
}

static void find_tables(void)
{
	int r;

	r = acpi_get_table("SRAT", &srat_phys, &srat_len);
	FUZZ_CHECK(r == 0 || r == -ENOENT, "acpi_get_table(SRAT) returned %d", r);
	have_srat = !r;
	if (have_srat)
		check_table("SRAT", srat_phys, srat_len);
	r = acpi_get_table("SLIT", &slit_phys, &slit_len);
	FUZZ_CHECK(r == 0 || r == -ENOENT, "acpi_get_table(SLIT) returned %d", r);
	have_slit_table = !r;
	if (have_slit_table)
		check_table("SLIT", slit_phys, slit_len);
	FUZZ_CHECK(init_ret == 0 || (!have_srat && !have_slit_table),
		   "tables kept although acpi_table_init() returned %d", init_ret);
}

/* ---- the reference reading of the SRAT and SLIT ---- */

struct ref_range {
	u64 start, end;
	u32 pxm;
	bool hotplug;
};

static struct ref_range rr[NR_NODE_MEMBLKS];
static int nr_rr;

/* Subtable lengths by type (5.2.16.1-3); 2, the header, for the rest. */
static u32 ref_need(u8 type)
{
	return type == 0 ? 16 : type == 1 ? 40 : type == 2 ? 24 : 2;
}

/* The enabled ranges, in table order; -1 where srat.c must refuse. */
static int ref_ranges(void)
{
	u8 rev = mem8(srat_phys + 8);

	nr_rr = 0;
	if (srat_len < 48)
		return -1;
	for (u64 off = 48; off < srat_len;) {
		u64 e = srat_phys + off;
		u32 l;

		if (srat_len - off < 2)
			return -1;
		l = mem8(e + 1);
		if (l < ref_need(mem8(e)) || l > srat_len - off)
			return -1;
		if (mem8(e) == 1 && (mem32(e + 28) & 1) && mem64(e + 16)) {
			u64 start = mem64(e + 8), len = mem64(e + 16);

			/* As a 65-bit sum: the end must be below 2^64. */
			if (start + len < start || start + len == 0)
				return -1;
			if (nr_rr == NR_NODE_MEMBLKS)
				return -1;
			rr[nr_rr++] = (struct ref_range){ start, start + len,
				rev >= 2 ? mem32(e + 2) : mem32(e + 2) & 0xff,
				(mem32(e + 28) & 2) != 0 };
		}
		off += l;
	}
	return nr_rr ? 0 : -1;
}

static int ref_srat(struct numa_config *c)
{
	u64 lowest[NR_NODE_MEMBLKS];
	u32 pxms[NR_NODE_MEMBLKS];
	int nd = 0;

	memset(c, 0, sizeof(*c));
	if (!have_srat || ref_ranges())
		return -1;
	for (int i = 0; i < nr_rr; i++)
		for (int j = 0; j < nr_rr; j++)
			if (i != j && rr[i].start < rr[j].end && rr[j].start < rr[i].end)
				return -1;
	/* Domains in order of lowest address: pick the lowest unpicked each time. */
	for (int i = 0; i < nr_rr; i++) {
		int d = 0;

		while (d < nd && pxms[d] != rr[i].pxm)
			d++;
		if (d == nd) {
			pxms[nd] = rr[i].pxm;
			lowest[nd++] = rr[i].start;
		} else if (rr[i].start < lowest[d]) {
			lowest[d] = rr[i].start;
		}
	}
	if (nd > MAX_NUMNODES)
		return -1;
	c->nr_nodes = nd;
	for (int n = 0; n < nd; n++) {
		int rank = 0;

		for (int d = 0; d < nd; d++)
			rank += lowest[d] < lowest[n];
		c->node_to_pxm[rank] = pxms[n];
	}
	/* Blocks by address: each one's rank among the starts. */
	c->mi.nr_blks = nr_rr;
	for (int i = 0; i < nr_rr; i++) {
		int rank = 0, nid = 0;

		for (int j = 0; j < nr_rr; j++)
			rank += rr[j].start < rr[i].start;
		while (c->node_to_pxm[nid] != rr[i].pxm)
			nid++;
		c->mi.blk[rank] = (struct numa_memblk){ rr[i].start, rr[i].end, nid, rr[i].pxm,
							rr[i].hotplug };
	}
	return 0;
}

static void ref_slit(struct numa_config *c)
{
	u64 count, room;

	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			c->distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	if (!have_slit_table || slit_len < 44)
		return;
	count = mem64(slit_phys + 36);
	room = slit_len - 44;
	/* count * count <= room, without the square overflowing */
	if (!count || count > room || count * count > room)
		return;
	for (int a = 0; a < c->nr_nodes; a++)
		if (c->node_to_pxm[a] >= count)
			return;
	for (int a = 0; a < c->nr_nodes; a++) {
		for (int b = 0; b < c->nr_nodes; b++) {
			u8 d = mem8(slit_phys + 44 + c->node_to_pxm[a] * count + c->node_to_pxm[b]);

			if (a == b ? d != 10 : d <= 10)
				goto invalid;
		}
	}
	for (int a = 0; a < c->nr_nodes; a++)
		for (int b = 0; b < c->nr_nodes; b++)
			c->distance[a][b] = mem8(slit_phys + 44 + c->node_to_pxm[a] * count +
						 c->node_to_pxm[b]);
	c->have_slit = true;
	return;
invalid:
	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			c->distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* ---- the checks ---- */

static void check_invariants(const struct numa_config *c)
{
	const struct numa_meminfo *mi = &c->mi;
	u64 first[MAX_NUMNODES];

	FUZZ_CHECK(c->nr_nodes >= 1 && c->nr_nodes <= MAX_NUMNODES, "nr_nodes %d", c->nr_nodes);
	FUZZ_CHECK(mi->nr_blks >= 1 && mi->nr_blks <= NR_NODE_MEMBLKS, "nr_blks %d", mi->nr_blks);
	for (int n = 0; n < c->nr_nodes; n++)
		first[n] = ~0ULL;
	for (int i = 0; i < mi->nr_blks; i++) {
		const struct numa_memblk *b = &mi->blk[i];

		FUZZ_CHECK(b->start < b->end, "block %d empty", i);
		FUZZ_CHECK(!i || mi->blk[i - 1].end <= b->start, "block %d not after block %d", i,
			   i - 1);
		FUZZ_CHECK(b->nid >= 0 && b->nid < c->nr_nodes, "block %d nid %d", i, b->nid);
		FUZZ_CHECK(c->node_to_pxm[b->nid] == b->pxm, "block %d pxm %u, its node's %u", i,
			   b->pxm, c->node_to_pxm[b->nid]);
		if (first[b->nid] == ~0ULL)
			first[b->nid] = b->start;
	}
	for (int n = 0; n < c->nr_nodes; n++) {
		FUZZ_CHECK(first[n] != ~0ULL, "node %d has no memory", n);
		FUZZ_CHECK(!n || first[n - 1] < first[n], "node %d starts below node %d", n, n - 1);
		for (int m = 0; m < c->nr_nodes; m++)
			FUZZ_CHECK(n == m ? c->distance[n][m] == LOCAL_DISTANCE :
					    c->distance[n][m] > LOCAL_DISTANCE,
				   "distance[%d][%d] is %u", n, m, c->distance[n][m]);
	}
}

static void check_same(void)
{
	FUZZ_CHECK((numa_ret == 0) == (ref_ret == 0), "acpi_numa_init() returned %d, expected %s",
		   numa_ret, ref_ret ? "failure" : "success");
	if (numa_ret)
		return;
	FUZZ_CHECK(cfg.nr_nodes == want.nr_nodes, "%d nodes, expected %d", cfg.nr_nodes,
		   want.nr_nodes);
	FUZZ_CHECK(cfg.mi.nr_blks == want.mi.nr_blks, "%d blocks, expected %d", cfg.mi.nr_blks,
		   want.mi.nr_blks);
	for (int i = 0; i < cfg.mi.nr_blks; i++) {
		const struct numa_memblk *g = &cfg.mi.blk[i], *w = &want.mi.blk[i];

		FUZZ_CHECK(g->start == w->start && g->end == w->end && g->nid == w->nid &&
			   g->pxm == w->pxm && g->hotplug == w->hotplug, "block %d differs", i);
	}
	for (int n = 0; n < cfg.nr_nodes; n++)
		FUZZ_CHECK(cfg.node_to_pxm[n] == want.node_to_pxm[n], "node %d's pxm differs", n);
	FUZZ_CHECK(cfg.have_slit == want.have_slit, "have_slit %d, expected %d", cfg.have_slit,
		   want.have_slit);
	FUZZ_CHECK(!memcmp(cfg.distance, want.distance, sizeof(cfg.distance)),
		   "distances differ");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in f = { data, size };
	u8 mode = fz_u8(&f);
	u16 where = fz_u16(&f);

	if (fz_empty(&f))
		return 0;
	place(mode, where);
	make_memory(f.p, min(f.n, (size_t)MAX_INPUT));
	host_log_clear();

	init_ret = acpi_table_init();
	FUZZ_CHECK(init_ret == 0 || init_ret == -ENOENT || init_ret == -EINVAL,
		   "acpi_table_init() returned %d", init_ret);
	find_tables();

	ref_ret = ref_srat(&want);
	if (!ref_ret)
		ref_slit(&want);
	memset(&cfg, 0, sizeof(cfg));
	numa_ret = acpi_numa_init(&cfg);
	FUZZ_CHECK(numa_ret <= 0, "acpi_numa_init() returned %d", numa_ret);
	if (!numa_ret)
		check_invariants(&cfg);
	check_same();
	return 0;
}
