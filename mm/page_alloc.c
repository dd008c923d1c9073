/*
 * The binary buddy allocator (Linux 2.4 mm/page_alloc.c, Gorman chapter 6):
 * its free lists, the checks on every free, the zonelists, and the verbs
 * that give reserved pages to it.  The zones and mem_map it works on are
 * set up in mm/mm_init.c, as Linux 6.3 split them; pages become free only
 * when mem_init() retires bootmem (Gorman 5.5).
 *
 * Free blocks are found the modern way, not with 2.4's per-order bitmaps:
 * the head page of a free block carries PG_buddy and its order in
 * page->private.  Whether a buddy is free and whole is then one look at its
 * struct page, with no bitmap to allocate from bootmem, keep in step, or
 * get wrong across a hole; the merge loop reads the same struct pages the
 * free path touches anyway.  Non-RAM pfns are PG_reserved and never
 * PG_buddy, so merging stops at holes by construction.
 *
 * Blocks are aligned to absolute pfns, not (as in 2.4) to their offset in
 * the zone: the same thing for zones that start on a 2 MiB boundary, and
 * without 2.4's "wrong zone alignment" trap for those that do not
 * (highmem=12345K makes one).  The book's zone_start_paddr/mapnr is
 * zone_start_pfn here.
 */
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/string.h>
#include "internal.h"

#define SetPageBuddy(p)		((p)->flags |= 1UL << PG_buddy)
#define ClearPageBuddy(p)	((p)->flags &= ~(1UL << PG_buddy))

/* ---- misuse: Linux's bad_page(), always on ---- */

static __noreturn void bad_page(const struct page *page, unsigned int order,
				const char *reason, unsigned long caller)
{
	/* A pointer outside mem_map is reported, never dereferenced. */
	if (page_in_mem_map(page)) {
		printk(KERN_EMERG "BUG: Bad page state in process swapper  pfn:%05lx\n",
		       page_to_pfn(page));
		printk(KERN_EMERG "page:%p count:%d flags:%#lx order:%u private:%lu\n",
		       (const void *)page, page->count, page->flags, order, page->private);
	} else {
		printk(KERN_EMERG "BUG: Bad page state in process swapper  page:%p\n",
		       (const void *)page);
		printk(KERN_EMERG "page:%p order:%u (node 0's mem_map is %p..%p)\n",
		       (const void *)page, order, (const void *)NODE_DATA(0)->node_mem_map,
		       (const void *)(NODE_DATA(0)->node_mem_map + NODE_DATA(0)->node_spanned_pages));
	}
	printk(KERN_EMERG "page dumped because: %s\n", reason);
	printk(KERN_EMERG "caller: %pS\n", (void *)caller);
	panic("Bad page state");
}

/*
 * The free block of a larger order that holds the block of this order at
 * pfn, or NULL.  Blocks are naturally aligned, so the only heads that can
 * hold it are pfn rounded down to each larger order: at most MAX_ORDER - 1
 * struct pages, and only as many distinct ones as pfn has set bits from
 * bit 'order' to MAX_ORDER - 2, each step clearing the lowest.  Inside the
 * zone only (a free block never crosses it), and below pfn, so written.
 */
static struct page *free_block_holding(struct page *page, unsigned long pfn,
				       unsigned long zstart)
{
	unsigned long top = pfn & ~((1UL << (MAX_ORDER - 1)) - 1), head = pfn;

	while (head != top) {
		struct page *h;

		head &= head - 1;
		if (head < zstart)
			break;
		h = page - (pfn - head);
		if (PageBuddy(h) && h->private < MAX_ORDER && pfn - head < (1UL << h->private))
			return h;
	}
	return NULL;
}

/*
 * A free page freed again: the head of a free block, or a page inside one,
 * which the head's PG_buddy does not mark -- then the block is named.
 */
