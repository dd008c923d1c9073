/*
 * panic(), BUG() and WARN(): how the kernel stops on an error it cannot go
 * on from.  Every stop ends the QEMU run with the failure status, so a test
 * harness never mistakes a dead kernel for a quiet one.
 */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <asm/dumpstack.h>
#include <asm/irqflags.h>
#include <asm/setup.h>

static int panic_depth;

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	/*
	 * As Linux's panic(): interrupts off first, so the timer interrupt
	 * (on when the clock is the PIT) cannot run in the middle of it.
	 */
	local_irq_disable();
	/* A fault inside the panic path must not loop: just leave. */
	if (panic_depth++)
		machine_exit(EXIT_FAILURE_CODE);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	machine_exit(EXIT_FAILURE_CODE);
}

void __bug(const char *file, int line, const char *msg)
{
	unsigned long ret = (unsigned long)__builtin_return_address(0);

	pr_emerg("------------[ cut here ]------------\n");
	pr_emerg("kernel BUG at %s:%d!\n", file, line);
	if (msg)	/* not in Linux's output: the condition, for the reader */
		pr_emerg("BUG_ON(%s)\n", msg);
	pr_emerg("invalid opcode: 0000 [#1]\n");
	pr_emerg("EIP: %pB\n", (void *)ret);
	show_stack_from((unsigned long)__builtin_frame_address(0), 0, 0);
	panic("Fatal exception");
}

void __warn(const char *file, int line, const char *msg)
{
	unsigned long ret = (unsigned long)__builtin_return_address(0);

	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: %s at %s:%d %pB\n", msg, file, line, (void *)ret);
	show_stack_from((unsigned long)__builtin_frame_address(0), 0, 0);
	pr_warn("---[ end trace ]---\n");
}
