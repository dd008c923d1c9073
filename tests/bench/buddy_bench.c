/*
 * A host benchmark of the buddy allocator (mm/page_alloc.c, built -O2
 * without sanitizers) on a simulated machine (tests/host/buddy_sim.c),
 * meant to run under valgrind --tool=callgrind, whose instruction counts
 * repeat exactly from run to run (tests/bench/bench.mk: make bench-host).
 *
 * Callgrind collects only inside the allocator's entry points
 * (--toggle-collect=alloc_pages_node --toggle-collect=__free_pages), so the
 * benchmark's own loop and bookkeeping cost nothing; each phase is zeroed
 * before and dumped after with callgrind's client requests, and this
 * program reads its own dump files back (BUDDY_BENCH_OUT=the
 * --callgrind-out-file prefix) to print the table.
 *
 * Phases:
 *   order-0 pair, hot     an order-0 block is free and its buddy is not:
 *                         no split, no merge (the best case)
 *   order-0 pair, 9<->0   nothing free below order 9 in ZONE_NORMAL: every
 *                         allocation splits an order-9 block down to 0 and
 *                         every free merges it back (the worst case)
 *   order-3 pair, hot     as the first, at order 3
 *   order-3 pair, 9<->3   split 9 -> 3, merge 3 -> 9
 *   mixed, per op         random allocations (orders weighted to small,
 *                         GFP_KERNEL/DMA/HIGHUSER/ATOMIC) and frees of
 *                         random live blocks, up to 60% of memory in use,
 *                         failures at the watermarks included
 *
 * Without valgrind it prints nanoseconds per operation instead (not
 * repeatable).  Without valgrind/callgrind.h, "--phase NAME --ops N" runs
 * the boot, the phase's set-up and N operations of one phase, so a script
 * can count each phase as a separate process and subtract a run with
 * --ops 0 (bench.mk does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include "../host/host.h"
#include "../host/buddy_sim.h"

#if defined(__has_include) && !defined(BUDDY_BENCH_NO_CLIENT)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define HAVE_CALLGRIND 0
#define RUNNING_ON_VALGRIND 0
#define CALLGRIND_ZERO_STATS do { } while (0)
#define CALLGRIND_DUMP_STATS_AT(s) do { (void)(s); } while (0)
#endif

#define PAIRS		100000UL
#define MIXED_OPS	1000000UL

/* 128 MiB of low memory (the PC's 640K-1M hole), 64 MiB of highmem. */
static const struct sim_config bench_cfg = {
	.name = "bench 128M+64M",
	.low_pfns = 0x8000,
	.high_pfns = 0x4000,
	.nr_ram = 2,
	.ram = { { 0x0, 0xa0 }, { 0x100, 0xc000 } },
};

static struct sim_machine mach;

struct result {
	const char *name;
	unsigned long ops;
	unsigned long long ir;	/* 0: not measured */
	double ns;
};

static struct result results[8];
static int nr_results, dumps;
static const char *only;	/* --phase: run this one */
static unsigned long only_ops = ~0UL;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The instructions of dump number n: its "summary:" (or "totals:") line. */
static unsigned long long read_dump(int n)
{
	const char *prefix = getenv("BUDDY_BENCH_OUT");
	unsigned long long ir = 0;
	char path[512], line[512];
	FILE *f;

	if (!prefix)
		return 0;
	snprintf(path, sizeof(path), "%s.%d.%d", prefix, (int)getpid(), n);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7))
			ir = strtoull(strchr(line, ':') + 1, NULL, 10);
	fclose(f);
	return ir;
}

static bool want(const char *name)
{
	return !only || !strcmp(only, name);
}

static unsigned long n_ops(unsigned long dflt)
{
	return only_ops != ~0UL ? only_ops : dflt;
}

/* Bracket one phase: zero before, dump and record after. */
static double phase_t0;

static void phase_begin(void)
{
	CALLGRIND_ZERO_STATS;
	phase_t0 = now_ns();
}

static void phase_end(const char *name, unsigned long ops)
{
	double ns = now_ns() - phase_t0;
	struct result *r = &results[nr_results++];

	CALLGRIND_DUMP_STATS_AT(name);
	r->name = name;
	r->ops = ops;
	r->ns = ops ? ns / ops : 0;
	r->ir = RUNNING_ON_VALGRIND ? read_dump(++dumps) : 0;
}

static void die(const char *what)
{
	fprintf(stderr, "buddy-bench: %s\n", what);
	exit(1);
}

/* Every ZONE_NORMAL block below order 'below', taken out of the way. */
static struct page *drained[4096];
static unsigned int drained_order[4096];
static unsigned long nr_drained;

static void drain(unsigned int below)
{
	zone_t *zone = sim_zone(ZONE_NORMAL);

	for (unsigned int o = 0; o < below; o++)
		while (zone->free_area[o].nr_free) {
			struct page *page = alloc_pages(GFP_KERNEL, o);

			if (!page || page_zonenum(page) != ZONE_NORMAL || nr_drained == 4096)
				die("drain: unexpected allocation");
			drained_order[nr_drained] = o;
			drained[nr_drained++] = page;
		}
}

static void undrain(void)
{
	while (nr_drained--)
		__free_pages(drained[nr_drained], drained_order[nr_drained]);
	nr_drained = 0;
}

