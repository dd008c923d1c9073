#ifndef _ASM_X86_DMA_H
#define _ASM_X86_DMA_H

/*
 * The ISA DMA controller drives only 24 address lines, so memory for
 * legacy DMA must lie below 16 MiB: that is ZONE_DMA, and the boot
 * allocator's default goal keeps it free (2.4's include/asm-i386/dma.h
 * MAX_DMA_ADDRESS, as a physical address here).
 */
#define MAX_DMA_ADDRESS_PHYS	0x1000000UL

#endif
