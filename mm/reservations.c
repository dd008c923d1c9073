/*
 * Why each page that stays reserved is reserved.  setup_arch() names every
 * range it keeps from the buddy allocator -- page 0, the kernel image, the
 * boot loader's blocks, page tables, mem_map -- through the boot allocator
 * calls that reserve it (boot_reserve(), reserve_bootmem_named() and the
 * named allocations, linux/boot_allocator.h), under bootmem or memblock, so
 * the `retire` self-test can prove that every reserved page of RAM has
 * exactly one reason and no page is kept without one.  Linux 2.4 keeps no
 * such record; later Linux's memblock keeps its reserved regions (and, with
 * CONFIG_ARCH_KEEP_MEMBLOCK, keeps them after boot) for the same reading.
 *
 * Where the names live: in the table below, in the kernel image's .bss --
 * not in .init, because they are read at the end of boot, after
 * free_initmem() (a picture of memory after boot needs them).  While
 * boot modules are taken in, the names may live for a time in a bigger
 * room beside the module table; they come home before that room is freed.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/reservations.h>
#include <linux/string.h>
#include <asm/page.h>
#include "internal.h"

static struct reservation initial_reservations[MAX_RESERVATIONS];
static struct reservation *reservations = initial_reservations;
static int nr_reservations, max_reservations = MAX_RESERVATIONS;

/*
 * Boot modules, any number of them and anywhere, can need more names than
 * the table in the image holds: setup_arch() places a bigger room beside
 * the module table, sized from their number, and the table moves there
 * (as Linux's memblock_double_array() moves memblock's) before any is noted.
 */
void __init move_reservations(struct reservation *room, int size)
{
	if (size <= max_reservations)
		return;
	memcpy(room, reservations, nr_reservations * sizeof(*room));
	reservations = room;
	max_reservations = size;
}

/* Only the calls that reserve come here (mm/internal.h). */
void __init note_reservation(unsigned long start_pfn, unsigned long end_pfn, const char *why)
{
	struct reservation *last = nr_reservations ? &reservations[nr_reservations - 1] : NULL;

	if (start_pfn >= end_pfn)
		return;
	/*
	 * Page tables come one page at a time, back to back: upward from
	 * bootmem (first fit) and memblock bottom-up, downward from memblock
	 * top-down.  Either way they join the range just named.
	 */
	if (last && last->why == why && last->end_pfn == start_pfn) {
		last->end_pfn = end_pfn;
		return;
	}
	if (last && last->why == why && last->start_pfn == end_pfn) {
		last->start_pfn = start_pfn;
		return;
	}
	if (nr_reservations == max_reservations)
		panic("note_reservation: more than %d reserved ranges (%s)", max_reservations, why);
	reservations[nr_reservations++] = (struct reservation){ start_pfn, end_pfn, why };
}

/* The entry naming exactly [start_pfn, end_pfn): a range is named whole or not at all. */
static int find_reservation(unsigned long start_pfn, unsigned long end_pfn, const char *fn)
{
	for (int i = 0; i < nr_reservations; i++)
		if (reservations[i].start_pfn == start_pfn && reservations[i].end_pfn == end_pfn)
			return i;
	panic("%s: pfns %#lx-%#lx were not reserved by name", fn, start_pfn, end_pfn);
}

static void drop_reservation(int i)
{
	memmove(&reservations[i], &reservations[i + 1],
		(nr_reservations - i - 1) * sizeof(*reservations));
	nr_reservations--;
}

/*
 * Reserved pages given back lose their name with their reservation, so
 * the record still says only why pages are kept.  Not __init: the end of
 * boot calls it for the .init pages themselves.
 */
void forget_reservation(unsigned long start_pfn, unsigned long end_pfn)
{
	drop_reservation(find_reservation(start_pfn, end_pfn, "forget_reservation"));
}

/*
 * The end of boot: the named pages [start_pfn, end_pfn) that hold the room
 * are about to be freed.  They lose their name and the names go home to
 * the table in the image, which outlives free_initmem(): true, the caller
 * frees the room.  If there are more names than the image's table holds,
 * they stay where they are, and so must the room's pages, now named for
 * what they hold: false, the caller keeps them reserved.
 */
bool __init settle_reservations(unsigned long start_pfn, unsigned long end_pfn)
{
	int i = find_reservation(start_pfn, end_pfn, "settle_reservations");
	bool in_room = reservations != initial_reservations;

	if (in_room && (__pa(reservations) < PFN_PHYS(start_pfn) ||
			__pa(reservations + max_reservations) > PFN_PHYS(end_pfn)))
		panic("settle_reservations: the names are not in pfns %#lx-%#lx", start_pfn, end_pfn);
	if (in_room && nr_reservations - 1 > MAX_RESERVATIONS) {
		reservations[i].why = "reservation names";
		return false;
	}
	drop_reservation(i);
	if (in_room) {
		memcpy(initial_reservations, reservations, nr_reservations * sizeof(*reservations));
		reservations = initial_reservations;
		max_reservations = MAX_RESERVATIONS;
	}
	return true;
}

/* Not __init, nor what follows: they are asked after free_initmem(). */
int nr_reasons_for(unsigned long pfn, const char **why)
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

const struct reservation *reservation_table(int *nr)
{
	*nr = nr_reservations;
	return reservations;
}