static __noreturn void bad_free_page(struct page *page, unsigned long pfn, const zone_t *zone,
				     unsigned int order, unsigned long caller)
{
	static char reason[112];
	const struct page *block = PageBuddy(page) ? NULL :
				   free_block_holding(page, pfn, zone->zone_start_pfn);

	if (PageBuddy(page))
		bad_page(page, order, "freeing a free page (double free)", caller);
	/* Count 0 yet free nowhere: a tail of a block handed out whole. */
	if (!block)
		bad_page(page, order, "freeing a page that was never handed out (count 0, not free): a tail of an allocated block?", caller);
	snprintf(reason, sizeof(reason),
		 "freeing a free page (double free) inside the free order-%lu block at pfn %05lx",
		 block->private, pfn - (unsigned long)(page - block));
	bad_page(page, order, reason, caller);
}

static __noreturn void bad_tail_page(struct page *page, unsigned int order, unsigned long caller)
{
	if (PageBuddy(page))
		bad_page(page, order, "freeing a block that holds a free block (double free)", caller);
	bad_page(page, order, "page of the block in use or reserved", caller);
}

/*
 * A block handed back must be one we handed out: inside mem_map, aligned
 * for its order, inside one zone, allocated at this order, not reserved,
 * not free already, and no page of it still referenced or free.
 *
 * Every page of a free block has a count of 0 and PG_reserved clear, the
 * head alone PG_buddy: so "count <= 0" is what finds a page freed again
 * wherever it lies in a free block, and the walk that names the block
 * runs only then, off the hot path.  Callers that set a count before
 * freeing (free_reserved_page()) must first check the page was theirs.
 */
static void free_pages_check(struct page *page, zone_t *zone, unsigned long pfn,
			     unsigned int order, bool tails, unsigned long caller)
{
	if (order >= MAX_ORDER)
		bad_page(page, order, "order too large", caller);
	if (pfn & ((1UL << order) - 1))
		bad_page(page, order, "misaligned for its order", caller);
	if (pfn + (1UL << order) > zone->zone_start_pfn + zone->size)
		bad_page(page, order, "block crosses the end of its zone", caller);
	if (PageReserved(page))
		bad_page(page, order, "freeing a reserved page", caller);
	if (PageBuddy(page) || page->count <= 0)
		bad_free_page(page, pfn, zone, order, caller);
	if (page->private != order)
		bad_page(page, order, "freed with an order it was not allocated with", caller);
	for (unsigned long i = 1; tails && i < (1UL << order); i++)
		if (page[i].count || page[i].flags & ((1UL << PG_buddy) | (1UL << PG_reserved)))
			bad_tail_page(page + i, order, caller);
}

static void __free_one_page(zone_t *zone, struct page *page, unsigned long pfn,
			    unsigned int order, unsigned long written_end);

/*
 * A block handed back: checked, then merged (Linux's __free_pages_ok());
 * tails says whether the pages after the head are still to be checked
 * (free_reserved_range() checked them as it wrote them).
 */
static void __free_pages_ok(struct page *page, unsigned int order, bool tails, unsigned long caller)
{
	const pg_data_t *pgdat;
	unsigned long pfn;
	zone_t *zone;

	/* The node once: its mem_map gives the pfn, its zones the zone. */
	pgdat = NODE_DATA(page_to_nid(page));
	pfn = (unsigned long)(page - pgdat->node_mem_map) + pgdat->node_start_pfn;
	zone = (zone_t *)&pgdat->node_zones[page_zonenum(page)];
	free_pages_check(page, zone, pfn, order, tails, caller);
	page->count = 0;
	__free_one_page(zone, page, pfn, order, pgdat->first_deferred_pfn);
}

/* ---- the buddy mechanics (Gorman 6.2-6.4) ---- */

