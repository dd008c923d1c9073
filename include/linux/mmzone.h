#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/mm.h>

/*
 * Nodes and zones (Gorman chapter 2).  Even with one node the pg_data_t
 * sits on pgdat_list, so the NUMA work only adds nodes to it.
 */
#define ZONE_DMA	0
#define ZONE_NORMAL	1
#define ZONE_HIGHMEM	2
#define MAX_NR_ZONES	3

typedef struct zone_struct {
	const char *name;
	unsigned long size;		/* pages spanned, holes included */
	unsigned long zone_start_pfn;
	struct page *zone_mem_map;
	struct pglist_data *zone_pgdat;
} zone_t;

struct bootmem_data;

typedef struct pglist_data {
	zone_t node_zones[MAX_NR_ZONES];
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

void free_area_init_node(int nid, pg_data_t *pgdat, struct page *pmap,
			 unsigned long *zones_size, unsigned long zone_start_pfn,
			 unsigned long *zholes_size);
void free_area_init(unsigned long *zones_size);

#endif
