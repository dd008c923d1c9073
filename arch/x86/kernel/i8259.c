/*
 * The PC's two cascaded 8259A programmable interrupt controllers, used only
 * for the timer interrupt on a CPU without a TSC (time.c).  Programming
 * follows the Intel 8259A data sheet and Linux's init_8259A()
 * (arch/x86/kernel/i8259.c): the BIOS leaves IRQ 0-7 on vectors 8-15,
 * which are the CPU's own exceptions, so both chips are re-initialised
 * with IRQ 0-15 on vectors 0x20-0x2f, every line masked until a handler
 * is set up for it.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/desc.h>
#include <asm/i8259.h>
#include <asm/io.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1
#define PIC_CASCADE_IR	2		/* the slave hangs off the master's IR2 */

/* Operation command word 3: which register the next read returns. */
#define OCW3_READ_IRR	0x0a
#define OCW3_READ_ISR	0x0b
#define OCW2_EOI	0x20		/* non-specific end of interrupt */

struct irq_stats irq_stats;
static irq_handler_t irq_handlers[NR_IRQS];
static u16 cached_irq_mask = 0xffff;	/* bit set: line masked */

extern const u32 irq_stub_table[NR_IRQS];	/* entry.asm */

static void set_irq_mask(void)
{
	outb(cached_irq_mask & 0xff, PIC_MASTER_IMR);
	outb(cached_irq_mask >> 8, PIC_SLAVE_IMR);
}

void __init init_8259A(void)
{
	outb(0xff, PIC_MASTER_IMR);	/* everything off while we reprogram */
	outb(0xff, PIC_SLAVE_IMR);

	/*
	 * ICW1 0x11: edge triggered, cascade mode, ICW4 follows.  ICW2: the
	 * vector of IR0.  ICW3: for the master, which IR has a slave (a bit
	 * mask); for the slave, its cascade identity (a number).  ICW4 0x01:
	 * 8086 mode, normal (not automatic) EOI.
	 */
	outb_p(0x11, PIC_MASTER_CMD);
	outb_p(FIRST_EXTERNAL_VECTOR, PIC_MASTER_IMR);
	outb_p(1u << PIC_CASCADE_IR, PIC_MASTER_IMR);
	outb_p(0x01, PIC_MASTER_IMR);

	outb_p(0x11, PIC_SLAVE_CMD);
	outb_p(FIRST_EXTERNAL_VECTOR + 8, PIC_SLAVE_IMR);
	outb_p(PIC_CASCADE_IR, PIC_SLAVE_IMR);
	outb_p(0x01, PIC_SLAVE_IMR);

	/*
	 * Every vector gets a gate, though every line stays masked until
	 * setup_irq(): a spurious IRQ7 or IRQ15 arrives whatever the mask
	 * says, and a vector without a gate would be a #GP.
	 */
	for (unsigned int irq = 0; irq < NR_IRQS; irq++)
		set_intr_gate(FIRST_EXTERNAL_VECTOR + irq, (const void *)irq_stub_table[irq]);
	set_irq_mask();
}

/* Install the handler of an IRQ line and unmask it. */
void __init setup_irq(unsigned int irq, irq_handler_t handler)
{
	BUG_ON(irq >= NR_IRQS || irq_handlers[irq]);
	irq_handlers[irq] = handler;
	cached_irq_mask &= ~(1u << irq);
	if (irq >= 8)
		cached_irq_mask &= ~(1u << PIC_CASCADE_IR);
	set_irq_mask();
}

static u8 read_pic_register(u16 cmd_port, u8 ocw3)
{
	outb(ocw3, cmd_port);
	return inb(cmd_port);
}

/*
 * Whether an IRQ is requested but not yet acknowledged (the interrupt
 * request register): with interrupts off, an IRQ0 that the PIT raised and
 * the CPU has not taken.  Called with interrupts off.
 */
bool i8259A_irq_pending(unsigned int irq)
{
	u16 cmd = irq < 8 ? PIC_MASTER_CMD : PIC_SLAVE_CMD;

	return read_pic_register(cmd, OCW3_READ_IRR) & (1u << (irq & 7));
}

/*
 * A request that goes away before the CPU acknowledges it still makes the
 * 8259A deliver a vector: its lowest-priority one, IR7, without setting
 * the in-service bit (8259A data sheet, "Interrupt Sequence"; Linux's
 * i8259A_irq_real()).  Such an IRQ7 -- or IRQ15 from the slave -- must not
 * be acknowledged on the chip that made it up: an EOI there would end
 * whatever interrupt really is in service.  The slave's spurious IRQ15
 * did go through the master's IR2 for real, so the master gets its EOI.
 */
static bool spurious_irq(unsigned int irq)
{
	if (irq == 7)
		return !(read_pic_register(PIC_MASTER_CMD, OCW3_READ_ISR) & 0x80);
	if (irq == 15 && !(read_pic_register(PIC_SLAVE_CMD, OCW3_READ_ISR) & 0x80)) {
		outb(OCW2_EOI, PIC_MASTER_CMD);
		return true;
	}
	return false;
}

static void ack_irq(unsigned int irq)
{
	if (irq >= 8)
		outb(OCW2_EOI, PIC_SLAVE_CMD);
	outb(OCW2_EOI, PIC_MASTER_CMD);
}

/*
 * Every IRQ vector lands here from entry.asm through an interrupt gate,
 * so interrupts stay off until its iret: handlers never nest.
 */
void do_IRQ(struct pt_regs *regs)
{
	unsigned int irq = regs->trapnr - FIRST_EXTERNAL_VECTOR;

	if (spurious_irq(irq)) {
		irq_stats.spurious++;
		return;
	}
	if (irq_handlers[irq]) {
		irq_handlers[irq]();
		irq_stats.count[irq]++;
	} else {
		irq_stats.unexpected++;
	}
	ack_irq(irq);
}
