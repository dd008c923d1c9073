/*
 * libFuzzer target: memblock, mm/memblock.c, driven through its public
 * calls against a shadow of the two sets.
 *
 * mm/memblock.c is linked unchanged (fuzz.mk); the checks read its state
 * through the global struct memblock.
 *
 * A run: a 2 MiB simulated machine, memblock reset, then up to MAX_OPS
 * operations, one control byte each (op % 12 the call, op / 12 its
 * variant) and its operands.  Every
 * address, size, limit and min/max is a multiple of UNIT (256 bytes), so
 * the shadow can keep one byte per unit; alignments are any power of two.
 *   0 add / add_node      1 remove          2 reserve
 *   3 phys_free / 4 free  (mostly a range the run reserved or was given;
 *                          sometimes any range: a panic if not reserved)
 *   5 phys_alloc_range    6 alloc_try_nid   7 try_nid_raw / exact_nid_raw
 *   8 set_node            9 bottom-up / current_limit
 *  10 misuse: an alignment not a power of two, or a call after
 *     memblock_mark_retired() (the run ends)
 *  11 a burst of disjoint one-unit adds or reserves, to fill the arrays
 *     and make them double.
 *
 * The shadow: per unit, the node of the memory there (NOT_MEM: none) and
 * whether it is reserved.  After every operation: each array sorted,
 * disjoint, maximally merged, its total_size the sum, cnt <= max; the
 * arrays, expanded, equal the shadow unit for unit.  An array that moved
 * must have moved into free memory, page aligned; the shadow follows
 * (old one freed unless static, new one reserved).  Every allocation:
 * aligned, at or above 4 KiB, inside memory, not reserved before, of the
 * node asked for when exact, inside [min, max) unless min was dropped,
 * below current_limit for the virtual calls, zeroed for alloc_try_nid.
 * The expected panics (a free of what is not reserved, a bad alignment,
 * a call after retirement) are checked for their message; an array that
 * cannot double ends the run, as it ends a boot.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/page.h>
#include "../host/host.h"
#include "../host/memblock_call.h"
#include "../../mm/internal.h"

#define FUZZ_NAME "fuzz_memblock"
#include "fuzz.h"

#define SIM_SIZE	(2UL << 20)
#define UNIT		256UL
#define NUNITS		(SIM_SIZE / UNIT)
#define MAX_OPS		200
#define MAX_HELD	256
#define NOT_MEM		0xff

static u8 sh_mem[NUNITS];	/* node of the memory in each unit, NOT_MEM: none */
static u8 sh_rsv[NUNITS];	/* 1: reserved */
static u8 got_mem[NUNITS], got_rsv[NUNITS];
static struct { phys_addr_t s, e; } held[MAX_HELD];
static int nheld, op_no;
static phys_addr_t limit;
static char last_op[160];

static void fuzz_dump(void)
{
	fprintf(stderr, "  op %d: %s\n", op_no, last_op);
	fprintf(stderr, "  bottom_up %d current_limit %#llx\n", memblock.bottom_up,
		(unsigned long long)memblock.current_limit);
	for (int k = 0; k < 2; k++) {
		struct memblock_type *t = k ? &memblock.reserved : &memblock.memory;

		fprintf(stderr, "  %s: cnt %lu max %lu total %#llx\n", t->name, t->cnt, t->max,
			(unsigned long long)t->total_size);
		for (unsigned long i = 0; i < t->cnt && i < 64; i++)
			fprintf(stderr, "    [%#llx-%#llx) nid %d flags %#x\n",
				(unsigned long long)t->regions[i].base,
				(unsigned long long)(t->regions[i].base + t->regions[i].size),
				t->regions[i].nid, t->regions[i].flags);
	}
	fprintf(stderr, "  last log: %.300s\n", host_log());
}

static unsigned long u(phys_addr_t a)
{
	return (unsigned long)(a / UNIT);
}

static bool shadow_reserved_any(phys_addr_t s, phys_addr_t e)
{
	for (unsigned long i = u(s); i < u(e); i++)
		if (sh_rsv[i])
			return true;
	return false;
}

static bool shadow_reserved_all(phys_addr_t s, phys_addr_t e)
{
	for (unsigned long i = u(s); i < u(e); i++)
		if (!sh_rsv[i])
			return false;
	return true;
}

