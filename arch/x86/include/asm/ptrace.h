#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

#include <linux/types.h>

/* The frame arch/x86/kernel/entry.asm builds for every exception. */
struct pt_regs {
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;	/* pusha */
	u32 ds, es;
	u32 trapnr, error_code;
	u32 eip, cs, eflags;
	/* esp and ss are pushed only on a privilege change: never here */
};

#endif
