/*
 * Frame-pointer backtraces.  The kernel is built with
 * -fno-omit-frame-pointer, so every frame starts with the caller's EBP
 * followed by the return address (System V i386 ABI, 2.2).  The walk trusts
 * a frame only while it lies inside the boot stack (never its unmapped
 * guard page) and moves upwards, so a corrupt EBP ends the trace instead of
 * faulting inside the oops.
 */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <asm/dumpstack.h>
#include <asm/sections.h>


#define MAX_FRAMES 32

static bool frame_ok(unsigned long bp, unsigned long prev)
{
	return bp > prev && bp >= (unsigned long)boot_stack &&
	       bp + 8 <= (unsigned long)boot_stack_top && !(bp & 3);
}

#define FRAME_SETUP_BYTES 3	/* push %ebp (1) + mov %esp,%ebp (2) */

/* The return address at sp, if ip has not built its frame yet. */
static unsigned long prologue_return(unsigned long ip, unsigned long sp)
{
	unsigned long size, offset;

	if (!sp || !frame_ok(sp, 0) || !kallsyms_lookup(ip, &size, &offset))
		return 0;
	if (offset >= FRAME_SETUP_BYTES)
		return 0;
	return *(unsigned long *)sp;
}

void show_stack_from(unsigned long bp, unsigned long ip, unsigned long sp)
{
	unsigned long early_ret = prologue_return(ip, sp);

	pr_emerg("Call Trace:\n");
	if (ip)
		pr_emerg(" [<%08lx>] %pS\n", ip, (void *)ip);
	if (early_ret && kallsyms_lookup(early_ret, &(unsigned long){0}, &(unsigned long){0}))
		pr_emerg(" [<%08lx>] %pB\n", early_ret, (void *)early_ret);
	for (int n = 0; n < MAX_FRAMES && frame_ok(bp, 0); n++) {
		unsigned long next = ((unsigned long *)bp)[0];
		unsigned long ret = ((unsigned long *)bp)[1];

		if (!ret)
			break;
		pr_emerg(" [<%08lx>] %pB\n", ret, (void *)ret);
		if (!frame_ok(next, bp))
			break;
		bp = next;
	}
}

void dump_stack(void)
{
	show_stack_from((unsigned long)__builtin_frame_address(0), 0, 0);
}
