/*
 * Page tables, zones and the hand-over (Linux 2.4 arch/i386/mm/init.c,
 * Gorman 5.5-5.6): paging_init() and zone_sizes_init() during
 * setup_arch(); mem_init() retires the boot allocator into the buddy
 * allocator and releases high memory; free_initmem() at the end of boot
 * gives back the .init section -- the boot allocator's own code with it.
 */
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/poison.h>
#include <linux/reservations.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/meminit.h>
#include <asm/numa.h>
#include <asm/pgalloc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/sections.h>

unsigned long highstart_pfn, highend_pfn;
void *high_memory;
pte_t *pkmap_page_table;
static bool __initdata cpu_has_pse;

/* _PAGE_NX stays out of every entry until x86_configure_nx() lets it in. */
pteval_t __supported_pte_mask = ~_PAGE_NX;
static bool __initdata disable_nx;

/* noexec=on|off (Linux's): off keeps NX off on a CPU that has it. */
static int __init noexec_setup(char *str)
{
	static const char *const ways[] __initconst = { "on", "off", NULL };
	int i = get_choice_param("noexec", str, ways);

	if (i < 0)
		return -1;
	disable_nx = i == 1;
	return 0;
}
early_param("noexec", noexec_setup);

/*
 * EFER.NXE on, then _PAGE_NX into the mask, in that order: an entry with
 * bit 63 set while NXE is clear has a reserved bit set, and the walk that
 * meets it faults (Intel SDM vol. 3A 4.4.2, 4.6.2).  Only PAE entries
 * have the bit (_PAGE_NX is 0 on two levels), and EFER exists where
 * CPUID says NX does (SDM vol. 4, IA32_EFER).  Before any C code runs,
 * verify_cpu has read CPUID.80000001H into x86_capability[1].  Never
 * inlined: tests/harness/isa.py allows rdmsr/wrmsr under this name only.
 */
static __noinline void __init x86_configure_nx(void)
{
	u32 lo, hi;

	if (!_PAGE_NX || !boot_cpu_has(X86_FEATURE_NX) || disable_nx)
		return;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	lo |= EFER_NX;
	__asm__ __volatile__("wrmsr" : : "a"(lo), "d"(hi), "c"(MSR_EFER) : "memory");
	__supported_pte_mask |= _PAGE_NX;
}

/* Linux's x86_report_nx(), in its words. */
static void __init x86_report_nx(void)
{
	if (!boot_cpu_has(X86_FEATURE_NX))
		printk(KERN_NOTICE "Notice: NX (Execute Disable) protection missing in CPU!\n");
	else if (!_PAGE_NX)
		printk(KERN_NOTICE "Notice: NX (Execute Disable) protection cannot be enabled: non-PAE kernel!\n");
	else if (disable_nx)
		printk(KERN_INFO "NX (Execute Disable) protection: disabled by kernel command line option\n");
	else
		printk(KERN_INFO "NX (Execute Disable) protection: active\n");
}

/*
 * The code that runs after paging_init(): .text, and .init.text until
 * free_initmem() (the whole .init section, as Linux 2.6's is_kernel_text()
 * takes it).  Everything else in low memory is mapped no-execute.
 */
static bool __init is_kernel_text(unsigned long pfn)
{
	return (pfn >= PFN_DOWN(__pa(_text)) && pfn < PFN_UP(__pa(_etext))) ||
	       (pfn >= PFN_DOWN(__pa(__init_begin)) && pfn < PFN_UP(__pa(__init_end)));
}

/* A page table from bootmem for pmd: its PTRS_PER_PTE pages of low memory from pfn. */
/*
 * Mapping goes upward from pfn 0, each table in place as soon as it is
 * filled, so what is mapped when the table for pfn is made is the 16 MiB
 * head.asm mapped and everything below pfn: the table must come from
 * there (x86 caches no translation for an address that was not present).
 */
static void __init one_page_table(pmd_t *pmd, unsigned long pfn, unsigned long end_pfn)
{
	u64 mapped = max(BOOT_MAPPED_END, (u64)PFN_PHYS((u64)pfn));
	pte_t *pte = bootmem_name_alloc(bootmem_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0, mapped,
							      NUMA_NO_NODE), PAGE_SIZE, "page tables");

	for (unsigned long i = 0; i < PTRS_PER_PTE && pfn + i < end_pfn; i++)
		set_pte(pte + i, pfn_pte(pfn + i, is_kernel_text(pfn + i) ? PAGE_KERNEL_EXEC :
								    PAGE_KERNEL));
	set_pmd(pmd, __pmd(__pa(pte) | _KERNPG_TABLE));
}

