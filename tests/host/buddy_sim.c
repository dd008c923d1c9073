/*
 * The simulated machine behind the buddy allocator's host tests, fuzzer
 * and benchmark: see buddy_sim.h.  It does what setup_memory() does on
 * the real machine, then boots on through the kernel's own
 * zone_sizes_init() and free_pages_init() (arch/x86/mm/mem_init.c), with
 * the mm/ and arch code unchanged.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/reservations.h>
#include <asm/e820.h>
#include <asm/meminit.h>
#include <asm/page.h>
#include "host.h"
#include "buddy_sim.h"
#include "../../mm/internal.h"

#define DMA_PFNS	(MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT)	/* 4096 */

/* 32 MiB: DMA 4096 pages, NORMAL 4096, no hole but the usual page 0. */
const struct sim_config sim_cfg_plain = {
	.name = "plain 32M",
	.low_pfns = 8192,
};

/*
 * 32 MiB of low memory with the PC's 640K-1M hole, an unaligned hole in
 * ZONE_DMA, one in ZONE_NORMAL and none at the top; 16 MiB of highmem with
 * a hole in it and its last 64 pages missing.
 */
const struct sim_config sim_cfg_holes = {
	.name = "holes 32M+16M",
	.low_pfns = 8192,
	.high_pfns = 4096,
	.nr_ram = 5,
	.ram = {
		{ 0x0000, 0x00a0 },	/* 0 - 640K */
		{ 0x0100, 0x0d37 },	/* 1M - ~13.2M: ends mid-block */
		{ 0x0d40, 0x1a3b },	/* ... across the 16M line to ~26M */
		{ 0x1c00, 0x2800 },	/* ~28M - 40M: into highmem */
		{ 0x2901, 0x2fc0 },	/* highmem after a hole, short of the end */
	},
};

/* 24 MiB low (DMA 4096, NORMAL 2048) + 8 MiB high, holes: cheap to walk. */
const struct sim_config sim_cfg_small = {
	.name = "small 24M+8M",
	.low_pfns = 6144,
	.high_pfns = 2048,
	.nr_ram = 4,
	.ram = {
		{ 0x0000, 0x009f },
		{ 0x0100, 0x1234 },
		{ 0x1243, 0x1700 },
		{ 0x1701, 0x2000 },
	},
};

/*
 * Zone boundaries that are not 2 MiB aligned: max_low_pfn 0x1f40 (31.25M),
 * highmem up to 0x2b33; retired page by page, highmem too.
 */
const struct sim_config sim_cfg_odd = {
	.name = "odd 31.25M+12.2M",
	.low_pfns = 0x1f40,
	.high_pfns = 0x2b33 - 0x1f40,
	.nr_ram = 3,
	.ram = {
		{ 0x0000, 0x00a0 },
		{ 0x0100, 0x1ff1 },	/* 5 pages past max_low_pfn: RAM in both */
		{ 0x2002, 0x2b33 },
	},
	.retire = BOOTMEM_RETIRE_PAGE,
};

bool sim_is_ram(const struct sim_machine *m, unsigned long pfn)
{
	if (pfn >= m->max_pfn)
		return false;
	if (!m->cfg.nr_ram)
		return true;
	for (int i = 0; i < m->cfg.nr_ram; i++)
		if (pfn >= m->cfg.ram[i].start && pfn < m->cfg.ram[i].end)
			return true;
	return false;
}

int sim_zone_of(const struct sim_machine *m, unsigned long pfn)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (pfn >= m->zone_start[z] && pfn < m->zone_end[z])
			return z;
	return -1;
}

unsigned long sim_pages_min(unsigned long zone_pages)
{
	unsigned long mask = zone_pages / 128;

	return mask < 20 ? 20 : mask > 255 ? 255 : mask;
}

int sim_check_zones(bool verbose)
{
	int errors = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		errors += check_zone(sim_zone(z), verbose);
	return errors;
}

void sim_nr_free(unsigned long out[MAX_NR_ZONES][MAX_ORDER])
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			out[z][o] = sim_zone(z)->free_area[o].nr_free;
}

bool sim_nr_free_equal(const unsigned long a[MAX_NR_ZONES][MAX_ORDER],
		       const unsigned long b[MAX_NR_ZONES][MAX_ORDER])
{
	return !memcmp(a, b, sizeof(unsigned long) * MAX_NR_ZONES * MAX_ORDER);
}

static bool pfn_free(const struct sim_machine *m, const unsigned char *allocated,
		     unsigned long pfn)
{
	return m->usable[pfn] && !(allocated && allocated[pfn]);
}

