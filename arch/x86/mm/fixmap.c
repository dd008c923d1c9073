/*
 * Fixmap slots, and reading physical memory that is not mapped yet.
 *
 * copy_from_phys() is how setup_arch() takes in what the boot loader left
 * anywhere in the first 4 GiB (Multiboot info, memory map, command line):
 * one page at a time through FIX_BTMAP, so nothing about where GRUB put
 * them matters, and nothing stays mapped afterwards.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/fixmap.h>
#include <asm/processor.h>
#include <asm/bootinfo.h>

/* Only inside the last page table: asm/fixmap.h checks that every slot is. */
static pte_t *fixmap_slot(enum fixed_addresses idx)
{
	return &fixmap_pte[pte_index(__fix_to_virt(idx))];
}

void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot)
{
	set_pte(fixmap_slot(idx), pfn_pte(PFN_DOWN(phys), prot));
	__flush_tlb_one(__fix_to_virt(idx));
}

void clear_fixmap(enum fixed_addresses idx)
{
	pte_clear(fixmap_slot(idx));
	__flush_tlb_one(__fix_to_virt(idx));
}

int copy_from_phys(void *dst, u64 src, size_t len)
{
	char *d = dst;

	if (src + len > 0x100000000ULL || src + len < src)
		return -1;
	while (len) {
		size_t off = (size_t)(src & (PAGE_SIZE - 1));
		size_t n = min(len, (size_t)PAGE_SIZE - off);

		set_fixmap(FIX_BTMAP, (phys_addr_t)src);
		memcpy(d, (void *)(__fix_to_virt(FIX_BTMAP) + off), n);
		d += n;
		src += n;
		len -= n;
	}
	clear_fixmap(FIX_BTMAP);
	return 0;
}
