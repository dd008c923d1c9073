/*
 * NUMA from ACPI: the System Resource Affinity Table (ACPI 6.4, 5.2.16)
 * says which memory ranges and CPUs belong to which proximity domain, the
 * System Locality Information Table (5.2.17) how far domains are from one
 * another.  acpi_numa_init() turns them into struct numa_config: dense
 * node ids, memory blocks sorted by address, a distance matrix by node.
 *
 * Node ids go to the domains that have enabled memory, in the order of
 * each domain's lowest address, so node 0 holds the lowest memory (where
 * this kernel is) whatever the firmware's numbering.  A CPU in a domain
 * without memory has no node.
 *
 * The SRAT is refused as a whole -- acpi_numa_init() < 0 and one line
 * saying why -- when a subtable is shorter than its type's structure or
 * runs past the table's end, a range wraps past 2^64, two ranges overlap,
 * there are more ranges or domains than numa_config holds, or no memory
 * at all: half a description of the machine is worse than none (Linux's
 * bad_srat() gives up on the whole table too).
 * The tables are read through copy_from_phys(), a subtable at a time,
 * from where acpi_table_init() found and checked them.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/numa.h>
#include <linux/string.h>
#include <acpi/actbl.h>
#include <asm/bootinfo.h>
#include <asm/numa.h>

struct srat_walk {
	u64 phys;		/* the table */
	u32 len;
	u32 off;		/* the next subtable */
	u8 revision;		/* the table's header revision: how wide a PXM is */
};

union srat_entry {
	struct acpi_subtable_header h;
	struct acpi_srat_cpu_affinity cpu;
	struct acpi_srat_mem_affinity mem;
	struct acpi_srat_x2apic_cpu_affinity x2apic;
};

/* An enabled memory range, in table order. */
struct srat_range {
	u64 start, end;		/* [start, end) */
	u32 pxm;
	u32 flags;
};

/* A proximity domain with memory, and the node it becomes. */
struct srat_domain {
	u32 pxm;
	u64 lowest;		/* its lowest start address */
};

static struct srat_range srat_ranges[NR_NODE_MEMBLKS] __initdata;
static int srat_nr_ranges __initdata;
static struct srat_domain srat_domains[MAX_NUMNODES] __initdata;
static int srat_nr_domains __initdata;

/* The size of the structure of a type this file reads; 0 for others. */
static u32 __init srat_entry_size(u8 type)
{
	switch (type) {
	case ACPI_SRAT_TYPE_CPU_AFFINITY:
		return sizeof(struct acpi_srat_cpu_affinity);
	case ACPI_SRAT_TYPE_MEMORY_AFFINITY:
		return sizeof(struct acpi_srat_mem_affinity);
	case ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY:
		return sizeof(struct acpi_srat_x2apic_cpu_affinity);
	}
	return 0;
}

/*
 * The next subtable of a type we read, into *e (its structure's size;
 * bytes a later revision added past it are not ours).  Others are
 * stepped over by their length.  1: *e is one; 0: the table ended;
 * -EINVAL: the SRAT is malformed, and a line said where.
 */
static int __init srat_next(struct srat_walk *w, union srat_entry *e)
{
	while (w->off < w->len) {
		struct acpi_subtable_header h;
		u32 off = w->off, need;

		if (w->len - off < sizeof(h)) {
			pr_warn("ACPI: SRAT: subtable at offset 0x%x: its header runs past the table's end (0x%x); SRAT not used\n",
				off, w->len);
			return -EINVAL;
		}
		if (copy_from_phys(&h, w->phys + off, sizeof(h))) {
			pr_warn("ACPI: SRAT: subtable at offset 0x%x cannot be read; SRAT not used\n", off);
			return -EINVAL;
		}
		need = max(srat_entry_size(h.type), (u32)sizeof(h));
		if (h.length < need) {
			pr_warn("ACPI: SRAT: subtable at offset 0x%x: type %u, length %u, shorter than %u; SRAT not used\n",
				off, h.type, h.length, need);
			return -EINVAL;
		}
		if (h.length > w->len - off) {
			pr_warn("ACPI: SRAT: subtable at offset 0x%x: type %u, length %u, runs past the table's end (0x%x); SRAT not used\n",
				off, h.type, h.length, w->len);
			return -EINVAL;
		}
		w->off += h.length;
		if (!srat_entry_size(h.type))
			continue;
		if (copy_from_phys(e, w->phys + off, need)) {
			pr_warn("ACPI: SRAT: subtable at offset 0x%x cannot be read; SRAT not used\n", off);
			return -EINVAL;
		}
		return 1;
	}
	return 0;
}

