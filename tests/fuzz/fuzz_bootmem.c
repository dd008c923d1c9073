/*
 * libFuzzer target: the boot memory allocator, mm/bootmem.c, driven as
 * setup_arch() and its callers drive it, against a shadow model.
 *
 * mm/bootmem.c is linked unchanged (fuzz.mk); the checks read its state
 * through contig_page_data.bdata.
 *
 * A run, from the input bytes:
 *  - an 8 MiB simulated machine; one node [start_pfn, end_pfn) inside it
 *    (init_bootmem() when it starts at 0, else init_bootmem_node()), its
 *    bitmap on a page of the node;
 *  - one to four free_bootmem() ranges make RAM (a range that would free a
 *    page already free is skipped: that is a double free), then the bitmap
 *    is reserved, as setup_arch() does;
 *  - up to MAX_OPS operations: __alloc_bootmem(size, 2^k, goal) or one of
 *    the alloc_bootmem*() macros, reserve_bootmem() (in the node, or now
 *    and then outside it), free_bootmem() of a live block, and now and then
 *    a double free of a block whose pages are free again.
 * Misuse that the allocator must stop (a range outside the node, a double
 * free, running out of memory) is made only where the model says it is
 * misuse, run under HOST_PANICS, checked to panic with the right message,
 * and ends the run.  Misuse it cannot see (reserving memory it already
 * handed out, then freeing over it) is never made.
 *
 * The model: one byte per page of the node (1 = reserved), the live blocks,
 * the reserved ranges, and the end of the last allocation ("tail"): 2.4's
 * last_pos/last_offset packing puts a small block into the rest of the page
 * the previous one ended in (until that page is freed), so a block may start inside an already
 * reserved page only if that page is the tail's and the block starts at or
 * after the tail.  Checked after every operation: the bitmap equals the
 * model (and its padding bits stay set); last_pos/last_offset name the
 * tail.  For every allocation: inside the node, aligned as asked, zeroed,
 * no overlap with a live block or a reserved range, every page but a shared
 * first one free before; an out-of-memory panic only when the model has no
 * aligned run of free pages long enough.  Live blocks are filled with a
 * pattern, checked when freed and at the end.
 */
#include <string.h>
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <asm/page.h>
#include "../host/host.h"

#define FUZZ_NAME "fuzz_bootmem"
#include "fuzz.h"

#define SIM_SIZE	(8UL << 20)
#define SIM_PAGES	(SIM_SIZE >> PAGE_SHIFT)
#define MAX_BLOCKS	128
#define MAX_RESERVED	32
#define MAX_OPS		96

struct block {
	u64 start, end;		/* physical [start, end) */
	u64 align;
	u8 tag;
	bool live;
};

struct range {
	u64 start, end;
};

#define bd (contig_page_data.bdata)

/* mm/bootmem.c's bitmap size: one bit a page, in whole longs. */
static unsigned long bootmap_bytes(unsigned long pages)
{
	return ALIGN((pages + 7) / 8, sizeof(long));
}
static unsigned long start_pfn, end_pfn, npages, map_pfn;
static u64 node_start, node_end;	/* physical */
static u8 model[SIM_PAGES];		/* index: page within the node */
static struct block blocks[MAX_BLOCKS];
static int nr_blocks;
static struct range reserved[MAX_RESERVED];
static int nr_reserved;
static u64 tail;			/* end of the last allocation, 0: none */
static int op_no;
static char last_op[160];

static void fuzz_dump(void)
{
	fprintf(stderr, "  node pfns %#lx-%#lx (%lu pages), bitmap at pfn %#lx\n", start_pfn,
		end_pfn, npages, map_pfn);
	fprintf(stderr, "  op %d: %s\n", op_no, last_op);
	fprintf(stderr, "  model tail %#llx; bdata last_pos %#lx last_offset %#lx\n",
		(unsigned long long)tail, bd->last_pos, bd->last_offset);
	for (int i = 0; i < nr_blocks; i++)
		fprintf(stderr, "  block %2d: %#llx-%#llx align %#llx %s\n", i,
			(unsigned long long)blocks[i].start, (unsigned long long)blocks[i].end,
			(unsigned long long)blocks[i].align, blocks[i].live ? "live" : "freed");
	for (int i = 0; i < nr_reserved; i++)
		fprintf(stderr, "  reserved %#llx-%#llx\n", (unsigned long long)reserved[i].start,
			(unsigned long long)reserved[i].end);
	fprintf(stderr, "  last log: %.300s\n", host_log());
}

