/*
 * Is there memory where memmap=nn@ss says there is?
 *
 * Linux believes memmap=nn@ss and so does setup_arch(); but where the
 * firmware's map has no RAM, a wrong word would surface much later as a
 * self-test or an allocation reading back what it never wrote, far from
 * its cause.  So before any allocator gets such a page it is probed: a
 * pattern written to its first word and the complement to its last, both
 * read back, the old values put back (Linux's arch/x86/mm/memtest.c
 * writes patterns over free memory for the same kind of reason).  Only
 * pages the firmware did not list as RAM are probed; a boot without
 * memmap=nn@ss probes nothing.
 *
 * Every page goes through FIX_BTMAP, a temporary mapping that reaches any
 * physical address the page tables can name (high memory, and above
 * 4 GiB with PAE), mapped uncached: a write-back line would answer the
 * read itself, memory or not (Intel SDM vol. 3A 11.3, "Methods of
 * Caching Available").  Writing the complement last also keeps a floating
 * bus, which may read back the last value driven on it, from passing the
 * first word.  Device memory that holds what is written (a frame buffer
 * in the PCI hole) passes, as it would for Linux; memory that aliases
 * other memory is not detected.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/fixmap.h>
#include <asm/memprobe.h>
#include <asm/pgtable.h>

#define PROBE_PATTERN	0x5aa5c33cU
#define LAST_WORD	(PAGE_SIZE / sizeof(u32) - 1)

/* One page; false, with what went wrong in *bad, if it did not hold the words. */
static bool __init probe_page(unsigned long pfn, struct ram_probe_failure *bad)
{
	volatile u32 *w = (volatile u32 *)__fix_to_virt(FIX_BTMAP);
	u32 pattern = PROBE_PATTERN ^ (u32)pfn;	/* not the page before's */
	u32 old_first, old_last, first, last;

	__set_fixmap(FIX_BTMAP, PFN_PHYS((phys_addr_t)pfn), PAGE_KERNEL_NOCACHE);
	old_first = w[0];
	old_last = w[LAST_WORD];
	w[0] = pattern;
	w[LAST_WORD] = ~pattern;
	first = w[0];
	last = w[LAST_WORD];
	w[0] = old_first;
	w[LAST_WORD] = old_last;
	if (first == pattern && last == ~pattern)
		return true;
	bad->addr = PFN_PHYS((phys_addr_t)pfn);
	bad->wrote = pattern;
	bad->read = first;
	if (first == pattern) {
		bad->addr += LAST_WORD * sizeof(u32);
		bad->wrote = ~pattern;
		bad->read = last;
	}
	return false;
}

/* Probe [start_pfn, end_pfn) in order; false at the first page that fails. */
bool __init probe_ram_range(unsigned long start_pfn, unsigned long end_pfn,
			    struct ram_probe_failure *bad)
{
	bool ok = true;

	for (unsigned long pfn = start_pfn; ok && pfn < end_pfn; pfn++)
		ok = probe_page(pfn, bad);
	clear_fixmap(FIX_BTMAP);
	return ok;
}
