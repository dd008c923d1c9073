/*
 * How much memory the kernel uses and where low memory ends: 2.4's
 * find_max_pfn() and find_max_low_pfn() (arch/i386/kernel/setup.c; Linux
 * 2.6.2x find_low_pfn_range() in arch/x86/mm/init_32.c), with highmem=
 * that moves the line, and the checks that the result can be booted:
 * mem_map fits in low memory, and there is enough of it (Gorman 2.x).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/bootmem.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup_memory.h>

#define MIN_RAM_KB		(12UL << 10)

#define HIGHMEM_UNSET	(~0ULL)
static u64 __initdata highmem_pages = HIGHMEM_UNSET;	/* highmem=, in pages */

/*
 * highmem=nn[KMG]: the size of ZONE_HIGHMEM, read in 64 bits (a value
 * that wrapped would be obeyed as a different one); find_max_low_pfn()
 * applies it, and the last one given wins, as in Linux.
 */
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

/*
 * 2.4's find_max_pfn(), and one limit 2.4 did not need: RAM the CPU cannot
 * address.  A PAE entry naming a frame at or above 1 << MAXPHYADDR sets
 * reserved bits, and the walk that meets it faults (Intel SDM vol. 3A
 * 4.4.2, 4.7 "RSVD"); verify_cpu measured the width.  Only the PAE kernel
 * can meet this: every CPU decodes 32 bits.
 */
void __init find_max_pfn(void)
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
unsigned long __init find_max_low_pfn(void)
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
void __init check_mem_map_cost(void)
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

void __init check_ram_size(void)
{
	unsigned long kb = e820_ram_pages(0, max_low_pfn) << (PAGE_SHIFT - 10);

	if (kb < MIN_RAM_KB)
		panic("Too little RAM: %luk usable low memory, handover needs at least %luk",
		      kb, MIN_RAM_KB);
}
