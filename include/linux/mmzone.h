#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/list.h>
#include <linux/mm.h>

/*
 * Nodes and zones (Gorman chapter 2).  Even with one node the pg_data_t
 * sits on pgdat_list, so the NUMA work only adds nodes to it.
 */
#define ZONE_DMA	0
#define ZONE_NORMAL	1
#define ZONE_HIGHMEM	2
#define MAX_NR_ZONES	3

/*
 * MAX_ORDER 10 as in 2.4: blocks of 1 to 512 pages (2 MiB).  Modern Linux
 * uses 11 (4 MiB, the size of a non-PAE large page); nothing here asks the
 * buddy allocator for 4 MiB at once, and 10 keeps our free lists
 * comparable with the book's figures.
 */
#define MAX_ORDER	10

typedef struct free_area_struct {
	struct list_head free_list;	/* heads of free blocks of this order */
	unsigned long nr_free;		/* blocks on the list */
} free_area_t;

typedef struct zone_struct {
	unsigned long free_pages;
	unsigned long pages_min, pages_low, pages_high;
	free_area_t free_area[MAX_ORDER];

	const char *name;
	unsigned long size;		/* pages spanned, holes included */
	unsigned long zone_start_pfn;
	struct page *zone_mem_map;
	struct pglist_data *zone_pgdat;
} zone_t;

/* Zones to try, in order, for one class of allocation; NULL-terminated. */
typedef struct zonelist_struct {
	zone_t *zones[MAX_NR_ZONES + 1];
} zonelist_t;

#define NR_GFPINDEX	0x10

struct bootmem_data;

typedef struct pglist_data {
	zone_t node_zones[MAX_NR_ZONES];
	zonelist_t node_zonelists[NR_GFPINDEX];
	int nr_zones;
	struct page *node_mem_map;
	struct bootmem_data *bdata;
	unsigned long node_start_pfn;
	unsigned long node_size;	/* pages spanned */
	int node_id;
	struct pglist_data *node_next;
} pg_data_t;

extern pg_data_t contig_page_data;
extern pg_data_t *pgdat_list;

#define for_each_pgdat(pgdat) \
	for (pgdat = pgdat_list; pgdat; pgdat = pgdat->node_next)

extern const char *const zone_names[MAX_NR_ZONES];

void set_zone_watermarks(zone_t *zone, unsigned long present_pages);
int check_zone(const zone_t *zone, bool verbose);

void free_area_init_node(int nid, pg_data_t *pgdat, struct page *pmap,
			 unsigned long *zones_size, unsigned long zone_start_pfn,
			 unsigned long *zholes_size);
void free_area_init(unsigned long *zones_size);

/*
 * A node's pg_data_t.  One node until NUMA: then this becomes a lookup
 * in a table of nodes, and nothing that calls it changes.
 */
#define NODE_DATA(nid)		(&contig_page_data)

static inline zone_t *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

#endif
