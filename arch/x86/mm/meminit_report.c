/*
 * What this kernel prints after mem_init() that 2.4 did not: how long
 * each phase of the hand-over took, and the free areas it left.  Kept
 * apart from arch/x86/mm/init.c and mem_init.c, so those hold only what
 * the book's i386 code holds.  The phases stamp meminit_timing where they
 * run.
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/meminit.h>

struct meminit_timing meminit_timing;

/* zoneinfo on the command line: /proc/zoneinfo's report after mem_init(). */
static bool __initdata zoneinfo_enabled;

static int __init zoneinfo_setup(char *str)
{
	return get_flag_param("zoneinfo", str, &zoneinfo_enabled);
}
__setup("zoneinfo", zoneinfo_setup);

void __init mem_init_report(void)
{
	const struct meminit_timing *t = &meminit_timing;

	printk(KERN_INFO "mem_init timing: memmap %lu us, free_all_bootmem %lu us, highmem %lu us, total %lu us\n",
	       (unsigned long)(t->memmap_ns / 1000), (unsigned long)(t->free_all_bootmem_ns / 1000),
	       (unsigned long)(t->highmem_ns / 1000),
	       (unsigned long)((t->memmap_ns + t->free_all_bootmem_ns + t->highmem_ns) / 1000));
	printk(KERN_INFO "mem_init frees: free_all_bootmem %lu __free_pages() calls for %lu pages, highmem %lu calls for %lu pages\n",
	       t->lowmem_calls, t->lowmem_pages, t->highmem_calls, totalhigh_pages);
	show_buddyinfo();
	show_free_areas();
	show_free_lists();
	if (zoneinfo_enabled)
		show_zoneinfo();
}
