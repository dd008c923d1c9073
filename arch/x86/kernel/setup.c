/*
 * setup_arch(): what the boot loader told us becomes the kernel's picture
 * of physical memory (Gorman 2.x and 5.x; Linux 2.4 arch/i386/kernel/setup.c).
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memdump.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/reservations.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/meminit.h>
#include <asm/memprobe.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/sections.h>

struct boot_info boot_info __initdata;


#define HIGH_MEMORY		0x100000ULL	/* where the kernel is loaded */
#define MIN_RAM_KB		(12UL << 10)

static bool __initdata user_defined_memmap;
static u64 __initdata mem_limit;		/* mem=, 0 = none */
#define HIGHMEM_UNSET	(~0ULL)
static u64 __initdata highmem_pages = HIGHMEM_UNSET;	/* highmem=, in pages */
static struct e820map __initdata user_map;	/* memmap= edits, applied in order */
static struct e820map __initdata firmware_map;	/* the map before them */
/* Each memmap= value as written, for user_map.map[i] at memmap_text + memmap_at[i]. */
static char __initdata memmap_text[COMMAND_LINE_SIZE];
static u16 __initdata memmap_at[E820MAX];
static bool __initdata memmap_declares_ram;

/*
 * Every size is read in 64 bits and refused when it does not fit: a
 * value that wrapped would be obeyed as a different one.  A repeated
 * mem= or highmem= replaces the earlier one (the last one wins, as in
 * Linux); each memmap= adds an entry.
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

static int __init parse_highmem(char *arg)
{
	u64 bytes;

	if (get_size_param("highmem", arg, &bytes))
		return -1;
	highmem_pages = bytes >> PAGE_SHIFT;
	if (bytes & ~PAGE_MASK)
		pr_warn("highmem=%s: not a whole number of pages, taken as %llu pages\n", arg,
			(unsigned long long)highmem_pages);
	return 0;
}
early_param("highmem", parse_highmem);

/* The map had to lose entries to fit E820MAX: refuse, naming what overflowed. */
static void __init check_map_whole(const char *which)
{
	if (e820_table_full)
		panic("e820: %s memory map needs more than %d entries (see above); refusing a map with pieces missing",
		      which, E820MAX);
}

static void __init setup_memory_region(const struct boot_info *bi)
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