static bool overlaps(u64 a0, u64 a1, u64 b0, u64 b1)
{
	return a0 < b1 && b0 < a1;
}

/* Pages of the node wholly inside [a, b) (free rounds inward). */
static void inward(u64 a, u64 b, unsigned long *s, unsigned long *e)
{
	*s = PFN_UP(a - node_start);
	*e = PFN_DOWN(b - node_start);
}

/* Pages of the node touched by [a, b) (reserve rounds outward). */
static void outward(u64 a, u64 b, unsigned long *s, unsigned long *e)
{
	*s = PFN_DOWN(a - node_start);
	*e = PFN_UP(b - node_start);
}

static u64 tail_page(void)
{
	/* The page the last allocation ended inside, or ~0 if it ended on a page edge. */
	return tail && (tail & ~PAGE_MASK) ? PFN_DOWN(tail - node_start) : ~0ULL;
}

/*
 * Freeing the page the last allocation ended in ends the packing into it
 * (mm/bootmem.c fixes this over 2.4, which would pack into a freed page).
 */
static void forget_freed_tail(unsigned long s, unsigned long e)
{
	if (tail_page() >= s && tail_page() < e)
		tail = 0;
}

static fuzz_no_cov void check_bitmap(void)
{
	const unsigned long *map = bd->node_bootmem_map;
	unsigned long bits = bootmap_bytes(npages) * 8;

	for (unsigned long i = 0; i < npages; i++)
		FUZZ_CHECK(!!test_bit(i, map) == model[i],
			   "bitmap bit %lu (phys %#llx) is %d, the model says %d", i,
			   (unsigned long long)(node_start + PFN_PHYS(i)), !!test_bit(i, map), model[i]);
	for (unsigned long i = npages; i < bits; i++)
		FUZZ_CHECK(test_bit(i, map), "bitmap padding bit %lu cleared", i);
	if (tail & ~PAGE_MASK) {
		FUZZ_CHECK(bd->last_offset == (tail & ~PAGE_MASK) &&
			   bd->last_pos == PFN_DOWN(tail - node_start),
			   "last_pos/last_offset %#lx/%#lx do not name the last allocation's end %#llx",
			   bd->last_pos, bd->last_offset, (unsigned long long)tail);
	} else {
		FUZZ_CHECK(bd->last_offset == 0, "last_offset %#lx, the last allocation ended on a page edge",
			   bd->last_offset);
	}
}

static void check_pattern(const struct block *b)
{
	const u8 *p = fz_find_not(__va(b->start), b->end - b->start, b->tag);

	FUZZ_CHECK(!p, "block %#llx-%#llx overwritten at %#llx (%#x, not %#x)",
		   (unsigned long long)b->start, (unsigned long long)b->end,
		   (unsigned long long)__pa(p), p ? *p : 0, b->tag);
}

/* Is there an aligned run of PFN_UP(size) free pages?  If not, OOM is right. */
static fuzz_no_cov bool model_fits(unsigned long size, unsigned long align)
{
	unsigned long area = PFN_UP(size), run = 0;

	/* Walk down: run = free pages from i on. */
	for (unsigned long i = npages; i-- > 0;) {
		run = model[i] ? 0 : run + 1;
		if (run >= area && (align <= PAGE_SIZE || !((node_start + PFN_PHYS(i)) & (align - 1))))
			return true;
	}
	return false;
}

enum alloc_how { ALLOC_CORE, ALLOC_BOOTMEM, ALLOC_LOW, ALLOC_PAGES, ALLOC_LOW_PAGES };