static void add_free_block(zone_t *zone, struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

static void del_free_block(zone_t *zone, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	zone->free_area[order].nr_free--;
	ClearPageBuddy(page);
	page->private = 0;
}

/*
 * A checked block into the free lists (Linux's __free_one_page()): merge
 * with the buddy while it is a free block of the same order inside the
 * zone, then put the result on its list.  The buddy of the block at
 * pfn of order k is at pfn ^ 2^k (Gorman 6.4).
 */
static void __free_one_page(zone_t *zone, struct page *page, unsigned long pfn,
			    unsigned int order, unsigned long written_end)
{
	unsigned long zstart = zone->zone_start_pfn;
	/*
	 * Inside the zone, and below written_end, where the struct pages the
	 * hand-over has not written yet begin: what lies there is whatever
	 * the memory held, and could look like a free buddy.
	 */
	unsigned long zend = min(zstart + zone->size, written_end);

	zone->free_pages += 1UL << order;
	page->private = 0;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		/*
		 * Inside the zone, so inside this node's mem_map: look only
		 * then, and find it from the page (one node's struct pages lie
		 * in one array).
		 */
		if (buddy_pfn < zstart || buddy_pfn >= zend)
			break;
		buddy = page + ((long)buddy_pfn - (long)pfn);
		if (!PageBuddy(buddy) || buddy->private != order)
			break;
		del_free_block(zone, buddy, order);
		if (buddy < page)
			page = buddy;	/* the merged block starts at the lower one */
		pfn &= ~(1UL << order);
		order++;
	}
	add_free_block(zone, page, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	/*
	 * 2.4: only the last reference frees.  2.4 also ignored a reserved
	 * page silently; here that is a bad_page(), like every other misuse
	 * (callers clear PG_reserved first, as the book's loops do).
	 */
	/* A pointer outside every mem_map is reported, never dereferenced. */
	if (!page_in_mem_map(page))
		bad_page(page, order, "outside mem_map", _RET_IP_);
	if (unlikely(memmap_deferred) && page_unwritten(page))
		bad_page(page, order, "its struct page is not written yet (freed before mem_init)",
			 _RET_IP_);
	if (page->count > 1 && !PageReserved(page) && !PageBuddy(page)) {
		page->count--;
		return;
	}
	__free_pages_ok(page, order, true, _RET_IP_);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

/*
 * Split a block of order 'high' down to 'low' as 2.4's expand() does
 * (Gorman 6.3): at each step the lower half goes on the free list one
 * order down and the split carries on with the upper half, so the block
 * returned is the top 2^low pages of the original one.  Modern Linux
 * (since 2.6) does the reverse -- it keeps the lower half and frees the
 * upper -- so that allocations pack towards the bottom of memory; this
 * kernel follows the book, whose readers trace 2.4's choice by hand.
 */
static struct page *expand(zone_t *zone, struct page *page, unsigned int low,
			   unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_free_block(zone, page, high);
		page += size;
	}
	return page;
}

/* Take a block of the smallest non-empty order >= order (2.4's rmqueue). */
static struct page *rmqueue(zone_t *zone, unsigned int order)
{
	for (unsigned int cur = order; cur < MAX_ORDER; cur++) {
		free_area_t *area = &zone->free_area[cur];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		/* 2.4: the head of the list, where frees and splits put blocks (LIFO) */
		page = list_entry(area->free_list.next, struct page, lru);
		del_free_block(zone, page, cur);
		zone->free_pages -= 1UL << order;
		page = expand(zone, page, order, cur);
		page->private = order;
		page->count = 1;
		arch_alloc_page(page, order);
		return page;
	}
	return NULL;
}

/* At most ten warnings, then a count: a failing loop must not flood the log. */
static void alloc_failed_warning(unsigned int gfp_mask, unsigned int order)
{
	static unsigned long failures;

	if (++failures <= 10)
		printk(KERN_NOTICE "__alloc_pages: %u-order allocation failed (gfp=0x%x/0)\n",
		       order, gfp_mask);
	else if (failures % 1000 == 0)
		printk(KERN_NOTICE "__alloc_pages: %lu allocation failures so far\n", failures);
}

/*
 * 2.4's __alloc_pages() without reclaim.  First pass: a zone must keep
 * pages_low free after the allocation; second pass: pages_min (a quarter of
 * it for callers that cannot wait).  As in 2.4 the limit accumulates along
 * the zone list, so falling back to a lower zone costs more headroom: DMA
 * memory is kept for those who need it.  There is no third pass: nothing
 * here can free memory, so we fail cleanly.
 */
struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order, zonelist_t *zonelist)
{
	unsigned long min;
	zone_t **zp;

	if (order >= MAX_ORDER) {
		printk(KERN_WARNING "__alloc_pages: order %u >= MAX_ORDER (%d) refused, from %pS\n",
		       order, MAX_ORDER, (void *)_RET_IP_);
		return NULL;
	}
	min = 1UL << order;
	for (zp = zonelist->zones; *zp; zp++) {
		min += (*zp)->pages_low;
		if ((*zp)->free_pages > min) {
			struct page *page = rmqueue(*zp, order);

			if (page)
				return page;
		}
	}
	min = 1UL << order;
	for (zp = zonelist->zones; *zp; zp++) {
		unsigned long local_min = (*zp)->pages_min;

		if (!(gfp_mask & __GFP_WAIT))
			local_min >>= 2;
		min += local_min;
		if ((*zp)->free_pages > min) {
			struct page *page = rmqueue(*zp, order);

			if (page)
				return page;
		}
	}
	alloc_failed_warning(gfp_mask, order);
	return NULL;
}

