#ifndef _ASM_X86_FW_CFG_H
#define _ASM_X86_FW_CFG_H

#include <linux/types.h>

/*
 * QEMU's firmware configuration device, its DMA interface only
 * (arch/x86/kernel/fw_cfg.c).  Item keys as QEMU's docs/specs/fw_cfg.rst
 * and Linux's include/uapi/linux/qemu_fw_cfg.h name them.
 */
#define FW_CFG_SIGNATURE	0x00	/* "QEMU" */
#define FW_CFG_ID		0x01	/* feature bits, little-endian */

bool fw_cfg_dma_available(void);
bool fw_cfg_dma_read(u16 key, phys_addr_t dst, u32 len);

#endif