/* Returns false when the run must end (an expected out-of-memory panic). */
static bool do_alloc(unsigned long size, unsigned long align, unsigned long goal, enum alloc_how how)
{
	void *volatile ptr = NULL;
	bool fits = model_fits(size, align), panicked;
	struct block *b;
	const u8 *nz;
	u64 start, end;
	unsigned long s, e;

	snprintf(last_op, sizeof(last_op), "alloc(size %#lx, align %#lx, goal %#lx, how %d)", size,
		 align, goal, how);
	switch (how) {
	case ALLOC_BOOTMEM:
		panicked = HOST_PANICS(ptr = alloc_bootmem(size));
		break;
	case ALLOC_LOW:
		panicked = HOST_PANICS(ptr = alloc_bootmem_low(size));
		break;
	case ALLOC_PAGES:
		panicked = HOST_PANICS(ptr = alloc_bootmem_pages(size));
		break;
	case ALLOC_LOW_PAGES:
		panicked = HOST_PANICS(ptr = alloc_bootmem_low_pages(size));
		break;
	default:
		panicked = HOST_PANICS(ptr = __alloc_bootmem(size, align, goal));
		break;
	}
	if (panicked) {
		FUZZ_CHECK(strstr(host_panic_msg, "Out of memory"), "unexpected panic: %s",
			   host_panic_msg);
		FUZZ_CHECK(!fits, "out of memory, but the model has %lu free pages aligned to %#lx",
			   PFN_UP(size), align);
		check_bitmap();		/* a failed allocation changes nothing */
		return false;
	}
	FUZZ_CHECK(fits, "allocated %#lx bytes at %p though the model has no room", size, ptr);
	FUZZ_CHECK(ptr != NULL, "NULL from __alloc_bootmem");

	start = __pa(ptr);
	end = start + size;
	FUZZ_CHECK((unsigned char *)ptr >= sim_mem && start >= node_start && end <= node_end,
		   "block %#llx-%#llx outside the node %#llx-%#llx", (unsigned long long)start,
		   (unsigned long long)end, (unsigned long long)node_start,
		   (unsigned long long)node_end);
	FUZZ_CHECK(!(start & (align - 1)), "block at %#llx not aligned to %#lx",
		   (unsigned long long)start, align);
	nz = fz_find_not(ptr, size, 0);
	FUZZ_CHECK(!nz, "block %#llx-%#llx not zeroed at %#llx", (unsigned long long)start,
		   (unsigned long long)end, (unsigned long long)__pa(nz));
	for (int i = 0; i < nr_blocks; i++)
		FUZZ_CHECK(!blocks[i].live || !overlaps(start, end, blocks[i].start, blocks[i].end),
			   "block %#llx-%#llx overlaps live block %d %#llx-%#llx",
			   (unsigned long long)start, (unsigned long long)end, i,
			   (unsigned long long)blocks[i].start, (unsigned long long)blocks[i].end);
	for (int i = 0; i < nr_reserved; i++)
		FUZZ_CHECK(!overlaps(start, end, reserved[i].start, reserved[i].end),
			   "block %#llx-%#llx overlaps reserved %#llx-%#llx",
			   (unsigned long long)start, (unsigned long long)end,
			   (unsigned long long)reserved[i].start, (unsigned long long)reserved[i].end);
	outward(start, end, &s, &e);
	if (model[s]) {
		/* Packed into the tail of the page the last allocation ended in. */
		FUZZ_CHECK(s == tail_page() && start >= tail,
			   "block %#llx-%#llx starts in reserved page %#llx, which is not the free tail "
			   "of the last allocation (ending %#llx)", (unsigned long long)start,
			   (unsigned long long)end, (unsigned long long)(node_start + PFN_PHYS(s)),
			   (unsigned long long)tail);
	}
	for (unsigned long i = s + 1; i < e; i++)
		FUZZ_CHECK(!model[i], "block %#llx-%#llx takes reserved page %#llx",
			   (unsigned long long)start, (unsigned long long)end,
			   (unsigned long long)(node_start + PFN_PHYS(i)));
	for (unsigned long i = s; i < e; i++)
		model[i] = 1;
	tail = end;

	if (nr_blocks < MAX_BLOCKS) {
		b = &blocks[nr_blocks];
		*b = (struct block){ start, end, align, (u8)(0x11 * (nr_blocks % 15 + 1)), true };
		nr_blocks++;
		memset(ptr, b->tag, size);
	}
	check_bitmap();
	return true;
}

