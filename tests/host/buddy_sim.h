#ifndef _BUDDY_SIM_H
#define _BUDDY_SIM_H

/*
 * A simulated machine for the buddy allocator's host tests, fuzzer and
 * benchmark: simulated physical memory, a bootmem node over low memory
 * with RAM ranges (holes allowed) freed into it, the "kernel" and the
 * bitmap reserved as setup_memory() does; then the kernel's own
 * zone_sizes_init() and mem_init()'s free_pages_init() (arch/x86/mm/
 * mem_init.c) size the zones, retire bootmem and release highmem RAM
 * (pfns above max_low_pfn live in sim_mem too).
 *
 * Beside the machine it keeps what the tests compare against, worked out
 * from the configuration and not from the allocator: which pfns the buddy
 * allocator must own (RAM, less page 0, the kernel and mem_map), per zone;
 * and a model of the free set from which the exact free lists follow
 * (with eager merging, a free set's blocks are its maximal aligned blocks
 * inside the zone, whatever the order of frees).
 *
 * Nothing here uses KUnit, so the fuzzer and the benchmark link it with
 * host.c alone.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/mmzone.h>

#define SIM_MAX_RANGES	8

/* A range of page frames, [start, end). */
struct sim_range {
	unsigned long start, end;
};

struct sim_config {
	const char *name;
	unsigned long low_pfns;		/* max_low_pfn: DMA below 4096, NORMAL above */
	unsigned long high_pfns;	/* ZONE_HIGHMEM: pfns low_pfns .. low_pfns + high_pfns */
	int nr_ram;			/* 0: every pfn is RAM */
	struct sim_range ram[SIM_MAX_RANGES];
	unsigned long kernel_pfn;	/* the "kernel image": 0 = 256 (1 MiB) */
	unsigned long kernel_pages;	/* 0 = 128; the bitmap follows it */
	enum bootmem_retire retire;	/* bootmem_retire=: page by page (high memory
					   too, set_highmem_pages_init()) or batch */
	bool memblock;			/* boot_allocator=memblock: memblock holds
					   boot memory (top-down, or bottom-up with
					   memblock_bottomup) and memblock_free_all()
					   hands it over; no bitmap */
	bool memblock_bottomup;
	bool memblock_grow;		/* split a reservation past the static
					   array before mem_map is made, so the
					   grown array sits in low memory until
					   memblock_discard() gives it back */
	struct sim_range misfree;	/* handed back with free_bootmem() before
					   mem_init, as a buggy caller might (the
					   bitmap's own pages, say): end 0 = none */
};

struct sim_machine {
	struct sim_config cfg;
	unsigned long max_pfn;		/* low_pfns + high_pfns = max_mapnr */
	unsigned long map_pfn, map_pages;	/* the bootmem bitmap */
	unsigned long mem_map_pfn, mem_map_pages;	/* where free_area_init put mem_map */
	unsigned char *usable;		/* per pfn: 1 = the buddy allocator owns it */
	unsigned long zone_start[MAX_NR_ZONES], zone_end[MAX_NR_ZONES];
	unsigned long zone_usable[MAX_NR_ZONES];
	unsigned long released_low;	/* free_all_bootmem()'s return value */
	unsigned long released_high;
	unsigned long init_nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long init_free_pages[MAX_NR_ZONES];
};

/*
 * Boot the machine.  Returns NULL on success, or what went wrong (the
 * machine is still set up as far as it got).  Replaces any previous
 * machine: sim_mem, mem_map, the zones and the bootmem node are all new.
 */
const char *sim_boot(struct sim_machine *m, const struct sim_config *cfg);
void sim_shutdown(struct sim_machine *m);

/* The zone a pfn belongs to, from the configuration (-1 past the end). */
int sim_zone_of(const struct sim_machine *m, unsigned long pfn);
bool sim_is_ram(const struct sim_machine *m, unsigned long pfn);

static inline zone_t *sim_zone(int z)
{
	return &contig_page_data.node_zones[z];
}

/* check_zone() over every zone: the number of violations. */
int sim_check_zones(bool verbose);

/* The allocator's nr_free per zone and order, now. */
void sim_nr_free(unsigned long out[MAX_NR_ZONES][MAX_ORDER]);
bool sim_nr_free_equal(const unsigned long a[MAX_NR_ZONES][MAX_ORDER],
		       const unsigned long b[MAX_NR_ZONES][MAX_ORDER]);

/*
 * The free lists the allocator must have if exactly the usable pfns not
 * marked in 'allocated' (one byte per pfn; NULL = none) are free: the
 * maximal naturally aligned blocks, up to MAX_ORDER - 1, inside each zone.
 */
void sim_expected_nr_free(const struct sim_machine *m, const unsigned char *allocated,
			  unsigned long out[MAX_NR_ZONES][MAX_ORDER]);

/*
 * Walk mem_map: every free block the allocator holds must lie on usable
 * pfns that 'allocated' does not mark, inside its zone.  Returns the
 * number of free pages found, or -1 with *bad_pfn set at the first wrong one.
 */
long sim_walk_free_blocks(const struct sim_machine *m, const unsigned char *allocated,
			  unsigned long *bad_pfn);

/* 2.4's watermarks for a zone of this many pages (set_zone_watermarks). */
unsigned long sim_pages_min(unsigned long zone_pages);

