/*
 * libFuzzer target: sanitize_e820_map() and e820_clip_legacy_hole()
 * (arch/x86/kernel/e820.c) on maps made from the input bytes.
 *
 * Input: a sequence of entries, each a control byte (type = ctrl & 7, so
 * types 0..7; encoding = (ctrl >> 3) & 3) followed by:
 *   0: addr u16 and size u16, in 4 KiB units	(page-sized maps)
 *   1: addr u32 and size u32, in bytes		(byte edges, < 4 GiB)
 *   2: addr u64 and size u64			(huge, wrapping)
 *   3: addr = previous addr + s16 * 256, size = u16 * 256 (neighbours,
 *      overlaps, the legacy hole's edges)
 * until the input ends or E820MAX entries are read.
 *
 * Checked after sanitize_e820_map(), and again after e820_clip_legacy_hole()
 * on a struct e820map copy: sorted, no overlap, no empty entry, no entry
 * that wraps, no type 0, no two touching entries of one type; at every
 * address where anything can change (each input and output edge, and the
 * address just below it) the output type is the highest input type in
 * force, absent where no input covers (type 0 inputs cover nothing); after
 * the clip, no RAM in 0xA0000-0x100000.  Inputs of size 0 or whose end
 * wraps past 2^64 are dropped by design (with a warning) and so cover
 * nothing in the oracle.
 */
#include <string.h>
#include <linux/kernel.h>
#include <asm/e820.h>
#include "../host/host.h"

#define FUZZ_NAME "fuzz_e820"
#include "fuzz.h"

#define HOLE_START	0xA0000ULL
#define HOLE_END	0x100000ULL

static struct e820entry in[E820MAX];	/* the input, kept for the oracle */
static int nr_in;
static struct e820entry out[E820MAX];	/* what sanitize_e820_map() made */
static int nr_out;
static struct e820map clipped;
static const char *stage = "input";

/*
 * sanitize_e820_map() may have to drop entries past E820MAX: allowed only if
 * it says so ("e820: table full", as the clip words it), and then only the
 * top of the map, above the last entry it kept, may be missing.
 */
#define TABLE_FULL_MSG	"e820: table full"
static u64 lost_from;

static void dump_map(const char *what, const struct e820entry *m, int nr)
{
	fprintf(stderr, "  %s (%d entries):\n", what, nr);
	for (int i = 0; i < nr; i++)
		fprintf(stderr, "    [%3d] %016llx + %016llx -> %016llx type %u\n", i,
			(unsigned long long)m[i].addr, (unsigned long long)m[i].size,
			(unsigned long long)(m[i].addr + m[i].size), m[i].type);
}

static void fuzz_dump(void)
{
	fprintf(stderr, "  while checking: %s\n", stage);
	fprintf(stderr, "  kernel log: %.400s%s\n", *host_log() ? host_log() : "(nothing)\n", "");
	dump_map("input", in, nr_in);
	dump_map("after sanitize_e820_map", out, nr_out);
	if (!strcmp(stage, "after e820_clip_legacy_hole"))
		dump_map("after e820_clip_legacy_hole", clipped.map, clipped.nr_map);
}

static bool in_valid(const struct e820entry *e)
{
	return e->size && e->addr + e->size > e->addr;
}

/*
 * The oracle: the highest type of a (valid) input entry covering x, 0 for
 * none, as a step function: edges[] holds every input edge (and 0 and the
 * legacy hole's edges), sorted; steps[j] is the type on [edges[j], edges[j+1]).
 */
