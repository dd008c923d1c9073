/*
 * QEMU's firmware configuration device (fw_cfg), just enough of it to
 * have QEMU write guest memory: its DMA interface (QEMU's
 * docs/specs/fw_cfg.rst; Linux's driver is drivers/firmware/qemu_fw_cfg.c).
 * free_initmem() uses it to make QEMU drop the translations of a page
 * before it is poisoned (arch/x86/mm/poison.c says why).
 *
 * On a PC the device sits at fixed I/O ports: a 16-bit selector at 0x510,
 * an 8-bit data port at 0x511 and the 64-bit DMA address register at
 * 0x514, big-endian, written as two 32-bit halves (high, then low; writing
 * the low half starts the transfer).  No ACPI table is read to find it:
 * the device counts as present only when three things QEMU alone answers
 * agree -- the signature item reads "QEMU", the feature item has the DMA
 * bit, and the DMA register reads back "QEMU CFG".  The probe runs only
 * under a hypervisor (CPUID says so), at the first use, once; under
 * another hypervisor it writes the selector port once and reads ports
 * nothing decodes (0xff).
 */
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/fw_cfg.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_PORT_DMA		0x514	/* high half; the low half at +4 */

#define FW_CFG_VERSION_DMA	0x02	/* FW_CFG_ID: the DMA interface exists */

#define FW_CFG_DMA_CTL_ERROR	0x01
#define FW_CFG_DMA_CTL_READ	0x02
#define FW_CFG_DMA_CTL_SELECT	0x08	/* select the item in bits 31-16 first */

/*
 * QEMU finishes a transfer before the write that starts it returns
 * (hw/nvram/fw_cfg.c, fw_cfg_dma_transfer()), so the first look at the
 * control word finds it done; the bound only keeps a device that never
 * finishes from hanging the boot.
 */
#define FW_CFG_DMA_POLLS	1000000

/* The descriptor the device reads and updates; every field big-endian. */
struct fw_cfg_dma_access {
	u32 control;
	u32 length;
	u64 address;
} __attribute__((packed));

static struct fw_cfg_dma_access dma_access __aligned(16);
static int fw_cfg_dma = -1;	/* -1: not probed yet, else 0 or 1 */

static void fw_cfg_read_item(u16 key, void *buf, unsigned int len)
{
	u8 *p = buf;

	outw(key, FW_CFG_PORT_SEL);
	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static bool fw_cfg_dma_probe(void)
{
	char sig[4];
	u32 id, dma_sig[2];

	/*
	 * Only under a hypervisor (CPUID.1:ECX bit 31, which QEMU sets for
	 * every CPU model, TCG's included): a bare machine's ports are never
	 * touched, as Linux touches them only where firmware lists the device.
	 */
	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return false;
	fw_cfg_read_item(FW_CFG_SIGNATURE, sig, sizeof(sig));
	if (memcmp(sig, "QEMU", sizeof(sig)))
		return false;
	fw_cfg_read_item(FW_CFG_ID, &id, sizeof(id));
	if (!(id & FW_CFG_VERSION_DMA))
		return false;
	/* Big-endian on the wire: the bytes land in memory in order. */
	dma_sig[0] = inl(FW_CFG_PORT_DMA);
	dma_sig[1] = inl(FW_CFG_PORT_DMA + 4);
	return !memcmp(dma_sig, "QEMU CFG", sizeof(dma_sig));
}

bool fw_cfg_dma_available(void)
{
	if (fw_cfg_dma < 0)
		fw_cfg_dma = fw_cfg_dma_probe();
	return fw_cfg_dma;
}

/*
 * Have the device copy item `key` to the len bytes at physical address
 * dst, and wait for it.  Past the end of the item QEMU writes zeros, so
 * every byte of the range is written whatever the item's size.  False
 * (and the range in an unknown state) where there is no DMA interface or
 * the transfer fails; after a failure the interface is not used again.
 */
bool fw_cfg_dma_read(u16 key, phys_addr_t dst, u32 len)
{
	struct fw_cfg_dma_access *d = &dma_access;
	u64 desc = __pa(d);
	u32 control = 0;

	if (!fw_cfg_dma_available())
		return false;
	d->control = __builtin_bswap32((u32)key << 16 | FW_CFG_DMA_CTL_SELECT |
				       FW_CFG_DMA_CTL_READ);
	d->length = __builtin_bswap32(len);
	d->address = __builtin_bswap64(dst);
	barrier();	/* the descriptor is in memory before the device looks */
	outl(__builtin_bswap32(desc >> 32), FW_CFG_PORT_DMA);
	outl(__builtin_bswap32((u32)desc), FW_CFG_PORT_DMA + 4);
	for (long n = 0; n < FW_CFG_DMA_POLLS; n++) {
		control = __builtin_bswap32(READ_ONCE(d->control));
		if (!(control & ~FW_CFG_DMA_CTL_ERROR))
			break;
	}
	if (control) {
		pr_warn("fw_cfg: DMA transfer %s (control %08x): not used again\n",
			control & ~FW_CFG_DMA_CTL_ERROR ? "did not finish" : "failed",
			control);
		fw_cfg_dma = 0;
		return false;
	}
	return true;
}
