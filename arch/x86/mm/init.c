/*
 * Page tables and the image (Linux 2.4 arch/i386/mm/init.c, Gorman
 * 5.5-5.6): paging_init() during setup_arch(); mem_init() hands over
 * through free_pages_init() (mem_init.c, with the zones) and counts the
 * image; free_initmem() at the end of boot gives back the .init section
 * -- the boot allocator's own code with it.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/poison.h>
#include <asm/bootinfo.h>
#include <asm/meminit.h>
#include <asm/pgalloc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/sections.h>

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
	pte_t *pte = boot_name_alloc(boot_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0, mapped,
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
	pte_t *pte = boot_name_alloc(boot_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0,
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
 * with 0xcc (int3) first (free_init_pages(), mem_init.c), so a stale call
 * into freed init code traps at once instead of running whatever the page
 * holds next.  On hardware that is a 4 KiB memset from the cache; under
 * QEMU's TCG it is most of the time spent here, because the pages hold
 * code QEMU translated (docs/performance.md, "Which figures hold only
 * under TCG").
 */
void free_initmem(void)
{
	u64 t0 = local_clock_ns();

	/* Boot-time data outside the image, read by .init code: it goes first. */
	totalram_pages += free_boot_module_table();
	free_init_pages(__init_begin, __init_end, POISON_FREE_INITMEM);
	if (initmem_unmap)
		unmap_initmem();
	/* Timed up to here, as memmap is: the serial console is not memory init. */
	meminit_timing.free_initmem_ns = local_clock_ns() - t0;
	printk(KERN_INFO "Freeing unused kernel memory: %luk freed\n",
	       (unsigned long)(__init_end - __init_begin) >> 10);
}
