/*
 * setup_arch(): what the boot loader told us becomes the kernel's picture
 * of physical memory (Gorman 2.x and 5.x; Linux 2.4 arch/i386/kernel/setup.c).
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bootmem.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/meminit.h>
#include <asm/setup.h>
#include <asm/sections.h>

struct boot_info boot_info __initdata;


#define HIGH_MEMORY		0x100000ULL	/* where the kernel is loaded */
#define BOOT_MAPPED_END		(16ULL << 20)	/* what head.asm maps */
#define MIN_RAM_KB		(12UL << 10)

static bool __initdata user_defined_memmap;
static u64 __initdata mem_limit;		/* mem=, 0 = none */
#define HIGHMEM_UNSET	(~0ULL)
static u64 __initdata highmem_pages = HIGHMEM_UNSET;	/* highmem=, in pages */
static struct e820map __initdata user_map;	/* memmap= edits, applied in order */

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
	if (start + size < start) {
		pr_err("memmap=%s: the range ends past 2^64\n", arg);
		return -1;
	}
	if (!e820_add_region(&user_map, start, size, type)) {
		pr_err("memmap=%s: more than %d memmap= entries\n", arg, E820MAX);
		return -1;
	}
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
	return 0;
}
early_param("highmem", parse_highmem);

/*
 * No map from the loader: make one from the BIOS's "88"/"e801" sizes that
 * Multiboot passes as mem_lower/mem_upper, as 2.4 falls back to them.
 */
static void __init e820_from_meminfo(const struct boot_info *bi, struct e820map *m)
{
	m->nr_map = 0;
	e820_add_region(m, 0, (u64)bi->mem_lower << 10, E820_RAM);
	e820_add_region(m, 0x100000, (u64)bi->mem_upper << 10, E820_RAM);
}

static bool __init map_has_ram(const struct e820map *m)
{
	for (int i = 0; i < m->nr_map; i++)
		if (m->map[i].type == E820_RAM && m->map[i].size)
			return true;
	return false;
}

static void __init setup_memory_region(const struct boot_info *bi)
{
	e820 = bi->map;
	if (bi->map_truncated)
		pr_warn("e820: the boot loader's map has more than %d entries; the rest were dropped\n",
			E820MAX);
	sanitize_e820_map(e820.map, &e820.nr_map);
	if (!map_has_ram(&e820)) {
		if (!bi->have_meminfo)
			panic("No memory map and no memory sizes from the boot loader");
		pr_info("e820: no usable memory map from the boot loader, using mem_lower/mem_upper\n");
		e820_from_meminfo(bi, &e820);
		sanitize_e820_map(e820.map, &e820.nr_map);
	} else {
		pr_info("e820: memory map from the %s\n", bi->map_source);
	}
	e820_clip_legacy_hole(&e820);
	pr_info("BIOS-provided physical RAM map:\n");
	print_memory_map(&e820, "BIOS-e820");
}

/* Drop RAM at and above limit: the part of an entry that crosses it too. */
static void __init e820_limit_ram(struct e820map *m, u64 limit)
{
	for (int i = 0; i < m->nr_map; i++) {
		struct e820entry *e = &m->map[i];

		if (e->type != E820_RAM || e->addr + e->size <= limit)
			continue;
		e->size = e->addr >= limit ? 0 : limit - e->addr;
	}
}

/*
 * memmap=nn@ss is the user's word that RAM is there.  Where the firmware's
 * map says nothing, it is obeyed, as in Linux; where the firmware reserved
 * the range, the higher type wins and it stays reserved.  Either way, say
 * so, naming the range: if the word was wrong, the first touch of that
 * memory misbehaves far from its cause.  The firmware map is sorted and
 * disjoint here.
 */
static void __init warn_ram(u64 start, u64 end, const struct e820entry *e)
{
	char type[24];

	if (e)
		pr_warn("memmap: [mem %#018llx-%#018llx] declared usable, but the firmware map has it %s: it stays so\n",
			(unsigned long long)start, (unsigned long long)end - 1,
			e820_type_name(e->type, type, sizeof(type)));
	else
		pr_warn("memmap: [mem %#018llx-%#018llx] declared usable, but the firmware map has no RAM there\n",
			(unsigned long long)start, (unsigned long long)end - 1);
}