static void pairs(const char *name, unsigned int order)
{
	unsigned long ops = n_ops(PAIRS);

	phase_begin();
	for (unsigned long i = 0; i < ops; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (!page)
			die("pair: allocation failed");
		__free_pages(page, order);
	}
	phase_end(name, ops);
}

/* Free blocks of 'order' whose buddy is allocated: the next pairs neither split nor merge. */
static void hot_pairs(const char *name, unsigned int order)
{
	struct page *a = alloc_pages(GFP_KERNEL, order), *b = alloc_pages(GFP_KERNEL, order);

	if (!a || !b || (unsigned long)(a - mem_map) != ((unsigned long)(b - mem_map) ^ (1UL << order)))
		die("hot pair set-up: the two blocks are not buddies");
	__free_pages(a, order);
	pairs(name, order);
	__free_pages(b, order);
}

static void split_pairs(void)
{
	if (!want("order0-split") && !want("order3-split") && !want("order0-hot") &&
	    !want("order3-hot"))
		return;
	drain(MAX_ORDER - 1);
	if (!sim_zone(ZONE_NORMAL)->free_area[MAX_ORDER - 1].nr_free)
		die("no order-9 block left in ZONE_NORMAL");
	if (want("order0-hot"))
		hot_pairs("order-0 pair, hot (no split/merge)", 0);
	if (want("order0-split"))
		pairs("order-0 pair, split 9->0, merge 0->9", 0);
	if (want("order3-hot"))
		hot_pairs("order-3 pair, hot (no split/merge)", 3);
	if (want("order3-split"))
		pairs("order-3 pair, split 9->3, merge 3->9", 3);
	undrain();
	if (sim_check_zones(true))
		die("check_zone() fails after the pair phases");
}

static void mixed(void)
{
	static const unsigned int gfps[4] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER, GFP_ATOMIC };
	static const unsigned char cumulative[MAX_ORDER] = { 40, 60, 72, 82, 88, 92, 95, 97, 99, 100 };
	unsigned long usable = mach.zone_usable[0] + mach.zone_usable[1] + mach.zone_usable[2];
	unsigned long ops = n_ops(MIXED_OPS), nr = 0, live_pages = 0, fails = 0;
	struct page **live = malloc(sizeof(*live) * 65536);
	unsigned char *orders = malloc(65536);
	u64 rng = 0x2400;

	if (!want("mixed"))
		return;
	if (!live || !orders)
		die("out of memory");
	phase_begin();
	for (unsigned long i = 0; i < ops; i++) {
		u64 r = sim_rand(&rng);
		bool alloc = nr == 0 || ((r & 1) && live_pages < usable * 6 / 10 && nr < 65536);

		if (alloc) {
			unsigned int pick = (unsigned int)((r >> 8) % 100), order = 0;
			struct page *page;

			while (pick >= cumulative[order])
				order++;
			page = alloc_pages(gfps[(r >> 16) & 3], order);
			if (page) {
				live[nr] = page;
				orders[nr++] = (unsigned char)order;
				live_pages += 1UL << order;
			} else {
				fails++;
			}
		} else {
			unsigned long j = (r >> 20) % nr;

			__free_pages(live[j], orders[j]);
			live_pages -= 1UL << orders[j];
			live[j] = live[--nr];
			orders[j] = orders[nr];
		}
	}
	phase_end("mixed workload, per op", ops);
	while (nr--)
		__free_pages(live[nr], orders[nr]);
	free(live);
	free(orders);
	if (sim_check_zones(true))
		die("check_zone() fails after the mixed phase");
	if (!only)
		printf("# mixed: %lu ops, %lu failed allocations\n", ops, fails);
}

int main(int argc, char **argv)
{
	const char *err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--phase") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			only_ops = strtoul(argv[++i], NULL, 0);
		else
			die("usage: buddy-bench [--phase order0-hot|order0-split|order3-hot|"
			    "order3-split|mixed [--ops N]]");
	}
	err = sim_boot(&mach, &bench_cfg);
	if (err)
		die(err);
	split_pairs();
	mixed();
	if (only)
		return 0;

	printf("# buddy allocator, host build -O2, machine %s%s\n", bench_cfg.name,
	       RUNNING_ON_VALGRIND ? ", callgrind instructions in alloc_pages_node + __free_pages" :
				     ", wall clock (not under valgrind)");
	printf("%-40s %10s %14s %10s\n", "phase", "ops", RUNNING_ON_VALGRIND ? "instructions" : "ns total",
	       RUNNING_ON_VALGRIND ? "per op" : "ns/op");
	for (int i = 0; i < nr_results; i++) {
		const struct result *r = &results[i];

		if (RUNNING_ON_VALGRIND && r->ir)
			printf("%-40s %10lu %14llu %10.1f\n", r->name, r->ops, r->ir,
			       (double)r->ir / (double)r->ops);
		else if (RUNNING_ON_VALGRIND)
			printf("%-40s %10lu %14s %10s\n", r->name, r->ops, "?", "(no dump: BUDDY_BENCH_OUT?)");
		else
			printf("%-40s %10lu %14.0f %10.1f\n", r->name, r->ops, r->ns * (double)r->ops, r->ns);
	}
	sim_shutdown(&mach);
	sim_mem_free();
	return 0;
}
