/*
 * Frame-pointer backtraces.  The kernel is built with
 * -fno-omit-frame-pointer, so every frame starts with the caller's EBP
 * followed by the return address (System V i386 ABI, 2.2).  The walk trusts
 * a frame only while it lies inside the boot stack and moves upwards, so a
 * corrupt EBP ends the trace instead of faulting inside the oops.
 */
#include <linux/kernel.h>
#include <asm/dumpstack.h>

extern char boot_stack_guard[], boot_stack_top[];

#define MAX_FRAMES 32

static bool frame_ok(unsigned long bp, unsigned long prev)
{
	return bp > prev && bp >= (unsigned long)boot_stack_guard &&
	       bp + 8 <= (unsigned long)boot_stack_top && !(bp & 3);
}

void show_stack_from(unsigned long bp, unsigned long ip)
{
	pr_emerg("Call Trace:\n");
	if (ip)
		pr_emerg(" [<%08lx>] %pS\n", ip, (void *)ip);
	for (int n = 0; n < MAX_FRAMES && frame_ok(bp, 0); n++) {
		unsigned long next = ((unsigned long *)bp)[0];
		unsigned long ret = ((unsigned long *)bp)[1];

		if (!ret)
			break;
		/* ret - 1 is inside the call instruction: name its caller. */
		pr_emerg(" [<%08lx>] %pS\n", ret, (void *)(ret - 1));
		if (!frame_ok(next, bp))
			break;
		bp = next;
	}
}

void dump_stack(void)
{
	show_stack_from((unsigned long)__builtin_frame_address(0), 0);
}
