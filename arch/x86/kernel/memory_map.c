/*
 * The memory map setup_arch() works from: the boot loader's e820 map,
 * sanitized, then edited by mem= and memmap= (Linux 2.6.2x's
 * parse_memopt(), parse_memmap_opt() and finish_e820_parsing() in
 * arch/x86/kernel/e820.c), with the RAM only memmap= declares probed
 * before anything uses it.  The map itself, and what can be asked of it,
 * is e820.c.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bootmem.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/memprobe.h>
#include <asm/setup_memory.h>

static bool __initdata user_defined_memmap;
static u64 __initdata mem_limit;		/* mem=, 0 = none */
static struct e820map __initdata user_map;	/* memmap= edits, applied in order */
static struct e820map __initdata firmware_map;	/* the map before them */
/* Each memmap= value as written, for user_map.map[i] at memmap_text + memmap_at[i]. */
static char __initdata memmap_text[COMMAND_LINE_SIZE];
static u16 __initdata memmap_at[E820MAX];
static bool __initdata memmap_declares_ram;

/*
 * Every size is read in 64 bits and refused when it does not fit: a
 * value that wrapped would be obeyed as a different one.  A repeated mem=
 * replaces the earlier one (the last one wins, as in Linux); each memmap=
 * adds an entry.
 */

/*
 * mem=nn[KMG]: use no RAM at or above nn, as modern Linux does (2.4 made a
 * fresh two-entry map; clipping keeps the firmware's holes honest).
 */
static int __init parse_mem(char *arg)
{
	u64 limit;

	if (get_size_param("mem", arg, &limit))
		return -1;
	if (!limit) {
		pr_err("mem=%s: a limit of 0 leaves no memory\n", arg);
		return -1;
	}
	mem_limit = limit;
	user_defined_memmap = true;
	return 0;
}
early_param("mem", parse_mem);

/* One size of memmap=SIZE<sep>START, with the error in the user's words. */
static int __init memmap_size(const char *arg, const char *what, const char *s,
			      char **end, u64 *val)
{
	int err = memparse_safe(s, end, val);

	if (err == -ERANGE)
		pr_err("memmap=%s: %s is larger than 2^64 - 1\n", arg, what);
	else if (err)
		pr_err("memmap=%s: %s is not a size\n", arg, what);
	return err;
}

/*
 * Keep the value as the user wrote it, to name it should its memory fail
 * the probe.  The values fit: together they are shorter than the line.
 */
static void __init remember_memmap_text(const char *arg, int i)
{
	static size_t __initdata used;

	memmap_at[i] = (u16)used;
	used += strlcpy(memmap_text + used, arg, sizeof(memmap_text) - used) + 1;
	used = min(used, sizeof(memmap_text) - 1);
}

/* memmap=nn[KMG]@ss usable, $ss reserved, #ss ACPI data (Documentation/kernel-parameters). */
static int __init parse_memmap(char *arg)
{
	char *p;
	u64 size, start;
	u32 type;

	if (memmap_size(arg, "the size", arg, &p, &size))
		return -1;
	switch (*p) {
	case '@':
		type = E820_RAM;
		break;
	case '$':
		type = E820_RESERVED;
		break;
	case '#':
		type = E820_ACPI;
		break;
	default:
		pr_err("memmap=%s: want SIZE@START, SIZE$START or SIZE#START\n", arg);
		return -1;
	}
	if (memmap_size(arg, "the start", p + 1, &p, &start))
		return -1;
	if (*p || !size) {
		pr_err("memmap=%s: %s\n", arg, size ? "trailing characters" : "empty range");
		return -1;
	}
	/* [start, start + size) is kept as start and size, its end in 64 bits. */
	if (start + size < start) {
		pr_err("memmap=%s: the range ends %s\n", arg,
		       start + size ? "past 2^64" : "at 2^64, and e820 ranges end below it");
		return -1;
	}
	if (!e820_add_region(&user_map, start, size, type)) {
		pr_err("memmap=%s: more than %d memmap= entries\n", arg, E820MAX);
		return -1;
	}
	remember_memmap_text(arg, user_map.nr_map - 1);
	memmap_declares_ram |= type == E820_RAM;
	user_defined_memmap = true;
	return 0;
}
early_param("memmap", parse_memmap);

/* The map had to lose entries to fit E820MAX: refuse, naming what overflowed. */
static void __init check_map_whole(const char *which)
{
	if (e820_table_full)
		panic("e820: %s memory map needs more than %d entries (see above); refusing a map with pieces missing",
		      which, E820MAX);
}

void __init setup_memory_region(const struct boot_info *bi)
{
	e820 = bi->map;
	/*
	 * A map with pieces missing could miss a reserved range and hand it
	 * out: refuse it (Linux grew its table instead; 2.4 had the same 128).
	 */
	if (bi->map_truncated)
		panic("e820: the boot loader's map has more than %d entries; the rest cannot be kept",
		      E820MAX);
	sanitize_e820_map(e820.map, &e820.nr_map);
	if (!e820_has_ram(&e820)) {
		if (!bi->have_meminfo)
			panic("No memory map and no memory sizes from the boot loader");
		pr_info("e820: no usable memory map from the boot loader, using mem_lower/mem_upper\n");
		e820_from_meminfo(&e820, bi->mem_lower, bi->mem_upper);
		sanitize_e820_map(e820.map, &e820.nr_map);
	} else {
		pr_info("e820: memory map from the %s\n", bi->map_source);
	}
	e820_clip_legacy_hole(&e820);
	check_map_whole("the firmware's");
	pr_info("BIOS-provided physical RAM map:\n");
	print_memory_map(&e820, "BIOS-e820");
}