static fuzz_no_cov void check_type(struct memblock_type *t, u8 *out, bool is_mem)
{
	phys_addr_t total = 0;

	FUZZ_CHECK(t->cnt >= 1 && t->cnt <= t->max, "%s cnt %lu max %lu", t->name, t->cnt, t->max);
	memset(out, is_mem ? NOT_MEM : 0, NUNITS);
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		total += r->size;
		FUZZ_CHECK(r->flags == MEMBLOCK_NONE, "%s[%lu] flags %#x", t->name, i, r->flags);
		FUZZ_CHECK(r->size || t->cnt == 1, "%s[%lu] empty among %lu", t->name, i, t->cnt);
		FUZZ_CHECK(!(r->base % UNIT) && !(r->size % UNIT) && r->base + r->size <= SIM_SIZE,
			   "%s[%lu] [%#llx+%#llx) off the units or outside the machine", t->name, i,
			   (unsigned long long)r->base, (unsigned long long)r->size);
		if (i) {
			const struct memblock_region *p = r - 1;

			FUZZ_CHECK(p->base + p->size <= r->base, "%s[%lu] overlaps or out of order",
				   t->name, i);
			FUZZ_CHECK(p->base + p->size != r->base || p->nid != r->nid,
				   "%s[%lu] not merged with the region before", t->name, i);
		}
		if (!is_mem)
			FUZZ_CHECK(r->nid == MAX_NUMNODES, "reserved[%lu] has nid %d", i, r->nid);
		for (unsigned long k = u(r->base); k < u(r->base + r->size); k++)
			out[k] = is_mem ? (u8)r->nid : 1;
	}
	FUZZ_CHECK(total == t->total_size, "%s total_size %#llx, regions add up to %#llx",
		   t->name, (unsigned long long)t->total_size, (unsigned long long)total);
}

static fuzz_no_cov void check_all(void)
{
	check_type(&memblock.memory, got_mem, true);
	check_type(&memblock.reserved, got_rsv, false);
	for (unsigned long i = 0; i < NUNITS; i++) {
		FUZZ_CHECK(got_mem[i] == sh_mem[i], "memory at %#lx: node %d, the shadow %d",
			   i * UNIT, got_mem[i], sh_mem[i]);
		FUZZ_CHECK(got_rsv[i] == sh_rsv[i], "reserved at %#lx: %d, the shadow %d", i * UNIT,
			   got_rsv[i], sh_rsv[i]);
	}
}

static u64 array_bytes(unsigned long max)
{
	return ALIGN((u64)max * sizeof(struct memblock_region), (u64)PAGE_SIZE);
}

struct arrays {
	struct memblock_region *r[2];
	unsigned long max[2];
};

static struct arrays arrays_now(void)
{
	return (struct arrays){ { memblock.memory.regions, memblock.reserved.regions },
				{ memblock.memory.max, memblock.reserved.max } };
}

/* An array moved: into free memory before the call, page aligned; the shadow follows. */
static void follow_arrays(const struct arrays *was)
{
	struct arrays now = arrays_now();

	for (int k = 0; k < 2; k++) {
		phys_addr_t pa, len;

		if (now.max[k] == was->max[k])
			continue;
		pa = __pa(now.r[k]);
		len = array_bytes(now.max[k]);
		FUZZ_CHECK(now.max[k] == 2 * was->max[k] && !(pa & ~PAGE_MASK) && pa >= PAGE_SIZE &&
			   pa + len <= SIM_SIZE, "array %d moved to %#llx, max %lu from %lu", k,
			   (unsigned long long)pa, now.max[k], was->max[k]);
		for (unsigned long i = u(pa); i < u(pa + len); i++)
			FUZZ_CHECK(sh_mem[i] != NOT_MEM && !sh_rsv[i],
				   "array %d moved to [%#llx-%#llx), not free at %#lx", k,
				   (unsigned long long)pa, (unsigned long long)(pa + len), i * UNIT);
	}
	for (int k = 0; k < 2; k++) {
		phys_addr_t pa;

		if (now.max[k] == was->max[k])
			continue;
		if (was->max[k] != INIT_MEMBLOCK_REGIONS) {
			pa = __pa(was->r[k]);
			memset(&sh_rsv[u(pa)], 0, u(array_bytes(was->max[k])));
		}
		pa = __pa(now.r[k]);
		memset(&sh_rsv[u(pa)], 1, u(array_bytes(now.max[k])));
	}
}

/* Is [s, e) clear of memblock's own arrays (never given back by the run)? */
static bool clear_of_arrays(phys_addr_t s, phys_addr_t e)
{
	for (int k = 0; k < 2; k++) {
		struct memblock_type *t = k ? &memblock.reserved : &memblock.memory;
		phys_addr_t pa;

		if (t->max == INIT_MEMBLOCK_REGIONS)
			continue;
		pa = __pa(t->regions);
		if (s < pa + array_bytes(t->max) && pa < e)
			return false;
	}
	return true;
}

