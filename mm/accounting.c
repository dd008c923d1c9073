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

/* RAM pages in [0, end_pfn) still PG_reserved: mem_init()'s "reserved". */
unsigned long __init count_reserved_pages(unsigned long end_pfn)
{
	unsigned long pos = 0, rs, re, n = 0;

	while (next_ram_range(&pos, end_pfn, &rs, &re))
		for (unsigned long pfn = rs; pfn < re; pfn++)
			n += PageReserved(pfn_to_page(pfn));
	return n;
}

struct page_census {
	unsigned long ram, free, reserved, allocated;
	unsigned long nonram_not_reserved;	/* a hole handed out: must be 0 */
};

static void take_census(struct page_census *c)
{
	unsigned long pos = 0, rs = 0, re = 0, free_end = 0;
	bool more = next_ram_range(&pos, max_mapnr, &rs, &re);

	*c = (struct page_census){ 0 };
	for (unsigned long pfn = 0; pfn < max_mapnr; pfn++) {
		const struct page *page = pfn_to_page(pfn);
		bool is_free, ram;

		while (more && pfn >= re)
			more = next_ram_range(&pos, max_mapnr, &rs, &re);
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

/* Prints the accounting line; false (and MISMATCH) if any page is unaccounted. */
bool memory_accounting_report(void)
{
	struct page_census c;
	bool ok;

	take_census(&c);
	ok = c.free + c.reserved == c.ram && !c.allocated && !c.nonram_not_reserved &&
	     c.free == nr_free_pages() && c.ram == ram_pages(0, max_mapnr);
	printk(KERN_INFO "accounting: ram %lu pages = free %lu + reserved %lu (%s)\n",
	       c.ram, c.free, c.reserved, ok ? "ok" : "MISMATCH");
	if (!ok)
		printk(KERN_ERR "accounting: %lu allocated, %lu non-RAM pages not reserved, "
		       "nr_free_pages() %lu, RAM pages in the map %lu\n", c.allocated,
		       c.nonram_not_reserved, nr_free_pages(), ram_pages(0, max_mapnr));
	return ok;
}
