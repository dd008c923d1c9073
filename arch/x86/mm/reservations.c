/*
 * Why each page that stays reserved is reserved.  setup_arch() names every
 * range it keeps from the buddy allocator -- page 0, the kernel image, the
 * boot loader's blocks, page tables, mem_map -- so the `retire` self-test
 * can prove that every reserved page of RAM has exactly one reason and no
 * page is kept without one.  Boot-time data: it goes with .init.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/meminit.h>

#define MAX_RESERVATIONS 64

static struct reservation reservations[MAX_RESERVATIONS] __initdata;
static int nr_reservations __initdata;

void __init note_reservation(unsigned long start_pfn, unsigned long end_pfn, const char *why)
{
	struct reservation *last = nr_reservations ? &reservations[nr_reservations - 1] : NULL;

	if (start_pfn >= end_pfn)
		return;
	/* Page tables come one page at a time, usually back to back. */
	if (last && last->why == why && last->end_pfn == start_pfn) {
		last->end_pfn = end_pfn;
		return;
	}
	if (nr_reservations == MAX_RESERVATIONS)
		panic("note_reservation: more than %d reserved ranges (%s)", MAX_RESERVATIONS, why);
	reservations[nr_reservations++] = (struct reservation){ start_pfn, end_pfn, why };
}

int __init nr_reasons_for(unsigned long pfn, const char **why)
{
	int n = 0;

	for (int i = 0; i < nr_reservations; i++) {
		if (pfn >= reservations[i].start_pfn && pfn < reservations[i].end_pfn) {
			*why = reservations[i].why;
			n++;
		}
	}
	return n;
}

const struct reservation *__init reservation_table(int *nr)
{
	*nr = nr_reservations;
	return reservations;
}
