/*
 * Early reservations: what is in use before the boot allocator exists,
 * kept as named ranges, as Linux 2.6.2x's reserve_early() and
 * early_res_to_bootmem() kept them (arch/x86/kernel/e820.c; 2.6.34 moved
 * them to kernel/early_res.c, 2.6.37 replaced them with memblock).
 *
 * The record starts in the kernel image.  Should the loader's modules need
 * more entries than that holds, early_res_room() moves it to a bigger
 * table in free RAM below the 16 MiB mapped at boot, as 2.6.34's
 * __check_and_double_early_res() did.  The record stays valid after it is
 * handed over, so a second boot allocator can take the same record, until
 * early_res_discard() gives the grown table back.
 *
 * Portable C: the host tests link it with e820.c and mm/bootmem.c.
 */
#include <linux/boot_allocator.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/page.h>
#include <asm/setup.h>

static struct early_res early_res_x[EARLY_RES_STATIC] __initdata;
static struct early_res *early_res __initdata = early_res_x;
static int max_early_res __initdata = EARLY_RES_STATIC;
static int early_res_count __initdata;

/*
 * Record [start, end) as in use, for the reason name (NULL: bootmem's own
 * memory, see asm/early_res.h).  An empty range is no reservation.  The
 * entries keep the order they came in: early_res_to_bootmem() gives a page
 * two reservations share to the first, as the record of reasons names
 * each page once.
 */
void __init reserve_early(u64 start, u64 end, const char *name)
{
	if (end <= start)
		return;
	if (early_res_count == max_early_res)
		panic("early_res: %d reservations, no room for %s [mem %#018llx-%#018llx]",
		      max_early_res, name ? name : "bootmem", (unsigned long long)start,
		      (unsigned long long)end - 1);
	early_res[early_res_count++] = (struct early_res){ start, end, name, 0 };
}

/* Ranges not recorded yet that a search must keep clear of too. */
struct early_avoid {
	const struct early_res *res;
	int nr;
};

static const struct early_res *__init overlap_in(const struct early_res *res, int nr,
						  u64 addr, u64 size)
{
	for (int i = 0; i < nr; i++)
		if (res[i].start < addr + size && res[i].end > addr)
			return &res[i];
	return NULL;
}

/* The reservation [addr, addr + size) overlaps, or NULL. */
static const struct early_res *__init early_res_overlap(u64 addr, u64 size,
							 const struct early_avoid *avoid)
{
	const struct early_res *r = overlap_in(early_res, early_res_count, addr, size);

	if (!r && avoid)
		r = overlap_in(avoid->res, avoid->nr, addr, size);
	return r;
}

/*
 * The lowest place for size bytes, aligned, in the RAM run [rs, re) and
 * clear of every reservation: each one in the way rules out every start
 * up to its end (Linux's bad_addr() loop).
 */
static u64 __init fit_lowest(u64 rs, u64 re, u64 size, u64 align,
			     const struct early_avoid *avoid)
{
	u64 addr = ALIGN(rs, align);
	const struct early_res *r;

	while (addr + size <= re && (r = early_res_overlap(addr, size, avoid)))
		addr = ALIGN(r->end, align);
	return addr + size <= re ? addr : EARLY_AREA_NONE;
}

/* The highest such place: each reservation in the way rules out every start past it. */
static u64 __init fit_highest(u64 rs, u64 re, u64 size, u64 align,
			      const struct early_avoid *avoid)
{
	const struct early_res *r;
	u64 addr;

	if (re - rs < size)
		return EARLY_AREA_NONE;
	addr = ALIGN_DOWN(re - size, align);
	while (addr >= rs && (r = early_res_overlap(addr, size, avoid))) {
		if (r->start < rs + size)
			return EARLY_AREA_NONE;
		addr = ALIGN_DOWN(r->start - size, align);
	}
	return addr >= rs ? addr : EARLY_AREA_NONE;
}

/* Whole pages of e820 RAM in [start, end), searched run by run. */
static u64 __init find_area(u64 start, u64 end, u64 size, u64 align, bool top,
			    const struct early_avoid *avoid)
{
	unsigned long pos = (unsigned long)PFN_UP(start), rs, re;
	u64 found = EARLY_AREA_NONE;

	if (!size || end <= start)
		return EARLY_AREA_NONE;
	while (e820_next_ram_range(&pos, (unsigned long)PFN_DOWN(end), &rs, &re)) {
		u64 s = max(start, PFN_PHYS((u64)rs)), e = min(end, PFN_PHYS((u64)re));
		u64 addr = top ? fit_highest(s, e, size, align, avoid) :
				 fit_lowest(s, e, size, align, avoid);

		if (addr == EARLY_AREA_NONE)
			continue;
		found = addr;
		if (!top)
			break;
	}
	return found;
}