static void hold(phys_addr_t s, phys_addr_t e)
{
	if (nheld < MAX_HELD && s < e) {
		held[nheld].s = s;
		held[nheld].e = e;
		nheld++;
	}
}


/* A panic no rule allows ends the run as a failure; running out of room to double ends it quietly. */
static void expect_no_room(void)
{
	FUZZ_CHECK(strstr(host_panic_msg, "memblock: can't double ") &&
		   strstr(host_panic_msg, "regions), from "), "unexpected panic: %s", host_panic_msg);
}

/* Returns false when the run ends. */
static bool call(void)
{
	struct arrays was = arrays_now();

	if (mb_call_panics()) {
		expect_no_room();
		return false;
	}
	follow_arrays(&was);
	return true;
}

static phys_addr_t pick_base(struct fuzz_in *f)
{
	return (phys_addr_t)(fz_u16(f) % NUNITS) * UNIT;
}

static phys_addr_t pick_size(struct fuzz_in *f, phys_addr_t base)
{
	u8 k = fz_u8(f);
	unsigned long n = k & 0x80 ? 1 + fz_u16(f) % NUNITS : 1 + k % 32;

	return (phys_addr_t)min(n, NUNITS - u(base)) * UNIT;
}

static int pick_nid(struct fuzz_in *f)
{
	return (int)(fz_u8(f) % 5) - 1;		/* NUMA_NO_NODE, 0 .. 3 */
}

static bool op_add(struct fuzz_in *f, bool node)
{
	phys_addr_t base = pick_base(f), size = pick_size(f, base);
	int nid = node ? (int)(fz_u8(f) % 4) : MAX_NUMNODES;

	snprintf(last_op, sizeof(last_op), "memblock_add%s(%#llx, %#llx, nid %d)", node ? "_node" : "",
		 (unsigned long long)base, (unsigned long long)size, nid);
	C.fn = node ? MB_ADD_NODE : MB_ADD;
	C.base = base;
	C.size = size;
	C.nid = nid;
	if (!call())
		return false;
	for (unsigned long i = u(base); i < u(base + size); i++)
		if (sh_mem[i] == NOT_MEM)
			sh_mem[i] = (u8)nid;
	return true;
}

static bool op_remove_or_set_node(struct fuzz_in *f, bool set_node)
{
	phys_addr_t base = pick_base(f), size = pick_size(f, base);
	int nid = (int)(fz_u8(f) % 4);

	snprintf(last_op, sizeof(last_op), "%s(%#llx, %#llx, nid %d)",
		 set_node ? "memblock_set_node" : "memblock_remove", (unsigned long long)base,
		 (unsigned long long)size, nid);
	C.fn = set_node ? MB_SET_NODE : MB_REMOVE;
	C.base = base;
	C.size = size;
	C.nid = nid;
	if (!call())
		return false;
	for (unsigned long i = u(base); i < u(base + size); i++)
		if (sh_mem[i] != NOT_MEM)
			sh_mem[i] = set_node ? (u8)nid : NOT_MEM;
	return true;
}

static bool op_reserve(phys_addr_t base, phys_addr_t size)
{
	snprintf(last_op, sizeof(last_op), "memblock_reserve(%#llx, %#llx)",
		 (unsigned long long)base, (unsigned long long)size);
	C.fn = MB_RESERVE;
	C.base = base;
	C.size = size;
	if (!call())
		return false;
	memset(&sh_rsv[u(base)], 1, u(size));
	hold(base, base + size);
	return true;
}

static bool op_free(struct fuzz_in *f, bool virt)
{
	u8 how = fz_u8(f);
	phys_addr_t base, size;
	struct arrays was = arrays_now();
	bool expect_panic;

	if (nheld && how % 8) {
		int h = how % nheld;

		base = held[h].s;
		size = held[h].e - base;
		held[h] = held[--nheld];
	} else {
		base = pick_base(f);
		size = how & 0x80 ? 0 : pick_size(f, base);
	}
	if (!clear_of_arrays(base, base + size))
		return true;
	expect_panic = size && !shadow_reserved_all(base, base + size);
	snprintf(last_op, sizeof(last_op), "%s(%#llx, %#llx)%s",
		 virt ? "memblock_free" : "memblock_phys_free", (unsigned long long)base,
		 (unsigned long long)size, expect_panic ? ", not all reserved" : "");
	C.fn = virt ? MB_FREE : MB_PHYS_FREE;
	C.base = base;
	C.size = size;
	if (mb_call_panics()) {
		if (!strstr(host_panic_msg, "of memory not reserved, from")) {
			expect_no_room();
			return false;
		}
		FUZZ_CHECK(expect_panic, "a free of reserved memory panicked: %s", host_panic_msg);
		FUZZ_CHECK(strstr(host_panic_msg, "memblock: memblock_phys_free(0x"),
			   "the panic does not name the range: %s", host_panic_msg);
		check_all();	/* nothing changed */
		return true;
	}
	FUZZ_CHECK(!expect_panic, "a free of memory not all reserved passed");
	follow_arrays(&was);
	if (size)
		memset(&sh_rsv[u(base)], 0, u(size));
	return true;
}

