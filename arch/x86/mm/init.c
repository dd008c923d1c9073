/*
 * Page tables and zones for low memory (Linux 2.4 arch/i386/mm/init.c).
 * mem_init(), which retires bootmem, joins this file with the buddy
 * allocator.
 */
#include <linux/bootmem.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>

unsigned long highstart_pfn, highend_pfn;
unsigned long *pkmap_page_table;
static bool __initdata cpu_has_pse;

/* One page table from bootmem, mapping 4 MiB of low memory from pfn. */
static unsigned long __init one_page_table(unsigned long pfn, unsigned long end_pfn)
{
	unsigned long *pte = alloc_bootmem_low_pages(PAGE_SIZE);

	for (unsigned long i = 0; i < PTRS_PER_PTE && pfn + i < end_pfn; i++)
		pte[i] = (unsigned long)PFN_PHYS(pfn + i) | _PAGE_PRESENT | _PAGE_RW;
	return (unsigned long)__pa(pte) | _KERNPG_TABLE;
}

/*
 * Map [0, max_low_pfn) at PAGE_OFFSET: 4 MiB pages where the CPU has PSE
 * (Intel SDM 4.3, "PS" in the PDE) and the whole 4 MiB is low memory, page
 * tables from bootmem otherwise.  The boot tables for the first 16 MiB
 * stay in use until the new entries replace them.
 */
static void __init kernel_physical_mapping_init(void)
{
	unsigned long pgd = PAGE_OFFSET >> PGDIR_SHIFT;

	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn += PTRS_PER_PTE, pgd++) {
		if (cpu_has_pse && pfn + PTRS_PER_PTE <= max_low_pfn)
			swapper_pg_dir[pgd] = (unsigned long)PFN_PHYS(pfn) | _PAGE_PRESENT |
					      _PAGE_RW | _PAGE_PSE;
		else
			swapper_pg_dir[pgd] = one_page_table(pfn, max_low_pfn);
	}
}

/* The permanent kmap window: one page table, empty until kmap() (Gorman 9.1). */
static void __init permanent_kmaps_init(void)
{
	unsigned long *pte = alloc_bootmem_low_pages(PAGE_SIZE);

	swapper_pg_dir[PKMAP_BASE >> PGDIR_SHIFT] = (unsigned long)__pa(pte) | _KERNPG_TABLE;
	pkmap_page_table = pte;
}

void __init paging_init(void)
{
	cpu_has_pse = cpuid_edx(1) & X86_FEATURE_PSE;
	if (cpu_has_pse)
		write_cr4(read_cr4() | X86_CR4_PSE);
	kernel_physical_mapping_init();
	permanent_kmaps_init();
	__flush_tlb();
	pr_info("paging_init: %luMB low memory mapped at %08lx with %s\n",
		max_low_pfn >> 8, PAGE_OFFSET, cpu_has_pse ? "4MB pages" : "4KB pages");
}

/* ZONE_DMA below 16 MiB, ZONE_NORMAL to max_low_pfn, the rest highmem. */
void __init zone_sizes_init(void)
{
	unsigned long zones_size[MAX_NR_ZONES] = { 0 };
	unsigned long max_dma = MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT;
	unsigned long low = max_low_pfn;

	if (low < max_dma) {
		zones_size[ZONE_DMA] = low;
	} else {
		zones_size[ZONE_DMA] = max_dma;
		zones_size[ZONE_NORMAL] = low - max_dma;
	}
	zones_size[ZONE_HIGHMEM] = highend_pfn - highstart_pfn;
	free_area_init(zones_size);
}
