#ifndef _LINUX_RESERVATIONS_H
#define _LINUX_RESERVATIONS_H

#include <linux/types.h>

/*
 * Why each page that stays reserved is reserved (mm/reservations.c).
 * Names are given only by the calls that reserve -- boot_reserve(),
 * reserve_bootmem_named() and the named allocations (linux/boot_allocator.h,
 * linux/bootmem.h) -- so no page is kept
 * from the buddy allocator without a reason on record, and no reason names
 * a page that is not kept.  The record outlives free_initmem(): it is read
 * at the end of boot.
 */
#define MAX_RESERVATIONS 64	/* what the table in the kernel image holds */

struct reservation {
	unsigned long start_pfn, end_pfn;	/* [start_pfn, end_pfn) */
	const char *why;
};

void move_reservations(struct reservation *room, int size);
bool settle_reservations(unsigned long start_pfn, unsigned long end_pfn);
void forget_reservation(unsigned long start_pfn, unsigned long end_pfn);
int nr_reasons_for(unsigned long pfn, const char **why);
const struct reservation *reservation_table(int *nr);

#endif