/*
 * Map [0, max_low_pfn) at PAGE_OFFSET, one pmd (PTRS_PER_PTE pages) at a
 * time: a large page where the CPU has PSE (Intel SDM 4.3, "PS" in the
 * PDE) and the whole of it is low memory, a page table from bootmem
 * otherwise.  The pmds holding the kernel image always get page tables:
 * text and rodata are made read-only page by page after boot, the
 * stack's guard page is unmapped, and so, with initmem=unmap, is freed
 * .init.  The boot tables for the first 16 MiB stay in use until the new
 * entries replace them.
 */
static void __init kernel_physical_mapping_init(void)
{
	unsigned long image_end = PFN_UP(__pa(_end));

	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn += PTRS_PER_PTE) {
		unsigned long vaddr = (unsigned long)__va(PFN_PHYS(pfn));
		pmd_t *pmd = pmd_offset(pgd_offset_k(vaddr), vaddr);

		if (cpu_has_pse && pfn + PTRS_PER_PTE <= max_low_pfn && pfn >= image_end)
			set_pmd(pmd, pfn_pmd(pfn, PAGE_KERNEL_LARGE));
		else
			one_page_table(pmd, pfn, max_low_pfn);
	}
}

/* The permanent kmap window: one page table, empty until kmap() (Gorman 9.1). */
static void __init permanent_kmaps_init(void)
{
	pte_t *pte = bootmem_name_alloc(bootmem_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0,
							      PFN_PHYS((u64)max_low_pfn), NUMA_NO_NODE),
					PAGE_SIZE, "page tables");
	pmd_t *pmd = pmd_offset(pgd_offset_k(PKMAP_BASE), PKMAP_BASE);

	set_pmd(pmd, __pmd(__pa(pte) | _KERNPG_TABLE));
	pkmap_page_table = pte_offset_kernel(pmd, PKMAP_BASE);
}

void __init paging_init(void)
{
	/* Without PSE (an i486, QEMU's "base") every mapping uses 4 KiB pages. */
	cpu_has_pse = boot_cpu_has(X86_FEATURE_PSE);
	if (cpu_has_pse)
		cr4_set_bits(X86_CR4_PSE);
	x86_configure_nx();
	x86_report_nx();
	kernel_physical_mapping_init();
	permanent_kmaps_init();
	__flush_tlb();
	unmap_stack_guard();
	/* A large page is one pmd: 4 MiB on two levels, 2 MiB with PAE. */
	if (cpu_has_pse)
		pr_info("paging_init: %luMB low memory mapped at %08lx with %luMB pages\n",
			max_low_pfn >> 8, PAGE_OFFSET, PMD_SIZE >> 20);
	else
		pr_info("paging_init: %luMB low memory mapped at %08lx with 4KB pages\n",
			max_low_pfn >> 8, PAGE_OFFSET);
}

/*
 * ZONE_DMA below 16 MiB, ZONE_NORMAL to max_low_pfn, the rest highmem.
 * Like 2.4's i386 code we report no holes, so each zone's watermarks
 * follow its span as the book's figures do.  mem_map, a struct page for
 * every pfn of every zone, stays reserved for good, so it is allocated
 * here, named, and handed in: 2.4's free_area_init_core() takes a mem_map
 * from its caller and makes one only if none is given.  The time taken is
 * mostly initialising struct pages ("memmap").
 */
static void __init zone_sizes_init_uma(void)
{
	unsigned long zones_size[MAX_NR_ZONES] = { 0 };
	unsigned long max_dma = MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT;
	unsigned long low = max_low_pfn, pages = 0;

	if (low < max_dma) {
		zones_size[ZONE_DMA] = low;
	} else {
		zones_size[ZONE_DMA] = max_dma;
		zones_size[ZONE_NORMAL] = low - max_dma;
	}
	zones_size[ZONE_HIGHMEM] = highend_pfn - highstart_pfn;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		pages += zones_size[z];
	mem_map = bootmem_name_alloc(bootmem_alloc_try_nid_raw(pages * sizeof(struct page),
							       SMP_CACHE_BYTES, MAX_DMA_ADDRESS_PHYS,
							       BOOTMEM_ALLOC_ACCESSIBLE, 0),
				     pages * sizeof(struct page), "mem_map");
	free_area_init(zones_size);
}