static void __init warn_ram_not_in_firmware_map(const struct e820entry *u)
{
	u64 pos = u->addr, end = u->addr + u->size;

	for (int i = 0; i < e820.nr_map && pos < end; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 e_end = e->addr + e->size;

		if (e_end <= pos)
			continue;
		if (e->addr >= end)
			break;
		if (e->addr > pos)
			warn_ram(pos, e->addr, NULL);
		if (e->type != E820_RAM)
			warn_ram(max(pos, e->addr), min(end, e_end), e);
		pos = e_end;
	}
	if (pos < end)
		warn_ram(pos, end, NULL);
}

/* memmap= entries join the map; where they overlap it, the higher type wins. */
static void __init apply_user_memmap(void)
{
	for (int i = 0; i < user_map.nr_map; i++)
		if (user_map.map[i].type == E820_RAM)
			warn_ram_not_in_firmware_map(&user_map.map[i]);
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
	pr_info("user-defined physical RAM map:\n");
	print_memory_map(&e820, "user");
}

static void __init find_max_pfn(void)
{
	unsigned long start, end;

	max_pfn = 0;
	for (int i = 0; i < e820.nr_map; i++)
		if (e820_ram_pfns(&e820.map[i], &start, &end) && end > max_pfn)
			max_pfn = end;
}

static bool __init ram_above_4g(void)
{
	for (int i = 0; i < e820.nr_map; i++)
		if (e820.map[i].type == E820_RAM &&
		    e820.map[i].addr + e820.map[i].size > (u64)E820_MAX_PFN << PAGE_SHIFT)
			return true;
	return false;
}

/*
 * 2.4's find_max_low_pfn(): 896 MiB of low memory, highmem= moves the line.
 * highmem= is compared in 64 bits: a size larger than the machine is
 * reported with the value the user wrote, never truncated into range.
 */
