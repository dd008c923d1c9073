/*
 * Which nodes the machine has, before any of their memory is used
 * (Linux's arch/x86/mm/numa.c; 2.6's i386 srat.c and discontig.c did the
 * same for NUMA-Q and Summit).  The firmware's SRAT says which memory
 * ranges belong to which proximity domain (arch/x86/mm/srat.c turns them
 * into dense node ids); numa=fake=N cuts a UMA machine into N nodes for
 * teaching, as Linux's x86-64 NUMA emulation does.  Here the ranges are
 * checked against the e820 map -- every page of RAM must belong to a node,
 * or the description is wrong and the machine boots as UMA -- and each
 * node with RAM comes online with the span of pfns it holds.
 *
 * With no SRAT, an SRAT that does not hold, or numa=off, nothing here
 * happens: contig_page_data is the one node and the UMA path runs as it
 * always has.
 */
#include <linux/bootmem.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/string.h>
#include <asm/e820.h>
#include <asm/numa.h>

bool numa_enabled;

static bool __initdata numa_off;
static int __initdata numa_fake;
static struct numa_config __initdata numa_cfg;

/* The least RAM a fake node gets (Linux's FAKE_NODE_MIN_SIZE is 32 MiB on x86-64). */
#define FAKE_NODE_MIN_PAGES	((4UL << 20) >> PAGE_SHIFT)
#define FAKE_NODE_ALIGN		((1UL << 20) >> PAGE_SHIFT)

/* numa=off, or numa=fake=N with 1 <= N <= MAX_NUMNODES. */
static int __init numa_setup(char *arg)
{
	unsigned long long n;
	char *end;

	if (!strcmp(arg, "off")) {
		numa_off = true;
		return 0;
	}
	if (!strncmp(arg, "fake=", 5) && !parse_integer(arg + 5, 10, &end, &n) && !*end &&
	    n >= 1 && n <= MAX_NUMNODES) {
		numa_fake = (int)n;
		numa_off = false;
		return 0;
	}
	pr_err("numa=%s: want numa=off or numa=fake=N with N from 1 to %d\n", arg, MAX_NUMNODES);
	return -1;
}
early_param("numa", numa_setup);

/*
 * numa=fake=N: N nodes with RAM as equal as 1 MiB boundaries allow, node
 * k from the megabyte nearest the pfn where the RAM before it reaches k/N
 * of the whole.
 */
static void __init numa_emulation(struct numa_config *cfg, int n)
{
	unsigned long total = e820_ram_pages(0, max_pfn), seen = 0, pos = 0, rs, re;
	unsigned long cut[MAX_NUMNODES + 1] = { 0 };
	int k = 1;

	if (total / (unsigned long)n < FAKE_NODE_MIN_PAGES)
		panic("numa=fake=%d: %luMB of RAM cannot make %d nodes of at least %luMB",
		      n, total >> (20 - PAGE_SHIFT), n, FAKE_NODE_MIN_PAGES >> (20 - PAGE_SHIFT));
	while (k < n && e820_next_ram_range(&pos, max_pfn, &rs, &re)) {
		for (; k < n && seen + (re - rs) >= total / (unsigned long)n * (unsigned long)k; k++)
			cut[k] = ALIGN(rs + (total / (unsigned long)n * (unsigned long)k - seen) -
				       FAKE_NODE_ALIGN / 2, FAKE_NODE_ALIGN);
		seen += re - rs;
	}
	cut[n] = max_pfn;
	/* Rounding to whole megabytes must leave every node its minimum. */
	for (k = 0; k < n; k++)
		if (cut[k + 1] <= cut[k] ||
		    e820_ram_pages(cut[k], cut[k + 1]) < FAKE_NODE_MIN_PAGES)
			panic("numa=fake=%d: %luMB of RAM cannot make %d nodes of at least %luMB",
			      n, total >> (20 - PAGE_SHIFT), n,
			      FAKE_NODE_MIN_PAGES >> (20 - PAGE_SHIFT));
	memset(cfg, 0, sizeof(*cfg));
	for (k = 0; k < n; k++) {
		struct numa_memblk *b = &cfg->mi.blk[k];

		b->start = PFN_PHYS((u64)cut[k]);
		b->end = PFN_PHYS((u64)cut[k + 1]);
		b->nid = k;
		b->pxm = (u32)k;
		cfg->node_to_pxm[k] = (u32)k;
		pr_info("NUMA: Faking node %d at [mem %#018llx-%#018llx]\n", k,
			(unsigned long long)b->start, (unsigned long long)b->end - 1);
	}
	cfg->mi.nr_blks = n;
	cfg->nr_nodes = n;
}

struct node_span {
	unsigned long start, end, present;	/* pfns of its first and past its last RAM page */
};

/*
 * Each node's RAM below max_pfn: the whole pages of its ranges that the
 * e820 map says are RAM.  Returns the RAM pages that belong to a node.
 */
static unsigned long __init node_spans(const struct numa_config *cfg, struct node_span *span)
{
	unsigned long covered = 0;

	for (int i = 0; i < cfg->mi.nr_blks; i++) {
		const struct numa_memblk *b = &cfg->mi.blk[i];
		struct node_span *s = &span[b->nid];
		u64 lo = PFN_UP(b->start), hi = PFN_DOWN(b->end);
		unsigned long pos, rs, re;

		if (lo >= max_pfn || hi <= lo)
			continue;
		pos = (unsigned long)lo;
		while (e820_next_ram_range(&pos, (unsigned long)min(hi, (u64)max_pfn), &rs, &re)) {
			if (!s->present || rs < s->start)
				s->start = rs;
			if (!s->present || re > s->end)
				s->end = re;
			s->present += re - rs;
			covered += re - rs;
		}
	}
	return covered;
}