/*
 * One node of a NUMA machine: its part of each zone, the holes in each
 * (so watermarks follow present pages), and its mem_map from its own low
 * memory -- or, for a node that holds only high memory, from low memory
 * wherever there is room (2.6's i386 NUMA remapped part of the node into
 * the kernel's address space instead; see docs/departures.md).
 */
static void __init zone_sizes_init_node(pg_data_t *pgdat)
{
	unsigned long limit[MAX_NR_ZONES] = {
		MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT, max_low_pfn, highend_pfn,
	};
	unsigned long zones_size[MAX_NR_ZONES], zholes[MAX_NR_ZONES];
	unsigned long start = pgdat->node_start_pfn, end = pgdat_end_pfn(pgdat), lo = start;
	struct page *map;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long hi = min(max(limit[z], lo), end);

		zones_size[z] = hi - lo;
		zholes[z] = zones_size[z] - ram_pages(lo, hi);
		lo = hi;
	}
	/* Page-aligned: no two nodes' maps share a page, so each page has one name. */
	map = bootmem_name_alloc(bootmem_alloc_try_nid_raw((end - start) * sizeof(struct page),
							   PAGE_SIZE, MAX_DMA_ADDRESS_PHYS,
							   BOOTMEM_ALLOC_ACCESSIBLE, pgdat->node_id),
				 (end - start) * sizeof(struct page), "mem_map");
	free_area_init_node(pgdat->node_id, pgdat, map, zones_size, start, zholes);
}

/*
 * The nodes after pgdat leave: high memory now ends with pgdat, whose
 * span stops at its last RAM page before end.  They are all highmem-only
 * (pgdat keeps its low memory), so none has a boot allocator to undo.
 */
static void __init cut_nodes_at(pg_data_t *pgdat, unsigned long end)
{
	unsigned long pos = pgdat->node_start_pfn, rs, re, last = pos;

	for (pg_data_t *next = pgdat->node_next; next; next = next->node_next)
		pr_warn("NUMA: node %d [mem %#018llx-%#018llx] left offline: no low memory for its mem_map\n",
			next->node_id, (unsigned long long)PFN_PHYS((u64)next->node_start_pfn),
			(unsigned long long)PFN_PHYS((u64)pgdat_end_pfn(next)) - 1);
	pgdat->node_next = NULL;
	while (e820_next_ram_range(&pos, end, &rs, &re))
		last = re;
	pgdat->node_spanned_pages = last - pgdat->node_start_pfn;
	pgdat->node_present_pages = ram_pages(pgdat->node_start_pfn, last);
	max_pfn = highend_pfn = last;
	if (highend_pfn < highstart_pfn)
		highstart_pfn = highend_pfn;
	/* Fewer, shorter nodes: a shift as coarse or coarser fits. */
	BUG_ON(!memnodemap_init());
}

/* The node before pgdat on pgdat_list (node 0 is never cut away). */
static pg_data_t *__init node_before(const pg_data_t *pgdat)
{
	pg_data_t *prev = pgdat_list;

	while (prev->node_next != pgdat)
		prev = prev->node_next;
	return prev;
}

/*
 * A node's mem_map is one piece of some node's low memory.  Where no
 * piece is left that holds it, high memory stops where what fits ends --
 * the node cut (or, if not a megabyte fits, left offline) and the nodes
 * after it offline -- with the numbers, as check_mem_map_cost() caps a
 * UMA machine; a node whose low memory alone does not fit is refused.
 * Linux 2.6's i386 NUMA remapped part of each node into the kernel's
 * space instead (docs/departures.md).  False: pgdat is offline now.
 */
static bool __init fit_node_mem_map(pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, spanned = pgdat->node_spanned_pages;
	unsigned long pages = PFN_UP((u64)spanned * sizeof(struct page)), room, fit, low;
	const pg_data_t *where;

	room = bootmem_largest_free_run(&where);
	if (pages <= room)
		return true;
	fit = ALIGN_DOWN(start + (unsigned long)(PFN_PHYS((u64)room) / sizeof(struct page)),
			 (1UL << 20) >> PAGE_SHIFT);
	low = min(pgdat_end_pfn(pgdat), max_low_pfn);
	if (start < low && fit < low)
		panic("Node %d: mem_map for [mem %#018llx-%#018llx] would take %luMB, and for its low memory alone %luMB; the largest free piece of low RAM is %luMB",
		      pgdat->node_id, (unsigned long long)PFN_PHYS((u64)start),
		      (unsigned long long)PFN_PHYS((u64)pgdat_end_pfn(pgdat)) - 1, pages >> 8,
		      (unsigned long)PFN_UP((u64)(low - start) * sizeof(struct page)) >> 8,
		      room >> 8);
	printk(KERN_WARNING "Node %d: mem_map for %luMB of RAM would take %luMB; the largest free piece of low RAM is %luMB: using %luMB of RAM, high memory ending at %luMB\n",
	       pgdat->node_id, spanned >> 8, pages >> 8, room >> 8,
	       fit > start ? (fit - start) >> 8 : 0, max(fit, start) >> 8);
	if (fit > start) {
		cut_nodes_at(pgdat, fit);
		return true;
	}
	pgdat = node_before(pgdat);
	cut_nodes_at(pgdat, pgdat_end_pfn(pgdat));
	return false;
}