/* Returns false when the run must end (an expected out-of-node panic). */
static bool do_reserve(u64 addr, unsigned long size)
{
	bool valid = size && addr >= node_start && addr <= node_end && size <= node_end - addr;
	unsigned long s, e;

	snprintf(last_op, sizeof(last_op), "reserve_bootmem(%#llx, %#lx)%s",
		 (unsigned long long)addr, size, valid ? "" : " outside the node");
	if (!valid) {
		FUZZ_CHECK(HOST_PANICS(reserve_bootmem(addr, size)),
			   "reserve_bootmem(%#llx, %#lx) outside the node did not panic",
			   (unsigned long long)addr, size);
		FUZZ_CHECK(strstr(host_panic_msg, "outside node memory"), "wrong panic: %s",
			   host_panic_msg);
		check_bitmap();
		return false;
	}
	outward(addr, addr + size, &s, &e);
	/* Reserving what was handed out is misuse bootmem cannot see: not made. */
	if (nr_reserved == MAX_RESERVED || (tail_page() >= s && tail_page() < e))
		return true;
	for (int i = 0; i < nr_blocks; i++)
		if (blocks[i].live &&
		    overlaps(PFN_PHYS(s) + node_start, PFN_PHYS(e) + node_start, blocks[i].start,
			     blocks[i].end))
			return true;
	FUZZ_CHECK(!HOST_PANICS(reserve_bootmem(addr, size)), "reserve_bootmem panicked: %s",
		   host_panic_msg);
	for (unsigned long i = s; i < e; i++)
		model[i] = 1;
	reserved[nr_reserved++] = (struct range){ addr, addr + size };
	check_bitmap();
	return true;
}

/* Free [addr, addr + size) if that frees only reserved pages (else it's a double free). */
static void do_free_range(u64 addr, unsigned long size)
{
	unsigned long s, e;

	snprintf(last_op, sizeof(last_op), "free_bootmem(%#llx, %#lx)", (unsigned long long)addr,
		 size);
	inward(addr, addr + size, &s, &e);
	for (unsigned long i = s; i < e; i++)
		if (!model[i])
			return;
	FUZZ_CHECK(!HOST_PANICS(free_bootmem(addr, size)), "free_bootmem panicked: %s",
		   host_panic_msg);
	for (unsigned long i = s; i < e; i++)
		model[i] = 0;
	forget_freed_tail(s, e);
	check_bitmap();
}

static void do_free_block(struct block *b)
{
	unsigned long s, e;

	snprintf(last_op, sizeof(last_op), "free_bootmem(block %#llx-%#llx)",
		 (unsigned long long)b->start, (unsigned long long)b->end);
	check_pattern(b);
	inward(b->start, b->end, &s, &e);
	for (int i = 0; i < nr_reserved; i++)
		if (overlaps(PFN_PHYS(s) + node_start, PFN_PHYS(e) + node_start, reserved[i].start,
			     reserved[i].end))
			return;
	for (unsigned long i = s; i < e; i++)
		FUZZ_CHECK(model[i], "model: live block's page %lu is free", i);
	FUZZ_CHECK(!HOST_PANICS(free_bootmem(b->start, b->end - b->start)),
		   "free_bootmem of a live block panicked: %s", host_panic_msg);
	for (unsigned long i = s; i < e; i++)
		model[i] = 0;
	forget_freed_tail(s, e);
	b->live = false;
	check_bitmap();
}

/* Returns false when the run ends (the expected BUG). */
static bool do_double_free(struct block *b)
{
	unsigned long s, e;

	inward(b->start, b->end, &s, &e);
	if (s >= e || model[s])
		return true;	/* no whole page, or page s was handed out again */
	snprintf(last_op, sizeof(last_op), "free_bootmem(freed block %#llx-%#llx) again",
		 (unsigned long long)b->start, (unsigned long long)b->end);
	FUZZ_CHECK(HOST_PANICS(free_bootmem(b->start, b->end - b->start)),
		   "double free of %#llx-%#llx not caught", (unsigned long long)b->start,
		   (unsigned long long)b->end);
	FUZZ_CHECK(strstr(host_panic_msg, "kernel BUG") && host_log_contains("freed twice"),
		   "wrong panic: %s", host_panic_msg);
	check_bitmap();
	return false;
}

static unsigned long pick_size(struct fuzz_in *f)
{
	switch (fz_u8(f) & 3) {
	case 0:
		return 1 + fz_u8(f);
	case 1:
		return 1 + fz_u16(f) % PAGE_SIZE;
	case 2:
		return 1 + fz_u16(f);
	default:
		return 1 + fz_u32(f) % (1UL << 20);
	}
}

