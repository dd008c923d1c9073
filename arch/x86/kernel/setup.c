/*
 * setup_arch(): what the boot loader told us becomes the kernel's picture
 * of physical memory (Gorman 2.x and 5.x; Linux 2.4 arch/i386/kernel/setup.c).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/setup.h>

struct boot_info boot_info __initdata;

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

void __init setup_arch(u32 magic, u32 info_phys)
{
	struct boot_info *bi = &boot_info;

	if (parse_multiboot(bi, magic, info_phys))
		panic("Not booted by a Multiboot loader (magic %08x, info %08x)", magic, info_phys);
	strlcpy(boot_command_line, bi->cmdline, sizeof(boot_command_line));
	pr_info("Booted by %s via %s\n", bi->loader_name[0] ? bi->loader_name : "(unnamed loader)",
		bi->protocol);
	parse_early_param();
	setup_memory_region(bi);
}
