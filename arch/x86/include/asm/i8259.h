#ifndef _ASM_X86_I8259_H
#define _ASM_X86_I8259_H

#include <linux/types.h>
#include <asm/ptrace.h>

/*
 * The two cascaded 8259A interrupt controllers of the PC (arch/x86/kernel/
 * i8259.c).  IRQ 0-7 go to the master, 8-15 to the slave on the master's
 * IR2; they are moved off the CPU's exception vectors to 0x20-0x2f.
 */
#define NR_IRQS			16
#define FIRST_EXTERNAL_VECTOR	0x20

typedef void (*irq_handler_t)(void);

void init_8259A(void);
void setup_irq(unsigned int irq, irq_handler_t handler);
bool i8259A_irq_pending(unsigned int irq);
void do_IRQ(struct pt_regs *regs);

/* Interrupts seen since boot, for the boot self-test. */
struct irq_stats {
	unsigned long count[NR_IRQS];	/* handled, per IRQ line */
	unsigned long spurious;		/* IRQ7/IRQ15 that nobody raised */
	unsigned long unexpected;	/* a line without a handler */
};
extern struct irq_stats irq_stats;

#endif