static unsigned long __init find_max_low_pfn(void)
{
	unsigned long low = max_pfn;

	if (ram_above_4g()) {
		printk(KERN_WARNING "Warning only 4GB will be used.\n");
		printk(KERN_WARNING "Use a PAE enabled kernel.\n");
	}
	if (low > MAXMEM_PFN) {
		u64 avail = max_pfn - MAXMEM_PFN;

		if (highmem_pages == HIGHMEM_UNSET)
			highmem_pages = avail;
		if (highmem_pages < avail)
			max_pfn = MAXMEM_PFN + (unsigned long)highmem_pages;
		if (highmem_pages > avail) {
			printk(KERN_WARNING "only %luMB highmem pages available, ignoring highmem size of %lluMB.\n",
			       (max_pfn - MAXMEM_PFN) >> 8, (unsigned long long)highmem_pages >> 8);
			highmem_pages = 0;
		}
		return MAXMEM_PFN;
	}
	if (highmem_pages == HIGHMEM_UNSET)
		highmem_pages = 0;
	if (highmem_pages >= max_pfn) {
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

/* Is all of [start, end) inside one usable entry? */
static bool __init range_is_ram(u64 start, u64 end)
{
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		if (e->type == E820_RAM && start >= e->addr && end <= e->addr + e->size)
			return true;
	}
	return false;
}

static void __init register_bootmem_low_pages(unsigned long max_low)
{
	unsigned long pos = 0, curr_pfn, last_pfn;

	while (e820_next_ram_range(&pos, max_low, &curr_pfn, &last_pfn))
		free_bootmem(PFN_PHYS(curr_pfn), PFN_PHYS(last_pfn - curr_pfn));
}

/* Was page a already covered by range i's predecessors or the image? */
static bool __init page_claimed(const struct boot_info *bi, int i, u64 a, u64 image_end)
{
	if (a >= HIGH_MEMORY && a < image_end)
		return true;
	for (int j = 0; j < i; j++)
		if (a >= (bi->ranges[j].start & PAGE_MASK) && a < bi->ranges[j].end)
			return true;
	return false;
}

/*
 * What the loader handed over stays ours: reserve the low-memory RAM pages
 * of each block, once each (blocks may share pages).  A module must sit in
 * RAM, or nothing protects it.
 */
static void __init reserve_boot_loader_data(const struct boot_info *bi, u64 image_end)
{
	for (int i = 0; i < bi->nr_ranges; i++) {
		const struct boot_range *r = &bi->ranges[i];
		u64 end = min(r->end, (u64)PFN_PHYS(max_low_pfn));

		if (!strcmp(r->what, "module") && !range_is_ram(r->start, r->end))
			panic("Boot module at %#llx-%#llx is not in usable RAM",
			      (unsigned long long)r->start, (unsigned long long)r->end);
		/*
		 * Bootmem covers low memory only; a module reaching into high
		 * memory would be handed to the buddy allocator by mem_init()
		 * (2.4 refuses an initrd there too).
		 */
		if (!strcmp(r->what, "module") && r->end > (u64)PFN_PHYS(max_low_pfn))
			panic("Boot module at %#llx-%#llx reaches above low memory (%#llx)",
			      (unsigned long long)r->start, (unsigned long long)r->end,
			      (unsigned long long)PFN_PHYS(max_low_pfn));
		for (u64 a = r->start & PAGE_MASK; a < end; a += PAGE_SIZE)
			if (page_is_ram(PFN_DOWN(a)) && !page_claimed(bi, i, a, image_end)) {
				reserve_bootmem((phys_addr_t)a, PAGE_SIZE);
				note_reservation(PFN_DOWN(a), PFN_DOWN(a) + 1, "boot loader data");
			}
	}
}

static void __init check_ram_size(void)
{
	unsigned long kb = e820_ram_pages(0, max_low_pfn) << (PAGE_SHIFT - 10);

	if (kb < MIN_RAM_KB)
		panic("Too little RAM: %luk usable low memory, handover needs at least %luk",
		      kb, MIN_RAM_KB);
}

/*
 * Boot modules are the loader's data we must not write over.  A checksum
 * of each, taken before anything else is placed in memory, lets the
 * self-tests prove they survived setup_arch() (Adler-32, RFC 1950).
 */
static u32 __initdata module_sum[MAX_BOOT_RANGES];

static u32 __init adler32_phys(u64 start, u64 end)
{
	static u8 __initdata chunk[PAGE_SIZE];
	u32 a = 1, b = 0;

	for (u64 p = start; p < end; p += sizeof(chunk)) {
		size_t n = (size_t)min(end - p, (u64)sizeof(chunk));

		if (copy_from_phys(chunk, p, n))
			return 0;
		for (size_t i = 0; i < n; i++) {
			a = (a + chunk[i]) % 65521;
			b = (b + a) % 65521;
		}
	}
	return (b << 16) | a;
}

static void __init sum_boot_modules(const struct boot_info *bi)
{
	for (int i = 0; i < bi->nr_ranges; i++)
		if (!strcmp(bi->ranges[i].what, "module"))
			module_sum[i] = adler32_phys(bi->ranges[i].start, bi->ranges[i].end);
}

/* Modules whose contents changed since boot; -1 if there are none at all. */
int __init boot_modules_changed(void)
{
	int changed = 0, seen = 0;

	for (int i = 0; i < boot_info.nr_ranges; i++) {
		const struct boot_range *r = &boot_info.ranges[i];

		if (strcmp(r->what, "module"))
			continue;
		seen++;
		if (adler32_phys(r->start, r->end) != module_sum[i]) {
			pr_err("boot module at %#llx-%#llx was overwritten\n",
			       (unsigned long long)r->start, (unsigned long long)r->end);
			changed++;
		}
	}
	return seen ? changed : -1;
}

/* Does [start, start + pages) stay clear of every boot loader block? */
static bool __init clear_of_boot_data(const struct boot_info *bi, unsigned long start,
				      unsigned long pages)
{
	for (int i = 0; i < bi->nr_ranges; i++)
		if (PFN_DOWN(bi->ranges[i].start) < start + pages &&
		    PFN_UP(bi->ranges[i].end) > start)
			return false;
	return true;
}

static bool __init bootmap_fits(const struct boot_info *bi, unsigned long start,
				unsigned long pages)
{
	unsigned long image = PFN_DOWN(HIGH_MEMORY), image_end = PFN_UP(__pa(_end));

	return start && PFN_PHYS(start + pages) <= BOOT_MAPPED_END &&
	       (start + pages <= image || start >= image_end) &&
	       range_is_ram(PFN_PHYS(start), PFN_PHYS(start + pages)) &&
	       clear_of_boot_data(bi, start, pages);
}

/*
 * Where the bootmem bitmap goes: right after the kernel image, as in 2.4,
 * unless the boot loader left something there -- QEMU puts its info block
 * and the modules on the pages after the image, and the bitmap is written
 * (all ones) before those are reserved.  Then the lowest gap below the
 * 16 MiB mapped at boot that is RAM and clear of the loader's blocks, as
 * 2.6's find_e820_area() looks for one: after a block, or at the start of
 * a RAM entry.  0 if there is none.
 */
static unsigned long __init find_bootmap_start(const struct boot_info *bi, unsigned long pages)
{
	unsigned long best = 0, start, end;

	if (bootmap_fits(bi, PFN_UP(__pa(_end)), pages))
		return PFN_UP(__pa(_end));
	for (int i = 0; i < bi->nr_ranges; i++) {
		unsigned long c = PFN_UP(bi->ranges[i].end);

		if (bootmap_fits(bi, c, pages) && (!best || c < best))
			best = c;
	}
	for (int i = 0; i < e820.nr_map; i++) {
		if (!e820_ram_pfns(&e820.map[i], &start, &end))
			continue;
		start = max(start, 1UL);	/* page 0 stays reserved */
		if (bootmap_fits(bi, start, pages) && (!best || start < best))
			best = start;
	}
	return best;
}

/*
 * 2.4's setup_memory(): size memory, put the bootmem bitmap after the
 * kernel image, free the usable RAM into it and reserve what is in use.
 */
static void __init setup_memory(const struct boot_info *bi)
{
	unsigned long image_end = PFN_UP(__pa(_end)), map_pfn, map_pages;
	unsigned long bootmap_size;

	find_max_pfn();
	max_low_pfn = find_max_low_pfn();
	highstart_pfn = highend_pfn = max_pfn;
	if (max_pfn > max_low_pfn)
		highstart_pfn = max_low_pfn;
	printk(KERN_NOTICE "%ldMB HIGHMEM available.\n", (long)(highend_pfn - highstart_pfn) >> 8);
	printk(KERN_NOTICE "%ldMB LOWMEM available.\n", (long)max_low_pfn >> 8);
	check_ram_size();

	if (!range_is_ram(HIGH_MEMORY, PFN_PHYS(image_end)))
		panic("Kernel image at %#llx-%#llx is not in usable RAM",
		      HIGH_MEMORY, (unsigned long long)PFN_PHYS(image_end));
	map_pages = bootmem_bootmap_pages(max_low_pfn);
	map_pfn = find_bootmap_start(bi, map_pages);
	if (!map_pfn)
		panic("bootmem bitmap (%lu pages) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      map_pages, BOOT_MAPPED_END >> 20);

	bootmap_size = init_bootmem(map_pfn, max_low_pfn);
	register_bootmem_low_pages(max_low_pfn);
	reserve_bootmem((phys_addr_t)HIGH_MEMORY, PFN_PHYS(image_end) - (phys_addr_t)HIGH_MEMORY);
	note_reservation(PFN_DOWN(HIGH_MEMORY), image_end, "kernel image");
	reserve_bootmem(PFN_PHYS(map_pfn), bootmap_size);	/* freed by free_all_bootmem() */
	reserve_bootmem(0, PAGE_SIZE);	/* the BIOS data area, and NULL */
	note_reservation(0, 1, "page 0");
	reserve_boot_loader_data(bi, PFN_PHYS(image_end));
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

void __init setup_arch(u32 magic, u32 info_phys)
{
	struct boot_info *bi = &boot_info;

	if (parse_multiboot(bi, magic, info_phys))
		panic("Not booted by a Multiboot loader (magic %08x, info %08x)", magic, info_phys);
	strlcpy(boot_command_line, kernel_args(bi), sizeof(boot_command_line));
	pr_info("Booted by %s via %s\n", bi->loader_name[0] ? bi->loader_name : "(unnamed loader)",
		bi->protocol);
	sum_boot_modules(bi);
	parse_early_param();
	setup_memory_region(bi);
	if (user_defined_memmap)
		apply_user_memmap();
	setup_memory(bi);
	paging_init();
	zone_sizes_init();
}
