#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>

/*
 * Reaching high memory (Gorman chapter 9): kmap() maps a page into the
 * PKMAP window until kunmap(); kmap_atomic() uses one of KM_TYPE_NR fixmap
 * slots per caller type, for short sections that must not be interleaved
 * with another user of the same slot.
 */
enum km_type {
	KM_USER0,
	KM_USER1,
	KM_SELFTEST,
	KM_TYPE_NR_USED
};

void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_atomic(struct page *page, enum km_type type);
void kunmap_atomic(void *kvaddr, enum km_type type);
unsigned long nr_kmapped(void);

#endif