static bool op_alloc(struct fuzz_in *f, u8 op)
{
	u8 sel = fz_u8(f);
	phys_addr_t size = (phys_addr_t)(1 + (sel & 0x80 ? fz_u16(f) % 1024 : fz_u8(f) % 16)) * UNIT;
	phys_addr_t align = (phys_addr_t)1 << (fz_u8(f) % 18);
	phys_addr_t min_addr = sel & 1 ? pick_base(f) : 0;
	phys_addr_t max_addr = sel & 2 ? pick_base(f) : sel & 4 ? MEMBLOCK_ALLOC_ANYWHERE :
			       MEMBLOCK_ALLOC_ACCESSIBLE;
	int nid = pick_nid(f);
	enum mb_call fn = op == 5 ? MB_PHYS_ALLOC : op == 6 ? MB_TRY_NID :
			  sel & 8 ? MB_TRY_NID_RAW : MB_EXACT_NID_RAW;
	bool virt = fn != MB_PHYS_ALLOC;
	phys_addr_t got, end, hi;
	const u8 *nz;

	if (fn == MB_PHYS_ALLOC && max_addr == MEMBLOCK_ALLOC_ACCESSIBLE)
		max_addr = MEMBLOCK_ALLOC_ANYWHERE;
	snprintf(last_op, sizeof(last_op), "alloc %d (%#llx, align %#llx, min %#llx, max %#llx, nid %d)",
		 fn, (unsigned long long)size, (unsigned long long)align,
		 (unsigned long long)min_addr, (unsigned long long)max_addr, nid);
	C.fn = fn;
	C.size = size;
	C.align = align;
	C.min = min_addr;
	C.max = max_addr;
	C.nid = nid;
	if (!call())
		return false;
	got = C.ret;
	if (!got)
		return true;
	end = got + size;
	hi = max_addr == MEMBLOCK_ALLOC_ACCESSIBLE ? limit : max_addr;
	if (virt)
		hi = min(hi, limit);
	FUZZ_CHECK(!(got & (align - 1)) && got >= PAGE_SIZE && end <= SIM_SIZE && end > got,
		   "allocated [%#llx-%#llx): misaligned, in page 0 or outside",
		   (unsigned long long)got, (unsigned long long)end);
	FUZZ_CHECK(end <= hi, "allocated [%#llx-%#llx) above the limit %#llx",
		   (unsigned long long)got, (unsigned long long)end, (unsigned long long)hi);
	FUZZ_CHECK(got >= min_addr || (virt && min_addr),
		   "allocated [%#llx-%#llx) below min_addr", (unsigned long long)got,
		   (unsigned long long)end);
	FUZZ_CHECK(!shadow_reserved_any(got, end), "allocated [%#llx-%#llx), reserved before",
		   (unsigned long long)got, (unsigned long long)end);
	for (unsigned long i = u(got); i < u(end); i++) {
		FUZZ_CHECK(sh_mem[i] != NOT_MEM, "allocated [%#llx-%#llx), not memory at %#lx",
			   (unsigned long long)got, (unsigned long long)end, i * UNIT);
		FUZZ_CHECK(sh_mem[i] == sh_mem[u(got)], "allocated [%#llx-%#llx) across nodes",
			   (unsigned long long)got, (unsigned long long)end);
		FUZZ_CHECK(fn != MB_EXACT_NID_RAW || nid == NUMA_NO_NODE || sh_mem[i] == nid,
			   "exact_nid allocation on node %d, not %d", sh_mem[i], nid);
	}
	if (fn == MB_TRY_NID) {
		nz = fz_find_not(__va(got), size, 0);
		FUZZ_CHECK(!nz, "alloc_try_nid block not zeroed at %#llx",
			   (unsigned long long)__pa(nz));
	}
	memset(__va(got), 0xa5, size);	/* in use: an array moved over it would show */
	memset(&sh_rsv[u(got)], 1, u(size));
	hold(got, end);
	return true;
}