void sim_expected_nr_free(const struct sim_machine *m, const unsigned char *allocated,
			  unsigned long out[MAX_NR_ZONES][MAX_ORDER])
{
	memset(out, 0, sizeof(unsigned long) * MAX_NR_ZONES * MAX_ORDER);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long pfn = m->zone_start[z], end = m->zone_end[z];

		while (pfn < end) {
			unsigned int k = 0;

			if (!pfn_free(m, allocated, pfn)) {
				pfn++;
				continue;
			}
			/* [pfn, pfn + 2^k) is free; can it be the lower half of a 2^(k+1)? */
			while (k < MAX_ORDER - 1) {
				unsigned long size = 2UL << k, i;

				if ((pfn & (size - 1)) || pfn + size > end)
					break;
				for (i = pfn + (1UL << k); i < pfn + size; i++)
					if (!pfn_free(m, allocated, i))
						break;
				if (i < pfn + size)
					break;
				k++;
			}
			out[z][k]++;
			pfn += 1UL << k;
		}
	}
}

long sim_walk_free_blocks(const struct sim_machine *m, const unsigned char *allocated,
			  unsigned long *bad_pfn)
{
	long pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long pfn = m->zone_start[z], end = m->zone_end[z];

		while (pfn < end) {
			const struct page *page = mem_map + pfn;
			unsigned long order;

			if (!PageBuddy(page)) {
				pfn++;
				continue;
			}
			order = page->private;
			if (order >= MAX_ORDER || (pfn & ((1UL << order) - 1)) ||
			    pfn + (1UL << order) > end) {
				*bad_pfn = pfn;
				return -1;
			}
			for (unsigned long i = pfn; i < pfn + (1UL << order); i++)
				if (!pfn_free(m, allocated, i)) {
					*bad_pfn = i;
					return -1;
				}
			pages += 1L << order;
			pfn += 1UL << order;
		}
	}
	return pages;
}

int sim_zonelist(const struct sim_machine *m, unsigned int gfp_mask, int zones[MAX_NR_ZONES])
{
	unsigned int idx = gfp_mask & GFP_ZONEMASK;
	int top = (idx & __GFP_DMA) ? ZONE_DMA : (idx & __GFP_HIGHMEM) ? ZONE_HIGHMEM : ZONE_NORMAL;
	int n = 0;

	for (int z = top; z >= 0; z--)
		if (m->zone_end[z] > m->zone_start[z])
			zones[n++] = z;
	return n;
}

int sim_predict_zone(const struct sim_machine *m, unsigned int gfp_mask, unsigned int order,
		     const unsigned long free_pages[MAX_NR_ZONES],
		     const bool has_block[MAX_NR_ZONES])
{
	int zones[MAX_NR_ZONES];
	int n = sim_zonelist(m, gfp_mask, zones);
	unsigned long min;

	if (order >= MAX_ORDER)
		return -1;
	min = 1UL << order;
	for (int i = 0; i < n; i++) {
		int z = zones[i];

		min += 2 * sim_pages_min(m->zone_end[z] - m->zone_start[z]);
		if (free_pages[z] > min && has_block[z])
			return z;
	}
	min = 1UL << order;
	for (int i = 0; i < n; i++) {
		int z = zones[i];
		unsigned long local_min = sim_pages_min(m->zone_end[z] - m->zone_start[z]);

		if (!(gfp_mask & __GFP_WAIT))
			local_min >>= 2;
		min += local_min;
		if (free_pages[z] > min && has_block[z])
			return z;
	}
	return -1;
}

/* ---- booting ---- */

static const char *check_config(const struct sim_config *c)
{
	unsigned long max = c->low_pfns + c->high_pfns;

	if (c->low_pfns < 1024)
		return "low_pfns < 1024";
	for (int i = 0; i < c->nr_ram; i++) {
		if (c->ram[i].start >= c->ram[i].end || c->ram[i].end > max)
			return "bad RAM range";
		if (i && c->ram[i].start < c->ram[i - 1].end)
			return "RAM ranges not sorted or overlapping";
	}
	return NULL;
}

/*
 * setup_memory(): the bitmap right after the kernel, RAM freed, the rest
 * reserved.
 */
static const char *setup_bootmem(struct sim_machine *m, unsigned long kernel_pfn,
				 unsigned long kernel_pages)
{
	const struct sim_config *c = &m->cfg;
	unsigned long mapsize, low = c->low_pfns;

	m->map_pfn = kernel_pfn + kernel_pages;
	mapsize = init_bootmem(m->map_pfn, low);
	m->map_pages = PFN_UP(mapsize);
	for (unsigned long pfn = kernel_pfn; pfn < m->map_pfn + m->map_pages; pfn++)
		if (!sim_is_ram(m, pfn))
			return "kernel or bootmem bitmap not in RAM";
	if (!c->nr_ram) {
		free_bootmem(0, PFN_PHYS(low));
	} else {
		for (int i = 0; i < c->nr_ram; i++) {
			unsigned long s = c->ram[i].start, e = min(c->ram[i].end, low);

			if (s < e)
				free_bootmem(PFN_PHYS(s), PFN_PHYS(e - s));
		}
	}
	reserve_bootmem(PFN_PHYS(kernel_pfn), PFN_PHYS(kernel_pages) + mapsize);
	if (sim_is_ram(m, 0))
		reserve_bootmem(0, PAGE_SIZE);
	if (c->misfree.end)
		free_bootmem(PFN_PHYS(c->misfree.start), PFN_PHYS(c->misfree.end - c->misfree.start));
	return NULL;
}