static u64 edges[2 * E820MAX + 3];
static u32 steps[2 * E820MAX + 3];
static int nr_edges;

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The last j with edges[j] <= x (edges[0] is 0). */
static fuzz_no_cov int edge_index(u64 x)
{
	int lo = 0, hi = nr_edges - 1;

	while (lo < hi) {
		int mid = hi - (hi - lo) / 2;

		if (edges[mid] <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static fuzz_no_cov void build_oracle(void)
{
	int n = 0;

	edges[n++] = 0;
	edges[n++] = HOLE_START;
	edges[n++] = HOLE_END;
	for (int i = 0; i < nr_in; i++)
		if (in_valid(&in[i])) {
			edges[n++] = in[i].addr;
			edges[n++] = in[i].addr + in[i].size;
		}
	qsort(edges, n, sizeof(*edges), cmp_u64);
	nr_edges = 0;
	for (int i = 0; i < n; i++)
		if (!nr_edges || edges[i] != edges[nr_edges - 1])
			edges[nr_edges++] = edges[i];
	memset(steps, 0, sizeof(steps));
	for (int i = 0; i < nr_in; i++) {
		if (!in_valid(&in[i]))
			continue;
		for (int j = edge_index(in[i].addr); j < nr_edges && edges[j] < in[i].addr + in[i].size; j++)
			steps[j] = max(steps[j], in[i].type);
	}
}

static fuzz_no_cov u32 expected_type(u64 x, bool clip)
{
	u32 t = steps[edge_index(x)];

	if (clip && t == E820_RAM && x >= HOLE_START && x < HOLE_END)
		t = 0;
	return t;
}

/* The output's type at x (it is sorted and checked disjoint first). */
static fuzz_no_cov u32 output_type(const struct e820entry *m, int nr, u64 x)
{
	int lo = 0, hi = nr;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (m[mid].addr + m[mid].size <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nr && m[lo].addr <= x ? m[lo].type : 0;
}

static fuzz_no_cov void check_shape(const struct e820entry *m, int nr, bool clip)
{
	FUZZ_CHECK(nr >= 0 && nr <= E820MAX, "nr_map %d out of 0..%d", nr, E820MAX);
	for (int i = 0; i < nr; i++) {
		const struct e820entry *e = &m[i];

		FUZZ_CHECK(e->size != 0, "entry %d is empty", i);
		FUZZ_CHECK(e->addr + e->size > e->addr, "entry %d wraps past 2^64", i);
		FUZZ_CHECK(e->type != 0, "entry %d has type 0 (nothing covered it)", i);
		if (clip)
			FUZZ_CHECK(e->type != E820_RAM || e->addr + e->size <= HOLE_START ||
				   e->addr >= HOLE_END,
				   "entry %d is RAM inside the legacy hole 0xA0000-0x100000", i);
		if (i == 0)
			continue;
		FUZZ_CHECK(m[i - 1].addr < e->addr, "entries %d and %d not sorted", i - 1, i);
		FUZZ_CHECK(m[i - 1].addr + m[i - 1].size <= e->addr,
			   "entries %d and %d overlap", i - 1, i);
		FUZZ_CHECK(m[i - 1].addr + m[i - 1].size != e->addr || m[i - 1].type != e->type,
			   "entries %d and %d touch and have one type (%u): not merged",
			   i - 1, i, e->type);
	}
}

static fuzz_no_cov void check_point(const struct e820entry *m, int nr, u64 x, bool clip, bool lost_ok)
{
	u32 want = expected_type(x, clip), got = output_type(m, nr, x);

	/* "e820: table full, RAM above 1 MiB in entry %d lost": said, so allowed. */
	if (lost_ok && want == E820_RAM && got == 0 && x >= HOLE_END)
		return;
	/* A full table that says so may lose its top (see lost_from). */
	if (x >= lost_from && got == 0)
		return;
	FUZZ_CHECK(want == got, "at address %#llx the type is %u, the inputs say %u",
		   (unsigned long long)x, got, want);
}

static fuzz_no_cov void check_points(const struct e820entry *m, int nr, bool clip, bool lost_ok)
{
	check_point(m, nr, 0, clip, lost_ok);
	check_point(m, nr, ~0ULL, clip, lost_ok);
	if (clip) {
		const u64 hole[] = { HOLE_START, HOLE_END };

		for (int k = 0; k < 2; k++) {
			check_point(m, nr, hole[k], clip, lost_ok);
			check_point(m, nr, hole[k] - 1, clip, lost_ok);
		}
	}
	for (int i = 0; i < nr_in; i++) {
		u64 a = in[i].addr, e = in[i].addr + in[i].size;

		if (!in_valid(&in[i]))
			continue;
		check_point(m, nr, a, clip, lost_ok);
		check_point(m, nr, e - 1, clip, lost_ok);
		check_point(m, nr, e, clip, lost_ok);
		if (a)
			check_point(m, nr, a - 1, clip, lost_ok);
	}
	for (int i = 0; i < nr; i++) {
		u64 a = m[i].addr, e = m[i].addr + m[i].size;

		check_point(m, nr, a, clip, lost_ok);
		check_point(m, nr, e - 1, clip, lost_ok);
		check_point(m, nr, e, clip, lost_ok);
		if (a)
			check_point(m, nr, a - 1, clip, lost_ok);
	}
}

static void read_entries(struct fuzz_in *f)
{
	u64 prev = 0;

	nr_in = 0;
	while (!fz_empty(f) && nr_in < E820MAX) {
		u8 ctrl = fz_u8(f);
		struct e820entry *e = &in[nr_in++];

		e->type = ctrl & 7;
		switch ((ctrl >> 3) & 3) {
		case 0:
			e->addr = (u64)fz_u16(f) << 12;
			e->size = (u64)fz_u16(f) << 12;
			break;
		case 1:
			e->addr = fz_u32(f);
			e->size = fz_u32(f);
			break;
		case 2:
			e->addr = fz_u64(f);
			e->size = fz_u64(f);
			break;
		default:
			e->addr = prev + (u64)((s64)(s16)fz_u16(f) * 256);
			e->size = (u64)fz_u16(f) << 8;
			break;
		}
		prev = e->addr;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in f = { data, size };
	int ret;

	stage = "input";
	host_log_clear();
	read_entries(&f);

	/* Slots past nr_map hold junk: reading them would change the output. */
	for (int i = nr_in; i < E820MAX; i++)
		out[i] = (struct e820entry){ 0x1000ULL * i, 0x10000, 7 };
	memcpy(out, in, nr_in * sizeof(*in));
	nr_out = nr_in;

	build_oracle();
	lost_from = ~0ULL;
	stage = "sanitize_e820_map";
	ret = sanitize_e820_map(out, &nr_out);
	if (ret == 0 && nr_out == E820MAX && host_log_contains(TABLE_FULL_MSG))
		lost_from = out[E820MAX - 1].addr + out[E820MAX - 1].size;
	if (nr_in < 2) {
		/* As 2.4: fewer than two entries are left alone, -1 returned. */
		FUZZ_CHECK(ret == -1 && nr_out == nr_in && !memcmp(out, in, nr_in * sizeof(*in)),
			   "a %d-entry map was changed (ret %d, nr %d)", nr_in, ret, nr_out);
	} else {
		FUZZ_CHECK(ret == 0, "sanitize_e820_map returned %d for %d entries", ret, nr_in);
		stage = "after sanitize_e820_map";
		check_shape(out, nr_out, false);
		check_points(out, nr_out, false, false);
	}

	clipped.nr_map = nr_out;
	memcpy(clipped.map, out, nr_out * sizeof(*out));
	stage = "e820_clip_legacy_hole";
	e820_clip_legacy_hole(&clipped);
	stage = "after e820_clip_legacy_hole";
	if (nr_in < 2) {
		/* No sanitize: only the clip's own promise is checked. */
		FUZZ_CHECK(clipped.nr_map >= 0 && clipped.nr_map <= E820MAX, "nr_map %d",
			   clipped.nr_map);
		for (int i = 0; i < clipped.nr_map; i++) {
			const struct e820entry *e = &clipped.map[i];

			FUZZ_CHECK(e->type != E820_RAM || !e->size ||
				   e->addr + e->size <= HOLE_START || e->addr >= HOLE_END,
				   "entry %d is RAM inside the legacy hole", i);
		}
	} else {
		check_shape(clipped.map, clipped.nr_map, true);
		check_points(clipped.map, clipped.nr_map, true, host_log_contains("table full"));
	}
	return 0;
}