static bool op_misuse(struct fuzz_in *f)
{
	u8 how = fz_u8(f);

	if (how & 1) {
		C.fn = how & 2 ? MB_PHYS_ALLOC : MB_TRY_NID;
		C.size = UNIT;
		C.align = 3 + 2 * (phys_addr_t)(how >> 2);	/* odd, above 1 */
		C.min = 0;
		C.max = MEMBLOCK_ALLOC_ANYWHERE;
		C.nid = NUMA_NO_NODE;
		snprintf(last_op, sizeof(last_op), "alloc with align %#llx",
			 (unsigned long long)C.align);
		FUZZ_CHECK(mb_call_panics(), "alignment %#llx accepted", (unsigned long long)C.align);
		FUZZ_CHECK(strstr(host_panic_msg, "is not a power of two, from"), "wrong panic: %s",
			   host_panic_msg);
		check_all();
		return true;
	}
	memblock_mark_retired();
	C.fn = (enum mb_call)((how >> 1) % (MB_EXACT_NID_RAW + 1));
	C.base = PAGE_SIZE;
	C.size = UNIT;
	C.align = UNIT;
	C.min = 0;
	C.max = MEMBLOCK_ALLOC_ANYWHERE;
	C.nid = 0;
	snprintf(last_op, sizeof(last_op), "call %d after memblock_mark_retired()", C.fn);
	FUZZ_CHECK(mb_call_panics(), "call %d after retirement did not panic", C.fn);
	FUZZ_CHECK(strstr(host_panic_msg, "() called after memblock_free_all(), from "),
		   "wrong panic: %s", host_panic_msg);
	return false;
}

/* Many disjoint one-unit ranges, every other unit from base: the arrays fill. */
static bool op_burst(struct fuzz_in *f)
{
	u8 n = fz_u8(f), how = fz_u8(f);
	phys_addr_t base = pick_base(f);

	for (int i = 0; i <= n && base + UNIT <= SIM_SIZE; i++, base += 2 * UNIT) {
		if (how & 1) {
			if (!op_reserve(base, UNIT))
				return false;
		} else {
			snprintf(last_op, sizeof(last_op), "burst memblock_add(%#llx)",
				 (unsigned long long)base);
			C.fn = MB_ADD;
			C.base = base;
			C.size = UNIT;
			if (!call())
				return false;
			if (sh_mem[u(base)] == NOT_MEM)
				sh_mem[u(base)] = MAX_NUMNODES;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in f = { data, size };

	if (sim_mem_size != SIM_SIZE)
		sim_mem_init(SIM_SIZE);
	host_log_clear();
	memblock_reset();
	memblock_allow_resize();
	memblock_debug = false;
	memset(sh_mem, NOT_MEM, sizeof(sh_mem));
	memset(sh_rsv, 0, sizeof(sh_rsv));
	nheld = 0;
	limit = MEMBLOCK_ALLOC_ANYWHERE;
	snprintf(last_op, sizeof(last_op), "memblock_reset");
	check_all();

	for (op_no = 1; op_no <= MAX_OPS && !fz_empty(&f); op_no++) {
		u8 op = fz_u8(&f);
		bool go_on = true;

		switch (op % 12) {
		case 0:
			go_on = op_add(&f, (op / 12) & 1);
			break;
		case 1:
			go_on = op_remove_or_set_node(&f, false);
			break;
		case 2: {
			phys_addr_t base = pick_base(&f);

			go_on = op_reserve(base, pick_size(&f, base));
			break;
		}
		case 3:
		case 4:
			go_on = op_free(&f, op % 12 == 4);
			break;
		case 5:
		case 6:
		case 7:
			go_on = op_alloc(&f, op % 12);
			break;
		case 8:
			go_on = op_remove_or_set_node(&f, true);
			break;
		case 9:
			if ((op / 12) & 1) {
				memblock_set_bottom_up(!memblock_bottom_up());
			} else {
				limit = (op / 12) & 2 ? MEMBLOCK_ALLOC_ANYWHERE : PAGE_SIZE + pick_base(&f);
				memblock_set_current_limit(limit);
			}
			break;
		case 10:
			go_on = op_misuse(&f);
			break;
		default:
			go_on = op_burst(&f);
			break;
		}
		if (!go_on)
			break;
		check_all();
	}
	memblock_reset();
	memblock_allow_resize();
	return 0;
}