/*
 * boot_allocator=memblock (arch/x86/kernel/memblock_setup.c): every RAM
 * page in memblock.memory, high memory too, on node 0; the kernel and page
 * 0 reserved.  No bitmap: map_pfn is the kernel's end, map_pages 0.
 */
static void setup_memblock(struct sim_machine *m, unsigned long kernel_pfn,
			   unsigned long kernel_pages)
{
	unsigned long pos = 0, rs, re;

	boot_allocator = BOOT_ALLOCATOR_MEMBLOCK;
	memblock_reset();
	memblock_set_bottom_up(m->cfg.memblock_bottomup);
	memnodemap_reset();
	node_set_online(0);
	max_low_pfn = m->cfg.low_pfns;
	min_low_pfn = 0;
	while (e820_next_ram_range(&pos, m->max_pfn, &rs, &re))
		memblock_add(PFN_PHYS((u64)rs), PFN_PHYS((u64)(re - rs)));
	memblock_set_node(0, PHYS_ADDR_MAX, &memblock.memory, 0);
	memblock_reserve(PFN_PHYS(kernel_pfn), PFN_PHYS(kernel_pages));
	if (sim_is_ram(m, 0))
		memblock_reserve(0, PAGE_SIZE);
	memblock_set_current_limit(PFN_PHYS(max_low_pfn));
	memblock_allow_resize();
	if (m->cfg.memblock_grow) {
		unsigned long pieces = INIT_MEMBLOCK_RESERVED_REGIONS + 8;
		phys_addr_t base = memblock_phys_alloc_range(PFN_PHYS(2 * pieces), PAGE_SIZE, 0,
							     PFN_PHYS(max_low_pfn));

		for (unsigned long i = 0; i < 2 * pieces; i += 2)
			memblock_phys_free(base + PFN_PHYS(i + 1), PAGE_SIZE);
		for (unsigned long i = 0; i < 2 * pieces; i += 2)
			memblock_phys_free(base + PFN_PHYS(i), PAGE_SIZE);
	}
	m->map_pfn = kernel_pfn + kernel_pages;
	m->map_pages = 0;
}

static const char *boot(struct sim_machine *m)
{
	const struct sim_config *c = &m->cfg;
	unsigned long kernel_pfn = c->kernel_pfn ? c->kernel_pfn : 256;
	unsigned long kernel_pages = c->kernel_pages ? c->kernel_pages : 128;
	unsigned long low = c->low_pfns;

	m->max_pfn = c->low_pfns + c->high_pfns;
	sim_mem_init((u64)m->max_pfn << PAGE_SHIFT);

	/* The firmware's map of this machine: what mm/ asks for RAM ranges. */
	e820.nr_map = 0;
	if (!c->nr_ram)
		e820_add_region(&e820, 0, PFN_PHYS((u64)m->max_pfn), E820_RAM);
	for (int i = 0; i < c->nr_ram; i++)
		e820_add_region(&e820, PFN_PHYS((u64)c->ram[i].start),
				PFN_PHYS((u64)(c->ram[i].end - c->ram[i].start)), E820_RAM);
	sanitize_e820_map(e820.map, &e820.nr_map);

	pgdat_list = NULL;
	if (c->memblock) {
		setup_memblock(m, kernel_pfn, kernel_pages);
	} else {
		const char *err = setup_bootmem(m, kernel_pfn, kernel_pages);

		if (err)
			return err;
	}

	/*
	 * zone_sizes_init() of arch/x86/mm/mem_init.c, on what setup_memory()
	 * found: highmem above the bootmem node.  The zones' bounds below are
	 * the tests' own, from the configuration.
	 */
	highstart_pfn = low;
	highend_pfn = max_pfn = m->max_pfn;
	m->zone_start[ZONE_DMA] = 0;
	m->zone_end[ZONE_DMA] = min(low, DMA_PFNS);
	m->zone_start[ZONE_NORMAL] = m->zone_end[ZONE_DMA];
	m->zone_end[ZONE_NORMAL] = low;
	m->zone_start[ZONE_HIGHMEM] = low;
	m->zone_end[ZONE_HIGHMEM] = m->max_pfn;
	/* The mode decides, from free_area_init() on, who writes the struct pages. */
	bootmem_retire_mode = c->retire;
	zone_sizes_init();

	/*
	 * What mem_map's memory held before, made to look like free blocks:
	 * each struct page the head of one as large as its pfn's alignment
	 * allows, so a merge that read a struct page the hand-over has not
	 * written yet would take it, and the checks below would see that; its
	 * list pointers point nowhere, so following one that the hand-over
	 * left unwritten (it writes lru only for the heads of free blocks)
	 * faults under AddressSanitizer.
	 */
	if (memmap_deferred)
		for (unsigned long pfn = 0; pfn < m->max_pfn; pfn++)
			mem_map[pfn] = (struct page){
				.flags = 1UL << PG_buddy,
				.private = (unsigned long)__builtin_ctzl(pfn | (1UL << (MAX_ORDER - 1))),
				.lru = { (struct list_head *)16, (struct list_head *)32 },
			};

	{
		unsigned long bytes = m->max_pfn * sizeof(struct page);
		phys_addr_t pa = __pa(mem_map);

		m->mem_map_pfn = PFN_DOWN(pa);
		m->mem_map_pages = PFN_UP(pa + bytes) - m->mem_map_pfn;
	}

	/* mem_init(): its hand-over, free_pages_init() of arch/x86/mm/mem_init.c */
	max_mapnr = num_physpages = m->max_pfn;
	totalram_pages = totalhigh_pages = 0;
	free_pages_init();
	m->released_low = meminit_timing.lowmem_pages;
	m->released_high = totalhigh_pages;
	return NULL;
}