/*
 * The zone an allocation must come from, or -1 for none, by 2.4's two
 * passes over the zone list for gfp_mask (pass 1 keeps pages_low, pass 2
 * pages_min, a quarter of it without __GFP_WAIT, both accumulating along
 * the list), given each zone's free pages and whether it holds a free
 * block of at least this order.
 */
int sim_predict_zone(const struct sim_machine *m, unsigned int gfp_mask, unsigned int order,
		     const unsigned long free_pages[MAX_NR_ZONES],
		     const bool has_block[MAX_NR_ZONES]);
/* The zone list for gfp_mask, from the configuration; returns its length. */
int sim_zonelist(const struct sim_machine *m, unsigned int gfp_mask, int zones[MAX_NR_ZONES]);

/*
 * Snapshot a booted machine's allocator state (mem_map, contig_page_data,
 * the globals) and put it back, switching machines if need be: the fuzzer
 * starts every input from a freshly booted machine without booting.  The
 * snapshot owns the machine's sim_mem: sim_snapshot_park() before booting
 * another machine keeps sim_boot() from freeing it, sim_snapshot_free()
 * frees it.
 */
struct sim_snapshot;
struct sim_snapshot *sim_snapshot_take(const struct sim_machine *m);
void sim_snapshot_park(void);
void sim_snapshot_restore(const struct sim_snapshot *s);
void sim_snapshot_free(struct sim_snapshot *s);

/*
 * The reference model for randomized runs (host test and fuzzer): one byte
 * per pfn (allocated or not) and the list of live blocks.  Every operation
 * checks, against the model and the configuration: the block is aligned,
 * inside the one zone 2.4's watermark passes choose for the gfp mask (NULL
 * exactly when they choose none), on usable pfns no live block holds, with
 * the struct pages of an allocated block; and after it each zone's
 * free_pages is its usable pages less those allocated.  sim_model_full()
 * adds check_zone(), a walk of mem_map's free blocks against the model and
 * the exact free lists.  The allocator's calls run under HOST_PANICS: a
 * panic is a violation too.  On a violation the functions return false
 * with the reason in err.
 */
struct sim_block {
	unsigned long pfn;
	unsigned int order;
	int zone;
	int refs;		/* page_count of the head: references held */
};

/*
 * The free lists as the book describes 2.4's buddy allocator (Gorman 6.2-6.4),
 * kept by the model itself to predict every address: per zone and order a
 * list whose head is where frees and splits put blocks and where rmqueue()
 * takes them (LIFO); a split keeps the upper half and lists the lower one;
 * a free merges with its buddy while the buddy is a free block of the same
 * order inside the zone.  Linked through per-pfn arrays.
 */
struct sim_lists {
	long head[MAX_NR_ZONES][MAX_ORDER];	/* first pfn on each list, or -1 */
	long *next, *prev;			/* per pfn, for a block's head */
	signed char *order;			/* per pfn: the order of a free block there, or -1 */
};

struct sim_model {
	struct sim_machine *m;
	struct sim_lists lists;
	unsigned char *allocated;	/* per pfn */
	struct sim_block *live;
	unsigned long nr_live, max_live;
	unsigned long zone_alloc[MAX_NR_ZONES];	/* pages allocated per zone */
	unsigned long allocs, fails, frees, gets, misuses;
	char err[400];
};

#define SIM_GFP_KINDS 4
extern const unsigned int sim_gfp[SIM_GFP_KINDS];
extern const char *const sim_gfp_name[SIM_GFP_KINDS];

bool sim_model_init(struct sim_model *md, struct sim_machine *m, unsigned long max_live);
/* Nothing live, the free lists read again from the allocator (after a snapshot restore). */
void sim_model_reset(struct sim_model *md);
void sim_model_destroy(struct sim_model *md);
/* Allocate; *got tells whether a block was handed out (it is then live). */
bool sim_model_alloc(struct sim_model *md, unsigned int gfp_mask, unsigned int order, bool *got);
/* Drop one reference to live block i: the last one frees it. */
bool sim_model_put(struct sim_model *md, unsigned long i);
/* Take another reference to live block i (get_page on its head). */
bool sim_model_get(struct sim_model *md, unsigned long i);
/*
 * Misuse: __free_pages(pfn_to_page(pfn), order) where that is not a block
 * the caller holds.  It must panic with "Bad page state" and the reason the
 * model expects (outside mem_map, order too large, misaligned, crossing the
 * zone's end, reserved, double free, wrong order -- checked in that order)
 * and change nothing.  A valid free, or a head with more than one
 * reference (only dropped, as 2.4 does), is not misuse: skipped.
 */
bool sim_model_bad_free(struct sim_model *md, unsigned long pfn, unsigned int order);
bool sim_model_full(struct sim_model *md);
/* Free every live block; the free lists must be as they were after boot. */
bool sim_model_free_all(struct sim_model *md);

/* Ready-made machines. */
extern const struct sim_config sim_cfg_plain;	/* 32 MiB, no holes, no highmem */
extern const struct sim_config sim_cfg_holes;	/* 32 MiB low with holes, 16 MiB highmem with a hole */
extern const struct sim_config sim_cfg_small;	/* 24 MiB low + 8 MiB high: cheap full checks */
extern const struct sim_config sim_cfg_odd;	/* zone ends not aligned to 2 MiB, holes */

/* A small, seedable generator (splitmix64) for the randomized tests. */
static inline u64 sim_rand(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
