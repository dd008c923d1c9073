/*
 * Finding and checking the firmware's ACPI tables (ACPI 6.4, 5.2.5 - 5.2.8),
 * for the one thing this kernel wants from them: the SRAT and SLIT that
 * say which memory belongs to which NUMA node (arch/x86/mm/srat.c).
 *
 * The rules, which the host tests and the acpi fuzzer hold us to:
 *  - firmware memory is only ever read through copy_from_phys(), into
 *    copies here, a table header or an entry at a time; checksums stream
 *    through a small buffer on the stack.  So no table is too large to
 *    read, and none is trusted before it is checked;
 *  - a table is used only when its header can be read, its length is at
 *    least the header and at most ACPI_MAX_TABLE_LEN, all of it can be
 *    read and its bytes sum to zero (5.2.6); the RSDT/XSDT must moreover
 *    carry its own signature and hold whole entries.  Anything else is
 *    reported in one line and ignored;
 *  - a bad RSDP candidate is reported and the scan goes on to the next.
 * The lines printed are Linux's (drivers/acpi/acpica/tbprint.c).
 *
 * What acpi_table_init() finds lives in .init: after boot nothing here is
 * needed again.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <acpi/actbl.h>
#include <asm/bootinfo.h>
#include <asm/numa.h>

/*
 * Our cap on a table's length.  No SRAT or SLIT a PC firmware builds comes
 * near it (a SLIT for 1000 localities would), and it bounds the checksum
 * loop that a lying length field would otherwise send through all of memory.
 */
#define ACPI_MAX_TABLE_LEN	(1u << 20)
/*
 * And on an RSDP's length (revision >= 2).  Every revision so far has 36
 * bytes (5.2.5.3); 1 KiB is the EBDA window it may be found in.
 */
#define ACPI_MAX_RSDP_LEN	1024u

/*
 * How many checked tables acpi_get_table() can find.  QEMU lists six, PCs a
 * dozen or two; any past this are still checked and printed, and counted.
 * The FACS and DSDT, which the FADT points to (5.2.9), are not followed:
 * nothing here needs them.
 */
#define ACPI_MAX_TABLES		32

/*
 * 5.2.5.1 Finding the RSDP on IA-PC systems: on a 16-byte boundary in the
 * first KiB of the Extended BIOS Data Area, whose segment the BIOS Data
 * Area keeps at 40:0Eh, or else in the BIOS ROM, 0xE0000 - 0xFFFFF.  The
 * EBDA sits at the top of conventional memory, below 640 KiB: a pointer
 * outside 0x80000 - 0x9FFFF is not an EBDA (machines without one leave 0),
 * and the window stops at 0xA0000, where the VGA hole begins.
 */
#define BDA_EBDA_SEGMENT	0x40E
#define EBDA_LOWEST		0x80000
#define EBDA_END		0xA0000
#define EBDA_WINDOW		1024
#define BIOS_ROM_START		0xE0000
#define BIOS_ROM_END		0x100000
#define RSDP_ALIGN		16

#define SCAN_CHUNK		256	/* bytes of a window read at a time */

struct acpi_table_desc {
	char sig[ACPI_NAMESEG_SIZE];
	u64 phys;
	u32 len;
};

static struct acpi_table_desc acpi_tables[ACPI_MAX_TABLES] __initdata;
static unsigned int acpi_nr_tables __initdata;
static unsigned int acpi_tables_not_kept __initdata;

/*
 * A name field made fit to print, as ACPICA's acpi_tb_fix_string(): up to
 * n bytes, ending at a NUL, anything unprintable shown as '?'.
 */
