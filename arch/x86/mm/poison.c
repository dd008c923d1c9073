/*
 * Filling freed .init pages with int3 (free_initmem(), issue 17).
 *
 * On hardware this is a 4 KiB memset.  Under QEMU's TCG, the emulator the
 * kernel is developed and tested in, it was almost all of free_initmem()'s
 * time, because the pages hold boot code QEMU has translated.  What QEMU
 * 7.2 does (accel/tcg/cputlb.c, accel/tcg/translate-all.c):
 *
 *  - It keeps the translated blocks (TBs) of each physical page on a list
 *    and write-protects the page in its TLB.  Every guest store into such
 *    a page takes the slow path, notdirty_write(): page_collection_lock()
 *    and tb_invalidate_phys_page_fast() each walk *every* TB of the page,
 *    and the TBs the store overlaps are invalidated.  Only once the last
 *    TB is gone is the page unprotected and its stores fast again.  A
 *    sequential memset hits the last TB near the end of the page: about a
 *    thousand slow stores per page of code, the first ones walking 100-160
 *    TBs each.  Wider stores only halve the count; the order matters more,
 *    but small TBs (a lone ret) keep the page protected late in any order
 *    that does not know where they are.
 *  - Each TB invalidated costs about 2 us of its own, however it goes:
 *    QEMU 7.2's i386 TBs are position-independent (TARGET_TB_PCREL), so
 *    dropping one clears the vCPU's whole jump cache (tcg_flush_jmp_cache(),
 *    4096 entries).  The ~900 TBs on .init at the end of a selftest=off
 *    boot cost ~2 ms that no order of stores avoids.
 *
 * So QEMU is asked to write the page itself first, where it can: a DMA
 * write (here a read of an fw_cfg item into the page, zeros past the end
 * of the item) drops the TBs with a walk of the page's list per chunk
 * written (tb_invalidate_phys_range()), not per store, and leaves the
 * page unprotected; the memset that follows runs at full speed.  Without
 * fw_cfg DMA (not QEMU, or an old machine type: -M pc-i440fx-2.4) the
 * page is stored coarse to fine, which kills the large TBs with the first
 * stores and so shortens every walk after them.  Either way every byte
 * ends up 0xcc.
 *
 * free_initmem timing (the kernel prints it), QEMU 7.2 TCG, selftest=off,
 * median (min-max) of 7 interleaved boots each of
 *   qemu-system-i386 -nodefaults -no-reboot -display none -serial stdio \
 *     -device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel tcg -m 3G \
 *     -mem-prealloc -kernel build/kernel.elf -append selftest=off
 * with -M pc-i440fx-2.4 added for the way without DMA:
 *
 *				-m 3G			-m 1G
 *	memset alone (before)	9.0 ms (8.8-11.5)	8.2 ms (8.1-10.1)
 *	fw_cfg DMA, then memset	2.5 ms (2.4-3.6)	2.7 ms (2.4-3.0)
 *	coarse first, no DMA	4.7 ms (4.6-6.3)	4.6 ms (4.6-6.4)
 *
 * (memset alone on pc-i440fx-2.4: 8.3 and 8.1 ms.)  0.3 ms of each is the
 * rest of free_initmem().  The PAE kernel at -m 8G (-cpu max): 8.2 ms
 * before, 2.5 ms with DMA.  With the self-tests run (no selftest=) more
 * boot code was translated, ~1200 TBs, and DMA brings 11.4 ms to 3.2.
 * Tried and left out: 8-byte MMX stores (2.4's arch/i386/lib/mmx.c), 5.3
 * ms in order and 4.1 ms coarse first at 3G -- short of DMA, as any order
 * of stores is, and not worth taking the FPU for.
 */
#include <linux/compiler.h>
#include <linux/string.h>
#include <asm/fw_cfg.h>
#include <asm/page.h>
#include <asm/poison.h>

#define POISON_WORD	(POISON_FREE_INITMEM * 0x01010101u)

/*
 * Every 32-bit word of the page once, coarse to fine: word 0, the middle
 * word, the quarter words, the eighths, ... each pass halving the spacing
 * of the stores so far, the last one the odd words.  A TB of n bytes is
 * hit by the first pass whose spacing is at most n.  On hardware the
 * order costs nothing: the page is in the cache either way.
 */
void poison_page_coarse_first(void *addr)
{
	volatile u32 *word = addr;
	unsigned int n = PAGE_SIZE / sizeof(u32);

	word[0] = POISON_WORD;
	for (unsigned int step = n; step > 1; step /= 2)
		for (unsigned int i = step / 2; i < n; i += step)
			word[i] = POISON_WORD;
}

void poison_init_page(void *addr)
{
	if (fw_cfg_dma_read(FW_CFG_SIGNATURE, __pa(addr), PAGE_SIZE))
		memset(addr, POISON_FREE_INITMEM, PAGE_SIZE);
	else
		poison_page_coarse_first(addr);
}
