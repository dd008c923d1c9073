/*
 * Ending a boot.  Under QEMU with "-device isa-debug-exit,iobase=0xf4,
 * iosize=0x04" a write to port 0xf4 ends the emulator with status
 * (value << 1) | 1; on anything else the write is ignored and we halt.
 */
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define ISA_DEBUG_EXIT_PORT 0xf4

void machine_exit(u32 code)
{
	local_irq_disable();	/* nothing runs after this, not even IRQ0 */
	outl(code, ISA_DEBUG_EXIT_PORT);
	halt_forever();
}
