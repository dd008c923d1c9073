/*
 * memblock's set-up, as Linux 6.x's setup_arch() does it on x86
 * (e820__memblock_setup() in arch/x86/kernel/e820.c, numa_init() in
 * arch/x86/mm/numa.c), for boot_allocator=memblock: the RAM the e820 map
 * says there is becomes memblock.memory, each range given its node as the
 * SRAT says, and the early reservations -- the image, page 0, what the
 * boot loader left -- become memblock.reserved, named in the same record
 * bootmem's are (bootmem_setup.c does the same for bootmem).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/boot_allocator.h>
#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/setup_memory.h>

/*
 * Every e820 RAM page below max_pfn, high memory too (memblock, unlike
 * bootmem, knows all of memory; what it allocates stays below
 * current_limit, and memblock_free_all() frees only below max_low_pfn).
 * Whole pages, as Linux's memblock_trim_memory(PAGE_SIZE) leaves them.
 */
static void __init e820_memblock_setup(void)
{
	unsigned long pos = 0, rs, re;

	while (e820_next_ram_range(&pos, max_pfn, &rs, &re))
		memblock_add(PFN_PHYS((u64)rs), PFN_PHYS((u64)(re - rs)));
}

/*
 * The node of each memory region: the nodes initmem_init() brought online
 * from the SRAT (or numa=fake), or node 0 for all of it (Linux's
 * dummy_numa_init()).  memblock_alloc_try_nid() then finds a node's own
 * memory by these ids.
 */
static void __init memblock_set_nodes(void)
{
	pg_data_t *pgdat;

	if (!numa_enabled) {
		memnodemap_reset();
		node_set_online(0);
		memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, 0);
		return;
	}
	for_each_pgdat(pgdat)
		memblock_set_node(PFN_PHYS((u64)pgdat->node_start_pfn),
				  PFN_PHYS((u64)pgdat->node_spanned_pages), &memblock.memory,
				  pgdat->node_id);
}

/*
 * Before paging_init() only the 16 MiB head.asm maps can be written, so
 * memblock allocates below that (Linux raises current_limit the same way
 * as init_mem_mapping() maps more); memblock_map_low_memory() lifts it.
 */
void __init setup_memblock_allocator(const struct boot_info *bi)
{
	memblock_reset();
	memblock_set_current_limit(BOOT_MAPPED_END);
	e820_memblock_setup();
	memblock_set_nodes();
	check_boot_modules();
	early_res_to_bootmem(0, PFN_PHYS((u64)max_low_pfn));
	print_boot_loader_data(bi);
	early_res_discard();
	memblock_allow_resize();
	pr_info("memblock: %s, memory %pa in %lu regions, reserved %pa in %lu regions\n",
		memblock_bottom_up() ? "bottom-up" : "top-down", &memblock.memory.total_size,
		memblock.memory.cnt, &memblock.reserved.total_size, memblock.reserved.cnt);
	if (memblock_debug)
		memblock_dump_all();
}

/* After paging_init(): all of low memory is mapped, and memblock may use it. */
void __init memblock_map_low_memory(void)
{
	memblock_set_current_limit(PFN_PHYS(max_low_pfn));
}