/*
 * Linux's find_e820_area(): the lowest size bytes, aligned, of e820 RAM in
 * [start, end) that no early reservation covers; EARLY_AREA_NONE if none.
 */
u64 __init find_early_area(u64 start, u64 end, u64 size, u64 align)
{
	return find_area(start, end, size, align, false, NULL);
}

/*
 * Make room for more reservations.  A bigger table goes to the top of the
 * memory mapped at boot, far from the low free pages the module table and
 * the bootmem bitmaps are placed in, and clear of the nr ranges in ahead:
 * blocks the caller is about to record, which no entry covers yet.  It is
 * a reservation itself, without a name.
 */
void __init early_res_room(unsigned long more, const struct early_res *ahead, int nr)
{
	const struct early_avoid avoid = { ahead, nr };
	u64 need = (u64)early_res_count + more + 1;
	u64 bytes = PFN_PHYS(PFN_UP(need * sizeof(struct early_res)));
	u64 mem = EARLY_AREA_NONE;
	struct early_res *table;

	if (need <= (u64)max_early_res)
		return;
	if (bytes < BOOT_MAPPED_END)
		mem = find_area(0, BOOT_MAPPED_END, bytes, PAGE_SIZE, true, &avoid);
	if (mem == EARLY_AREA_NONE)
		panic("early_res: no room below %lluMB for %llu reservations (%llu KiB)",
		      BOOT_MAPPED_END >> 20, (unsigned long long)need,
		      (unsigned long long)DIV_ROUND_UP(bytes, 1024));
	table = __va(mem);
	memcpy(table, early_res, early_res_count * sizeof(*table));
	early_res = table;
	max_early_res = (int)(bytes / sizeof(*table));
	reserve_early(mem, mem + bytes, NULL);
}

/*
 * Reserve, in the boot allocator, the pages of [start_pfn, end_pfn) it
 * does not hold reserved yet -- holes never were free, and an earlier
 * reservation keeps its name -- in runs, one call each.
 */
static unsigned long __init reserve_new_pages(unsigned long start_pfn, unsigned long end_pfn,
					      const char *name)
{
	unsigned long n = 0;

	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++) {
		unsigned long run = pfn;

		while (run < end_pfn && !boot_page_reserved(run))
			run++;
		if (run == pfn)
			continue;
		boot_reserve(PFN_PHYS(pfn), PFN_PHYS(run - pfn), name);
		n += run - pfn;
		pfn = run;
	}
	return n;
}

/*
 * Linux's early_res_to_bootmem(): every reservation's pages in [start,
 * end) reserved in the boot allocator, in the order they were recorded,
 * in one call once every node's allocator is up.
 */
void __init early_res_to_bootmem(u64 start, u64 end)
{
	for (int i = 0; i < early_res_count; i++) {
		struct early_res *r = &early_res[i];
		u64 s = max(r->start, start), e = min(r->end, end);

		if (s < e)
			r->pages = reserve_new_pages((unsigned long)PFN_DOWN(s),
						     (unsigned long)PFN_UP(e), r->name);
	}
}

/* The pages early_res_to_bootmem() reserved for this reason. */
unsigned long __init early_res_pages(const char *name)
{
	unsigned long pages = 0;

	for (int i = 0; i < early_res_count; i++)
		if (early_res[i].name && !strcmp(early_res[i].name, name))
			pages += early_res[i].pages;
	return pages;
}

/*
 * The record has been taken: a grown table goes back to the boot
 * allocator, as Linux's memblock_discard() gives back memblock's resized
 * arrays, and the record is empty again.
 */
void __init early_res_discard(void)
{
	if (early_res != early_res_x)
		boot_free(__pa(early_res), PFN_PHYS(PFN_UP(max_early_res * sizeof(*early_res))));
	memset(early_res_x, 0, sizeof(early_res_x));
	early_res = early_res_x;
	max_early_res = EARLY_RES_STATIC;
	early_res_count = 0;
}
