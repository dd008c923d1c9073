#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/list.h>
#include <linux/mm.h>

/*
 * Nodes and zones (Gorman chapter 2).  A UMA machine has one node,
 * contig_page_data; a NUMA machine one pg_data_t per node the firmware
 * describes (arch/x86/mm/numa.c), node 0 being contig_page_data still.
 * Every online node sits on pgdat_list, in node-id order.
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

/*
 * Zones to try, in order, for one class of allocation; NULL-terminated.
 * Zone by zone from the highest the class may use, the local node's
 * first and then the other nodes' in order of distance (build_zonelists()).
 */
typedef struct zonelist_struct {
	zone_t *zones[MAX_NUMNODES * MAX_NR_ZONES + 1];
} zonelist_t;

#define NR_GFPINDEX	0x10

struct bootmem_data;

typedef struct pglist_data {
	zone_t node_zones[MAX_NR_ZONES];
	zonelist_t node_zonelists[NR_GFPINDEX];
	int nr_zones;
	struct page *node_mem_map;
	struct bootmem_data *bdata;	/* NULL: no boot allocator (highmem only) */
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;	/* holes included (2.4's node_size) */
	unsigned long node_present_pages;	/* RAM pages */
	/*
	 * The first pfn whose struct page is not written yet, ULONG_MAX once
	 * all are: the batch hand-over writes each struct page in the pass
	 * that releases it, in pfn order (mm/mm_init.c, "deferred").
	 */
	unsigned long first_deferred_pfn;
	/*
	 * memblock's hand-over writes what stays reserved first
	 * (memmap_init_reserved_pages()), ahead of the free pass: struct
	 * pages in [first_deferred_pfn, memmap_ahead_pfn) may be written
	 * already, as reserved, and the free pass steps over them.
	 */
	unsigned long memmap_ahead_pfn;
	int node_id;
	struct pglist_data *node_next;
} pg_data_t;

extern pg_data_t contig_page_data;
extern pg_data_t *pgdat_list;

#define for_each_pgdat(pgdat) \
	for (pgdat = pgdat_list; pgdat; pgdat = pgdat->node_next)

/*
 * The pg_data_t of each node: node_data[0] is contig_page_data, the
 * others are set when a NUMA machine's nodes come up (Linux's x86
 * node_data[]).  node_set_online() puts a node on pgdat_list.
 */
extern pg_data_t *node_data[MAX_NUMNODES];
#define NODE_DATA(nid)		(node_data[nid])

void node_set_online(int nid);
bool node_online(int nid);
int num_online_nodes(void);
bool numa_nodes_set_up(void);
int node_distance(int from, int to);
void numa_set_distance(int from, int to, int distance);

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

extern const char *const zone_names[MAX_NR_ZONES];

int check_zone(const zone_t *zone, bool verbose);

void free_area_init_node(int nid, pg_data_t *pgdat, struct page *pmap,
			 unsigned long *zones_size, unsigned long zone_start_pfn,
			 unsigned long *zholes_size);
void free_area_init(unsigned long *zones_size);
void print_zone_sizes(const pg_data_t *pgdat);
void build_all_zonelists(void);

static inline zone_t *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

/*
 * The memory model: how a pfn finds its struct page.  Each node has its
 * own array, node_mem_map, covering the pfns it spans (Linux's
 * DISCONTIGMEM; on a UMA machine that one array is mem_map, indexed by
 * pfn as 2.4's i386 does).  A pfn finds its node in memnodemap, one byte
 * per 2^memnode_shift pfns (2.6's x86-64 memnodemap): the shift is the
 * largest that keeps every two nodes in separate entries, so the lookup
 * is one load however the nodes lie.  A struct page finds its pfn through
 * the node id in its flags.  This block is the only code that knows
 * any of it.
 */
#define MEMNODEMAP_SIZE		16384
extern u8 memnodemap[MEMNODEMAP_SIZE];
extern unsigned int memnode_shift;
#define MEMNODE_NONE		0xff	/* no node spans these pfns */

static inline int pfn_to_nid(unsigned long pfn)
{
	return memnodemap[pfn >> memnode_shift];
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	const pg_data_t *pgdat = NODE_DATA(pfn_to_nid(pfn));

	return pgdat->node_mem_map + (pfn - pgdat->node_start_pfn);
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	const pg_data_t *pgdat = NODE_DATA(page_to_nid(page));

	return (unsigned long)(page - pgdat->node_mem_map) + pgdat->node_start_pfn;
}

/* Is there a struct page for pfn?  Holes inside a node have one (reserved). */
static inline bool pfn_valid(unsigned long pfn)
{
	unsigned long i = pfn >> memnode_shift;
	const pg_data_t *pgdat;

	if (pfn >= max_mapnr || i >= MEMNODEMAP_SIZE || memnodemap[i] == MEMNODE_NONE)
		return false;
	pgdat = NODE_DATA(memnodemap[i]);
	return pfn - pgdat->node_start_pfn < pgdat->node_spanned_pages;
}

bool memnodemap_init(void);
void memnodemap_reset(void);

/* The node whose mem_map holds page, or NULL, from the pointer alone (no flags read). */
const pg_data_t *mem_map_pgdat(const struct page *page);

/*
 * Is this a struct page at all?  Every free asks, so the one node of a
 * UMA machine is looked at inline; several nodes, each in turn.
 */
bool page_in_node_mem_maps(const struct page *page);

static inline bool page_in_mem_map(const struct page *page)
{
	const pg_data_t *pgdat = pgdat_list;

	if (pgdat && !pgdat->node_next)
		return page >= pgdat->node_mem_map &&
		       page < pgdat->node_mem_map + pgdat->node_spanned_pages;
	return page_in_node_mem_maps(page);
}

#define page_to_phys(page)	PFN_PHYS(page_to_pfn(page))
#define virt_to_page(kaddr)	pfn_to_page(PFN_DOWN(__pa(kaddr)))

#endif
