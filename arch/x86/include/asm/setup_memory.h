#ifndef _ASM_X86_SETUP_MEMORY_H
#define _ASM_X86_SETUP_MEMORY_H

#include <linux/types.h>
#include <asm/setup.h>

struct boot_info;

/*
 * setup_arch()'s picture of physical memory, a file for each step, in
 * the order setup_memory() (setup.c) takes them (Gorman 2.x and 5.x).
 */
#define BOOT_MAPPED_PAGES	((unsigned long)(BOOT_MAPPED_END >> PAGE_SHIFT))

/* memory_map.c: the loader's e820 map, mem= and memmap=, declared RAM probed. */
void setup_memory_region(const struct boot_info *bi);
void apply_user_memmap(void);
void check_declared_ram(void);

/* max_pfn.c: max_pfn, max_low_pfn and highmem=; can the result boot. */
void find_max_pfn(void);
unsigned long find_max_low_pfn(void);
void check_mem_map_cost(void);
void check_ram_size(void);

/* boot_modules.c: the loader's blocks as early reservations, the module table. */
void setup_boot_modules(const struct boot_info *bi);
void check_boot_modules(void);
void print_boot_loader_data(const struct boot_info *bi);

/* bootmem_setup.c: the boot allocator, UMA or per node, and its bitmaps' moves. */
void setup_bootmem_allocator(const struct boot_info *bi);
void move_bootmem_bitmaps(void);

/* memblock_setup.c: memblock instead (boot_allocator=memblock), and its limit raised. */
void setup_memblock_allocator(const struct boot_info *bi);
void memblock_map_low_memory(void);

#endif