/* boot() under HOST_PANICS, apart so no caller's variable lives across setjmp. */
static const char *boot_guarded(struct sim_machine *m, char *why, size_t size)
{
	const char *volatile err = NULL;
	enum bootmem_retire saved_mode = bootmem_retire_mode;
	enum boot_allocator_kind saved_allocator = boot_allocator;

	if (HOST_PANICS(err = boot(m))) {
		snprintf(why, size, "boot panicked: %s", host_panic_msg);
		err = why;
	}
	bootmem_retire_mode = saved_mode;
	boot_allocator = saved_allocator;
	return err;
}

const char *sim_boot(struct sim_machine *m, const struct sim_config *cfg)
{
	static char why[600];
	const char *err = NULL;
	unsigned long expect[MAX_NR_ZONES][MAX_ORDER], bad = 0;
	unsigned long kernel_pfn, kernel_end, usable_low = 0;

	sim_shutdown(m);
	m->cfg = *cfg;
	err = check_config(cfg);
	if (err)
		return err;
	err = boot_guarded(m, why, sizeof(why));
	if (err)
		return err;

	/* What the buddy allocator must own, from the configuration alone. */
	m->usable = calloc(m->max_pfn, 1);
	if (!m->usable)
		return "out of host memory";
	kernel_pfn = cfg->kernel_pfn ? cfg->kernel_pfn : 256;
	kernel_end = m->map_pfn;	/* the bitmap itself is freed at retirement */
	for (unsigned long pfn = 1; pfn < m->max_pfn; pfn++) {
		if (!sim_is_ram(m, pfn))
			continue;
		if (pfn >= kernel_pfn && pfn < kernel_end)
			continue;
		if (pfn >= m->mem_map_pfn && pfn < m->mem_map_pfn + m->mem_map_pages)
			continue;
		m->usable[pfn] = 1;
		m->zone_usable[sim_zone_of(m, pfn)]++;
		usable_low += pfn < cfg->low_pfns;
	}

	sim_nr_free(m->init_nr_free);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		m->init_free_pages[z] = sim_zone(z)->free_pages;

	/* The machine must start as the configuration says. */
	if (m->released_low != usable_low) {
		snprintf(why, sizeof(why), "free_all_bootmem() released %lu pages, expected %lu",
			 m->released_low, usable_low);
		return why;
	}
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (m->init_free_pages[z] != m->zone_usable[z]) {
			snprintf(why, sizeof(why), "zone %s: free_pages %lu after boot, expected %lu",
				 zone_names[z], m->init_free_pages[z], m->zone_usable[z]);
			return why;
		}
	if (sim_check_zones(true)) {
		snprintf(why, sizeof(why), "check_zone() fails after boot");
		return why;
	}
	if (sim_walk_free_blocks(m, NULL, &bad) < 0) {
		snprintf(why, sizeof(why), "free block at pfn %#lx covers a pfn that is not usable",
			 bad);
		return why;
	}
	sim_expected_nr_free(m, NULL, expect);
	if (!sim_nr_free_equal(expect, m->init_nr_free)) {
		snprintf(why, sizeof(why), "free lists after boot are not the maximal aligned blocks");
		return why;
	}
	return NULL;
}

void sim_shutdown(struct sim_machine *m)
{
	/* The name zone_sizes_init() gave mem_map goes with the machine. */
	if (m->mem_map_pages)
		forget_reservation(m->mem_map_pfn, m->mem_map_pfn + m->mem_map_pages);
	free(m->usable);
	memset(m, 0, sizeof(*m));
}

/* ---- snapshots ---- */

struct sim_snapshot {
	unsigned char *sim_mem;		/* owned from sim_snapshot_park() on */
	u64 sim_mem_size;
	struct page *mem_map;
	unsigned long max_mapnr, num_physpages, max_pfn, max_low_pfn, min_low_pfn;
	pg_data_t *pgdat_list;
	pg_data_t pgdat;
	struct page *map_copy;
	size_t map_bytes;
};

