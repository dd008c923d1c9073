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

#define PTE_PRESENT_RW	0x003

extern unsigned long fixmap_pte[1024];

static unsigned long *fixmap_slot(enum fixed_addresses idx)
{
	return &fixmap_pte[(__fix_to_virt(idx) >> PAGE_SHIFT) & 1023];
}

void set_fixmap(enum fixed_addresses idx, phys_addr_t phys)
{
	*fixmap_slot(idx) = (unsigned long)(phys & PAGE_MASK) | PTE_PRESENT_RW;
	__flush_tlb_one(__fix_to_virt(idx));
}

void clear_fixmap(enum fixed_addresses idx)
{
	*fixmap_slot(idx) = 0;
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