static void __init print_node_memmap(const pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, end = pgdat_end_pfn(pgdat);
	u64 pa = __pa(pgdat->node_mem_map);

	pr_info("Node %d: mem_map [mem %#018llx-%#018llx] on node %d\n", pgdat->node_id,
		(unsigned long long)pa,
		(unsigned long long)(pa + (end - start) * sizeof(struct page) - 1),
		pfn_to_nid(PFN_DOWN(pa)));
	pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", pgdat->node_id,
		(unsigned long long)PFN_PHYS((u64)start), (unsigned long long)PFN_PHYS((u64)end) - 1);
}

/*
 * ZONE_DMA below 16 MiB, ZONE_NORMAL to max_low_pfn, the rest highmem.
 * Like 2.4's i386 code a UMA machine reports no holes, so each zone's
 * watermarks follow its span as the book's figures do.  mem_map, a
 * struct page for every pfn of every zone, stays reserved for good, so it
 * is allocated here, named, and handed in: 2.4's free_area_init_core()
 * takes a mem_map from its caller and makes one only if none is given.
 * The time taken is mostly initialising struct pages ("memmap").
 */
void __init zone_sizes_init(void)
{
	u64 t0 = local_clock_ns();
	pg_data_t *pgdat;

	if (!numa_enabled) {
		zone_sizes_init_uma();
	} else {
		for_each_pgdat(pgdat) {
			if (!fit_node_mem_map(pgdat))
				break;
			zone_sizes_init_node(pgdat);
		}
		build_all_zonelists();
	}
	meminit_timing.memmap_ns = local_clock_ns() - t0;
	/* The lines said as each node was set up, once the time is taken. */
	for_each_pgdat(pgdat) {
		if (numa_enabled)
			print_node_memmap(pgdat);
		print_zone_sizes(pgdat);
	}
}

/* ---- retiring bootmem (Gorman 5.5) ---- */

/* 2.4's one_highpage_init(): a hole stays reserved, RAM goes to the buddy. */
static void __init one_highpage_init(struct page *page, unsigned long pfn)
{
	if (!page_is_ram(pfn)) {
		SetPageReserved(page);
		return;
	}
	free_highmem_page(page);
}

/*
 * High memory was never in bootmem.  Each node's HighMem zone in turn:
 * bootmem_retire=page walks it downward a page at a time as 2.4 does
 * (Linux 6.1 still goes a page at a time, upward); the default has mm/
 * free each RAM run in maximal aligned blocks, listed as the downward
 * walk lists them (free_all_highmem_node(), mm/mm_init.c).
 */
static void __init set_highmem_pages_init(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		zone_t *zone = &pgdat->node_zones[ZONE_HIGHMEM];
		unsigned long start = zone->zone_start_pfn, end = start + zone->size;

		if (!zone->size)
			continue;
		if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE) {
			for (unsigned long pfn = end; pfn-- > start;)
				one_highpage_init(pfn_to_page(pfn), pfn);
			continue;
		}
		totalhigh_pages += free_all_highmem_node(pgdat);
	}
}

/*
 * The book's two ways (Gorman 5.5): free_all_bootmem() retires the one
 * node of a UMA machine; a NUMA machine retires each node that has a boot
 * allocator with free_all_bootmem_node(), its own bitmap included.
 */
static unsigned long __initdata node_retired[MAX_NUMNODES];

static unsigned long __init retire_bootmem(void)
{
	unsigned long pages = 0;
	pg_data_t *pgdat;

	if (!numa_enabled)
		return free_all_bootmem();
	for_each_pgdat(pgdat) {
		if (!pgdat->bdata)
			continue;
		node_retired[pgdat->node_id] = free_all_bootmem_node(pgdat);
		pages += node_retired[pgdat->node_id];
	}
	return pages;
}