static void setup(struct fuzz_in *f)
{
	u8 shape = fz_u8(f);
	int nfree = 1 + (shape >> 4) % 4;

	start_pfn = shape & 1 ? fz_u8(f) % 64 : 0;
	end_pfn = SIM_PAGES - (shape & 2 ? fz_u8(f) : 0);
	npages = end_pfn - start_pfn;
	node_start = PFN_PHYS(start_pfn);
	node_end = PFN_PHYS(end_pfn);
	map_pfn = start_pfn + fz_u16(f) % (npages - bootmem_bootmap_pages(npages));

	pgdat_list = NULL;
	if (start_pfn == 0) {
		init_bootmem(map_pfn, end_pfn);
	} else {
		/* As a NUMA machine does: the node online first, then its allocator. */
		memnodemap_reset();
		node_set_online(0);
		init_bootmem_node(&contig_page_data, map_pfn, start_pfn, end_pfn);
	}
	memset(model, 1, sizeof(model));
	nr_blocks = nr_reserved = 0;
	tail = 0;
	op_no = 0;
	snprintf(last_op, sizeof(last_op), "init_bootmem");
	check_bitmap();

	for (int i = 0; i < nfree; i++) {
		u8 how = fz_u8(f);
		u64 off, len;

		if (how & 1) {
			off = 0;
			len = node_end - node_start;
		} else {
			off = fz_u32(f) % (node_end - node_start);
			len = 1 + fz_u32(f) % (node_end - node_start - off);
		}
		do_free_range(node_start + off, len);
	}
	/* The bitmap itself stays reserved, as setup_arch() reserves it. */
	do_reserve(PFN_PHYS(map_pfn), bootmap_bytes(npages));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in f = { data, size };

	if (sim_mem_size != SIM_SIZE)
		sim_mem_init(SIM_SIZE);
	host_log_clear();
	setup(&f);

	for (op_no = 1; op_no <= MAX_OPS && !fz_empty(&f); op_no++) {
		u8 op = fz_u8(&f);
		bool go_on = true;

		switch (op % 8) {
		case 0: case 1: case 2: {
			unsigned long sz = pick_size(&f);
			unsigned long align = 1UL << (fz_u8(&f) % 21);
			u8 g = fz_u8(&f);
			unsigned long goal = g < 128 ? 0 : fz_u32(&f) % (SIM_SIZE + SIM_SIZE / 4);

			go_on = do_alloc(sz, align, goal, ALLOC_CORE);
			break;
		}
		case 3: {
			unsigned long sz = pick_size(&f);

			go_on = do_alloc(sz, (op >> 3) & 2 ? PAGE_SIZE : SMP_CACHE_BYTES,
					 (op >> 3) & 1 ? 0 : MAX_DMA_ADDRESS_PHYS,
					 ALLOC_BOOTMEM + ((op >> 3) & 3));
			break;
		}
		case 4: {
			u8 how = fz_u8(&f);
			u64 addr;
			unsigned long len;

			if (how % 16 == 0) {	/* anywhere, maybe outside the node */
				addr = fz_u32(&f) % (node_end + 2 * PAGE_SIZE);
				len = fz_u32(&f) % (2UL << 20);
			} else {
				addr = node_start + fz_u32(&f) % (node_end - node_start);
				len = 1 + fz_u32(&f) % min(node_end - addr, (u64)(256UL << 10));
			}
			go_on = do_reserve(addr, len);
			break;
		}
		case 5: case 6: {
			int live[MAX_BLOCKS], n = 0;
			u8 which = fz_u8(&f);

			for (int i = 0; i < nr_blocks; i++)
				if (blocks[i].live)
					live[n++] = i;
			if (n)
				do_free_block(&blocks[live[which % n]]);
			break;
		}
		default: {
			int dead[MAX_BLOCKS], n = 0;
			u8 which = fz_u8(&f);

			for (int i = 0; i < nr_blocks; i++)
				if (!blocks[i].live)
					dead[n++] = i;
			if (n)
				go_on = do_double_free(&blocks[dead[which % n]]);
			break;
		}
		}
		if (!go_on)
			return 0;
	}
	for (int i = 0; i < nr_blocks; i++)
		if (blocks[i].live)
			check_pattern(&blocks[i]);
	return 0;
}
