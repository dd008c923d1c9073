/*
 * start_kernel(): the order of events Linux 2.4's init/main.c follows, and
 * the book with it -- setup_arch builds the boot allocator, mem_init
 * retires it into the buddy allocator, and at the very end free_initmem
 * frees the code that did all of that (Gorman 5.5-5.6).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/lkdtm.h>
#include <linux/memdump.h>
#include <linux/mm.h>
#include <kunit/test.h>
#include <asm/meminit.h>
#include <asm/pgalloc.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define HANDOVER_VERSION "0.1"


/* An unknown suite is refused (kunit_filter_set() lists the real ones). */
static int __init selftest_setup(char *str)
{
	return kunit_filter_set(str) ? 0 : -1;
}
__setup("selftest", selftest_setup);

static void __init print_banner(void)
{
	printk(KERN_NOTICE "handover version " HANDOVER_VERSION
	       " (i486, Multiboot) -- the boot memory allocator hand-over of Linux 2.4\n");
}

/*
 * The part of boot that runs after free_initmem() may not be __init: it is
 * the code that is left when the .init pages have gone back to the buddy
 * allocator.  In Linux this is the init thread; here it is the end of the
 * only thread there is.
 */
static __noreturn __noinline void rest_init(void)
{
	bool ok, accounted, protected;

	free_initmem();
	printk(KERN_INFO "free_initmem timing: %lu us\n",
	       (unsigned long)(meminit_timing.free_initmem_ns / 1000));
	memdump(MEMDUMP_FREE_INITMEM);
	mark_rodata_ro();
	protected = rodata_test();
	accounted = memory_accounting_report();
	kunit_run_stage(KUNIT_STAGE_LATE);
	run_benchmarks();
	lkdtm_run(LKDTM_END_OF_BOOT);
	ok = kunit_end() && accounted && protected;
	pr_info("handover: boot %s\n", ok ? "complete" : "FAILED");
	machine_exit(ok ? EXIT_SUCCESS_CODE : EXIT_FAILURE_CODE);
}

__noreturn void __init start_kernel(u32 magic, u32 info_phys)
{
	tsc_mark_boot();
	early_console_init();
	print_banner();
	/*
	 * 2.4 runs trap_init() after setup_arch(); we install the exception
	 * handlers first, so a bad memory map ends in an oops, not a triple
	 * fault (modern Linux does the same with idt_setup_early_traps()).
	 */
	trap_init();
	print_cpu_info();
	time_init();	/* early, so the memory report has real timestamps */
	setup_arch(magic, info_phys);
	printk(KERN_NOTICE "Kernel command line: %s\n", boot_command_line);
	parse_args();

	kunit_begin();
	kunit_run_stage(KUNIT_STAGE_BOOTMEM);
	mem_init();
	mem_init_report();
	memdump(MEMDUMP_MEM_INIT);
	kunit_run_stage(KUNIT_STAGE_MEM_INIT);
	lkdtm_run(LKDTM_AFTER_MEM_INIT);
	rest_init();
}
