/*
 * setup_arch(): what the boot loader told us becomes the kernel's picture
 * of physical memory (Gorman 2.x and 5.x; Linux 2.4 arch/i386/kernel/setup.c).
 * Each step is a file of its own (asm/setup_memory.h); this one keeps the
 * order, as Linux's setup.c keeps setup_arch().
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memdump.h>
#include <linux/string.h>
#include <linux/boot_allocator.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/meminit.h>
#include <asm/numa.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/setup_memory.h>

struct boot_info boot_info __initdata;

#define HIGH_MEMORY		0x100000ULL	/* where the kernel is loaded */

/*
 * The kernel image, reserved early section by section (linker.ld
 * page-aligns each; Linux 2.6.30's i386_start_kernel() reserves "TEXT DATA
 * BSS" the same way), so the record of reasons says which part of the
 * image a page holds -- and free_initmem() can give back exactly the
 * "kernel init" pages, name and all.  .boot (the Multiboot headers and
 * startup_32) counts as code.
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

		reserve_early(start, end, parts[i].why);
		start = end;
	}
}

/*
 * 2.4's setup_memory(): size memory, record what is in use before any
 * allocator exists -- the image, page 0, what the loader left -- and start
 * the boot allocator, which takes that record in one call.
 */
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
	reserve_kernel_image();
	reserve_early(0, PAGE_SIZE, "page 0");	/* the BIOS data area, and NULL */
	setup_boot_modules(bi);
	initmem_init();
	if (using_memblock())
		setup_memblock_allocator(bi);
	else
		setup_bootmem_allocator(bi);
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
	apply_user_memmap();
	acpi_table_init();
	setup_memory(bi);
	paging_init();
	if (using_memblock())
		memblock_map_low_memory();
	else if (numa_enabled)
		move_bootmem_bitmaps();
	zone_sizes_init();
	memdump(MEMDUMP_SETUP_ARCH);
}