struct sim_snapshot *sim_snapshot_take(const struct sim_machine *m)
{
	struct sim_snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->map_bytes = m->max_pfn * sizeof(struct page);
	s->map_copy = malloc(s->map_bytes);
	if (!s->map_copy) {
		free(s);
		return NULL;
	}
	memcpy(s->map_copy, mem_map, s->map_bytes);
	s->sim_mem = sim_mem;
	s->sim_mem_size = sim_mem_size;
	s->mem_map = mem_map;
	s->max_mapnr = max_mapnr;
	s->num_physpages = num_physpages;
	s->max_pfn = max_pfn;
	s->max_low_pfn = max_low_pfn;
	s->min_low_pfn = min_low_pfn;
	s->pgdat_list = pgdat_list;
	s->pgdat = contig_page_data;
	return s;
}

void sim_snapshot_park(void)
{
	sim_mem = NULL;
	sim_mem_size = 0;
}

void sim_snapshot_restore(const struct sim_snapshot *s)
{
	sim_mem = s->sim_mem;
	sim_mem_size = s->sim_mem_size;
	mem_map = s->mem_map;
	max_mapnr = s->max_mapnr;
	num_physpages = s->num_physpages;
	max_pfn = s->max_pfn;
	max_low_pfn = s->max_low_pfn;
	min_low_pfn = s->min_low_pfn;
	pgdat_list = s->pgdat_list;
	memcpy(mem_map, s->map_copy, s->map_bytes);
	contig_page_data = s->pgdat;
}

void sim_snapshot_free(struct sim_snapshot *s)
{
	if (!s)
		return;
	if (sim_mem == s->sim_mem)
		sim_snapshot_park();
	free(s->sim_mem);
	free(s->map_copy);
	free(s);
}

/* ---- the reference model ---- */

const unsigned int sim_gfp[SIM_GFP_KINDS] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER, GFP_ATOMIC };
const char *const sim_gfp_name[SIM_GFP_KINDS] = { "GFP_KERNEL", "GFP_DMA", "GFP_HIGHUSER",
						   "GFP_ATOMIC" };

#define TAG(pfn)	(((u64)(pfn) << 16) ^ 0x5a5a00000000a5a5ULL)

__printf(2, 3) static bool violation(struct sim_model *md, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(md->err, sizeof(md->err), fmt, ap);
	va_end(ap);
	return false;
}

/*
 * The allocator's calls under HOST_PANICS: a panic or BUG() becomes a
 * violation the caller reports (with the seed, or as the fuzzer's crash).
 */
static struct page *alloc_guarded(unsigned int gfp_mask, unsigned int order, bool *panicked)
{
	struct page *volatile page = NULL;

	*panicked = HOST_PANICS(page = alloc_pages(gfp_mask, order));
	return page;
}

static bool free_guarded(struct page *page, unsigned int order)
{
	return !HOST_PANICS(__free_pages(page, order));
}

/* ---- the book's free lists (struct sim_lists) ---- */

static void lists_push(struct sim_lists *l, int z, unsigned int o, unsigned long pfn)
{
	long first = l->head[z][o];

	l->order[pfn] = (signed char)o;
	l->prev[pfn] = -1;
	l->next[pfn] = first;
	if (first >= 0)
		l->prev[first] = (long)pfn;
	l->head[z][o] = (long)pfn;
}

static void lists_del(struct sim_lists *l, int z, unsigned long pfn)
{
	unsigned int o = (unsigned int)l->order[pfn];

	if (l->prev[pfn] >= 0)
		l->next[l->prev[pfn]] = l->next[pfn];
	else
		l->head[z][o] = l->next[pfn];
	if (l->next[pfn] >= 0)
		l->prev[l->next[pfn]] = l->prev[pfn];
	l->order[pfn] = -1;
}

/* rmqueue(): the head of the smallest non-empty list, split keeping the top. */
static long lists_alloc(struct sim_lists *l, int z, unsigned int order)
{
	for (unsigned int cur = order; cur < MAX_ORDER; cur++) {
		long pfn = l->head[z][cur];

		if (pfn < 0)
			continue;
		lists_del(l, z, (unsigned long)pfn);
		while (cur > order) {
			cur--;
			lists_push(l, z, cur, (unsigned long)pfn);
			pfn += 1L << cur;
		}
		return pfn;
	}
	return -1;
}

/* __free_pages_ok(): merge while the buddy is free at this order inside the zone. */
static void lists_free(struct sim_lists *l, const struct sim_machine *m, int z,
		       unsigned long pfn, unsigned int order)
{
	while (order < MAX_ORDER - 1) {
		unsigned long buddy = pfn ^ (1UL << order);

		if (buddy < m->zone_start[z] || buddy >= m->zone_end[z] ||
		    l->order[buddy] != (signed char)order)
			break;
		lists_del(l, z, buddy);
		pfn &= ~(1UL << order);
		order++;
	}
	lists_push(l, z, order, pfn);
}

/*
 * The lists start as the allocator's are, in its order: the boot's frees
 * (and a restored snapshot) are its own; from here on the model predicts.
 */
static void lists_load(struct sim_lists *l, const struct sim_machine *m)
{
	memset(l->order, -1, m->max_pfn);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			const struct list_head *head = &sim_zone(z)->free_area[o].free_list;

			l->head[z][o] = -1;
			/* Pushed in reverse, so the model's head is the allocator's head. */
			for (const struct list_head *e = head->prev; e != head; e = e->prev)
				lists_push(l, z, o, page_to_pfn(list_entry(e, struct page, lru)));
		}
}

