/*
 * Deliberate faults on request, after Linux's lkdtm: "crash=NAME" on the
 * command line makes the kernel do one bad thing at the end of boot, so the
 * test harness can prove each kind of mistake is caught and reported with
 * a symbolised caller and the failure exit status.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

struct crashtype {
	const char *name;
	void (*func)(void);
};

static __noinline void lkdtm_null_deref(void)
{
	volatile int *p = NULL;

	*p = 1;
}

static __noinline void lkdtm_bug(void)
{
	BUG();
}

static const struct crashtype crashtypes[] = {
	{ "null_deref", lkdtm_null_deref },
	{ "bug", lkdtm_bug },
};

static const struct crashtype *chosen;

static int __init crash_setup(char *str)
{
	for (size_t i = 0; i < ARRAY_SIZE(crashtypes); i++) {
		if (!strcmp(str, crashtypes[i].name)) {
			chosen = &crashtypes[i];
			return 0;
		}
	}
	pr_err("lkdtm: unknown crash type \"%s\"\n", str);
	return -1;
}
__setup("crash", crash_setup);

/* Called at the point in boot where the chosen fault is meaningful. */
void lkdtm_run(void)
{
	if (!chosen)
		return;
	pr_info("lkdtm: Performing direct entry %s\n", chosen->name);
	chosen->func();
	pr_err("lkdtm: %s did not crash the kernel\n", chosen->name);
}
