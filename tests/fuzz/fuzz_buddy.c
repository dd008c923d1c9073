/*
 * libFuzzer target: the buddy allocator (mm/page_alloc.c) driven by the
 * input bytes on a simulated machine (tests/host/buddy_sim.c), with the
 * model checks of the host's randomized test after every operation.
 *
 * Input: byte 0 picks the machine (bits 0-1: small 24M+8M, holes 32M+16M,
 * odd 31.25M+12.2M, plain 32M; bit 2: bootmem retired and highmem released
 * page by page, as 2.4 does, rather than in blocks); then operations,
 * each a control byte c and what it needs, until the input ends:
 *   c % 8 in 0..3  alloc: gfp kind c / 8 % 4 (GFP_KERNEL, GFP_DMA,
 *                  GFP_HIGHUSER, GFP_ATOMIC), order = next byte % 11
 *                  (10 = MAX_ORDER: must be refused)
 *   4..5           free (drop a reference to) live block u16 % live
 *   6              take a reference to live block u16 % live
 *   7              by c / 8 % 4:
 *                  0  check everything now (check_zone, the exact free lists)
 *                  1  misuse: free pfn u16 % (max_pfn + 64) with order
 *                     next byte % 12: must panic with the reason the model
 *                     expects and change nothing (or be a valid free: skipped)
 *                  2  misuse: free live block u16 % live with order next
 *                     byte % 12 (a wrong order, unless it is the right one)
 *                  3  allocate up to c / 32 * 64 order-0 GFP_ATOMIC pages
 *                     (to reach the watermarks quickly)
 *
 * Checked (FUZZ_CHECK aborts, naming the violation and the last operations):
 * every allocation aligned, inside the zone 2.4's watermark passes choose
 * for its gfp mask and NULL exactly when they choose none, on usable pfns
 * no live block holds, its struct pages as allocated; after every operation
 * each zone's free_pages equals its usable pages less the model's allocated
 * ones; every misuse refused with its reason; every 32 operations and at the end check_zone() and the free lists
 * against the maximal aligned blocks of the model's free set; at the end,
 * everything freed, the free lists exactly as after boot.  A panic or BUG()
 * from the allocator is a violation too.
 *
 * Each input starts from a freshly booted machine: each of the eight is
 * booted once and kept as a snapshot that is put back for every input
 * (the same state, at a fraction of the cost).
 */
#include <string.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include "../host/host.h"
#include "../host/buddy_sim.h"

#define FUZZ_NAME "fuzz_buddy"
#include "fuzz.h"

#define MAX_LIVE	16384
#define FULL_EVERY	32
#define TRAIL		16

static const struct sim_config *const shapes[4] = {
	&sim_cfg_small, &sim_cfg_holes, &sim_cfg_odd, &sim_cfg_plain,
};

#define NR_MACHINES 8
static struct machine {
	struct sim_machine m;
	struct sim_model md;
	struct sim_snapshot *snap;	/* as booted */
} machines[NR_MACHINES];
static struct machine *cur;
static char trail[TRAIL][96];	/* the last operations, for the report */
static unsigned long nr_ops;

static void fuzz_dump(void)
{
	if (!cur)
		return;
	fprintf(stderr, "  machine: %s, retire %s\n", cur->m.cfg.name,
		cur->m.cfg.retire == BOOTMEM_RETIRE_PAGE ? "page" : "batch");
	fprintf(stderr, "  %lu operations, %lu live blocks; free DMA %lu Normal %lu HighMem %lu\n",
		nr_ops, cur->md.nr_live, sim_zone(0)->free_pages, sim_zone(1)->free_pages,
		sim_zone(2)->free_pages);
	fprintf(stderr, "  the last operations:\n");
	for (unsigned long i = nr_ops > TRAIL ? nr_ops - TRAIL : 0; i < nr_ops; i++)
		fprintf(stderr, "    %5lu %s\n", i, trail[i % TRAIL]);
}

__printf(1, 2) static void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(trail[nr_ops % TRAIL], sizeof(trail[0]), fmt, ap);
	va_end(ap);
	nr_ops++;
}

/*
 * The machine the byte names, as it booted: booted the first time, then
 * put back from its snapshot (each machine keeps its own sim_mem).
 */
