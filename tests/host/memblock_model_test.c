/*
 * memblock against a model written from its rules, over long random
 * sequences of add, add_node, remove, set_node, reserve, free and every
 * kind of allocation, top-down and bottom-up:
 *  - memory and reserved are sets of byte ranges; memory's carry a node
 *    (MAX_NUMNODES: none), and an add gives its node only to the bytes no
 *    range covered yet;
 *  - an allocation is the highest (bottom-up: lowest) address aligned as
 *    asked whose whole block lies in one free piece -- memory of one node
 *    less reserved -- inside [max(min, 4 KiB), max) of the node asked
 *    for, then of any node unless exact; max above current_limit is
 *    current_limit; with min_addr, nothing found means a second try from 0;
 *  - a free of bytes not all reserved panics and changes nothing;
 *  - a full array moves to the highest (lowest) free pages that fit twice
 *    as many regions, clear of the range being reserved, and is reserved.
 * The model predicts every address and keeps its own canonical interval
 * lists; after every call memblock's arrays must equal them region for
 * region (sorted, disjoint, maximally merged), totals included.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <asm/page.h>
#include "host.h"
#include "memblock_call.h"
#include "buddy_sim.h"

#define SIM_SIZE	(16ULL << 20)
#define MODEL_RUNS	4
#define MODEL_OPS	3000
#define MAXI		4096
#define MAX_HELD	1024
#define NO_NODE		MAX_NUMNODES

struct ivl {
	u64 s, e;
	int nid;
};

struct mset {
	int n;
	struct ivl v[MAXI];
};

static struct mset mm_mem, mm_rsv;
static struct ivl pieces[2 * MAXI];
static struct ivl held[MAX_HELD];	/* ranges the test reserved or was given */
static int nheld;
static bool mm_bottom_up;
static u64 mm_limit;
static unsigned long doubled_memory, doubled_reserved, panics_expected, no_room;

static void ms_norm(struct mset *m)
{
	int i, j, k = 0;

	for (i = 1; i < m->n; i++) {		/* insertion sort: nearly sorted */
		struct ivl x = m->v[i];

		for (j = i; j > 0 && m->v[j - 1].s > x.s; j--)
			m->v[j] = m->v[j - 1];
		m->v[j] = x;
	}
	for (i = 0; i < m->n; i++) {
		if (m->v[i].s >= m->v[i].e)
			continue;
		if (k && m->v[k - 1].e == m->v[i].s && m->v[k - 1].nid == m->v[i].nid)
			m->v[k - 1].e = m->v[i].e;
		else
			m->v[k++] = m->v[i];
	}
	m->n = k;
}

/* Split the range holding x strictly inside it. */
static void ms_split(struct mset *m, u64 x)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].s < x && x < m->v[i].e) {
			memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(m->v[0]));
			m->v[i].e = x;
			m->v[i + 1].s = x;
			m->n++;
			return;
		}
}

static void ms_cut(struct mset *m, u64 s, u64 e)
{
	int k = 0;

	ms_split(m, s);
	ms_split(m, e);
	for (int i = 0; i < m->n; i++)
		if (!(m->v[i].s >= s && m->v[i].e <= e))
			m->v[k++] = m->v[i];
	m->n = k;
}

/* Only the bytes no range holds yet take nid. */
static void ms_add(struct mset *m, u64 s, u64 e, int nid)
{
	static struct ivl gaps[MAXI];
	int ng = 0;
	u64 cur = s;

	for (int i = 0; i < m->n && m->v[i].s < e; i++) {
		if (m->v[i].e <= cur)
			continue;
		if (m->v[i].s > cur)
			gaps[ng++] = (struct ivl){ cur, m->v[i].s, nid };
		cur = max(cur, m->v[i].e);
	}
	if (cur < e)
		gaps[ng++] = (struct ivl){ cur, e, nid };
	memcpy(&m->v[m->n], gaps, ng * sizeof(gaps[0]));
	m->n += ng;
	ms_norm(m);
}