/* Nodes in id order must not interleave: each ends before the next begins. */
static bool __init spans_disjoint(const struct numa_config *cfg, const struct node_span *span)
{
	int prev = -1;

	for (int nid = 0; nid < cfg->nr_nodes; nid++) {
		if (!span[nid].present)
			continue;
		if (prev >= 0 && span[prev].end > span[nid].start) {
			pr_err("NUMA: node %d [mem %#018llx-%#018llx] and node %d [mem %#018llx-%#018llx] interleave: not supported. Not used.\n",
			       prev, (unsigned long long)PFN_PHYS((u64)span[prev].start),
			       (unsigned long long)PFN_PHYS((u64)span[prev].end) - 1, nid,
			       (unsigned long long)PFN_PHYS((u64)span[nid].start),
			       (unsigned long long)PFN_PHYS((u64)span[nid].end) - 1);
			return false;
		}
		prev = nid;
	}
	return true;
}

/* numactl --hardware's table, so a reader can set one beside the other. */
static void __init print_distances(void)
{
	const pg_data_t *a, *b;

	pr_info("node distances:\n");
	printk(KERN_INFO "node");
	for_each_pgdat(b)
		pr_cont("%4d", b->node_id);
	pr_cont("\n");
	for_each_pgdat(a) {
		printk(KERN_INFO "%3d:", a->node_id);
		for_each_pgdat(b)
			pr_cont("%4d", node_distance(a->node_id, b->node_id));
		pr_cont("\n");
	}
}

/* Linux 6.1's "Early memory node ranges": each node's RAM, as it will be used. */
static void __init print_node_ranges(void)
{
	const pg_data_t *pgdat;

	pr_info("Early memory node ranges\n");
	for_each_pgdat(pgdat) {
		unsigned long pos = pgdat->node_start_pfn, rs, re;

		while (e820_next_ram_range(&pos, pgdat_end_pfn(pgdat), &rs, &re))
			pr_info("  node %3d: [mem %#018llx-%#018llx]\n", pgdat->node_id,
				(unsigned long long)PFN_PHYS((u64)rs),
				(unsigned long long)PFN_PHYS((u64)re) - 1);
	}
}

/* Undo node_set_online() for a layout that turned out unusable. */
static void __init numa_reset(void)
{
	pgdat_list = NULL;
	memnodemap_reset();
}

/*
 * Bring the nodes online: every page of RAM in some node (Linux refuses
 * the SRAT otherwise: "nodes only cover ..."), no two nodes interleaved,
 * and a memnodemap that can tell them apart.  Nodes whose ranges hold no
 * RAM in use (above mem=, or past what the kernel can address) stay
 * offline.  False: the machine boots as UMA.
 */
static bool __init numa_register_nodes(const struct numa_config *cfg)
{
	struct node_span span[MAX_NUMNODES] = { 0 };
	unsigned long ram = e820_ram_pages(0, max_pfn), covered = node_spans(cfg, span);

	if (covered != ram) {
		pr_err("NUMA: nodes only cover %luMB of your %luMB e820 RAM. Not used.\n",
		       covered >> (20 - PAGE_SHIFT), ram >> (20 - PAGE_SHIFT));
		return false;
	}
	if (!spans_disjoint(cfg, span))
		return false;
	for (int nid = 0; nid < cfg->nr_nodes; nid++) {
		pg_data_t *pgdat;

		/*
		 * The first node spans from pfn 0, as the UMA node does: page 0
		 * is reserved by name whether or not the map calls it RAM.
		 */
		if (!pgdat_list && span[nid].present)
			span[nid].start = 0;
		if (!span[nid].present) {
			pr_info("NUMA: node %d (PXM %u) has no RAM in use: left offline\n", nid,
				cfg->node_to_pxm[nid]);
			continue;
		}
		node_set_online(nid);
		pgdat = NODE_DATA(nid);
		pgdat->node_start_pfn = span[nid].start;
		pgdat->node_spanned_pages = span[nid].end - span[nid].start;
		pgdat->node_present_pages = span[nid].present;
	}
	if (!memnodemap_init()) {
		pr_err("NUMA: nodes not used\n");
		numa_reset();
		return false;
	}
	for (int a = 0; a < cfg->nr_nodes; a++)
		for (int b = 0; b < cfg->nr_nodes; b++)
			numa_set_distance(a, b, cfg->distance[a][b] ? cfg->distance[a][b] :
					  a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE);
	return true;
}

/*
 * Linux's initmem_init() for x86 NUMA, up to the nodes: after max_pfn
 * and max_low_pfn are known, before any boot allocator exists.
 */
void __init initmem_init(void)
{
	struct numa_config *cfg = &numa_cfg;

	numa_enabled = false;
	if (numa_off) {
		pr_info("NUMA turned off\n");
		return;
	}
	if (numa_fake)
		numa_emulation(cfg, numa_fake);
	else if (acpi_numa_init(cfg) < 0) {
		pr_info("No NUMA configuration found\n");
		return;
	}
	if (!numa_register_nodes(cfg)) {
		pr_info("No NUMA configuration found\n");
		return;
	}
	numa_enabled = true;
	print_distances();
	print_node_ranges();
}