/*
 * What each node gave, and the high memory each released (Linux 6.1's
 * "Initializing HighMem for node" line, which it prints before): printed
 * once the timed phases are over, so neither counts the serial console.
 */
static void __init print_retirement(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		const zone_t *high = &pgdat->node_zones[ZONE_HIGHMEM];

		if (numa_enabled && pgdat->bdata)
			printk(KERN_INFO "Node %d: free_all_bootmem_node: %lu pages\n",
			       pgdat->node_id, node_retired[pgdat->node_id]);
		else if (numa_enabled)
			printk(KERN_INFO "Node %d: highmem only, no boot allocator to retire\n",
			       pgdat->node_id);
		if (high->size)
			printk(KERN_INFO "Initializing HighMem for node %d (%08lx:%08lx)\n",
			       pgdat->node_id, high->zone_start_pfn,
			       high->zone_start_pfn + high->size);
	}
}

static unsigned long __init free_pages_init(void)
{
	struct meminit_timing *t = &meminit_timing;
	unsigned long reservedpages, calls = handover_free_calls;
	u64 t0 = local_clock_ns(), t1;

	t->lowmem_pages = retire_bootmem();
	t1 = local_clock_ns();
	t->lowmem_calls = handover_free_calls - calls;
	calls = handover_free_calls;
	/*
	 * 2.4 counts the reserved low pages in a pass over their struct pages
	 * (bootmem_retire=page still does).  Every low RAM page the release
	 * did not free is reserved, so the batch release has the number
	 * already: RAM below max_low_pfn less what it freed (the census at the
	 * end of boot checks the pages themselves).
	 */
	if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE)
		reservedpages = count_reserved_pages(max_low_pfn);
	else
		reservedpages = ram_pages(0, max_low_pfn) - t->lowmem_pages;
	set_highmem_pages_init();
	memmap_init_done();
	t->highmem_calls = handover_free_calls - calls;
	totalram_pages += t->lowmem_pages + totalhigh_pages;
	t->free_all_bootmem_ns = t1 - t0;
	t->highmem_ns = local_clock_ns() - t1;
	print_retirement();
	return reservedpages;
}

void __init mem_init(void)
{
	unsigned long reservedpages, codesize, datasize, initsize;

	BUG_ON(!mem_map);
	max_mapnr = num_physpages = highend_pfn;
	high_memory = __va(PFN_PHYS(max_low_pfn));
	reservedpages = free_pages_init();

	codesize = (unsigned long)(_etext - _text);
	datasize = (unsigned long)(_edata - _etext);
	initsize = (unsigned long)(__init_end - __init_begin);
	printk(KERN_INFO "Memory: %luk/%luk available (%luk kernel code, %luk reserved, "
	       "%luk data, %luk init, %luk highmem)\n",
	       nr_free_pages() << (PAGE_SHIFT - 10), max_mapnr << (PAGE_SHIFT - 10),
	       codesize >> 10, reservedpages << (PAGE_SHIFT - 10), datasize >> 10,
	       initsize >> 10, totalhigh_pages << (PAGE_SHIFT - 10));
}


/*
 * Not __init: this is the code that frees __init.  Each page is poisoned
 * with 0xcc (int3) first, as Linux's free_reserved_area() does with
 * POISON_FREE_INITMEM, so a stale call into freed init code traps at once
 * instead of running whatever the page holds next.  On hardware that is a
 * 4 KiB memset from the cache; under QEMU's TCG it is most of the time
 * spent here, because the pages hold code QEMU translated
 * (docs/performance.md, "free_initmem under TCG").
 */
void free_initmem(void)
{
	u64 t0 = local_clock_ns();

	/* Boot-time data outside the image, read by .init code: it goes first. */
	totalram_pages += free_boot_module_table();
	forget_reservation(PFN_DOWN(__pa(__init_begin)), PFN_DOWN(__pa(__init_end)));
	for (char *addr = __init_begin; addr < __init_end; addr += PAGE_SIZE) {
		struct page *page = virt_to_page(addr);

		memset(addr, POISON_FREE_INITMEM, PAGE_SIZE);
		free_reserved_page(page);
		totalram_pages++;
	}
	if (initmem_unmap)
		unmap_initmem();
	/* Timed up to here, as memmap is: the serial console is not memory init. */
	meminit_timing.free_initmem_ns = local_clock_ns() - t0;
	printk(KERN_INFO "Freeing unused kernel memory: %luk freed\n",
	       (unsigned long)(__init_end - __init_begin) >> 10);
}