static void ms_set_nid(struct mset *m, u64 s, u64 e, int nid)
{
	ms_split(m, s);
	ms_split(m, e);
	for (int i = 0; i < m->n; i++)
		if (m->v[i].s >= s && m->v[i].e <= e)
			m->v[i].nid = nid;
	ms_norm(m);
}

static bool ms_covers(const struct mset *m, u64 s, u64 e)
{
	for (int i = 0; i < m->n && s < e; i++)
		if (m->v[i].s <= s && s < m->v[i].e)
			s = m->v[i].e;
	return s >= e;
}

static bool ms_overlaps(const struct mset *m, u64 s, u64 e)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].s < e && s < m->v[i].e)
			return true;
	return false;
}

static u64 ms_total(const struct mset *m)
{
	u64 t = 0;

	for (int i = 0; i < m->n; i++)
		t += m->v[i].e - m->v[i].s;
	return t;
}

/* Free pieces: each memory range of node nid (-1: any) less reserved, in order. */
static int model_pieces(int nid)
{
	int n = 0, r = 0;

	for (int i = 0; i < mm_mem.n; i++) {
		u64 cur = mm_mem.v[i].s, end = mm_mem.v[i].e;

		if (nid != NUMA_NO_NODE && mm_mem.v[i].nid != nid)
			continue;
		while (r > 0 && mm_rsv.v[r - 1].e > cur)
			r--;
		for (; r < mm_rsv.n && mm_rsv.v[r].s < end; r++) {
			if (mm_rsv.v[r].e <= cur)
				continue;
			if (mm_rsv.v[r].s > cur)
				pieces[n++] = (struct ivl){ cur, mm_rsv.v[r].s, mm_mem.v[i].nid };
			cur = max(cur, mm_rsv.v[r].e);
		}
		if (cur < end)
			pieces[n++] = (struct ivl){ cur, end, mm_mem.v[i].nid };
	}
	return n;
}

/* The fitting aligned block nearest the top (bottom-up: the bottom), 0 if none. */
static u64 model_find(u64 size, u64 align, u64 start, u64 end, int nid)
{
	int n = model_pieces(nid);

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = mm_limit;
	start = max(start, (u64)PAGE_SIZE);
	end = max(start, end);
	for (int k = 0; k < n; k++) {
		const struct ivl *p = &pieces[mm_bottom_up ? k : n - 1 - k];
		u64 lo = max(p->s, start), hi = min(p->e, end), a;

		if (lo >= hi || hi - lo < size)
			continue;
		a = mm_bottom_up ? ALIGN(lo, align) : ALIGN_DOWN(hi - size, align);
		if (a >= lo && a + size <= hi)
			return a;
	}
	return 0;
}

static u64 model_range_nid(u64 size, u64 align, u64 start, u64 end, int nid, bool exact)
{
	u64 a = model_find(size, align, start, end, nid);

	if (!a && nid != NUMA_NO_NODE && !exact)
		a = model_find(size, align, start, end, NUMA_NO_NODE);
	return a;
}

static u64 model_alloc_internal(u64 size, u64 align, u64 min_addr, u64 max_addr, int nid,
				bool exact)
{
	u64 a;

	if (max_addr > mm_limit)
		max_addr = mm_limit;
	a = model_range_nid(size, align, min_addr, max_addr, nid, exact);
	if (!a && min_addr)
		a = model_range_nid(size, align, 0, max_addr, nid, exact);
	return a;
}