/* The node's own zones first, then the others nearest first (build_zonelists()). */
struct page *alloc_pages_node(int nid, unsigned int gfp_mask, unsigned int order)
{
	return __alloc_pages(gfp_mask, order,
			     NODE_DATA(nid)->node_zonelists + (gfp_mask & GFP_ZONEMASK));
}

void *page_address(const struct page *page)
{
	if (page_zonenum(page) == ZONE_HIGHMEM)
		return highmem_page_address(page);
	return __va(page_to_phys(page));
}

/* Pages the buddy allocator was given at boot, and those of them in highmem. */
unsigned long totalram_pages, totalhigh_pages;

/*
 * free_reserved_page() of a page that is not reserved: one freed already
 * (the head of a free block, or a page inside one: the count it is about
 * to be given would hide that from the free's own checks) or in use.
 */
static __noreturn void bad_unreserved_page(struct page *page, unsigned long caller)
{
	const pg_data_t *pgdat;
	const zone_t *zone;
	unsigned long pfn;

	if (!page_in_mem_map(page))
		bad_page(page, 0, "outside mem_map", caller);
	if (memmap_deferred && page_unwritten(page))
		bad_page(page, 0, "its struct page is not written yet (freed before mem_init)", caller);
	pgdat = NODE_DATA(page_to_nid(page));
	pfn = page_to_pfn(page);
	zone = &pgdat->node_zones[page_zonenum(page)];
	if (PageBuddy(page) || free_block_holding(page, pfn, zone->zone_start_pfn))
		bad_free_page(page, pfn, zone, 0, caller);
	bad_page(page, 0, "freeing a page that is not reserved (in use)", caller);
}

/*
 * __free_pages() calls the hand-over makes (free_reserved_page() and one
 * per block, __free_pages_core()): what the two ways of retiring
 * bootmem cost the buddy allocator, counted, not estimated.
 */
static unsigned long handover_free_calls;
static unsigned long handover_free_orders[MAX_ORDER];

unsigned long nr_handover_free_calls(void)
{
	return handover_free_calls;
}

void nr_handover_free_orders(unsigned long orders[MAX_ORDER])
{
	memcpy(orders, handover_free_orders, sizeof(handover_free_orders));
}

/*
 * One reserved page to the buddy allocator: the three steps every loop of
 * the hand-over repeats (2.4's free_all_bootmem_core(), one_highpage_init()
 * and free_initmem() each spell them out; Linux 3.x named them).
 */