/* 5.2.16.2: the domain is 32 bits, but SRAT revision 1 defined only the low 8. */
static u32 __init mem_pxm(const struct srat_walk *w, const struct acpi_srat_mem_affinity *ma)
{
	return w->revision >= 2 ? ma->proximity_domain : ma->proximity_domain & 0xff;
}

/* 5.2.16.1: bits 31:8 of the domain are in proximity_domain_hi from revision 2. */
static u32 __init cpu_pxm(const struct srat_walk *w, const struct acpi_srat_cpu_affinity *pa)
{
	u32 pxm = pa->proximity_domain_lo;

	if (w->revision >= 2)
		pxm |= (u32)pa->proximity_domain_hi[0] << 8 |
		       (u32)pa->proximity_domain_hi[1] << 16 |
		       (u32)pa->proximity_domain_hi[2] << 24;
	return pxm;
}

static int __init add_range(const struct srat_walk *w, const struct acpi_srat_mem_affinity *ma)
{
	u32 pxm = mem_pxm(w, ma);
	struct srat_range *r;

	/* QEMU writes one disabled, empty entry; neither kind describes memory. */
	if (!(ma->flags & ACPI_SRAT_MEM_ENABLED) || !ma->length)
		return 0;
	if (ma->length > ~0ULL - ma->base_address) {
		pr_warn("ACPI: SRAT: PXM %u base %#llx length %#llx wraps past 2^64; SRAT not used\n",
			pxm, (unsigned long long)ma->base_address, (unsigned long long)ma->length);
		return -EINVAL;
	}
	if (srat_nr_ranges == NR_NODE_MEMBLKS) {
		pr_warn("ACPI: SRAT: more than %d enabled memory ranges; SRAT not used\n",
			NR_NODE_MEMBLKS);
		return -EINVAL;
	}
	r = &srat_ranges[srat_nr_ranges++];
	r->start = ma->base_address;
	r->end = ma->base_address + ma->length;
	r->pxm = pxm;
	r->flags = ma->flags;
	return 0;
}

/* Pass one: check every subtable, gather the enabled memory ranges. */
static int __init collect_ranges(struct srat_walk w)
{
	union srat_entry e;
	int ret;

	srat_nr_ranges = 0;
	while ((ret = srat_next(&w, &e)) > 0) {
		if (e.h.type != ACPI_SRAT_TYPE_MEMORY_AFFINITY)
			continue;
		if (add_range(&w, &e.mem))
			return -EINVAL;
	}
	if (ret < 0)
		return ret;
	if (!srat_nr_ranges) {
		pr_warn("ACPI: SRAT: no enabled memory ranges; SRAT not used\n");
		return -EINVAL;
	}
	return 0;
}

/* Ranges of one domain or of two may not share a byte: which node would own it? */
static int __init check_overlaps(void)
{
	for (int i = 0; i < srat_nr_ranges; i++) {
		for (int j = i + 1; j < srat_nr_ranges; j++) {
			const struct srat_range *a = &srat_ranges[i], *b = &srat_ranges[j];

			if (a->start >= b->end || b->start >= a->end)
				continue;
			pr_warn("ACPI: SRAT: PXM %u [mem %#010llx-%#010llx] overlaps PXM %u [mem %#010llx-%#010llx]; SRAT not used\n",
				a->pxm, (unsigned long long)a->start, (unsigned long long)a->end - 1,
				b->pxm, (unsigned long long)b->start, (unsigned long long)b->end - 1);
			return -EINVAL;
		}
	}
	return 0;
}