/* memblock's arrays equal the model, and hold the invariants on their own. */
static bool check_type(struct kunit *test, struct memblock_type *t, const struct mset *m,
		       int op)
{
	u64 total = 0;

	if (t->cnt > t->max || t->cnt < 1) {
		KUNIT_FAIL(test, "op %d: %s cnt %lu max %lu", op, t->name, t->cnt, t->max);
		return false;
	}
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		total += r->size;
		if (i && (u64)r[-1].base + r[-1].size > r->base) {
			KUNIT_FAIL(test, "op %d: %s[%lu] overlaps or is out of order", op, t->name, i);
			return false;
		}
		if (i && r[-1].base + r[-1].size == r->base && r[-1].nid == r->nid &&
		    r[-1].flags == r->flags) {
			KUNIT_FAIL(test, "op %d: %s[%lu] not merged with the one before", op, t->name, i);
			return false;
		}
	}
	if (total != t->total_size || total != ms_total(m)) {
		KUNIT_FAIL(test, "op %d: %s total_size %#llx, regions add up to %#llx, the model %#llx",
			   op, t->name, (unsigned long long)t->total_size, (unsigned long long)total,
			   (unsigned long long)ms_total(m));
		return false;
	}
	if (m->n == 0) {
		if (t->cnt != 1 || t->regions[0].size || t->regions[0].base) {
			KUNIT_FAIL(test, "op %d: %s should be empty", op, t->name);
			return false;
		}
		return true;
	}
	if ((int)t->cnt != m->n) {
		KUNIT_FAIL(test, "op %d: %s has %lu regions, the model %d", op, t->name, t->cnt, m->n);
		return false;
	}
	for (int i = 0; i < m->n; i++) {
		const struct memblock_region *r = &t->regions[i];

		if (r->base != m->v[i].s || (u64)r->base + r->size != m->v[i].e ||
		    r->nid != m->v[i].nid || r->flags) {
			KUNIT_FAIL(test, "op %d: %s[%d] [%#llx-%#llx) nid %d, model [%#llx-%#llx) nid %d",
				   op, t->name, i, (unsigned long long)r->base,
				   (unsigned long long)r->base + r->size, r->nid,
				   (unsigned long long)m->v[i].s, (unsigned long long)m->v[i].e,
				   m->v[i].nid);
			return false;
		}
	}
	return true;
}

static u64 array_bytes(unsigned long max)
{
	return ALIGN((u64)max * sizeof(struct memblock_region), (u64)PAGE_SIZE);
}

struct arrays {
	struct memblock_region *mem, *rsv;
	unsigned long mem_max, rsv_max;
};

static struct arrays arrays_now(void)
{
	return (struct arrays){ memblock.memory.regions, memblock.reserved.regions,
				memblock.memory.max, memblock.reserved.max };
}

/*
 * The op just made moved an array: check where to (exactly, when only one
 * moved and we know the range it kept clear of), then the model gives the
 * old one back (if it was allocated) and reserves the new one, as
 * memblock_double_array() did before the op's own change.
 */
