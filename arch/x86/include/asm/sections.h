#ifndef _ASM_X86_SECTIONS_H
#define _ASM_X86_SECTIONS_H

/*
 * The addresses linker.ld and boot/head.asm define: the image's parts, as
 * the Memory: line counts them, and the boot stack with its guard page.
 */
extern char _text[], _etext[];		/* kernel code */
extern char __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[];		/* 2.4's "data" is _etext.._edata */
extern char __init_begin[], __init_end[];	/* freed by free_initmem() */
extern char __bss_start[], __bss_stop[];
extern char _end[];

extern char boot_stack_guard[], boot_stack[], boot_stack_top[];

#endif