static void __free_reserved_page(struct page *page, unsigned long caller)
{
	if (unlikely(!page_in_mem_map(page) || !PageReserved(page)))
		bad_unreserved_page(page, caller);
	ClearPageReserved(page);
	set_page_count(page, 1);
	handover_free_calls++;
	handover_free_orders[0]++;
	__free_page(page);
}

/* One reserved page to the buddy allocator (free_initmem(), bootmem_retire=page). */
void free_reserved_page(struct page *page)
{
	__free_reserved_page(page, _RET_IP_);
}

/*
 * One reserved highmem page to the buddy allocator, PG_highmem set and
 * counted in totalhigh_pages (2.4's one_highpage_init() for a RAM page).
 */
void free_highmem_page(struct page *page)
{
	SetPageHighMem(page);
	__free_reserved_page(page, _RET_IP_);
	totalhigh_pages++;
}

/*
 * A block whose pages are written free already: its head to the buddy
 * allocator, counted as a hand-over call (Linux's __free_pages_core()).
 */
void __free_pages_core(struct page *page, unsigned int order, bool to_tail,
		       unsigned long caller)
{
	page->count = 1;
	page->private = order;
	handover_free_calls++;
	handover_free_orders[order]++;
	__free_pages_ok(page, order, false, caller);
	/*
	 * To the tail of its list (free_all_highmem_node()): the block as it
	 * is listed, merged with a free block below or not.  Here, not on the
	 * free path every __free_pages() takes.
	 */
	if (to_tail) {
		zone_t *zone = page_zone(page);

		if (!PageBuddy(page))
			page = free_block_holding(page, page_to_pfn(page), zone->zone_start_pfn);
		list_del(&page->lru);
		list_add_tail(&page->lru, &zone->free_area[page->private].free_list);
	}
}

/*
 * Hand [start_pfn, end_pfn) -- reserved, unreferenced pages of one zone --
 * to the buddy allocator as maximal naturally aligned blocks, as modern
 * Linux's memblock_free_all() does: each block's order is the lowest set
 * bit of its start, capped at MAX_ORDER - 1 and shrunk until it fits.
 * Every struct page is touched once (flags, count); the head goes through
 * the free path's checks, and merges only where the range meets a
 * neighbour that is already free.  Returns the pages freed.
 */
unsigned long free_reserved_range(unsigned long start_pfn, unsigned long end_pfn,
				  unsigned long set_flags, bool to_tail, unsigned long caller)
{
	unsigned long pfn = start_pfn;

	while (pfn < end_pfn) {
		unsigned int order = block_order(pfn, end_pfn);
		struct page *page = pfn_to_page(pfn);

		/*
		 * One pass: each page must be reserved and unreferenced -- a
		 * range reaching into free or allocated memory is a double free
		 * -- and becomes a free page of the block; so the free need not
		 * walk the block's tail again (the ordinary __free_pages() does).
		 */
		for (unsigned long i = 0; i < (1UL << order); i++) {
			unsigned long flags = page[i].flags;

			if (!(flags & (1UL << PG_reserved)) || (flags & (1UL << PG_buddy)) ||
			    page[i].count)
				bad_page(page + i, order, "released while not reserved (free or in use)",
					 caller);
			page[i].flags = (flags & ~(1UL << PG_reserved)) | set_flags;
			page[i].count = 0;
		}
		__free_pages_core(page, order, to_tail, caller);
		pfn += 1UL << order;
	}
	return end_pfn - start_pfn;
}

unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order)
{
	struct page *page;

	/* A highmem page has no kernel address to return. */
	if (gfp_mask & __GFP_HIGHMEM) {
		printk(KERN_WARNING "__get_free_pages: __GFP_HIGHMEM refused, from %pS\n",
		       (void *)_RET_IP_);
		return 0;
	}
	page = alloc_pages(gfp_mask, order);
	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(unsigned int gfp_mask)
{
	unsigned long addr = __get_free_pages(gfp_mask, 0);

	if (addr)
		memset((void *)addr, 0, PAGE_SIZE);
	return addr;
}

static unsigned long sum_free(int first, int last)
{
	unsigned long sum = 0;
	pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		for (int z = first; z <= last; z++)
			sum += pgdat->node_zones[z].free_pages;
	return sum;
}

unsigned long nr_free_pages(void)
{
	return sum_free(0, MAX_NR_ZONES - 1);
}

unsigned long nr_free_highpages(void)
{
	return sum_free(ZONE_HIGHMEM, ZONE_HIGHMEM);
}

/* ---- reports ---- */

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

/*
 * 2.4's show_free_areas_core() format; on a NUMA machine each node's zone
 * lines carry "Node N " first, as 2.6's show_free_areas() prints them.
 */
static void show_node_free_areas(pg_data_t *pgdat, const char *prefix)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_t *zone = &pgdat->node_zones[z];

		printk("%sZone:%s freepages:%6lukB min:%6lukB low:%6lukB high:%6lukB\n",
		       prefix, zone->name, K(zone->free_pages), K(zone->pages_min),
		       K(zone->pages_low), K(zone->pages_high));
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_t *zone = &pgdat->node_zones[z];
		unsigned long total = 0;

		printk("%s%s: ", prefix, zone->name);
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			unsigned long nr = zone->free_area[order].nr_free;

			total += nr << order;
			pr_cont("%lu*%lukB ", nr, K(1UL << order));
		}
		pr_cont("= %lukB\n", K(total));
	}
}

void show_free_areas(void)
{
	pg_data_t *pgdat;
	char prefix[16] = "";

	printk("Free pages:      %6lukB (%6lukB HighMem)\n", K(nr_free_pages()),
	       K(nr_free_highpages()));
	for_each_pgdat(pgdat) {
		if (numa_nodes_set_up())
			snprintf(prefix, sizeof(prefix), "Node %d ", pgdat->node_id);
		show_node_free_areas(pgdat, prefix);
	}
}

/* RAM pages of a zone, and those of them the buddy allocator was given. */
static void zone_page_counts(const zone_t *zone, unsigned long *present, unsigned long *managed)
{
	unsigned long pos = zone->zone_start_pfn, rs, re;

	*present = *managed = 0;
	while (next_ram_range(&pos, zone->zone_start_pfn + zone->size, &rs, &re)) {
		const struct page *page = zone->zone_mem_map + (rs - zone->zone_start_pfn);

		*present += re - rs;
		for (unsigned long i = 0; i < re - rs; i++)
			*managed += !PageReserved(page + i);
	}
}

/*
 * /proc/zoneinfo's words for 2.4's numbers: spanned is 2.4's zone->size
 * (holes included), present the RAM in it, managed the pages the buddy
 * allocator was given (present less what stays reserved), free
 * zone->free_pages, and min/low/high 2.4's pages_min/low/high.
 */
void show_zoneinfo(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const zone_t *zone = &pgdat->node_zones[z];
			unsigned long present, managed;

			zone_page_counts(zone, &present, &managed);
			printk("Node %d, zone %8s\n", pgdat->node_id, zone->name);
			printk("  pages free     %lu\n", zone->free_pages);
			printk("        min      %lu\n", zone->pages_min);
			printk("        low      %lu\n", zone->pages_low);
			printk("        high     %lu\n", zone->pages_high);
			printk("        spanned  %lu\n", zone->size);
			printk("        present  %lu\n", present);
			printk("        managed  %lu\n", managed);
			printk("  start_pfn:           %lu\n", zone->zone_start_pfn);
		}
	}
}

