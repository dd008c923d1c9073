/*
 * Deliberate faults on request, after Linux's lkdtm: "crash=NAME" on the
 * command line makes the kernel do one bad thing at the end of boot, so the
 * test harness can prove each kind of mistake is caught and reported with
 * a symbolised caller and the failure exit status.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/lkdtm.h>
#include <linux/string.h>
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <asm/sections.h>

struct crashtype {
	const char *name;
	void (*func)(void);
	enum lkdtm_point point;		/* where in boot the fault makes sense */
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

/*
 * A boot allocator call once mem_init() has retired it (before .init
 * goes): alloc_bootmem() under bootmem, memblock_alloc() under memblock.
 */
static __noinline void lkdtm_bootmem_after_retire(void)
{
	if (using_memblock())
		memblock_alloc(64, SMP_CACHE_BYTES);
	else
		alloc_bootmem(64);
}

/*
 * Its buddy held, the page stays the head of a free block when freed, and
 * the second free is the plain double free (freeing a page that merged
 * into a larger block is crash=free_page_in_free_block's case, and names
 * the block).
 */
static __noinline void lkdtm_double_free(void)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *buddy = alloc_page(GFP_KERNEL);

	__free_page(page);
	__free_page(page);
	__free_page(buddy);
}

static __noinline void lkdtm_free_reserved(void)
{

	__free_page(virt_to_page(_text));
}

/*
 * A page given back twice through free_reserved_page(), the verb of the
 * hand-over and free_initmem(): the second page of an order-1 block freed
 * already lies inside a free block, not at its head, so only the check
 * that the page is still reserved sees it (it used to be listed twice).
 */
static __noinline void lkdtm_free_page_in_free_block(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);

	__free_pages(page, 1);
	free_reserved_page(page + 1);
}

static __noinline void lkdtm_wrong_order_free(void)
{
	__free_pages(alloc_pages(GFP_KERNEL, 2), 1);
}

/* start_kernel() is __init: after free_initmem() its page holds 0xcc. */
static __noinline void lkdtm_call_freed_init(void)
{
	extern void start_kernel(u32, u32);
	void (*volatile fn)(u32, u32) = start_kernel;

	fn(0, 0);
}

static const int lkdtm_rodata_word = 0x1234;

static __noinline void lkdtm_write_rodata(void)
{
	*(volatile int *)&lkdtm_rodata_word = 0;
}

static __noinline void lkdtm_write_text(void)
{
	*(volatile unsigned char *)lkdtm_write_text = 0xc3;
}

/* Each frame takes 1 KiB of the 16 KiB boot stack: the guard page is hit. */
static __noinline int lkdtm_recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	if (depth > (1 << 20))	/* never reached: 16 frames fill the stack */
		return 0;
	return lkdtm_recurse(depth + 1) + frame[0];
}

/*
 * A "ret" in .data, called: with NX active the fetch faults; without it
 * the ret runs and this returns, and lkdtm_run() says nothing crashed.
 */
static u8 lkdtm_data_area[4] = { 0xc3, 0xc3, 0xc3, 0xc3 };

static __noinline void lkdtm_exec_data(void)
{
	void (*volatile fn)(void) = (void (*)(void))lkdtm_data_area;

	fn();
}

static __noinline void lkdtm_stack_overflow(void)
{
	lkdtm_recurse(0);
}

static const struct crashtype crashtypes[] = {
	{ "null_deref", lkdtm_null_deref, LKDTM_END_OF_BOOT },
	{ "bug", lkdtm_bug, LKDTM_END_OF_BOOT },
	{ "bootmem_after_retire", lkdtm_bootmem_after_retire, LKDTM_AFTER_MEM_INIT },
	{ "double_free", lkdtm_double_free, LKDTM_END_OF_BOOT },
	{ "free_reserved", lkdtm_free_reserved, LKDTM_END_OF_BOOT },
	{ "wrong_order_free", lkdtm_wrong_order_free, LKDTM_END_OF_BOOT },
	{ "free_page_in_free_block", lkdtm_free_page_in_free_block, LKDTM_END_OF_BOOT },
	{ "call_freed_init", lkdtm_call_freed_init, LKDTM_END_OF_BOOT },
	{ "write_rodata", lkdtm_write_rodata, LKDTM_END_OF_BOOT },
	{ "write_text", lkdtm_write_text, LKDTM_END_OF_BOOT },
	{ "exec_data", lkdtm_exec_data, LKDTM_END_OF_BOOT },
	{ "stack_overflow", lkdtm_stack_overflow, LKDTM_END_OF_BOOT },
};

static const struct crashtype *chosen;

/* crash=NAME; a repeated crash= replaces the earlier one (the last wins). */
static int __init crash_setup(char *str)
{
	for (size_t i = 0; i < ARRAY_SIZE(crashtypes); i++) {
		if (!strcmp(str, crashtypes[i].name)) {
			chosen = &crashtypes[i];
			return 0;
		}
	}
	pr_err("lkdtm: unknown crash type \"%s\"; the types are:", str);
	for (size_t i = 0; i < ARRAY_SIZE(crashtypes); i++)
		pr_cont(" %s", crashtypes[i].name);
	pr_cont("\n");
	return -1;
}
__setup("crash", crash_setup);

/* Called at each point in boot; the chosen fault runs at its own. */
void lkdtm_run(enum lkdtm_point point)
{
	if (!chosen || chosen->point != point)
		return;
	pr_info("lkdtm: Performing direct entry %s\n", chosen->name);
	chosen->func();
	pr_err("lkdtm: %s did not crash the kernel\n", chosen->name);
}