static void __init fix_string(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* The byte sum of [phys, phys + len), read a chunk at a time: -1 if unreadable. */
static int __init phys_checksum(u64 phys, u32 len, u8 *sum)
{
	u8 buf[SCAN_CHUNK];
	u8 s = 0;

	while (len) {
		u32 n = min(len, (u32)sizeof(buf));

		if (copy_from_phys(buf, phys, n))
			return -1;
		for (u32 i = 0; i < n; i++)
			s += buf[i];
		phys += n;
		len -= n;
	}
	*sum = s;
	return 0;
}

static void __init print_rsdp(u64 phys, const struct acpi_table_rsdp *rsdp)
{
	char oem[ACPI_OEM_ID_SIZE + 1];

	fix_string(oem, rsdp->oem_id, ACPI_OEM_ID_SIZE);
	pr_info("ACPI: RSDP 0x%016llX %06X (v%02u %-6.6s)\n", (unsigned long long)phys,
		rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_CHECKSUM_LENGTH,
		rsdp->revision, oem);
}

static void __init print_table(u64 phys, const struct acpi_table_header *h)
{
	char sig[ACPI_NAMESEG_SIZE + 1], oem[ACPI_OEM_ID_SIZE + 1];
	char oem_table[ACPI_OEM_TABLE_ID_SIZE + 1], asl[ACPI_NAMESEG_SIZE + 1];

	fix_string(sig, h->signature, ACPI_NAMESEG_SIZE);
	/* 5.2.10: the FACS has a signature and a length, no header beyond. */
	if (!memcmp(h->signature, ACPI_SIG_FACS, ACPI_NAMESEG_SIZE)) {
		pr_info("ACPI: %-4.4s 0x%016llX %06X\n", sig, (unsigned long long)phys, h->length);
		return;
	}
	fix_string(oem, h->oem_id, ACPI_OEM_ID_SIZE);
	fix_string(oem_table, h->oem_table_id, ACPI_OEM_TABLE_ID_SIZE);
	fix_string(asl, h->asl_compiler_id, ACPI_NAMESEG_SIZE);
	pr_info("ACPI: %-4.4s 0x%016llX %06X (v%02u %-6.6s %-8.8s %08X %-4.4s %08X)\n",
		sig, (unsigned long long)phys, h->length, h->revision, oem, oem_table,
		h->oem_revision, asl, h->asl_compiler_revision);
}

/*
 * Read and check the table at phys (5.2.6): its header into *h, then its
 * length and checksum.  0 if it can be used; otherwise one line says why.
 */
static int __init check_table(u64 phys, struct acpi_table_header *h)
{
	char sig[ACPI_NAMESEG_SIZE + 1];
	u8 sum;

	if (copy_from_phys(h, phys, sizeof(*h))) {
		pr_warn("ACPI: Table at 0x%016llX cannot be read (ignored)\n",
			(unsigned long long)phys);
		return -EINVAL;
	}
	fix_string(sig, h->signature, ACPI_NAMESEG_SIZE);
	if (h->length < sizeof(*h)) {
		pr_warn("ACPI BIOS Warning (bug): Table [%s] at 0x%016llX: length 0x%X is shorter than its header (ignored)\n",
			sig, (unsigned long long)phys, h->length);
		return -EINVAL;
	}
	if (h->length > ACPI_MAX_TABLE_LEN) {
		pr_warn("ACPI: Table [%s] at 0x%016llX: length 0x%X is over our 1 MiB limit (ignored)\n",
			sig, (unsigned long long)phys, h->length);
		return -EINVAL;
	}
	if (phys_checksum(phys, h->length, &sum)) {
		pr_warn("ACPI: Table [%s] at 0x%016llX: its 0x%X bytes cannot all be read (ignored)\n",
			sig, (unsigned long long)phys, h->length);
		return -EINVAL;
	}
	/* The FACS has no checksum (5.2.10); ACPICA does not check one either. */
	if (sum && memcmp(h->signature, ACPI_SIG_FACS, ACPI_NAMESEG_SIZE)) {
		pr_warn("ACPI BIOS Warning (bug): Incorrect checksum in table [%s] - 0x%02X, should be 0x%02X (0x%016llX, ignored)\n",
			sig, h->checksum, (u8)(h->checksum - sum), (unsigned long long)phys);
		return -EINVAL;
	}
	return 0;
}

/*
 * The RSDT (5.2.7) or XSDT (5.2.8) at phys: a good table with that
 * signature and nothing but whole entries of esize bytes after its header.
 */
static int __init check_root(u64 phys, const char *want, u32 esize, struct acpi_table_header *h)
{
	char sig[ACPI_NAMESEG_SIZE + 1];

	if (check_table(phys, h))
		return -EINVAL;
	fix_string(sig, h->signature, ACPI_NAMESEG_SIZE);
	if (memcmp(h->signature, want, ACPI_NAMESEG_SIZE)) {
		pr_warn("ACPI BIOS Warning (bug): Table at 0x%016llX is [%s], expected [%s] (ignored)\n",
			(unsigned long long)phys, sig, want);
		return -EINVAL;
	}
	if ((h->length - sizeof(*h)) % esize) {
		pr_warn("ACPI BIOS Warning (bug): Table [%s] at 0x%016llX: length 0x%X is not the header and whole %u-byte entries (ignored)\n",
			sig, (unsigned long long)phys, h->length, esize);
		return -EINVAL;
	}
	return 0;
}

/*
 * An RSDP candidate at phys, its signature already seen (5.2.5.3): the
 * first 20 bytes sum to zero, and from revision 2 on all length bytes do
 * too.  Bad ones are reported; the caller goes on looking.
 */
static bool __init rsdp_valid(u64 phys, struct acpi_table_rsdp *rsdp)
{
	u8 sum;

	memset(rsdp, 0, sizeof(*rsdp));
	if (phys_checksum(phys, ACPI_RSDP_CHECKSUM_LENGTH, &sum) ||
	    copy_from_phys(rsdp, phys, ACPI_RSDP_CHECKSUM_LENGTH)) {
		pr_warn("ACPI: RSDP at 0x%016llX cannot be read (skipped)\n",
			(unsigned long long)phys);
		return false;
	}
	if (sum) {
		pr_warn("ACPI BIOS Warning (bug): Incorrect checksum in RSDP at 0x%016llX - 0x%02X, should be 0x%02X (skipped)\n",
			(unsigned long long)phys, rsdp->checksum, (u8)(rsdp->checksum - sum));
		return false;
	}
	if (rsdp->revision < 2)
		return true;
	if (copy_from_phys(rsdp, phys, sizeof(*rsdp))) {
		pr_warn("ACPI: RSDP at 0x%016llX cannot be read (skipped)\n",
			(unsigned long long)phys);
		return false;
	}
	if (rsdp->length < ACPI_RSDP_XCHECKSUM_LENGTH || rsdp->length > ACPI_MAX_RSDP_LEN) {
		pr_warn("ACPI BIOS Warning (bug): RSDP at 0x%016llX: revision %u, length 0x%X outside 36..1024 (skipped)\n",
			(unsigned long long)phys, rsdp->revision, rsdp->length);
		return false;
	}
	if (phys_checksum(phys, rsdp->length, &sum)) {
		pr_warn("ACPI: RSDP at 0x%016llX: its 0x%X bytes cannot all be read (skipped)\n",
			(unsigned long long)phys, rsdp->length);
		return false;
	}
	if (sum) {
		pr_warn("ACPI BIOS Warning (bug): Incorrect extended checksum in RSDP at 0x%016llX - 0x%02X, should be 0x%02X (skipped)\n",
			(unsigned long long)phys, rsdp->extended_checksum,
			(u8)(rsdp->extended_checksum - sum));
		return false;
	}
	return true;
}

/* The RSDP signature at phys? (false where memory cannot be read) */
static bool __init rsdp_sig_at(u64 phys)
{
	char sig[8];

	return !copy_from_phys(sig, phys, sizeof(sig)) && !memcmp(sig, ACPI_SIG_RSDP, sizeof(sig));
}

/*
 * The first good RSDP on a 16-byte boundary in [start, end), end - start
 * a multiple of 16.  A chunk at a time; a chunk that cannot be read whole
 * (the end of memory inside it) is looked at a paragraph at a time.
 */
static bool __init scan_rsdp(u64 start, u64 end, u64 *phys, struct acpi_table_rsdp *rsdp)
{
	char buf[SCAN_CHUNK];

	for (u64 base = start; base < end; base += SCAN_CHUNK) {
		u32 n = (u32)min(end - base, (u64)SCAN_CHUNK);
		bool whole = !copy_from_phys(buf, base, n);

		for (u32 off = 0; off < n; off += RSDP_ALIGN) {
			bool sig = whole ? off + 8 <= n && !memcmp(buf + off, ACPI_SIG_RSDP, 8) :
					   rsdp_sig_at(base + off);

			if (sig && rsdp_valid(base + off, rsdp)) {
				*phys = base + off;
				return true;
			}
		}
	}
	return false;
}

static bool __init find_rsdp(u64 *phys, struct acpi_table_rsdp *rsdp)
{
	u16 seg;

	if (!copy_from_phys(&seg, BDA_EBDA_SEGMENT, sizeof(seg))) {
		u64 ebda = (u64)seg << 4;

		if (ebda >= EBDA_LOWEST && ebda < EBDA_END &&
		    scan_rsdp(ebda, min(ebda + EBDA_WINDOW, (u64)EBDA_END), phys, rsdp))
			return true;
	}
	return scan_rsdp(BIOS_ROM_START, BIOS_ROM_END, phys, rsdp);
}

/*
 * Which root table to walk: the XSDT when the RSDP is revision 2 or later
 * and names one that checks out (the XSDT, 5.2.8, supersedes the RSDT,
 * which stays for ACPI 1.0 systems), otherwise the RSDT, saying so.  Sets
 * *esize to the width of its entries; 0 on success.
 */
static int __init choose_root(const struct acpi_table_rsdp *rsdp, u64 *root, u32 *esize,
			      struct acpi_table_header *h)
{
	if (rsdp->revision >= 2) {
		if (rsdp->xsdt_physical_address &&
		    !check_root(rsdp->xsdt_physical_address, ACPI_SIG_XSDT, 8, h)) {
			*root = rsdp->xsdt_physical_address;
			*esize = 8;
			return 0;
		}
		if (rsdp->xsdt_physical_address)
			pr_warn("ACPI: XSDT at 0x%016llX not usable, using the RSDT\n",
				(unsigned long long)rsdp->xsdt_physical_address);
		else
			pr_warn("ACPI: RSDP v%02u gives no XSDT, using the RSDT\n", rsdp->revision);
	}
	if (!rsdp->rsdt_physical_address) {
		pr_err("ACPI: RSDP gives no RSDT: no ACPI tables\n");
		return -EINVAL;
	}
	if (check_root(rsdp->rsdt_physical_address, ACPI_SIG_RSDT, 4, h)) {
		pr_err("ACPI: no usable RSDT or XSDT: no ACPI tables\n");
		return -EINVAL;
	}
	*root = rsdp->rsdt_physical_address;
	*esize = 4;
	return 0;
}

static void __init keep_table(u64 phys, const struct acpi_table_header *h)
{
	struct acpi_table_desc *t;

	if (acpi_nr_tables == ACPI_MAX_TABLES) {
		acpi_tables_not_kept++;
		return;
	}
	t = &acpi_tables[acpi_nr_tables++];
	memcpy(t->sig, h->signature, ACPI_NAMESEG_SIZE);
	t->phys = phys;
	t->len = h->length;
}

/* Every table the root lists: checked, printed, kept. */
static void __init walk_root(u64 root, u32 esize, const struct acpi_table_header *rh)
{
	u32 nr = (rh->length - sizeof(*rh)) / esize;

	for (u32 i = 0; i < nr; i++) {
		struct acpi_table_header h;
		u64 addr = 0;

		/* Little-endian, so a 4-byte RSDT entry fills the low half. */
		if (copy_from_phys(&addr, root + sizeof(*rh) + (u64)i * esize, esize)) {
			pr_warn("ACPI: %s entry %u cannot be read, the rest ignored\n",
				esize == 8 ? ACPI_SIG_XSDT : ACPI_SIG_RSDT, i);
			return;
		}
		/* ACPICA skips null entries too. */
		if (!addr || check_table(addr, &h))
			continue;
		print_table(addr, &h);
		keep_table(addr, &h);
	}
}

int __init acpi_table_init(void)
{
	struct acpi_table_rsdp rsdp;
	struct acpi_table_header rh;
	u64 rsdp_phys, root;
	u32 esize;

	acpi_nr_tables = 0;
	acpi_tables_not_kept = 0;
	if (!find_rsdp(&rsdp_phys, &rsdp)) {
		pr_info("ACPI: no RSDP found: no ACPI tables\n");
		return -ENOENT;
	}
	print_rsdp(rsdp_phys, &rsdp);
	if (choose_root(&rsdp, &root, &esize, &rh))
		return -EINVAL;
	print_table(root, &rh);
	walk_root(root, esize, &rh);
	if (acpi_tables_not_kept)
		pr_warn("ACPI: %u tables past the first %u not kept: acpi_get_table() cannot find them\n",
			acpi_tables_not_kept, ACPI_MAX_TABLES);
	return 0;
}

int __init acpi_get_table(const char *sig, u64 *phys, u32 *len)
{
	for (unsigned int i = 0; i < acpi_nr_tables; i++) {
		if (strncmp(acpi_tables[i].sig, sig, ACPI_NAMESEG_SIZE))
			continue;
		*phys = acpi_tables[i].phys;
		*len = acpi_tables[i].len;
		return 0;
	}
	return -ENOENT;
}