/* /proc/buddyinfo's format: free blocks per order, per zone. */
void show_buddyinfo(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < pgdat->nr_zones; z++) {
			zone_t *zone = &pgdat->node_zones[z];

			printk("Node %d, zone %8s ", pgdat->node_id, zone->name);
			for (unsigned int order = 0; order < MAX_ORDER; order++)
				pr_cont("%6lu ", zone->free_area[order].nr_free);
			pr_cont("\n");
		}
	}
}

/*
 * The order of the free lists, which /proc/buddyinfo does not show: per
 * zone, an FNV-1a digest of every list's pfns head to tail, and the block
 * at the head of each order's list (the next one rmqueue() takes; "-" for
 * an empty list).  Two boots that print the same lines hand out the same
 * pages, block for block: the harness holds the two ways of retiring
 * bootmem to that.
 */
static u32 fnv1a(u32 hash, unsigned long word)
{
	for (unsigned int i = 0; i < sizeof(word); i++, word >>= 8)
		hash = (hash ^ (word & 0xff)) * 16777619u;
	return hash;
}

void show_free_lists(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < pgdat->nr_zones; z++) {
			zone_t *zone = &pgdat->node_zones[z];
			u32 hash = 2166136261u;

			for (unsigned int order = 0; order < MAX_ORDER; order++) {
				const struct list_head *head = &zone->free_area[order].free_list;

				for (const struct list_head *l = head->next; l != head; l = l->next)
					hash = fnv1a(hash, page_to_pfn(list_entry(l, struct page, lru)));
				hash = fnv1a(hash, ~0UL);	/* the end of a list */
			}
			printk("free lists: Node %d, zone %8s digest %08x, heads", pgdat->node_id,
			       zone->name, hash);
			for (unsigned int order = 0; order < MAX_ORDER; order++) {
				const struct list_head *head = &zone->free_area[order].free_list;

				if (list_empty(head))
					pr_cont("      -");
				else
					pr_cont(" %6lx", page_to_pfn(list_entry(head->next, struct page, lru)));
			}
			pr_cont("\n");
		}
	}
}

/* ---- zonelists ---- */

/* The online nodes nearest nid first, nid itself leading; ties by node id. */
static int __init nodes_by_distance(int nid, int *order)
{
	pg_data_t *pgdat;
	int n = 0;

	for_each_pgdat(pgdat) {
		int i = n++;

		while (i > 0 && node_distance(nid, order[i - 1]) >
				node_distance(nid, pgdat->node_id)) {
			order[i] = order[i - 1];
			i--;
		}
		order[i] = pgdat->node_id;
	}
	return n;
}

/*
 * 2.4's build_zonelists(): plain allocations try NORMAL then DMA, GFP_DMA
 * only DMA, __GFP_HIGHMEM HIGHMEM, NORMAL, DMA.  Empty zones are left out.
 * On a NUMA machine each zone type in turn is taken from every node, the
 * local node first and then the others by distance: Linux's "zone order",
 * its default on 32-bit, where the low memory of every node is scarcer
 * than a remote node's high memory (2.6.23's default_zonelist_order();
 * 2.4's lists held the local node only).
 */
static void __init build_zonelists(pg_data_t *pgdat)
{
	int order[MAX_NUMNODES];
	int nodes = nodes_by_distance(pgdat->node_id, order);

	for (int i = 0; i < NR_GFPINDEX; i++) {
		zonelist_t *zl = pgdat->node_zonelists + i;
		int top = (i & __GFP_DMA) ? ZONE_DMA :
			  (i & __GFP_HIGHMEM) ? ZONE_HIGHMEM : ZONE_NORMAL;
		int n = 0;

		for (int z = top; z >= 0; z--)
			for (int k = 0; k < nodes; k++) {
				zone_t *zone = &NODE_DATA(order[k])->node_zones[z];

				if (zone->size)
					zl->zones[n++] = zone;
			}
		zl->zones[n] = NULL;
	}
}

/* Once every node is set up: each one's zonelists reach all the others. */
void __init build_all_zonelists(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		build_zonelists(pgdat);
}