static bool apply_doubling(struct kunit *test, const struct arrays *was, int op,
			   bool rsv_area, u64 area_s, u64 area_e)
{
	struct arrays now = arrays_now();
	bool mem_moved = now.mem_max != was->mem_max, rsv_moved = now.rsv_max != was->rsv_max;
	struct { bool moved; struct memblock_region *old, *new; unsigned long omax, nmax;
		 bool is_rsv; } a[2] = {
		{ mem_moved, was->mem, now.mem, was->mem_max, now.mem_max, false },
		{ rsv_moved, was->rsv, now.rsv, was->rsv_max, now.rsv_max, true },
	};

	for (int k = 0; k < 2; k++) {
		u64 pa, len, want;

		if (!a[k].moved)
			continue;
		pa = __pa(a[k].new);
		len = array_bytes(a[k].nmax);
		if (a[k].nmax != 2 * a[k].omax || (pa & ~PAGE_MASK) ||
		    !ms_covers(&mm_mem, pa, pa + len) || ms_overlaps(&mm_rsv, pa, pa + len)) {
			KUNIT_FAIL(test, "op %d: array moved to [%#llx-%#llx) max %lu: not free memory",
				   op, (unsigned long long)pa, (unsigned long long)(pa + len),
				   a[k].nmax);
			return false;
		}
		if (!(mem_moved && rsv_moved)) {
			if (a[k].is_rsv && rsv_area && area_e > area_s) {
				want = model_find(len, PAGE_SIZE, area_e, mm_limit, NUMA_NO_NODE);
				if (!want)
					want = model_find(len, PAGE_SIZE, 0, min(area_s, mm_limit),
							  NUMA_NO_NODE);
			} else {
				want = model_find(len, PAGE_SIZE, 0, mm_limit, NUMA_NO_NODE);
			}
			if (want != pa) {
				KUNIT_FAIL(test, "op %d: %s array moved to %#llx, the model says %#llx",
					   op, a[k].is_rsv ? "reserved" : "memory",
					   (unsigned long long)pa, (unsigned long long)want);
				return false;
			}
		}
		if (a[k].is_rsv)
			doubled_reserved++;
		else
			doubled_memory++;
	}
	for (int k = 0; k < 2; k++) {
		u64 pa;

		if (!a[k].moved)
			continue;
		/* the static arrays (INIT_MEMBLOCK_REGIONS) are not memblock's to give back */
		if (a[k].omax != INIT_MEMBLOCK_REGIONS) {
			pa = __pa(a[k].old);
			ms_cut(&mm_rsv, pa, pa + array_bytes(a[k].omax));
		}
		pa = __pa(a[k].new);
		ms_add(&mm_rsv, pa, pa + array_bytes(a[k].nmax), NO_NODE);
	}
	return true;
}

/* Is [s, e) clear of memblock's own arrays (which the test must not free)? */
static bool clear_of_arrays(u64 s, u64 e)
{
	struct memblock_type *t[2] = { &memblock.memory, &memblock.reserved };

	for (int k = 0; k < 2; k++) {
		u64 pa, len;

		if (t[k]->max == INIT_MEMBLOCK_REGIONS)
			continue;
		pa = __pa(t[k]->regions);
		len = array_bytes(t[k]->max);
		if (s < pa + len && pa < e)
			return false;
	}
	return true;
}

static void hold(u64 s, u64 e)
{
	if (nheld < MAX_HELD && s < e)
		held[nheld++] = (struct ivl){ s, e, 0 };
}


/*
 * A call panicked.  Not being able to double an array is right only when
 * the model has no free pages for the new one (clear of the range being
 * reserved); it ends the run, as it ends a boot.  1: so, 0: failed.
 */
static int doubling_refused(struct kunit *test, int op, bool rsv_area, u64 area_s, u64 area_e)
{
	u64 len;

	if (strstr(host_panic_msg, "can't double memory array")) {
		len = array_bytes(2 * memblock.memory.max);
		if (model_find(len, PAGE_SIZE, 0, mm_limit, NUMA_NO_NODE) == 0)
			return no_room++, 1;
	} else if (strstr(host_panic_msg, "can't double reserved array")) {
		len = array_bytes(2 * memblock.reserved.max);
		/* inside a memory array's move: the model does not follow that far */
		if (!rsv_area)
			return no_room++, 1;
		if (!model_find(len, PAGE_SIZE, area_e, mm_limit, NUMA_NO_NODE) &&
		    (area_s == area_e ||
		     !model_find(len, PAGE_SIZE, 0, min(area_s, mm_limit), NUMA_NO_NODE)))
			return no_room++, 1;
	}
	KUNIT_FAIL(test, "op %d: unexpected panic: %s", op, host_panic_msg);
	return 0;
}

static u64 rnd_size(u64 *seed)
{
	switch (sim_rand(seed) % 8) {
	case 0:
		return 1 + sim_rand(seed) % (2ULL << 20);
	case 1: case 2:
		return 1 + sim_rand(seed) % (64ULL << 10);
	default:
		return 1 + sim_rand(seed) % 4096;
	}
}

static int rnd_nid(u64 *seed)
{
	return (int)(sim_rand(seed) % 4) - 1;	/* NUMA_NO_NODE, 0, 1, 2 */
}

