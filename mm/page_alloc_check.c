/*
 * The buddy allocator's invariants, checked from scratch over a zone: the
 * self-tests and the host's randomized tests call this after operations,
 * so a broken free list is found where it happens, not pages later.
 *
 *  1. each free list holds nr_free blocks, each a PG_buddy head of that
 *     order, aligned to it, inside the zone, unreferenced and not reserved;
 *  2. the blocks add up to zone->free_pages;
 *  3. walking the zone's pfns, no page inside a free block is itself a
 *     head or in use, and every head met is on its list (no overlaps);
 *  4. no free block has a free buddy of the same order (merging is eager).
 */
#include <linux/kernel.h>
#include <linux/mmzone.h>

#define MAX_REPORTS 8

struct checker {
	const zone_t *zone;
	bool verbose;
	int errors;
};

__printf(3, 4) static void violation(struct checker *c, unsigned long pfn, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (c->verbose && c->errors < MAX_REPORTS) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		printk(KERN_ERR "check_zone %s: pfn %05lx: %s\n", c->zone->name, pfn, msg);
	}
	c->errors++;
}

static unsigned long check_lists(struct checker *c, unsigned long *heads)
{
	const zone_t *zone = c->zone;
	unsigned long zstart = zone->zone_start_pfn, zend = zstart + zone->size;
	unsigned long pages = 0;

	*heads = 0;
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		const struct list_head *head = &zone->free_area[order].free_list;
		unsigned long n = 0;

		for (const struct list_head *l = head->next; l != head && n <= zone->size; l = l->next, n++) {
			const struct page *page = list_entry(l, struct page, lru);
			unsigned long pfn = page_to_pfn(page);

			if (pfn < zstart || pfn + (1UL << order) > zend)
				violation(c, pfn, "order-%u block outside the zone", order);
			else if (pfn & ((1UL << order) - 1))
				violation(c, pfn, "order-%u block misaligned", order);
			if (!PageBuddy(page) || page->private != order)
				violation(c, pfn, "on order-%u list but buddy=%lu private=%lu", order,
					  (unsigned long)PageBuddy(page), page->private);
			if (page->count || PageReserved(page))
				violation(c, pfn, "free block head count %d flags %#lx", page->count,
					  page->flags);
			pages += 1UL << order;
		}
		if (n != zone->free_area[order].nr_free)
			violation(c, zstart, "order %u: %lu blocks listed, nr_free says %lu", order, n,
				  zone->free_area[order].nr_free);
		*heads += n;
	}
	return pages;
}

static bool is_free_head(const struct page *page, unsigned int order)
{
	return PageBuddy(page) && page->private == order;
}

static unsigned long walk_zone(struct checker *c)
{
	const zone_t *zone = c->zone;
	unsigned long zstart = zone->zone_start_pfn, zend = zstart + zone->size;
	unsigned long heads = 0, pfn = zstart;

	while (pfn < zend) {
		const struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = (unsigned int)page->private;
		if (order >= MAX_ORDER) {
			violation(c, pfn, "free head with order %u", order);
			pfn++;
			continue;
		}
		heads++;
		for (unsigned long i = 1; i < (1UL << order) && pfn + i < zend; i++)
			if (PageBuddy(page + i) || page[i].count || PageReserved(page + i))
				violation(c, pfn + i, "inside a free order-%u block at %05lx but in use",
					  order, pfn);
		if (order < MAX_ORDER - 1) {
			unsigned long buddy = pfn ^ (1UL << order);

			if (buddy >= zstart && buddy < zend && is_free_head(pfn_to_page(buddy), order))
				violation(c, pfn, "free order-%u buddy %05lx not merged", order, buddy);
		}
		pfn += 1UL << order;
	}
	return heads;
}

/* Returns the number of violations; verbose prints the first few. */
int check_zone(const zone_t *zone, bool verbose)
{
	struct checker c = { zone, verbose, 0 };
	unsigned long listed_heads, walked_heads;
	unsigned long pages = check_lists(&c, &listed_heads);

	if (pages != zone->free_pages)
		violation(&c, zone->zone_start_pfn, "free lists hold %lu pages, free_pages says %lu",
			  pages, zone->free_pages);
	walked_heads = walk_zone(&c);
	if (walked_heads != listed_heads)
		violation(&c, zone->zone_start_pfn, "%lu free heads in mem_map, %lu on the lists",
			  walked_heads, listed_heads);
	return c.errors;
}
