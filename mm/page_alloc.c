/*
 * Zones and mem_map (Linux 2.4 mm/page_alloc.c, Gorman 2.6 and 2.x):
 * free_area_init_core() sizes each zone, takes mem_map from bootmem and
 * starts every struct page reserved with a count of zero.  The pages become
 * free only when mem_init() retires bootmem.
 */
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/string.h>

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

struct page *mem_map;
unsigned long max_mapnr;
unsigned long num_physpages;

static void __init init_zone_pages(struct page *map, unsigned long n, unsigned int zone)
{
	for (unsigned long i = 0; i < n; i++) {
		map[i] = (struct page){ .flags = 1UL << PG_reserved };
		set_page_zone(&map[i], zone);
	}
}

static void __init free_area_init_core(int nid, pg_data_t *pgdat, struct page **gmap,
				       unsigned long *zones_size, unsigned long zone_start_pfn)
{
	unsigned long totalpages = 0;
	struct page *lmem_map;

	for (int j = 0; j < MAX_NR_ZONES; j++)
		totalpages += zones_size[j];
	printk(KERN_INFO "On node %d totalpages: %lu\n", nid, totalpages);

	lmem_map = alloc_bootmem_node(pgdat, totalpages * sizeof(struct page));
	*gmap = pgdat->node_mem_map = lmem_map;
	pgdat->node_size = totalpages;
	pgdat->node_start_pfn = zone_start_pfn;
	pgdat->node_id = nid;
	pgdat->nr_zones = 0;

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		zone_t *zone = pgdat->node_zones + j;
		unsigned long size = zones_size[j];

		printk(KERN_INFO "zone(%d): %lu pages.\n", j, size);
		zone->name = zone_names[j];
		zone->size = size;
		zone->zone_pgdat = pgdat;
		zone->zone_start_pfn = zone_start_pfn;
		zone->zone_mem_map = lmem_map + (zone_start_pfn - pgdat->node_start_pfn);
		if (size)
			pgdat->nr_zones = j + 1;
		init_zone_pages(zone->zone_mem_map, size, (unsigned int)j);
		zone_start_pfn += size;
	}
}

void __init free_area_init_node(int nid, pg_data_t *pgdat, struct page *pmap,
				unsigned long *zones_size, unsigned long zone_start_pfn,
				unsigned long *zholes_size)
{
	(void)pmap;
	(void)zholes_size;	/* holes stay reserved struct pages: see page_is_ram() */
	free_area_init_core(nid, pgdat, &mem_map, zones_size, zone_start_pfn);
}

void __init free_area_init(unsigned long *zones_size)
{
	free_area_init_node(0, &contig_page_data, NULL, zones_size, 0, NULL);
}
