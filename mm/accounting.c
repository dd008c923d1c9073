/*
 * Counting pages against the architecture's map of RAM (next_ram_range(),
 * the e820 map on x86): the reserved pages mem_init() reports, and "every
 * page of RAM is accounted for" -- one pass over the struct pages at the
 * end of boot that sorts each pfn into free (inside a buddy block),
 * reserved or allocated, and into RAM or not, independently of the
 * counters the allocator keeps, which it then checks against.
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>

/*
 * RAM pages in [0, end_pfn) still PG_reserved: mem_init()'s "reserved",
 * and memdump's count at the end of boot (so not __init).
 * Node by node, stepping through each node's mem_map: a RAM range may
 * cross from one node into the next, and one pfn_to_page() per run is
 * all the memory model is asked.
 */
unsigned long count_reserved_pages(unsigned long end_pfn)
{
	const pg_data_t *pgdat;
	unsigned long n = 0;

	for_each_pgdat(pgdat) {
		unsigned long pos = pgdat->node_start_pfn, rs, re;

		while (next_ram_range(&pos, min(end_pfn, pgdat_end_pfn(pgdat)), &rs, &re)) {
			const struct page *page = pfn_to_page(rs);

			for (unsigned long i = 0; i < re - rs; i++)
				n += PageReserved(page + i);
		}
	}
	return n;
}

struct page_census {
	unsigned long ram, free, reserved, allocated;
	unsigned long nonram_not_reserved;	/* a hole handed out: must be 0 */
};

/* One node's pfns, [start, end): every struct page it has. */
static void take_census(struct page_census *c, unsigned long start, unsigned long end)
{
	unsigned long pos = start, rs = 0, re = 0, free_end = 0;
	bool more = next_ram_range(&pos, end, &rs, &re);

	const struct page *page = pfn_to_page(start);

	*c = (struct page_census){ 0 };
	for (unsigned long pfn = start; pfn < end; pfn++, page++) {
		bool is_free, ram;

		while (more && pfn >= re)
			more = next_ram_range(&pos, end, &rs, &re);
		ram = more && pfn >= rs;
		if (pfn >= free_end && PageBuddy(page))
			free_end = pfn + (1UL << page->private);
		is_free = pfn < free_end;
		if (!ram) {
			c->nonram_not_reserved += is_free || !PageReserved(page);
			continue;
		}
		c->ram++;
		if (is_free)
			c->free++;
		else if (PageReserved(page))
			c->reserved++;
		else
			c->allocated++;
	}
}

static unsigned long node_free_pages(const pg_data_t *pgdat)
{
	unsigned long sum = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		sum += pgdat->node_zones[z].free_pages;
	return sum;
}

static bool census_report(const char *who, const struct page_census *c,
			  unsigned long free_pages, unsigned long ram_in_map)
{
	bool ok = c->free + c->reserved == c->ram && !c->allocated && !c->nonram_not_reserved &&
		  c->free == free_pages && c->ram == ram_in_map;

	printk(KERN_INFO "accounting: %sram %lu pages = free %lu + reserved %lu (%s)\n",
	       who, c->ram, c->free, c->reserved, ok ? "ok" : "MISMATCH");
	if (!ok)
		printk(KERN_ERR "accounting: %s%lu allocated, %lu non-RAM pages not reserved, "
		       "free pages counted %lu, RAM pages in the map %lu\n", who, c->allocated,
		       c->nonram_not_reserved, free_pages, ram_in_map);
	return ok;
}

/*
 * Prints the accounting line -- one per node first on a NUMA machine, even
 * one left with a single node -- and false (and MISMATCH) if any page is
 * unaccounted.  The total must
 * also hold every RAM page of the map: RAM outside every node would have
 * no struct page at all.
 */
bool memory_accounting_report(void)
{
	struct page_census total = { 0 }, c;
	const pg_data_t *pgdat;
	bool ok = true, numa = numa_nodes_set_up();
	char who[24] = "";

	for_each_pgdat(pgdat) {
		unsigned long start = pgdat->node_start_pfn, end = pgdat_end_pfn(pgdat);

		take_census(&c, start, end);
		if (numa) {
			snprintf(who, sizeof(who), "node %d: ", pgdat->node_id);
			ok &= census_report(who, &c, node_free_pages(pgdat), ram_pages(start, end));
			ok &= c.ram == pgdat->node_present_pages;
		}
		total.ram += c.ram;
		total.free += c.free;
		total.reserved += c.reserved;
		total.allocated += c.allocated;
		total.nonram_not_reserved += c.nonram_not_reserved;
	}
	return census_report("", &total, nr_free_pages(), ram_pages(0, max_mapnr)) && ok;
}
