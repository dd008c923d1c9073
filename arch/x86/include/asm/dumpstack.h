#ifndef _ASM_X86_DUMPSTACK_H
#define _ASM_X86_DUMPSTACK_H

/* Print "Call Trace:" by walking saved frame pointers from bp. */
void show_stack_from(unsigned long bp, unsigned long ip);

#endif