static int __init find_domain(u32 pxm)
{
	for (int n = 0; n < srat_nr_domains; n++)
		if (srat_domains[n].pxm == pxm)
			return n;
	return NUMA_NO_NODE;
}

/*
 * The domains with memory, numbered by their lowest address: after this,
 * a domain's index in srat_domains[] is its node id.  The ranges do not
 * overlap, so no two domains have the same lowest address.
 */
static int __init number_domains(void)
{
	srat_nr_domains = 0;
	for (int i = 0; i < srat_nr_ranges; i++) {
		const struct srat_range *r = &srat_ranges[i];
		int n = find_domain(r->pxm);

		if (n != NUMA_NO_NODE) {
			srat_domains[n].lowest = min(srat_domains[n].lowest, r->start);
			continue;
		}
		if (srat_nr_domains == MAX_NUMNODES) {
			pr_warn("ACPI: SRAT: more than %d proximity domains with memory; SRAT not used\n",
				MAX_NUMNODES);
			return -EINVAL;
		}
		srat_domains[srat_nr_domains++] = (struct srat_domain){ r->pxm, r->start };
	}
	for (int i = 1; i < srat_nr_domains; i++) {
		struct srat_domain d = srat_domains[i];
		int j = i;

		for (; j > 0 && srat_domains[j - 1].lowest > d.lowest; j--)
			srat_domains[j] = srat_domains[j - 1];
		srat_domains[j] = d;
	}
	return 0;
}

/*
 * The memory lines, in table order, as Linux's acpi_numa_memory_affinity_init()
 * prints them (less its " non-volatile": nothing here treats such memory
 * apart, and tests/harness/memreport.py reads these lines to the end).
 */
static void __init print_ranges(void)
{
	for (int i = 0; i < srat_nr_ranges; i++) {
		const struct srat_range *r = &srat_ranges[i];

		pr_info("ACPI: SRAT: Node %d PXM %u [mem %#010llx-%#010llx]%s\n",
			find_domain(r->pxm), r->pxm, (unsigned long long)r->start,
			(unsigned long long)r->end - 1,
			r->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE ? " hotplug" : "");
	}
}

/* Blocks sorted by start address, with their nodes; the nodes' domains. */
static void __init fill_config(struct numa_config *cfg)
{
	struct numa_meminfo *mi = &cfg->mi;

	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; i < srat_nr_ranges; i++) {
		const struct srat_range *r = &srat_ranges[i];
		int j = mi->nr_blks++;

		for (; j > 0 && mi->blk[j - 1].start > r->start; j--)
			mi->blk[j] = mi->blk[j - 1];
		mi->blk[j] = (struct numa_memblk){
			.start = r->start,
			.end = r->end,
			.nid = find_domain(r->pxm),
			.pxm = r->pxm,
			.hotplug = !!(r->flags & ACPI_SRAT_MEM_HOT_PLUGGABLE),
		};
	}
	cfg->nr_nodes = srat_nr_domains;
	for (int n = 0; n < srat_nr_domains; n++)
		cfg->node_to_pxm[n] = srat_domains[n].pxm;
	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			cfg->distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

static void __init print_cpu(u32 pxm, u32 apic_id)
{
	int node = find_domain(pxm);

	if (node == NUMA_NO_NODE)
		pr_info("SRAT: PXM %u -> APIC 0x%02x -> no node (the domain has no memory)\n",
			pxm, apic_id);
	else
		pr_info("SRAT: PXM %u -> APIC 0x%02x -> Node %d\n", pxm, apic_id, node);
}

/* Pass two: the enabled CPUs, in table order (5.2.16.1, 5.2.16.3). */
static int __init print_cpus(struct srat_walk w)
{
	union srat_entry e;
	int ret;

	while ((ret = srat_next(&w, &e)) > 0) {
		if (e.h.type == ACPI_SRAT_TYPE_CPU_AFFINITY &&
		    (e.cpu.flags & ACPI_SRAT_CPU_ENABLED))
			print_cpu(cpu_pxm(&w, &e.cpu), e.cpu.apic_id);
		else if (e.h.type == ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY &&
			 (e.x2apic.flags & ACPI_SRAT_CPU_ENABLED))
			print_cpu(e.x2apic.proximity_domain, e.x2apic.apic_id);
	}
	return ret;
}

