/*
 * What the boot loader left: its blocks and its modules, recorded as early
 * reservations before anything is written (Gorman 5.2: whatever the loader
 * handed over must not be handed out again), and the table of modules the
 * kernel keeps during boot -- with room beside it for the names of
 * reserved pages (mm/reservations.c), since a module list has no bound.
 * Linux 2.6.30 reserves its one initrd the same way ("RAMDISK",
 * arch/x86/kernel/head32.c).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/reservations.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/setup_memory.h>

/*
 * The modules, as many as the loader was given: their table is placed in
 * RAM by setup_boot_modules(), with room beside it for the names of
 * reserved pages, and given back at the end of boot by
 * free_boot_module_table(), once the names have gone home.
 */
static struct boot_module *boot_modules __initdata;
static u32 __initdata nr_boot_modules;
static unsigned long __initdata table_pfn, table_pages;

/* A module that ends before it starts is no module: refuse the boot. */
static void __init check_boot_module(u32 i, const struct boot_module *m)
{
	if (m->end < m->start)
		panic("Boot module %u at %#018llx-%#018llx ends before it starts", i,
		      (unsigned long long)m->start, (unsigned long long)m->end);
}

static void __init widen(struct early_res *hull, u64 start, u64 end)
{
	if (end <= start)
		return;
	if (hull->end <= hull->start) {
		hull->start = start;
		hull->end = end;
		return;
	}
	hull->start = min(hull->start, start);
	hull->end = max(hull->end, end);
}

/*
 * Room in the record for every block the loader left, and a module table
 * and a bootmem bitmap per node to come.  A bigger record must keep clear
 * of blocks not recorded yet: the span of the modules, the span of their
 * strings, and each loader block -- one pass over the list, whatever its
 * length.
 */
static void __init early_res_room_for(const struct boot_info *bi)
{
	struct early_res ahead[2 + MAX_LOADER_BLOCKS] = { 0 };
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	u32 i = 0;

	while (next_boot_module(bi, &c, &m)) {
		check_boot_module(i++, &m);
		widen(&ahead[0], m.start, m.end);
		widen(&ahead[1], m.string, (u64)m.string + m.string_len);
	}
	for (int j = 0; j < bi->nr_ranges; j++)
		widen(&ahead[2 + j], bi->ranges[j].start, bi->ranges[j].end);
	early_res_room(2 * (unsigned long)bi->nr_modules + bi->nr_ranges + 1 + MAX_NUMNODES,
		       ahead, (int)ARRAY_SIZE(ahead));
}

/*
 * Every block the loader left, as early reservations: the modules, then
 * their strings, then the loader's own blocks -- the order their names
 * were given in when each was reserved on its own, which decides the name
 * of a page two of them share.
 */
static void __init reserve_early_boot_loader_data(const struct boot_info *bi)
{
	struct boot_module_cursor c = { 0 };
	struct boot_module m;

	early_res_room_for(bi);
	while (next_boot_module(bi, &c, &m))
		reserve_early(m.start, m.end, "boot modules");
	c.pos = 0;
	while (next_boot_module(bi, &c, &m))
		reserve_early(m.string, (u64)m.string + m.string_len, "boot loader data");
	for (int j = 0; j < bi->nr_ranges; j++)
		reserve_early(bi->ranges[j].start, bi->ranges[j].end, "boot loader data");
}

/*
 * Names for the pages reserved from the early reservations: each block (a
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
 * Take in the loader's modules, however many: every block the loader left
 * is recorded first (they are still unprotected, so nothing is written
 * before this is known), then the modules' table goes to the lowest free
 * pages below the 16 MiB mapped at boot, the modules are listed and
 * summed, and the reservation names move in beside them.  Impossible only
 * when no free run is long enough.
 */
void __init setup_boot_modules(const struct boot_info *bi)
{
	struct boot_module_cursor c = { 0 };
	u64 room = reservation_room(bi->nr_modules);
	u64 bytes = (u64)bi->nr_modules * sizeof(struct boot_module) + room * sizeof(struct reservation);
	u64 table = EARLY_AREA_NONE;

	/* A list too long for the mapped 16 MiB is refused before it is read. */
	if (bi->nr_modules && bytes >= BOOT_MAPPED_END)
		goto fits_nowhere;
	reserve_early_boot_loader_data(bi);
	if (!bi->nr_modules)
		return;
	table = find_early_area(0, BOOT_MAPPED_END, PFN_PHYS(PFN_UP(bytes)), PAGE_SIZE);
	if (table == EARLY_AREA_NONE)
		goto fits_nowhere;
	table_pfn = (unsigned long)PFN_DOWN(table);
	table_pages = (unsigned long)PFN_UP(bytes);
	reserve_early(table, PFN_PHYS((u64)table_pfn + table_pages), "boot module table");
	boot_modules = __va(table);
	while (nr_boot_modules < bi->nr_modules &&
	       next_boot_module(bi, &c, &boot_modules[nr_boot_modules])) {
		printk(KERN_DEBUG "boot module %u: %#018llx-%#018llx\n", nr_boot_modules,
		       (unsigned long long)boot_modules[nr_boot_modules].start,
		       (unsigned long long)boot_modules[nr_boot_modules].end);
		nr_boot_modules++;
	}
	sum_boot_modules(boot_modules, nr_boot_modules);
	move_reservations((struct reservation *)(boot_modules + bi->nr_modules), (int)room);
	return;
fits_nowhere:
	panic("Boot modules: %u, but their table (%llu KiB) fits nowhere in usable RAM below the %lluMB mapped at boot",
	      bi->nr_modules, (unsigned long long)DIV_ROUND_UP(bytes, 1024), BOOT_MAPPED_END >> 20);
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
	boot_free_late(PFN_PHYS(table_pfn), PFN_PHYS(pages));
	printk(KERN_INFO "Freeing boot module table: %luk freed\n", pages << (PAGE_SHIFT - 10));
	return pages;
}

/*
 * A module must sit in RAM, or nothing protects it; and in low memory:
 * bootmem covers low memory only, and a module reaching into high memory
 * would be handed to the buddy allocator by mem_init() (2.4 refuses an
 * initrd there too).  Asked when the boot allocator takes the early
 * reservations, which reserve only what is RAM below max_low_pfn.
 */
void __init check_boot_modules(void)
{
	for (u32 i = 0; i < nr_boot_modules; i++) {
		const struct boot_module *m = &boot_modules[i];

		if (m->end == m->start)
			continue;
		if (!e820_range_is_ram(m->start, m->end))
			panic("Boot module at %#018llx-%#018llx is not in usable RAM",
			      (unsigned long long)m->start, (unsigned long long)m->end);
		if (m->end > (u64)PFN_PHYS(max_low_pfn))
			panic("Boot module at %#018llx-%#018llx reaches above low memory (%#018llx)",
			      (unsigned long long)m->start, (unsigned long long)m->end,
			      (unsigned long long)PFN_PHYS(max_low_pfn));
	}
}

/*
 * What the loader handed over stays ours: every module, whole, and the
 * low-memory RAM pages of each of its blocks, once each.  Never freed: no
 * module's memory reaches the buddy allocator.  Said once the boot
 * allocator has taken the early reservations.
 */
void __init print_boot_loader_data(const struct boot_info *bi)
{
	pr_info("%s: %u modules, %lu pages reserved; boot loader data %lu pages\n",
		bi->version == 2 ? "multiboot2" : "multiboot", nr_boot_modules,
		early_res_pages("boot modules"), early_res_pages("boot loader data"));
}