/* memmap= entries join the map; where they overlap it, the higher type wins. */
static void __init apply_user_memmap(void)
{
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

/*
 * 2.4's find_max_pfn(), and one limit 2.4 did not need: RAM the CPU cannot
 * address.  A PAE entry naming a frame at or above 1 << MAXPHYADDR sets
 * reserved bits, and the walk that meets it faults (Intel SDM vol. 3A
 * 4.4.2, 4.7 "RSVD"); verify_cpu measured the width.  Only the PAE kernel
 * can meet this: every CPU decodes 32 bits.
 */
static void __init find_max_pfn(void)
{
	unsigned long start, end;
	/* Every CPU decodes 32 bits; x86-64 at most 52 (a leaf saying more is wrong). */
	unsigned int bits = min(max(boot_cpu_data.x86_phys_bits, (u8)32), (u8)52);
	u64 cpu_pfns = 1ULL << (bits - PAGE_SHIFT);

	max_pfn = 0;
	for (int i = 0; i < e820.nr_map; i++)
		if (e820_ram_pfns(&e820.map[i], &start, &end) && end > max_pfn)
			max_pfn = end;
	if (max_pfn > cpu_pfns) {
		printk(KERN_WARNING "Warning only %lluGB will be used: the CPU has %u physical address bits.\n",
		       (unsigned long long)(cpu_pfns >> (30 - PAGE_SHIFT)), bits);
		max_pfn = (unsigned long)cpu_pfns;
	}
}

/*
 * 2.4's find_max_low_pfn(): 896 MiB of low memory, highmem= moves the line.
 * highmem= is compared in 64 bits: a size larger than the machine is
 * reported with the value the user wrote, never truncated into range.
 */
static unsigned long __init find_max_low_pfn(void)
{
	unsigned long low = max_pfn;

	/*
	 * 2.4's words for RAM past what the page tables can name; the PAE
	 * kernel's limit is 64 GiB, and there is no bigger kernel to suggest.
	 */
	if (e820_ram_above_4g()) {
		printk(KERN_WARNING "Warning only %lluGB will be used.\n",
		       (unsigned long long)(E820_MAX_PFN >> (30 - PAGE_SHIFT)));
		if (MAX_PHYSMEM_BITS < 36)
			printk(KERN_WARNING "Use a PAE enabled kernel.\n");
	}
	if (low > MAXMEM_PFN) {
		u64 avail = max_pfn - MAXMEM_PFN;

		if (highmem_pages == HIGHMEM_UNSET)
			highmem_pages = avail;
		if (highmem_pages < avail) {
			/* Not in 2.4, which said nothing: the RAM highmem= leaves unused. */
			pr_notice("highmem: using %lluMB of high memory, the %lluMB above it left unused\n",
				  (unsigned long long)highmem_pages >> 8,
				  (unsigned long long)(avail - highmem_pages) >> 8);
			max_pfn = MAXMEM_PFN + (unsigned long)highmem_pages;
		}
		if (highmem_pages > avail) {
			printk(KERN_WARNING "only %luMB highmem pages available, ignoring highmem size of %lluMB.\n",
			       (max_pfn - MAXMEM_PFN) >> 8, (unsigned long long)highmem_pages >> 8);
			highmem_pages = 0;
		}
		return MAXMEM_PFN;
	}
	if (highmem_pages == HIGHMEM_UNSET)
		highmem_pages = 0;
	if (highmem_pages && highmem_pages >= max_pfn) {
		printk(KERN_ERR "highmem size specified (%lluMB) is bigger than pages available (%luMB)!.\n",
		       (unsigned long long)highmem_pages >> 8, max_pfn >> 8);
		highmem_pages = 0;
	}
	if (highmem_pages) {
		if (low - highmem_pages < (64UL << 20) >> PAGE_SHIFT) {
			printk(KERN_ERR "highmem size %lluMB results in smaller than 64MB lowmem, ignoring it.\n",
			       (unsigned long long)highmem_pages >> 8);
			highmem_pages = 0;
		}
		low -= (unsigned long)highmem_pages;
	}
	return low;
}

/* The RAM in [start, end) goes free in the boot allocator that covers it. */
static void __init register_bootmem_low_pages(unsigned long start, unsigned long end)
{
	unsigned long pos = start, curr_pfn, last_pfn;

	while (e820_next_ram_range(&pos, end, &curr_pfn, &last_pfn))
		free_bootmem(PFN_PHYS(curr_pfn), PFN_PHYS(last_pfn - curr_pfn));
}

/* ---- what the boot loader left: its blocks and its modules ---- */

#define BOOT_MAPPED_PAGES	((unsigned long)(BOOT_MAPPED_END >> PAGE_SHIFT))
#define BUSY_PAGES		((unsigned long)MAXMEM_PFN)

/*
 * The pages of low memory that are taken before any boot allocator
 * exists: not RAM, page 0, the kernel image, everything the loader left,
 * and what we place there ourselves.  One pass over the modules fills it;
 * then the module table and each node's bootmem bitmap go to the lowest
 * free run where they must be, as 2.6's find_e820_area() looks for one --
 * without comparing every candidate place with every module.  28 KiB of
 * .init data, freed with the rest.
 */
static unsigned long __initdata boot_busy[BUSY_PAGES / BITS_PER_LONG];

/*
 * The modules, as many as the loader was given: their table is placed in
 * RAM by setup_boot_modules(), with room beside it for the names of the
 * pages reserve_boot_loader_data() reserves, and given back at the end of
 * boot by free_boot_module_table(), once the names have gone home.
 */
static struct boot_module *boot_modules __initdata;
static u32 __initdata nr_boot_modules;
static unsigned long __initdata table_pfn, table_pages;

static void __init mark_busy(u64 start, u64 end)
{
	unsigned long last = (unsigned long)min((u64)PFN_UP(end), (u64)BUSY_PAGES);

	if (end <= start)
		return;
	for (unsigned long pfn = PFN_DOWN(start); pfn < last; pfn++)
		set_bit(pfn, boot_busy);
}

/*
 * The lowest run of free pages this long in [lo, hi); 0 if there is none
 * (page 0 never is free).
 */
static unsigned long __init find_free_pages(unsigned long pages, unsigned long lo,
					    unsigned long hi)
{
	unsigned long run = 0;

	for (unsigned long pfn = lo; pfn < min(hi, BUSY_PAGES); pfn++) {
		run = test_bit(pfn, boot_busy) ? 0 : run + 1;
		if (run == pages)
			return pfn + 1 - pages;
	}
	return 0;
}

/* A module that ends before it starts is no module: refuse the boot. */
static void __init check_boot_module(u32 i, const struct boot_module *m)
{
	if (m->end < m->start)
		panic("Boot module %u at %#018llx-%#018llx ends before it starts", i,
		      (unsigned long long)m->start, (unsigned long long)m->end);
}

static void __init mark_boot_data(const struct boot_info *bi)
{
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	unsigned long pos = 0, rs, re;
	u32 i = 0;

	memset(boot_busy, 0xff, sizeof(boot_busy));
	while (e820_next_ram_range(&pos, BUSY_PAGES, &rs, &re))
		for (; rs < re; rs++)
			clear_bit(rs, boot_busy);
	set_bit(0, boot_busy);		/* the BIOS data area, and NULL */
	mark_busy(HIGH_MEMORY, __pa(_end));
	for (int j = 0; j < bi->nr_ranges; j++)
		mark_busy(bi->ranges[j].start, bi->ranges[j].end);
	while (next_boot_module(bi, &c, &m)) {
		check_boot_module(i++, &m);
		mark_busy(m.start, m.end);
		mark_busy(m.string, (u64)m.string + m.string_len);
	}
}

/*
 * Names for the pages reserve_boot_loader_data() reserves: each block (a
 * module, its string, a loader block, the table) adds at most two runs,
 * less the merges it makes, to the runs already reserved (holes between
 * e820 entries, page 0, the image, the bitmap); plus what the table in
 * the image holds for everything else (page tables, mem_map).
 */
static u64 __init reservation_room(u32 nr_modules)
{
	return MAX_RESERVATIONS + 2 * (2 * (u64)nr_modules + MAX_LOADER_BLOCKS + 1) + E820MAX + 8;
}

/*
 * Take in the loader's modules, however many: their table goes to the
 * lowest free pages below the 16 MiB mapped at boot (the loader's blocks
 * are still unprotected, so nothing is written before this is known), the
 * modules are listed and summed, and the reservation names move in beside
 * them.  Impossible only when no free run is long enough.
 */
static void __init setup_boot_modules(const struct boot_info *bi)
{
	struct boot_module_cursor c = { 0 };
	u64 room = reservation_room(bi->nr_modules);
	u64 bytes = (u64)bi->nr_modules * sizeof(struct boot_module) + room * sizeof(struct reservation);
	unsigned long pages = bytes < BOOT_MAPPED_END ? PFN_UP(bytes) : 0, pfn = 0;

	/* A list too long for the mapped 16 MiB is refused before it is read. */
	if (pages)
		mark_boot_data(bi);
	if (!bi->nr_modules)
		return;
	if (pages)
		pfn = find_free_pages(pages, 0, BOOT_MAPPED_PAGES);
	if (!pfn)
		panic("Boot modules: %u, but their table (%llu KiB) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      bi->nr_modules, (unsigned long long)DIV_ROUND_UP(bytes, 1024), BOOT_MAPPED_END >> 20);
	table_pfn = pfn;
	table_pages = pages;
	mark_busy(PFN_PHYS(table_pfn), PFN_PHYS(table_pfn + table_pages));
	boot_modules = __va(PFN_PHYS(table_pfn));
	while (nr_boot_modules < bi->nr_modules &&
	       next_boot_module(bi, &c, &boot_modules[nr_boot_modules])) {
		printk(KERN_DEBUG "boot module %u: %#018llx-%#018llx\n", nr_boot_modules,
		       (unsigned long long)boot_modules[nr_boot_modules].start,
		       (unsigned long long)boot_modules[nr_boot_modules].end);
		nr_boot_modules++;
	}
	sum_boot_modules(boot_modules, nr_boot_modules);
	move_reservations((struct reservation *)(boot_modules + bi->nr_modules), (int)room);
}

const struct boot_module *__init boot_module_table(u32 *nr)
{
	*nr = nr_boot_modules;
	return boot_modules;
}

/*
 * The end of boot: the table has served (the bootmem and retire
 * self-tests read it), so its pages go to the buddy allocator, as Linux's
 * memblock_discard() gives back memblock's arrays -- once the names of
 * reserved pages beside it have moved home to the kernel image, where they
 * outlive boot.  Should there be more names than the image's table holds,
 * the pages stay, holding them.  free_initmem() calls this before .init,
 * where this code is, goes.
 */
unsigned long __init free_boot_module_table(void)
{
	unsigned long pages = table_pages;

	if (!boot_modules)
		return 0;
	boot_modules = NULL;
	nr_boot_modules = 0;
	if (!settle_reservations(table_pfn, table_pfn + pages)) {
		printk(KERN_INFO "Keeping boot module table: %luk hold the names of reserved pages\n",
		       pages << (PAGE_SHIFT - 10));
		return 0;
	}
	free_bootmem_late(PFN_PHYS(table_pfn), PFN_PHYS(pages));
	printk(KERN_INFO "Freeing boot module table: %luk freed\n", pages << (PAGE_SHIFT - 10));
	return pages;
}

/*
 * Reserve the pages of [start, end) below max_low_pfn that are not
 * reserved yet, naming them: the bootmem bitmap says which are taken
 * (holes never were freed), so blocks that share pages, and modules that
 * overlap, are reserved once each without comparing them with one another.
 */
static unsigned long __init reserve_new_pages(u64 start, u64 end, const char *why)
{
	unsigned long last = (unsigned long)min((u64)PFN_UP(end), (u64)max_low_pfn), n = 0;

	if (end <= start)
		return 0;
	for (unsigned long pfn = PFN_DOWN(start); pfn < last; pfn++) {
		if (bootmem_page_reserved(pfn))
			continue;
		reserve_bootmem_named(PFN_PHYS(pfn), PAGE_SIZE, why);
		n++;
	}
	return n;
}

/*
 * A module must sit in RAM, or nothing protects it; and in low memory:
 * bootmem covers low memory only, and a module reaching into high memory
 * would be handed to the buddy allocator by mem_init() (2.4 refuses an
 * initrd there too).
 */
static unsigned long __init reserve_boot_module(const struct boot_module *m)
{
	if (m->end == m->start)
		return 0;
	if (!e820_range_is_ram(m->start, m->end))
		panic("Boot module at %#018llx-%#018llx is not in usable RAM",
		      (unsigned long long)m->start, (unsigned long long)m->end);
	if (m->end > (u64)PFN_PHYS(max_low_pfn))
		panic("Boot module at %#018llx-%#018llx reaches above low memory (%#018llx)",
		      (unsigned long long)m->start, (unsigned long long)m->end,
		      (unsigned long long)PFN_PHYS(max_low_pfn));
	return reserve_new_pages(m->start, m->end, "boot modules");
}

/*
 * What the loader handed over stays ours: every module, whole, and the
 * low-memory RAM pages of each of its blocks, once each.  Never freed: no
 * module's memory reaches the buddy allocator.
 */
static void __init reserve_boot_loader_data(const struct boot_info *bi)
{
	unsigned long mods = 0, data = 0;

	if (boot_modules)
		reserve_bootmem_named(PFN_PHYS(table_pfn), PFN_PHYS(table_pages), "boot module table");
	for (u32 i = 0; i < nr_boot_modules; i++)
		mods += reserve_boot_module(&boot_modules[i]);
	for (u32 i = 0; i < nr_boot_modules; i++)
		data += reserve_new_pages(boot_modules[i].string,
					  (u64)boot_modules[i].string + boot_modules[i].string_len,
					  "boot loader data");
	for (int i = 0; i < bi->nr_ranges; i++)
		data += reserve_new_pages(bi->ranges[i].start, bi->ranges[i].end, "boot loader data");
	pr_info("%s: %u modules, %lu pages reserved; boot loader data %lu pages\n",
		bi->version == 2 ? "multiboot2" : "multiboot", nr_boot_modules, mods, data);
}

static void __init check_ram_size(void)
{
	unsigned long kb = e820_ram_pages(0, max_low_pfn) << (PAGE_SHIFT - 10);

	if (kb < MIN_RAM_KB)
		panic("Too little RAM: %luk usable low memory, handover needs at least %luk",
		      kb, MIN_RAM_KB);
}

/* Are the pages [start, start + pages) inside [lo, hi) all free? */
static bool __init bootmap_fits(unsigned long start, unsigned long pages, unsigned long lo,
				unsigned long hi)
{
	if (!start || start < lo || start + pages > min(hi, BUSY_PAGES))
		return false;
	for (unsigned long pfn = start; pfn < start + pages; pfn++)
		if (test_bit(pfn, boot_busy))
			return false;
	return true;
}

/*
 * Where a node's bootmem bitmap goes, within [lo, hi) of its memory:
 * right after the kernel image, as in 2.4, when that is in the node,
 * unless the boot loader left something there -- QEMU puts its info block
 * and the modules on the pages after the image, and the bitmap is written
 * (all ones) before those are reserved.  Then the lowest free run: RAM,
 * clear of the loader's blocks, modules, the module table and the other
 * nodes' bitmaps.  0 if there is none.
 */
static unsigned long __init find_bootmap_start(unsigned long pages, unsigned long lo,
					       unsigned long hi)
{
	unsigned long image_end = PFN_UP(__pa(_end));
	unsigned long pfn;

	if (bootmap_fits(image_end, pages, lo, hi))
		pfn = image_end;
	else
		pfn = find_free_pages(pages, lo, hi);
	if (pfn)
		mark_busy(PFN_PHYS((u64)pfn), PFN_PHYS((u64)pfn + pages));
	return pfn;
}

/*
 * The kernel image, reserved section by section (linker.ld page-aligns
 * each), so the record of reasons says which part of the image a page
 * holds -- and free_initmem() can give back exactly the "kernel init" pages,
 * name and all.  .boot (the Multiboot headers and startup_32) counts as code.
 */
static void __init reserve_kernel_image(void)
{
	static const struct {
		const char *end;
		const char *why;
	} parts[] __initconst = {
		{ __start_rodata, "kernel code" },
		{ _sdata, "kernel rodata" },
		{ __init_begin, "kernel data" },
		{ __init_end, "kernel init" },
		{ __bss_stop, "kernel bss" },
		{ _end, "kernel symbols" },
	};
	phys_addr_t start = HIGH_MEMORY;

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		phys_addr_t end = __pa(parts[i].end);

		if (end > start)
			reserve_bootmem_named(start, end - start, parts[i].why);
		start = end;
	}
}

/*
 * 2.4's setup_memory(): size memory, put the bootmem bitmap after the
 * kernel image, free the usable RAM into it and reserve what is in use.
 */
/*
 * Low RAM bootmem needs besides mem_map: page tables (under 1 MiB even
 * with 4 KiB pages for all 896 MiB), the bitmap (28 KiB), and the kernel
 * image if it shares mem_map's piece of RAM.
 */
#define MEMMAP_SPARE_LOWMEM	(4ULL << 20)

/*
 * What mem_map will cost in low memory, said before it is allocated; and
 * where it cannot fit -- bootmem needs it in one piece of low RAM, with
 * room to spare -- less high memory used, with the numbers, rather than
 * an obscure out-of-memory panic in bootmem later.
 */
static void __init check_mem_map_cost(void)
{
	unsigned long pos = 0, rs, re, low_ram = 0, piece = 0, fit;
	u64 budget, bytes;

	while (e820_next_ram_range(&pos, max_low_pfn, &rs, &re)) {
		low_ram += re - rs;
		piece = max(piece, re - rs);
	}
	budget = PFN_PHYS((u64)piece);
	budget = budget > MEMMAP_SPARE_LOWMEM ? budget - MEMMAP_SPARE_LOWMEM : 0;
	fit = memmap_fit_pfn(max_pfn, max_low_pfn, budget);
	if (fit < max_pfn) {
		printk(KERN_WARNING "mem_map for %luMB of RAM would take %lluMB; the largest piece of low RAM is %luMB: using %luMB of RAM\n",
		       max_pfn >> 8, ((u64)max_pfn * sizeof(struct page)) >> 20, piece >> 8,
		       fit >> 8);
		max_pfn = fit;
	}
	bytes = (u64)max_pfn * sizeof(struct page);
	printk(KERN_INFO "mem_map: %lu struct pages of %u bytes: %lluMB, %llu%% of low RAM\n",
	       max_pfn, (unsigned int)sizeof(struct page), bytes >> 20,
	       low_ram ? bytes * 100 / PFN_PHYS((u64)low_ram) : 0);
}

/* What setup_arch() keeps: the image, page 0, and what the loader left. */
static void __init reserve_boot_data(const struct boot_info *bi)
{
	reserve_kernel_image();
	reserve_bootmem_named(0, PAGE_SIZE, "page 0");	/* the BIOS data area, and NULL */
	reserve_boot_loader_data(bi);
}

/* UMA: one boot allocator for all of low memory, its bitmap after the image. */
static void __init setup_bootmem_uma(const struct boot_info *bi)
{
	unsigned long map_pages = bootmem_bootmap_pages(max_low_pfn), map_pfn, bootmap_size;

	map_pfn = find_bootmap_start(map_pages, 0, BOOT_MAPPED_PAGES);
	if (!map_pfn)
		panic("bootmem bitmap (%lu pages) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      map_pages, BOOT_MAPPED_END >> 20);
	bootmap_size = init_bootmem(map_pfn, max_low_pfn);
	register_bootmem_low_pages(0, max_low_pfn);
	/* Not named: free_all_bootmem() gives the bitmap back with the rest. */
	reserve_bootmem(PFN_PHYS(map_pfn), bootmap_size);
	reserve_boot_data(bi);
}

/* The first pfn past a node's low memory. */
static unsigned long __init node_low_end(const pg_data_t *pgdat)
{
	return min(pgdat_end_pfn(pgdat), max_low_pfn);
}

static void __init print_node_bootmem(const pg_data_t *pgdat, const char *how)
{
	const bootmem_data_t *b = pgdat->bdata;
	unsigned long pages = bootmem_bootmap_pages(b->node_low_pfn - pgdat->node_start_pfn);

	pr_info("Node %d: bootmem [mem %#018llx-%#018llx], bitmap %lu pages at [mem %#018llx-%#018llx]%s\n",
		pgdat->node_id, (unsigned long long)PFN_PHYS((u64)pgdat->node_start_pfn),
		(unsigned long long)PFN_PHYS((u64)b->node_low_pfn) - 1, pages,
		(unsigned long long)PFN_PHYS((u64)b->node_bootmap_pfn),
		(unsigned long long)PFN_PHYS((u64)b->node_bootmap_pfn + pages) - 1, how);
}

/*
 * Room for a node's bitmap on another node's part of the 16 MiB mapped at
 * boot, all of it on that one node: its pages are freed by pfn, and a run
 * across two nodes would be two nodes' struct pages.
 */
static unsigned long __init borrow_bootmap(unsigned long pages)
{
	const pg_data_t *other;
	unsigned long map = 0;

	for_each_pgdat(other)
		if (!map && other->node_start_pfn < BOOT_MAPPED_PAGES)
			map = find_bootmap_start(pages, other->node_start_pfn,
						 min(node_low_end(other), BOOT_MAPPED_PAGES));
	return map;
}

/*
 * One node's boot allocator (2.4's init_bootmem_node(), as its
 * discontiguous architectures call it), before paging_init(): its bitmap
 * on the node's own part of the 16 MiB head.asm maps, or -- when the node
 * has no room there, or starts above it -- for now wherever below 16 MiB
 * there is room (move_bootmem_bitmaps() takes it home once all low
 * memory is mapped); the node's RAM freed into it.
 */
static void __init setup_node_bootmem(pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, end = node_low_end(pgdat);
	unsigned long pages = bootmem_bootmap_pages(end - start), map;

	map = find_bootmap_start(pages, start, min(end, BOOT_MAPPED_PAGES));
	pgdat->bdata->map_borrowed = !map;
	if (!map)
		map = borrow_bootmap(pages);
	if (!map)
		panic("Node %d: its bootmem bitmap (%lu pages) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      pgdat->node_id, pages, BOOT_MAPPED_END >> 20);
	init_bootmem_node(pgdat, map, start, end);
	if (!pgdat->node_id)
		min_low_pfn = map;
	register_bootmem_low_pages(start, end);
	print_node_bootmem(pgdat, pgdat->bdata->map_borrowed ? " (until paging_init)" : "");
}

/*
 * NUMA: a boot allocator for each node with low memory, all of them
 * before paging_init(), which takes its page tables from them -- and so
 * every reservation is made once, whatever node it falls in.  Nodes that
 * hold only high memory get none, ever: bootmem hands out memory it can
 * address, and high memory has no kernel mapping.  2.6's i386 NUMA
 * (discontig.c) gave only node 0 a boot allocator, every other node being
 * highmem on the machines it ran on; 2.4's discontiguous architectures
 * gave every node one, all their memory being mapped.  This kernel does
 * both: one for each node with low memory, none for the rest, whose pages
 * one_highpage_init() releases.
 */
static void __init setup_bootmem_numa(const struct boot_info *bi)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		if (pgdat->node_start_pfn >= max_low_pfn) {
			pgdat->bdata = NULL;
			pr_info("Node %d: highmem only, no boot allocator\n", pgdat->node_id);
			continue;
		}
		setup_node_bootmem(pgdat);
	}
	/* Each bitmap reserved in the node that holds it, once all are up. */
	for_each_pgdat(pgdat) {
		const bootmem_data_t *b = pgdat->bdata;

		if (b)
			reserve_bootmem(PFN_PHYS(b->node_bootmap_pfn),
					PFN_PHYS(bootmem_bootmap_pages(b->node_low_pfn -
								       pgdat->node_start_pfn)));
	}
	reserve_boot_data(bi);
}

/*
 * After paging_init(): a bitmap that had to start on another node moves
 * to its own node's memory, now mapped, when the node has room -- taken
 * from the node's own allocator, copied (its new pages' bits included),
 * the old pages freed where they were.  A node whose low memory is all
 * taken (boot modules, say) keeps it where it is, and says so.
 */
static void __init move_bootmem_bitmaps(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		bootmem_data_t *b = pgdat->bdata;
		unsigned long bytes, old;
		void *map;

		if (!b || !b->map_borrowed)
			continue;
		bytes = PFN_PHYS(bootmem_bootmap_pages(b->node_low_pfn - pgdat->node_start_pfn));
		map = bootmem_alloc_exact_nid_raw(bytes, PAGE_SIZE, 0, BOOTMEM_ALLOC_ACCESSIBLE,
						  pgdat->node_id);
		if (!map) {
			print_node_bootmem(pgdat, " (no room on the node: it stays there)");
			continue;
		}
		memcpy(map, b->node_bootmem_map, bytes);
		old = b->node_bootmap_pfn;
		b->node_bootmem_map = map;
		b->node_bootmap_pfn = PFN_DOWN(__pa(map));
		b->map_borrowed = false;
		free_bootmem(PFN_PHYS(old), bytes);
		print_node_bootmem(pgdat, " (moved to the node)");
	}
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

static void __init check_declared_ram(void)
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

static void __init setup_memory(const struct boot_info *bi)
{
	unsigned long image_end = PFN_UP(__pa(_end));

	find_max_pfn();
	max_low_pfn = find_max_low_pfn();
	check_mem_map_cost();
	check_declared_ram();
	highstart_pfn = highend_pfn = max_pfn;
	if (max_pfn > max_low_pfn)
		highstart_pfn = max_low_pfn;
	printk(KERN_NOTICE "%ldMB HIGHMEM available.\n", (long)(highend_pfn - highstart_pfn) >> 8);
	printk(KERN_NOTICE "%ldMB LOWMEM available.\n", (long)max_low_pfn >> 8);
	check_ram_size();
	memdump(MEMDUMP_MAP);

	if (!e820_range_is_ram(HIGH_MEMORY, PFN_PHYS(image_end)))
		panic("Kernel image at %#018llx-%#018llx is not in usable RAM",
		      HIGH_MEMORY, (unsigned long long)PFN_PHYS(image_end));
	setup_boot_modules(bi);
	initmem_init();
	if (numa_enabled)
		setup_bootmem_numa(bi);
	else
		setup_bootmem_uma(bi);
}

/*
 * QEMU's -kernel loader passes "FILE ARGS" (hw/i386/multiboot.c); GRUB
 * passes only the arguments.  The file name is not a parameter.
 */
static const char *__init kernel_args(const struct boot_info *bi)
{
	const char *s = bi->cmdline;

	if (strncmp(bi->loader_name, "qemu", 4))
		return s;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/*
 * The arguments, whole or not at all: a line of COMMAND_LINE_SIZE bytes or
 * more (2048, Linux's x86 limit) is refused, as a cut one would lose its
 * tail -- a memmap= reservation, say -- without a word.  The length is the
 * loader's string's, not our copy's.
 */
static void __init setup_command_line(const struct boot_info *bi)
{
	const char *args = kernel_args(bi);
	u32 len = bi->cmdline_len - (u32)(args - bi->cmdline);

	if (!bi->cmdline_whole || len >= COMMAND_LINE_SIZE)
		panic("Kernel command line is %s%u bytes, longer than the %d this kernel accepts (COMMAND_LINE_SIZE %d)",
		      bi->cmdline_whole ? "" : "at least ", len, COMMAND_LINE_SIZE - 1,
		      COMMAND_LINE_SIZE);
	/* Only a file name longer than a host path can be gets here. */
	if (bi->cmdline_len >= sizeof(bi->cmdline))
		panic("Boot loader's command line is %u bytes with the image's file name, longer than the %zu this kernel reads",
		      bi->cmdline_len, sizeof(bi->cmdline) - 1);
	memcpy(boot_command_line, args, len);
	boot_command_line[len] = '\0';
}

void __init setup_arch(u32 magic, u32 info_phys)
{
	struct boot_info *bi = &boot_info;

	if (parse_multiboot(bi, magic, info_phys))
		panic("Not booted by a Multiboot loader (magic %08x, info %08x)", magic, info_phys);
	setup_command_line(bi);
	pr_info("Booted by %s via %s\n", bi->loader_name[0] ? bi->loader_name : "(unnamed loader)",
		bi->protocol);
	parse_early_param();
	setup_memory_region(bi);
	if (user_defined_memmap)
		apply_user_memmap();
	acpi_table_init();
	setup_memory(bi);
	paging_init();
	if (numa_enabled)
		move_bootmem_bitmaps();
	zone_sizes_init();
	memdump(MEMDUMP_SETUP_ARCH);
}