/* One random call and its model: 1 go on, 0 failed, 2 the run ended as a boot would. */
static int model_step(struct kunit *test, u64 *seed, int op)
{
	struct arrays was = arrays_now();
	u64 r = sim_rand(seed) % 100;
	u64 base = sim_rand(seed) % SIM_SIZE, size = rnd_size(seed), end;
	int nid;

	size = min(size, SIM_SIZE - base);
	end = base + size;
	C.base = base;
	C.size = size;

	if (r < 21) {				/* add, add_node, remove, set_node */
		nid = rnd_nid(seed);
		if (r < 14)
			C.fn = nid == NUMA_NO_NODE ? MB_ADD : MB_ADD_NODE;
		else if (r < 18)
			C.fn = MB_REMOVE;
		else
			C.fn = MB_SET_NODE, nid = (int)(sim_rand(seed) % 3);
		C.nid = nid;
		if (mb_call_panics())
			return doubling_refused(test, op, false, 0, 0) ? 2 : 0;
		if (!apply_doubling(test, &was, op, false, 0, 0))
			return 0;
		if (C.fn == MB_REMOVE)
			ms_cut(&mm_mem, base, end);
		else if (C.fn == MB_SET_NODE)
			ms_set_nid(&mm_mem, base, end, nid);
		else
			ms_add(&mm_mem, base, end, nid == NUMA_NO_NODE ? NO_NODE : nid);
	} else if (r < 40) {			/* memblock_reserve */
		C.fn = MB_RESERVE;
		if (mb_call_panics())
			return doubling_refused(test, op, true, base, end) ? 2 : 0;
		if (!apply_doubling(test, &was, op, true, base, end))
			return 0;
		ms_add(&mm_rsv, base, end, NO_NODE);
		hold(base, end);
	} else if (r < 58) {			/* memblock_phys_free / memblock_free */
		bool expect_panic;
		int h = -1;

		if (nheld && sim_rand(seed) % 8) {
			h = (int)(sim_rand(seed) % nheld);
			C.base = base = held[h].s;
			end = held[h].e;
			C.size = size = end - base;
			held[h] = held[--nheld];
		}
		if (!clear_of_arrays(base, end))
			return 1;
		expect_panic = size && !ms_covers(&mm_rsv, base, end);
		C.fn = sim_rand(seed) & 1 ? MB_FREE : MB_PHYS_FREE;
		if (mb_call_panics()) {
			if (!strstr(host_panic_msg, "of memory not reserved, from"))
				return doubling_refused(test, op, true, base, end) ? 2 : 0;
			if (!expect_panic) {
				KUNIT_FAIL(test, "op %d: free [%#llx-%#llx) panicked, the model has it reserved: %s",
					   op, (unsigned long long)base, (unsigned long long)end,
					   host_panic_msg);
				return 0;
			}
			panics_expected++;
			return check_type(test, &memblock.reserved, &mm_rsv, op);
		}
		if (expect_panic) {
			KUNIT_FAIL(test, "op %d: free [%#llx-%#llx) of memory not all reserved passed",
				   op, (unsigned long long)base, (unsigned long long)end);
			return 0;
		}
		if (!apply_doubling(test, &was, op, true, base, end))
			return 0;
		ms_cut(&mm_rsv, base, end);
	} else if (r < 95) {			/* allocations */
		u64 want;
		int how = (int)(sim_rand(seed) % 4);

		C.align = 1ULL << (sim_rand(seed) % 17);
		C.min = sim_rand(seed) % 3 ? 0 : sim_rand(seed) % SIM_SIZE;
		C.max = sim_rand(seed) % 3 ? MEMBLOCK_ALLOC_ACCESSIBLE :
			sim_rand(seed) % 4 ? sim_rand(seed) % SIM_SIZE : MEMBLOCK_ALLOC_ANYWHERE;
		C.size = size = rnd_size(seed);
		C.nid = nid = rnd_nid(seed);
		if (how == 0) {
			/* end 0 would be current_limit: the phys call is not limited (Linux) */
			if (C.max == MEMBLOCK_ALLOC_ACCESSIBLE)
				C.max = MEMBLOCK_ALLOC_ANYWHERE;
			want = model_range_nid(size, C.align, C.min, C.max, NUMA_NO_NODE, false);
			C.fn = MB_PHYS_ALLOC;
		} else {
			want = model_alloc_internal(size, C.align, C.min, C.max, nid, how == 3);
			C.fn = how == 1 ? MB_TRY_NID : how == 2 ? MB_TRY_NID_RAW : MB_EXACT_NID_RAW;
		}
		if (mb_call_panics())
			return doubling_refused(test, op, true, want, want + size) ? 2 : 0;
		if (C.ret != want) {
			KUNIT_FAIL(test, "op %d: alloc(%#llx, align %#llx, %#llx-%#llx, nid %d, how %d, %s) gave %#llx, the model %#llx",
				   op, (unsigned long long)size, (unsigned long long)C.align,
				   (unsigned long long)C.min, (unsigned long long)C.max, nid,
				   how, mm_bottom_up ? "bottom-up" : "top-down",
				   (unsigned long long)C.ret, (unsigned long long)want);
			return 0;
		}
		if (want) {
			if (!apply_doubling(test, &was, op, true, want, want + size))
				return 0;
			ms_add(&mm_rsv, want, want + size, NO_NODE);
			hold(want, want + size);
		}
	} else if (r < 98) {
		mm_bottom_up = !mm_bottom_up;
		memblock_set_bottom_up(mm_bottom_up);
	} else {
		mm_limit = sim_rand(seed) % 2 ? MEMBLOCK_ALLOC_ANYWHERE :
			   PAGE_SIZE + sim_rand(seed) % SIM_SIZE;
		memblock_set_current_limit(mm_limit);
	}
	return check_type(test, &memblock.memory, &mm_mem, op) &&
	       check_type(test, &memblock.reserved, &mm_rsv, op);
}

