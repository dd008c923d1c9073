#ifndef _ASM_X86_DESC_H
#define _ASM_X86_DESC_H

/* An IDT entry for an external interrupt: a 32-bit interrupt gate (IF cleared on entry). */
void set_intr_gate(unsigned int vector, const void *handler);

#endif
