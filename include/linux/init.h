#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>
#include <linux/types.h>

/*
 * Code and data used only while the kernel boots.  The linker gathers them
 * between __init_begin and __init_end, and free_initmem() hands those pages
 * to the buddy allocator at the end of boot -- the boot memory allocator's
 * own code included (Gorman 5.6).  The host test build keeps them in the
 * ordinary sections: nothing is freed there.
 */
#ifdef __KERNEL__
#define __init		__section(".init.text") __noinline
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#else
#define __init
#define __initdata
#define __initconst
#endif

extern char __init_begin[], __init_end[];

/*
 * Command-line parameters, registered beside the code that uses them
 * (Linux's __setup/early_param).  An early parameter is handled before
 * setup_arch() reads the memory map (mem=, memmap=, highmem=); the rest once
 * the console and traps are up.  The table lives in .init and is freed with
 * it: after boot nothing parses the command line again.
 */
struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
};

#define __setup_param(str, unique_id, fn, early)			\
	static const char __setup_str_##unique_id[] __initconst = str;	\
	static const struct obs_kernel_param __setup_##unique_id	\
		__used __section(".init.setup") __aligned(4) =		\
		{ __setup_str_##unique_id, fn, early }

#define __setup(str, fn)	__setup_param(str, fn, fn, 0)
#define early_param(str, fn)	__setup_param(str, fn, fn, 1)

#define COMMAND_LINE_SIZE 2048	/* Linux x86's, asm/setup.h */
extern char boot_command_line[COMMAND_LINE_SIZE];

void parse_early_param(void);
void parse_args(void);

#endif