static void memblock_model_random_ops(struct kunit *test)
{
	unsigned long ops = 0;

	for (int run = 0; run < MODEL_RUNS; run++) {
		u64 seed = 0x6d656d626c6f636bULL + run;

		sim_mem_init(SIM_SIZE);
		memblock_reset();
		memblock_allow_resize();
		memblock_debug = false;
		mm_mem.n = mm_rsv.n = nheld = 0;
		mm_bottom_up = false;
		mm_limit = MEMBLOCK_ALLOC_ANYWHERE;
		for (int op = 1; op <= MODEL_OPS; op++) {
			int ret = model_step(test, &seed, op);

			if (ret == 2)
				break;
			if (!ret) {
				kunit_printk("    # run %d (seed %#llx) failed at op %d\n", run,
					     (unsigned long long)(0x6d656d626c6f636bULL + run), op);
				return;
			}
			ops++;
		}
	}
	memblock_reset();
	memblock_allow_resize();
	/* the runs must have reached the paths worth modelling */
	KUNIT_EXPECT_GT(test, doubled_memory, 0UL);
	KUNIT_EXPECT_GT(test, doubled_reserved, 0UL);
	KUNIT_EXPECT_GT(test, panics_expected, 0UL);
	kunit_printk("    # memblock model: %lu ops, arrays doubled %lu (memory) %lu (reserved), %lu frees refused, %lu runs ended with no room to double\n",
		     ops, doubled_memory, doubled_reserved, panics_expected, no_room);
}

static struct kunit_case host_memblock_model_cases[] = {
	KUNIT_CASE(memblock_model_random_ops),
	{}
};

static struct kunit_suite host_memblock_model = {
	.name = "host_memblock_model",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_memblock_model_cases,
};
kunit_test_suite(host_memblock_model);
