/*
 * Why each page that stays reserved is reserved.  setup_arch() names every
 * range it keeps from the buddy allocator -- page 0, the kernel image, the
 * boot loader's blocks, page tables, mem_map -- so the `retire` self-test
 * can prove that every reserved page of RAM has exactly one reason and no
 * page is kept without one.  Boot-time data: it goes with .init.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/meminit.h>

static struct reservation initial_reservations[MAX_RESERVATIONS] __initdata;
static struct reservation *reservations __initdata = initial_reservations;
static int nr_reservations __initdata, max_reservations __initdata = MAX_RESERVATIONS;

/*
 * Boot modules, any number of them and anywhere, can need more names than
 * the table in .init holds: setup_arch() places a bigger room beside the
 * module table, sized from their number, and the table moves there (as
 * Linux's memblock_double_array() moves memblock's) before any is noted.
 */
void __init move_reservations(struct reservation *room, int size)
{
	if (size <= max_reservations)
		return;
	memcpy(room, reservations, nr_reservations * sizeof(*room));
	reservations = room;
	max_reservations = size;
}

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
	if (nr_reservations == max_reservations)
		panic("note_reservation: more than %d reserved ranges (%s)", max_reservations, why);
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