static bool lists_init(struct sim_lists *l, const struct sim_machine *m)
{
	l->next = calloc(m->max_pfn, sizeof(*l->next));
	l->prev = calloc(m->max_pfn, sizeof(*l->prev));
	l->order = malloc(m->max_pfn);
	if (!l->next || !l->prev || !l->order)
		return false;
	lists_load(l, m);
	return true;
}

void sim_model_reset(struct sim_model *md)
{
	md->nr_live = 0;
	memset(md->allocated, 0, md->m->max_pfn);
	memset(md->zone_alloc, 0, sizeof(md->zone_alloc));
	lists_load(&md->lists, md->m);
}

static void lists_destroy(struct sim_lists *l)
{
	free(l->next);
	free(l->prev);
	free(l->order);
}

bool sim_model_init(struct sim_model *md, struct sim_machine *m, unsigned long max_live)
{
	memset(md, 0, sizeof(*md));
	md->m = m;
	md->max_live = max_live;
	md->allocated = calloc(m->max_pfn, 1);
	md->live = calloc(max_live, sizeof(*md->live));
	return md->allocated && md->live && lists_init(&md->lists, m);
}

void sim_model_destroy(struct sim_model *md)
{
	free(md->allocated);
	free(md->live);
	lists_destroy(&md->lists);
	memset(md, 0, sizeof(*md));
}

/* After every operation: exact free page accounting, per zone and in total. */
static bool light_check(struct sim_model *md, const char *after)
{
	unsigned long total = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long want = md->m->zone_usable[z] - md->zone_alloc[z];

		if (sim_zone(z)->free_pages != want)
			return violation(md, "after %s: zone %s free_pages %lu, model says %lu "
					 "(%lu usable - %lu allocated)", after, zone_names[z],
					 sim_zone(z)->free_pages, want, md->m->zone_usable[z],
					 md->zone_alloc[z]);
		total += want;
	}
	if (nr_free_pages() != total)
		return violation(md, "after %s: nr_free_pages() %lu, model says %lu", after,
				 nr_free_pages(), total);
	if (nr_free_highpages() != md->m->zone_usable[ZONE_HIGHMEM] - md->zone_alloc[ZONE_HIGHMEM])
		return violation(md, "after %s: nr_free_highpages() %lu, model says %lu", after,
				 nr_free_highpages(),
				 md->m->zone_usable[ZONE_HIGHMEM] - md->zone_alloc[ZONE_HIGHMEM]);
	return true;
}

static bool has_block(int z, unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++)
		if (sim_zone(z)->free_area[o].nr_free)
			return true;
	return false;
}

