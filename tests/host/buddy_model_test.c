/*
 * A seeded, model-based randomized test of the buddy allocator: random
 * allocations (orders weighted to small, four kinds of gfp mask) and frees
 * of random live blocks on several simulated machines, each step checked
 * against a reference model (buddy_sim.c): alignment, zone and watermark
 * choice, no overlap with live blocks or holes, exact free page accounting
 * per zone; check_zone() and the exact free lists every step for the first
 * steps of each machine, then every CHECK_EVERY steps, and at the end.
 *
 * BUDDY_SEED=n replays a run (the seed is printed as "# seed=n");
 * BUDDY_MODEL_OPS=n changes the number of operations per machine.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include "host.h"
#include "buddy_sim.h"

#define DEFAULT_SEED	0x2400b0dd1eULL
#define OPS_PER_MACHINE	260000UL	/* x 4 machines: over a million operations */
#define FULL_CHECK_STEPS 20000UL	/* check everything after each of the first steps */
#define CHECK_EVERY	1000UL
#define MAX_LIVE	65536UL

static u64 env_u64(const char *name, u64 dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

/* Orders weighted to small: 0 40%, 1 20%, 2 12%, 3 10%, 4 6%, 5 4%, 6 3%, 7-9 5%. */
static unsigned int random_order(u64 *rng)
{
	static const unsigned char cumulative[MAX_ORDER] = { 40, 60, 72, 82, 88, 92, 95, 97, 99, 100 };
	unsigned int r = (unsigned int)(sim_rand(rng) % 100);

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		if (r < cumulative[o])
			return o;
	return 0;
}

/* GFP_KERNEL 40%, GFP_DMA 15%, GFP_HIGHUSER 30%, GFP_ATOMIC 15%. */
static unsigned int random_gfp(u64 *rng, int *kind)
{
	unsigned int r = (unsigned int)(sim_rand(rng) % 100);

	*kind = r < 40 ? 0 : r < 55 ? 1 : r < 85 ? 2 : 3;
	return sim_gfp[*kind];
}

struct run_stats {
	unsigned long ops, allocs, fails, frees, gets, misuses, full_checks, peak_live_pages;
};

/*
 * One machine, ops operations.  The mix drifts between filling (mostly
 * allocations, down to the watermarks), draining and steady phases, so
 * both exhaustion and coalescing back to large blocks happen often.
 */
static void run_machine(struct kunit *test, const struct sim_config *cfg, u64 base_seed,
			u64 seed, unsigned long ops, struct run_stats *st)
{
	struct sim_machine m = { 0 };
	struct sim_model md;
	const char *err;
	u64 rng = seed;
	unsigned int alloc_pct = 60;
	unsigned long step = 0, live_pages = 0;
	bool ok = true;

	err = sim_boot(&m, cfg);
	if (err) {
		KUNIT_FAIL(test, "booting %s: %s", cfg->name, err);
		sim_shutdown(&m);
		return;
	}
	if (!sim_model_init(&md, &m, MAX_LIVE)) {
		KUNIT_FAIL(test, "out of host memory");
		sim_shutdown(&m);
		return;
	}
	for (step = 0; step < ops; step++) {
		unsigned int r = (unsigned int)(sim_rand(&rng) % 100);

		if (step % 4096 == 0) {
			static const unsigned int phase[] = { 70, 50, 30, 45, 90, 35, 55 };

			alloc_pct = phase[sim_rand(&rng) % ARRAY_SIZE(phase)];
		}
		if (r == 0 && sim_rand(&rng) % 4 == 0) {
			/* Misuse, one step in 400: a random pfn (a few past mem_map), any order. */
			unsigned long pfn = sim_rand(&rng) % (m.max_pfn + 64);
			unsigned int order = (unsigned int)(sim_rand(&rng) % (MAX_ORDER + 2));

			if (md.nr_live && sim_rand(&rng) % 2)
				pfn = md.live[sim_rand(&rng) % md.nr_live].pfn;	/* a head, wrong order */
			ok = sim_model_bad_free(&md, pfn, order);
			if (!ok)
				kunit_printk("    # step %lu: bad free of pfn %#lx order %u\n", step, pfn, order);
		} else if (r < 2 && md.nr_live) {
			ok = sim_model_get(&md, sim_rand(&rng) % md.nr_live);
		} else if (r < alloc_pct + 2 || !md.nr_live) {
			int kind;
			unsigned int gfp = random_gfp(&rng, &kind);
			unsigned int order = random_order(&rng);
			bool got;

			ok = sim_model_alloc(&md, gfp, order, &got);
			if (!ok)
				kunit_printk("    # step %lu: %s order %u\n", step, sim_gfp_name[kind], order);
		} else {
			unsigned long i = sim_rand(&rng) % md.nr_live;

			ok = sim_model_put(&md, i);
			if (!ok)
				kunit_printk("    # step %lu: free of order-%u block at pfn %#lx\n", step,
					     md.live[i].order, md.live[i].pfn);
		}
		if (ok && (step < FULL_CHECK_STEPS || step % CHECK_EVERY == 0)) {
			ok = sim_model_full(&md);
			st->full_checks++;
			if (!ok)
				kunit_printk("    # after step %lu\n", step);
		}
		if (!ok)
			break;
		live_pages = 0;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			live_pages += md.zone_alloc[z];
		if (live_pages > st->peak_live_pages)
			st->peak_live_pages = live_pages;
	}
	if (ok) {
		ok = sim_model_full(&md) && sim_model_free_all(&md);
		st->full_checks++;
	}
	if (!ok) {
		KUNIT_FAIL(test, "%s, step %lu: %s", cfg->name, step, md.err);
		kunit_printk("    # seed=%llu (replay: BUDDY_SEED=%llu; this machine's stream %#llx)\n",
			     (unsigned long long)base_seed, (unsigned long long)base_seed,
			     (unsigned long long)seed);
	}
	st->ops += step;
	st->allocs += md.allocs;
	st->fails += md.fails;
	st->frees += md.frees;
	st->gets += md.gets;
	st->misuses += md.misuses;
	sim_model_destroy(&md);
	sim_shutdown(&m);
}

static void buddy_model_random_ops(struct kunit *test)
{
	static const struct sim_config *const cfgs[] = {
		&sim_cfg_small, &sim_cfg_holes, &sim_cfg_odd, &sim_cfg_plain,
	};
	u64 seed = env_u64("BUDDY_SEED", DEFAULT_SEED);
	unsigned long ops = env_u64("BUDDY_MODEL_OPS", OPS_PER_MACHINE);
	struct run_stats st = { 0 };
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	kunit_printk("    # seed=%llu\n", (unsigned long long)seed);
	for (unsigned int c = 0; c < ARRAY_SIZE(cfgs) && !test->failed; c++) {
		struct run_stats one = { 0 };

		/* Each machine its own stream, so one can be replayed alone. */
		run_machine(test, cfgs[c], seed, seed + c, ops, &one);
		kunit_printk("    # %s: %lu ops, %lu allocs (%lu failed), %lu frees, %lu gets, "
			     "%lu misuses refused, %lu full checks, peak %lu pages live\n",
			     cfgs[c]->name, one.ops, one.allocs, one.fails, one.frees, one.gets,
			     one.misuses, one.full_checks, one.peak_live_pages);
		st.ops += one.ops;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kunit_printk("    # %lu operations in %lu ms\n", st.ops,
		     (unsigned long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
	if (!test->failed)
		KUNIT_EXPECT_GE(test, st.ops, ARRAY_SIZE(cfgs) * ops);
}

/* Every machine's highmem released the other way round, with the checks at every step. */
static void buddy_model_other_release_paths(struct kunit *test)
{
	static const struct sim_config *const cfgs[] = { &sim_cfg_small, &sim_cfg_odd };
	u64 base = env_u64("BUDDY_SEED", DEFAULT_SEED), seed = base ^ 0xfeedULL;

	for (unsigned int c = 0; c < ARRAY_SIZE(cfgs) && !test->failed; c++) {
		struct sim_config cfg = *cfgs[c];
		struct run_stats one = { 0 };

		cfg.retire = cfg.retire == BOOTMEM_RETIRE_PAGE ? BOOTMEM_RETIRE_BATCH : BOOTMEM_RETIRE_PAGE;
		run_machine(test, &cfg, base, seed + c, FULL_CHECK_STEPS, &one);
	}
}

static struct kunit_case host_buddy_model_cases[] = {
	KUNIT_CASE(buddy_model_random_ops),
	KUNIT_CASE(buddy_model_other_release_paths),
	{}
};

/* After host_buddy (stage MEM_INIT): its first case needs the allocator's first failure warnings. */
static struct kunit_suite host_buddy_model = {
	.name = "host_buddy_model",
	.stage = KUNIT_STAGE_LATE,
	.test_cases = host_buddy_model_cases,
};
kunit_test_suite(host_buddy_model);
