#ifndef _ASM_X86_IRQFLAGS_H
#define _ASM_X86_IRQFLAGS_H

#include <asm/processor.h>

/*
 * EFLAGS.IF, as Linux's asm/irqflags.h.  Interrupts are enabled only when
 * the clock is the PIT (arch/x86/kernel/time.c); on a CPU with a TSC they
 * stay off from the first instruction to the last.
 */
static inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl; popl %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline bool irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

#define local_irq_save(flags)						\
	do {								\
		(flags) = arch_local_save_flags();			\
		local_irq_disable();					\
	} while (0)

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

#endif