static struct sim_model *start_machine(u8 byte)
{
	struct machine *mc = &machines[byte % NR_MACHINES];
	struct sim_model *md = &mc->md;

	cur = mc;
	if (!mc->snap) {
		struct sim_config cfg = *shapes[byte % 4];
		const char *err;

		/* 2.4's way (page by page) or the block way, low and high memory alike. */
		cfg.retire = byte & 4 ? BOOTMEM_RETIRE_PAGE : BOOTMEM_RETIRE_BATCH;
		sim_snapshot_park();
		err = sim_boot(&mc->m, &cfg);
		FUZZ_CHECK(!err, "booting %s: %s", cfg.name, err);
		mc->snap = sim_snapshot_take(&mc->m);
		FUZZ_CHECK(mc->snap && sim_model_init(md, &mc->m, MAX_LIVE), "out of host memory");
		return md;
	}
	sim_snapshot_restore(mc->snap);
	sim_model_reset(md);
	return md;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct sim_model *md;
	bool got;

	if (!size)
		return 0;
	nr_ops = 0;
	md = start_machine(fz_u8(&in));

	while (!fz_empty(&in)) {
		u8 c = fz_u8(&in);
		unsigned int op = c % 8, arg = c / 8;

		if (op <= 3) {
			unsigned int kind = arg % 4, order = fz_u8(&in) % (MAX_ORDER + 1);

			note("alloc %s order %u", sim_gfp_name[kind], order);
			FUZZ_CHECK(sim_model_alloc(md, sim_gfp[kind], order, &got), "%s", md->err);
		} else if (op <= 5 && md->nr_live) {
			unsigned long i = fz_u16(&in) % md->nr_live;

			note("put order-%u block at pfn %#lx (count %d)", md->live[i].order, md->live[i].pfn,
			     md->live[i].refs);
			FUZZ_CHECK(sim_model_put(md, i), "%s", md->err);
		} else if (op == 6 && md->nr_live) {
			unsigned long i = fz_u16(&in) % md->nr_live;

			note("get order-%u block at pfn %#lx (count %d)", md->live[i].order, md->live[i].pfn,
			     md->live[i].refs);
			FUZZ_CHECK(sim_model_get(md, i), "%s", md->err);
		} else if (op == 7 && arg % 4 == 0) {
			note("check");
			FUZZ_CHECK(sim_model_full(md), "%s", md->err);
		} else if (op == 7 && arg % 4 == 1) {
			unsigned long pfn = fz_u16(&in) % (cur->m.max_pfn + 64);
			unsigned int order = fz_u8(&in) % (MAX_ORDER + 2);

			note("bad free pfn %#lx order %u", pfn, order);
			FUZZ_CHECK(sim_model_bad_free(md, pfn, order), "%s", md->err);
		} else if (op == 7 && arg % 4 == 2 && md->nr_live) {
			unsigned long i = fz_u16(&in) % md->nr_live;
			unsigned int order = fz_u8(&in) % (MAX_ORDER + 2);

			note("bad free of order-%u block at pfn %#lx as order %u", md->live[i].order,
			     md->live[i].pfn, order);
			FUZZ_CHECK(sim_model_bad_free(md, md->live[i].pfn, order), "%s", md->err);
		} else if (op == 7 && arg % 4 == 3) {
			arg /= 4;
			note("fill: up to %u order-0 GFP_ATOMIC", arg * 64);
			for (unsigned int n = 0; n < arg * 64 && md->nr_live < MAX_LIVE; n++) {
				FUZZ_CHECK(sim_model_alloc(md, GFP_ATOMIC, 0, &got), "%s", md->err);
				if (!got)
					break;
			}
		}
		if (nr_ops % FULL_EVERY == 0)
			FUZZ_CHECK(sim_model_full(md), "%s", md->err);
		if (md->nr_live >= MAX_LIVE - 1)
			break;
	}
	note("free all %lu live blocks", md->nr_live);
	FUZZ_CHECK(sim_model_full(md), "%s", md->err);
	FUZZ_CHECK(sim_model_free_all(md), "%s", md->err);
	return 0;
}