/*
 * The SLIT's distances between the nodes' domains, if they are as Linux's
 * slit_valid() wants them (10 from a domain to itself, more than 10 to any
 * other; 5.2.17).  Only the entries among our nodes are read and judged:
 * the rest describe domains without memory, which we do not use.
 *
 * 0xFF, "unreachable", is accepted as 255, as Linux does: it is a valid
 * encoding, and replacing it with the default REMOTE_DISTANCE would claim
 * a reachability the firmware denies.  Whoever uses the matrix sees 255.
 */
static bool __init slit_read(struct numa_config *cfg, u64 phys, u64 count)
{
	u8 d[MAX_NUMNODES][MAX_NUMNODES];

	for (int a = 0; a < cfg->nr_nodes; a++) {
		for (int b = 0; b < cfg->nr_nodes; b++) {
			u64 idx = (u64)cfg->node_to_pxm[a] * count + cfg->node_to_pxm[b];

			if (copy_from_phys(&d[a][b], phys + sizeof(struct acpi_table_slit) + idx, 1))
				return false;
			if (a == b ? d[a][b] != LOCAL_DISTANCE : d[a][b] <= LOCAL_DISTANCE)
				return false;
		}
	}
	for (int a = 0; a < cfg->nr_nodes; a++)
		for (int b = 0; b < cfg->nr_nodes; b++)
			cfg->distance[a][b] = d[a][b];
	return true;
}

/*
 * A SLIT whose length holds its count * count matrix (count is 64 bits:
 * compared with the length before it is squared), with every node's
 * domain among its localities.
 */
static bool __init slit_usable(struct numa_config *cfg, u64 phys, u32 len, u64 *count)
{
	struct acpi_table_slit slit;
	u64 room;

	if (len < sizeof(slit) || copy_from_phys(&slit, phys, sizeof(slit)))
		return false;
	room = len - sizeof(slit);
	*count = slit.locality_count;
	if (!*count || *count > room || *count * *count > room)
		return false;
	for (int n = 0; n < cfg->nr_nodes; n++)
		if (cfg->node_to_pxm[n] >= *count)
			return false;
	return slit_read(cfg, phys, *count);
}

static void __init slit_init(struct numa_config *cfg)
{
	u64 phys, count;
	u32 len;

	if (acpi_get_table(ACPI_SIG_SLIT, &phys, &len))
		return;
	if (!slit_usable(cfg, phys, len, &count)) {
		pr_warn("ACPI: SLIT table looks invalid. Not used.\n");
		return;
	}
	cfg->have_slit = true;
	pr_info("ACPI: SLIT: %llu localities\n", (unsigned long long)count);
}

static int __init srat_open(struct srat_walk *w)
{
	struct acpi_table_srat srat;

	if (acpi_get_table(ACPI_SIG_SRAT, &w->phys, &w->len)) {
		pr_info("ACPI: SRAT: not found\n");
		return -ENOENT;
	}
	if (w->len < sizeof(srat)) {
		pr_warn("ACPI: SRAT: length 0x%x is shorter than its 48-byte header; SRAT not used\n",
			w->len);
		return -EINVAL;
	}
	if (copy_from_phys(&srat, w->phys, sizeof(srat))) {
		pr_warn("ACPI: SRAT: header cannot be read; SRAT not used\n");
		return -EINVAL;
	}
	w->off = sizeof(srat);
	w->revision = srat.header.revision;
	return 0;
}

int __init acpi_numa_init(struct numa_config *cfg)
{
	struct srat_walk w;
	int ret;

	ret = srat_open(&w);
	if (!ret)
		ret = collect_ranges(w);
	if (!ret)
		ret = check_overlaps();
	if (!ret)
		ret = number_domains();
	if (ret)
		return ret;
	print_ranges();
	fill_config(cfg);
	ret = print_cpus(w);
	if (ret)
		return ret;
	slit_init(cfg);
	return 0;
}
