/*
 * Nodes.  A UMA machine has one, contig_page_data, as Linux 2.4's
 * mm/numa.c defines it for every architecture without CONFIG_DISCONTIGMEM
 * (Gorman 2.1); its boot allocator's state hangs from it (5.1).  A NUMA
 * machine keeps contig_page_data as node 0 and adds a pg_data_t and a
 * bootmem_data_t for each other node, as 2.4's ARM discontig code keeps
 * discontig_node_data[] -- static, because they are needed before any
 * allocator exists.  The architecture says which nodes there are
 * (node_set_online()), how far apart they are, and which pfns each spans
 * (memnodemap_init()); everything else asks NODE_DATA().
 */
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>

/*
 * Not __initdata, though the boot allocator is __init: after
 * free_initmem() the pointer in each pg_data_t must not lead into freed
 * (or, with initmem=unmap, unmapped) memory.
 */
static bootmem_data_t contig_bootmem_data;

pg_data_t contig_page_data = { .bdata = &contig_bootmem_data };

static pg_data_t discontig_node_data[MAX_NUMNODES - 1];
static bootmem_data_t node_bootmem_data[MAX_NUMNODES - 1];

pg_data_t *node_data[MAX_NUMNODES] = { &contig_page_data };

/*
 * pfn -> node (linux/mmzone.h).  Until a NUMA machine sets it, every pfn
 * is node 0's: the shift leaves one entry for all of them.
 */
u8 memnodemap[MEMNODEMAP_SIZE];
unsigned int memnode_shift = BITS_PER_LONG - 1;

static u8 numa_distance[MAX_NUMNODES][MAX_NUMNODES];

/* The architecture set up nodes (memnodemap_init()): NUMA, even with one node. */
static bool numa_nodes;

/*
 * Put node nid on pgdat_list, keeping the list in node-id order (2.4
 * pushed each node on the front from init_bootmem_core(); a node that
 * holds only high memory has no boot allocator, so bringing nodes online
 * is the architecture's step here, as node_set_online() is in 2.6).
 * Nodes other than 0 get their static pg_data_t the first time.
 */
void __init node_set_online(int nid)
{
	pg_data_t **pp = &pgdat_list;
	pg_data_t *pgdat;

	BUG_ON(nid < 0 || nid >= MAX_NUMNODES);
	if (!node_data[nid]) {
		node_data[nid] = &discontig_node_data[nid - 1];
		node_data[nid]->bdata = &node_bootmem_data[nid - 1];
	}
	pgdat = node_data[nid];
	pgdat->node_id = nid;
	while (*pp && (*pp)->node_id < nid)
		pp = &(*pp)->node_next;
	if (*pp == pgdat)
		return;
	pgdat->node_next = *pp;
	*pp = pgdat;
}

bool node_online(int nid)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		if (pgdat->node_id == nid)
			return true;
	return false;
}

int num_online_nodes(void)
{
	const pg_data_t *pgdat;
	int n = 0;

	for_each_pgdat(pgdat)
		n++;
	return n;
}

/* ACPI's SLIT distances; LOCAL_DISTANCE and REMOTE_DISTANCE until one is set. */
int node_distance(int from, int to)
{
	if (numa_distance[from][to])
		return numa_distance[from][to];
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

void __init numa_set_distance(int from, int to, int distance)
{
	numa_distance[from][to] = (u8)distance;
}

/*
 * Fill memnodemap for the nodes online, whose spans are set and lie in
 * node-id order without overlapping: the largest shift that keeps any two
 * nodes out of one entry (a node's last pfn and the next node's first
 * differ above it), so a pfn's entry names the one node that may span it;
 * pfn_valid() checks that it does.  False if the map would need more
 * than MEMNODEMAP_SIZE entries.
 */
bool __init memnodemap_init(void)
{
	const pg_data_t *pgdat, *prev = NULL;
	unsigned int shift = BITS_PER_LONG - 1;

	for_each_pgdat(pgdat) {
		if (prev)
			while (shift && (pgdat_end_pfn(prev) - 1) >> shift ==
					pgdat->node_start_pfn >> shift)
				shift--;
		prev = pgdat;
	}
	if (!prev)
		return false;
	if (((pgdat_end_pfn(prev) - 1) >> shift) >= MEMNODEMAP_SIZE) {
		/* As x86_64's compute_hash_shift() said it (Linux 2.6.16). */
		pr_err("NUMA: node boundaries too fine: entries of %lu KiB (shift %u) would need %lu entries to reach pfn %#lx, the memnodemap has %d\n",
		       (PAGE_SIZE >> 10) << shift, shift,
		       ((pgdat_end_pfn(prev) - 1) >> shift) + 1, pgdat_end_pfn(prev) - 1,
		       MEMNODEMAP_SIZE);
		return false;
	}
	memnode_shift = shift;
	for (unsigned long i = 0; i < MEMNODEMAP_SIZE; i++)
		memnodemap[i] = MEMNODE_NONE;
	for_each_pgdat(pgdat)
		for (unsigned long i = pgdat->node_start_pfn >> shift;
		     i <= (pgdat_end_pfn(pgdat) - 1) >> shift; i++)
			memnodemap[i] = (u8)pgdat->node_id;
	numa_nodes = true;
	return true;
}

/* A UMA machine: every pfn is node 0's, the only node online. */
void __init memnodemap_reset(void)
{
	memnode_shift = BITS_PER_LONG - 1;
	memnodemap[0] = 0;
	numa_nodes = false;
}

/*
 * Whether the report is per node: on every NUMA boot, however many nodes
 * it kept (numa=fake=1, or an SRAT whose other nodes hold no RAM in use),
 * so a log that shows nodes set up shows each node's census too.
 */
bool numa_nodes_set_up(void)
{
	return numa_nodes;
}

/* The node whose mem_map holds page, or NULL: from the pointer alone. */
const pg_data_t *mem_map_pgdat(const struct page *page)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		if (pgdat->node_mem_map && page >= pgdat->node_mem_map &&
		    page < pgdat->node_mem_map + pgdat->node_spanned_pages)
			return pgdat;
	return NULL;
}

bool page_in_node_mem_maps(const struct page *page)
{
	return mem_map_pgdat(page) != NULL;
}