/*
 * memmap= entries join the map; where they overlap it, the higher type
 * wins; mem= cuts it.  Without either the firmware's map stands.
 */
void __init apply_user_memmap(void)
{
	if (!user_defined_memmap)
		return;
	firmware_map = e820;
	for (int i = 0; i < user_map.nr_map; i++)
		if (user_map.map[i].type == E820_RAM)
			e820_warn_ram_not_in_map(&user_map.map[i]);
	for (int i = 0; i < user_map.nr_map; i++) {
		const struct e820entry *u = &user_map.map[i];

		/* A dropped memmap=$ would hand reserved memory out: refuse. */
		if (!e820_add_region(&e820, u->addr, u->size, u->type))
			panic("memmap: the e820 table is full (%d entries), cannot add [mem %#018llx-%#018llx]",
			      E820MAX, (unsigned long long)u->addr,
			      (unsigned long long)(u->addr + u->size - 1));
	}
	if (mem_limit)
		e820_limit_ram(&e820, mem_limit);
	sanitize_e820_map(e820.map, &e820.nr_map);
	e820_clip_legacy_hole(&e820);	/* memmap= cannot make the VGA hole RAM */
	check_map_whole("the user-defined");
	pr_info("user-defined physical RAM map:\n");
	print_memory_map(&e820, "user");
}

/* The memmap=nn@ss, as written, that declared the page holding addr usable. */
static const char *__init memmap_naming(u64 addr)
{
	u64 page = addr & ~(u64)(PAGE_SIZE - 1);

	for (int i = 0; i < user_map.nr_map; i++) {
		const struct e820entry *u = &user_map.map[i];

		if (u->type == E820_RAM && page < u->addr + u->size && page + PAGE_SIZE > u->addr)
			return memmap_text + memmap_at[i];
	}
	return "?";	/* every page probed comes from one */
}

/*
 * memmap=nn@ss is believed, as in Linux; but the RAM it alone declares
 * (not RAM in the firmware's map) is probed before any allocator gets it
 * (arch/x86/mm/memprobe.c), and memory that does not hold what is
 * written stops the boot here, naming the memmap= as the user wrote it
 * and the first address that failed -- not later, as a self-test or an
 * allocation reading back what it never wrote.  Up to max_pfn: what
 * this kernel will use.
 */
/*
 * The top of the first 4 GiB on every PC: I/O APIC (0xfec00000), HPET
 * (0xfed00000), local APIC and MSI window (0xfee00000), the BIOS flash
 * (Intel's chipset datasheets; Linux's IO_APIC_DEFAULT_PHYS_BASE and
 * APIC_DEFAULT_PHYS_BASE).  Never RAM, and never probed: a write to
 * 0xfee00000 is an interrupt message (QEMU takes it as an MSI and may
 * reset the CPU).
 */
#define APIC_WINDOW_PFN		(0xfec00000ULL >> PAGE_SHIFT)
#define APIC_WINDOW_END_PFN	(0x100000000ULL >> PAGE_SHIFT)

void __init check_declared_ram(void)
{
	unsigned long pos = 0, rs, re;
	struct ram_probe_failure bad;

	if (!memmap_declares_ram)
		return;
	while (e820_next_unlisted_ram(&firmware_map, &pos, max_pfn, &rs, &re)) {
		u64 start = PFN_PHYS((u64)rs), end = PFN_PHYS((u64)re) - 1;
		unsigned long below = re;	/* below the window first: a failure there comes first */
		bool ok;

		if (rs < APIC_WINDOW_END_PFN && re > APIC_WINDOW_PFN)
			below = (unsigned long)max((u64)rs, APIC_WINDOW_PFN);
		ok = probe_ram_range(rs, below, &bad);
		if (ok && below < re) {
			u64 at = PFN_PHYS((u64)below);

			panic("memmap=%s: declares usable memory at %#018llx, in the APIC/HPET/BIOS window [mem 0x00000000fec00000-0x00000000ffffffff], never RAM on a PC",
			      memmap_naming(at), (unsigned long long)at);
		}
		if (ok) {
			pr_info("memmap=%s: probed [mem %#018llx-%#018llx]: %lu pages hold what is written\n",
				memmap_naming(start), (unsigned long long)start,
				(unsigned long long)end, re - rs);
			continue;
		}
		pr_err("memmap=%s: probing [mem %#018llx-%#018llx]: %pa read back %#010x after %#010x was written\n",
		       memmap_naming(bad.addr), (unsigned long long)start, (unsigned long long)end,
		       &bad.addr, bad.read, bad.wrote);
		panic("memmap=%s: the memory declared usable there does not hold what is written to it, first at %pa",
		      memmap_naming(bad.addr), &bad.addr);
	}
}