bool sim_model_alloc(struct sim_model *md, unsigned int gfp_mask, unsigned int order, bool *got)
{
	const struct sim_machine *m = md->m;
	unsigned long free_pages[MAX_NR_ZONES], pfn, n = 1UL << order;
	bool blocks[MAX_NR_ZONES], allowed = false, panicked;
	int zones[MAX_NR_ZONES], nz, want, z;
	struct page *page;

	*got = false;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		free_pages[z] = m->zone_usable[z] - md->zone_alloc[z];
		blocks[z] = order < MAX_ORDER && has_block(z, order);
	}
	want = sim_predict_zone(m, gfp_mask, order, free_pages, blocks);
	page = alloc_guarded(gfp_mask, order, &panicked);
	if (panicked)
		return violation(md, "order-%u alloc gfp %#x: %s", order, gfp_mask, host_panic_msg);
	if (!page) {
		md->fails++;
		if (want >= 0)
			return violation(md, "order-%u alloc gfp %#x returned NULL, but zone %s "
					 "(free %lu) should have served it", order, gfp_mask,
					 zone_names[want], free_pages[want]);
		return light_check(md, "a failed allocation");
	}
	pfn = (unsigned long)(page - mem_map);
	if (page < mem_map || pfn >= m->max_pfn)
		return violation(md, "order-%u alloc returned a page outside mem_map", order);
	if (order >= MAX_ORDER)
		return violation(md, "order-%u alloc (>= MAX_ORDER) returned pfn %#lx", order, pfn);
	if (pfn & (n - 1))
		return violation(md, "order-%u block at pfn %#lx is misaligned", order, pfn);
	z = sim_zone_of(m, pfn);
	nz = sim_zonelist(m, gfp_mask, zones);
	for (int i = 0; i < nz; i++)
		allowed |= zones[i] == z;
	if (!allowed || sim_zone_of(m, pfn + n - 1) != z)
		return violation(md, "order-%u block at pfn %#lx (zone %d) not in one zone "
				 "allowed by gfp %#x", order, pfn, z, gfp_mask);
	if (z != want)
		return violation(md, "order-%u gfp %#x block came from zone %s, the watermarks "
				 "say %s (free DMA %lu Normal %lu HighMem %lu)", order, gfp_mask,
				 zone_names[z], want < 0 ? "none" : zone_names[want],
				 free_pages[0], free_pages[1], free_pages[2]);
	{
		long expect = lists_alloc(&md->lists, z, order);

		if (expect != (long)pfn)
			return violation(md, "order-%u gfp %#x: pfn %#lx, 2.4's rmqueue()/expand() "
					 "give %#lx", order, gfp_mask, pfn, (unsigned long)expect);
	}
	if ((int)page_zonenum(page) != z)
		return violation(md, "pfn %#lx: page_zonenum %u, zone %d", pfn, page_zonenum(page), z);
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = page + i;

		if (!m->usable[pfn + i])
			return violation(md, "order-%u block at pfn %#lx covers pfn %#lx, a hole or "
					 "reserved page", order, pfn, pfn + i);
		if (md->allocated[pfn + i])
			return violation(md, "order-%u block at pfn %#lx overlaps a live block at "
					 "pfn %#lx", order, pfn, pfn + i);
		if (PageBuddy(p) || PageReserved(p) || p->count != (i ? 0 : 1) ||
		    (i && p->private) || PageHighMem(p) != (z == ZONE_HIGHMEM))
			return violation(md, "order-%u block at pfn %#lx: page %#lx count %d flags "
					 "%#lx private %lu", order, pfn, pfn + i, p->count, p->flags,
					 p->private);
	}
	if (page->private != order)
		return violation(md, "block at pfn %#lx: private %lu, order %u", pfn,
				 page->private, order);
	if (z != ZONE_HIGHMEM && page_address(page) != __va(PFN_PHYS(pfn)))
		return violation(md, "page_address(pfn %#lx) is not __va(%#lx)", pfn,
				 (unsigned long)PFN_PHYS(pfn));
	if (md->nr_live == md->max_live)
		return violation(md, "the test's live block table is full");

	for (unsigned long i = 0; i < n; i++) {
		u64 tag = TAG(pfn + i);

		md->allocated[pfn + i] = 1;
		memcpy(__va(PFN_PHYS(pfn + i)), &tag, sizeof(tag));
	}
	md->zone_alloc[z] += n;
	md->live[md->nr_live++] = (struct sim_block){ pfn, order, z, 1 };
	md->allocs++;
	*got = true;
	return light_check(md, "an allocation");
}

bool sim_model_get(struct sim_model *md, unsigned long i)
{
	struct sim_block *b = &md->live[i];
	struct page *page = mem_map + b->pfn;

	if (page->count != b->refs)
		return violation(md, "block at pfn %#lx: count %d, model says %d", b->pfn,
				 page->count, b->refs);
	page->count++;
	b->refs++;
	md->gets++;
	return true;
}

bool sim_model_put(struct sim_model *md, unsigned long i)
{
	struct sim_block b = md->live[i];
	struct page *page = mem_map + b.pfn;
	unsigned long n = 1UL << b.order;

	if (page->count != b.refs)
		return violation(md, "block at pfn %#lx: count %d, model says %d", b.pfn,
				 page->count, b.refs);
	if (b.refs > 1) {
		if (!free_guarded(page, b.order))
			return violation(md, "dropping a reference to the order-%u block at %#lx: %s",
					 b.order, b.pfn, host_panic_msg);
		md->live[i].refs--;
		if (page->count != b.refs - 1 || PageBuddy(page))
			return violation(md, "__free_pages on a count-%d block at pfn %#lx left "
					 "count %d buddy %lu", b.refs, b.pfn, page->count,
					 (unsigned long)PageBuddy(page));
		return light_check(md, "dropping a reference");
	}
	for (unsigned long j = 0; j < n; j++) {
		u64 tag;

		memcpy(&tag, __va(PFN_PHYS(b.pfn + j)), sizeof(tag));
		if (tag != TAG(b.pfn + j))
			return violation(md, "page %#lx of the live order-%u block at %#lx was "
					 "written by someone else", b.pfn + j, b.order, b.pfn);
	}
	if (!free_guarded(page, b.order))
		return violation(md, "freeing the order-%u block at %#lx: %s", b.order, b.pfn,
				 host_panic_msg);
	lists_free(&md->lists, md->m, b.zone, b.pfn, b.order);
	for (unsigned long j = 0; j < n; j++)
		md->allocated[b.pfn + j] = 0;
	md->zone_alloc[b.zone] -= n;
	md->live[i] = md->live[--md->nr_live];
	md->frees++;
	return light_check(md, "a free");
}

/* The live block holding pfn, or -1. */
static long live_block_of(const struct sim_model *md, unsigned long pfn)
{
	for (unsigned long i = 0; i < md->nr_live; i++)
		if (pfn >= md->live[i].pfn && pfn < md->live[i].pfn + (1UL << md->live[i].order))
			return (long)i;
	return -1;
}

/*
 * A free pfn freed again: inside a larger free block (the model's lists
 * say which: the head at pfn rounded down to some order, whose block
 * reaches pfn), named with it; the head of one, a plain double free.
 */
