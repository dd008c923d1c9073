/*
 * What this kernel prints after mem_init() that 2.4 did not: how long
 * each phase of the hand-over took, and the free areas it left.  Kept
 * apart from arch/x86/mm/init.c and mem_init.c, so those hold only what
 * the book's i386 code holds.  The phases stamp meminit_timing where they
 * run.
 */
#include <linux/boot_allocator.h>
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

/* One phase's calls into the buddy allocator, by order: "order:calls", every order. */
static void __init print_orders(const char *phase, const unsigned long orders[MAX_ORDER])
{
	char line[MAX_ORDER * 16], *p = line;

	for (int o = 0; o < MAX_ORDER; o++)
		p += snprintf(p, sizeof(line) - (size_t)(p - line), " %d:%lu", o, orders[o]);
	printk(KERN_INFO "mem_init frees by order: %s%s\n", phase, line);
}

void __init mem_init_report(void)
{
	const struct meminit_timing *t = &meminit_timing;

	const char *release = using_memblock() ? "memblock_free_all" : "free_all_bootmem";

	printk(KERN_INFO "mem_init timing: memmap %lu us, %s %lu us, highmem %lu us, total %lu us\n",
	       (unsigned long)(t->memmap_ns / 1000), release,
	       (unsigned long)(t->free_all_bootmem_ns / 1000),
	       (unsigned long)(t->highmem_ns / 1000),
	       (unsigned long)((t->memmap_ns + t->free_all_bootmem_ns + t->highmem_ns) / 1000));
	printk(KERN_INFO "mem_init frees: %s %lu __free_pages() calls for %lu pages, highmem %lu calls for %lu pages\n",
	       release, t->lowmem_calls, t->lowmem_pages, t->highmem_calls, totalhigh_pages);
	print_orders(release, t->lowmem_orders);
	print_orders("highmem", t->highmem_orders);
	show_buddyinfo();
	show_free_areas();
	show_free_lists();
	if (zoneinfo_enabled)
		show_zoneinfo();
}
