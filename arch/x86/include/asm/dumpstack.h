#ifndef _ASM_X86_DUMPSTACK_H
#define _ASM_X86_DUMPSTACK_H

/*
 * Print "Call Trace:" by walking saved frame pointers from bp.  When ip is
 * in a function's first bytes (before "push %ebp; mov %esp,%ebp" ran), its
 * return address is still at sp, not in a frame: pass sp to see it.
 */
void show_stack_from(unsigned long bp, unsigned long ip, unsigned long sp);

#endif