static const char *model_free_reason(const struct sim_model *md, unsigned long pfn, char *buf,
				     size_t size)
{
	for (unsigned int k = 1; k < MAX_ORDER; k++) {
		unsigned long head = pfn & ~((1UL << k) - 1);
		int o = md->lists.order[head];

		if (head != pfn && o >= 0 && pfn - head < (1UL << o)) {
			snprintf(buf, size, "freeing a free page (double free) inside the free order-%d block at pfn %05lx",
				 o, head);
			return buf;
		}
	}
	return "freeing a free page (double free)";
}

bool sim_model_bad_free(struct sim_model *md, unsigned long pfn, unsigned int order)
{
	const struct sim_machine *m = md->m;
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	const char *why;
	char want[120], reason[120];

	/* 2.4: a page with other references is only dropped, whatever the order. */
	if (pfn < m->max_pfn && md->allocated[pfn]) {
		long i = live_block_of(md, pfn);

		if (i >= 0 && md->live[i].pfn == pfn && md->live[i].refs > 1)
			return true;
	}
	if (pfn >= m->max_pfn) {
		why = "outside mem_map";
	} else if (order >= MAX_ORDER) {
		why = "order too large";
	} else if (pfn & ((1UL << order) - 1)) {
		why = "misaligned for its order";
	} else if (pfn + (1UL << order) > m->zone_end[sim_zone_of(m, pfn)]) {
		why = "block crosses the end of its zone";
	} else if (!m->usable[pfn]) {
		why = "freeing a reserved page";
	} else if (!md->allocated[pfn]) {
		why = model_free_reason(md, pfn, want, sizeof(want));
	} else {
		long i = live_block_of(md, pfn);

		if (i < 0)
			return violation(md, "model: pfn %#lx allocated but in no live block", pfn);
		if (md->live[i].pfn != pfn)
			why = "freeing a page that was never handed out (count 0, not free): a tail of an allocated block?";
		else if (md->live[i].order == order)
			return true;	/* not misuse */
		else
			why = "freed with an order it was not allocated with";
	}
	if (why != want)
		snprintf(want, sizeof(want), "%s", why);
	why = strcpy(reason, want);
	snprintf(want, sizeof(want), "page dumped because: %s\n", why);
	sim_nr_free(before);
	host_log_clear();
	if (free_guarded(mem_map + pfn, order))
		return violation(md, "__free_pages(pfn %#lx, order %u) did not panic; expected \"%s\"",
				 pfn, order, why);
	if (!strstr(host_panic_msg, "Bad page state") || !host_log_contains(want))
		return violation(md, "__free_pages(pfn %#lx, order %u): \"%s\", expected \"%s\"",
				 pfn, order, host_panic_msg, why);
	sim_nr_free(after);
	if (!sim_nr_free_equal(before, after))
		return violation(md, "__free_pages(pfn %#lx, order %u) panicked but changed the free lists",
				 pfn, order);
	md->misuses++;
	return light_check(md, "a refused free");
}

bool sim_model_full(struct sim_model *md)
{
	unsigned long want[MAX_NR_ZONES][MAX_ORDER], have[MAX_NR_ZONES][MAX_ORDER], bad = 0;
	unsigned long free_total = 0;
	long walked;

	if (sim_check_zones(false))
		return violation(md, "check_zone() finds %d violations (first ones in the log)",
				 sim_check_zones(true));
	walked = sim_walk_free_blocks(md->m, md->allocated, &bad);
	if (walked < 0)
		return violation(md, "a free block covers pfn %#lx, which the model says is "
				 "allocated, a hole or reserved", bad);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		free_total += md->m->zone_usable[z] - md->zone_alloc[z];
	if ((unsigned long)walked != free_total)
		return violation(md, "mem_map's free blocks hold %ld pages, the model %lu", walked,
				 free_total);
	sim_expected_nr_free(md->m, md->allocated, want);
	sim_nr_free(have);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			if (want[z][o] != have[z][o])
				return violation(md, "zone %s order %d: %lu free blocks, the maximal "
						 "aligned blocks of the model's free set are %lu",
						 zone_names[z], o, have[z][o], want[z][o]);
	return true;
}

bool sim_model_free_all(struct sim_model *md)
{
	unsigned long have[MAX_NR_ZONES][MAX_ORDER];

	while (md->nr_live)
		if (!sim_model_put(md, md->nr_live - 1))
			return false;
	if (!sim_model_full(md))
		return false;
	sim_nr_free(have);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (sim_zone(z)->free_pages != md->m->init_free_pages[z])
			return violation(md, "all freed: zone %s free_pages %lu, %lu after boot",
					 zone_names[z], sim_zone(z)->free_pages,
					 md->m->init_free_pages[z]);
		for (int o = 0; o < MAX_ORDER; o++)
			if (have[z][o] != md->m->init_nr_free[z][o])
				return violation(md, "all freed: zone %s order %d: %lu free blocks, "
						 "%lu after boot", zone_names[z], o, have[z][o],
						 md->m->init_nr_free[z][o]);
	}
	return true;
}
