/*
 * The e820 memory map: sanitize_e820_map() as Linux 2.4's setup.c has it,
 * plus the small edits setup_arch() makes to the map and the questions it
 * asks of it (later Linux gathers these in arch/x86/kernel/e820.c too), so
 * setup.c keeps only setup_arch()'s story.  Portable C: the host tests and
 * the fuzzer run this file unchanged.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memdump.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/e820.h>
#include <asm/page.h>

struct e820map e820;

bool __init e820_add_region(struct e820map *m, u64 start, u64 size, u32 type)
{
	if (m->nr_map >= E820MAX)
		return false;
	m->map[m->nr_map++] = (struct e820entry){ start, size, type };
	return true;
}

/* One "change point" per region edge; the sweep keeps the regions in force. */
struct change_point {
	u64 addr;
	int entry;		/* index in the input map */
	bool start;
};

static bool __init cp_before(const struct change_point *a, const struct change_point *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr;
	/* At one address a start sorts before an end, as in 2.4. */
	return a->start && !b->start;
}

static int __init make_change_points(const struct e820entry *map, int nr,
				     struct change_point *cp)
{
	int n = 0;

	for (int i = 0; i < nr; i++) {
		if (!map[i].size)
			continue;
		if (map[i].addr + map[i].size < map[i].addr) {
			pr_warn("e820: entry %016llx + %016llx wraps around, dropped\n",
				(unsigned long long)map[i].addr, (unsigned long long)map[i].size);
			continue;
		}
		cp[n++] = (struct change_point){ map[i].addr, i, true };
		cp[n++] = (struct change_point){ map[i].addr + map[i].size, i, false };
	}
	/* Insertion sort: at most 2 * E820MAX points, and usually sorted. */
	for (int i = 1; i < n; i++) {
		struct change_point k = cp[i];
		int j = i - 1;

		while (j >= 0 && cp_before(&k, &cp[j])) {
			cp[j + 1] = cp[j];
			j--;
		}
		cp[j + 1] = k;
	}
	return n;
}

/*
 * Set when a map had to lose entries to fit E820MAX: the caller decides
 * whether a map with pieces missing can be trusted (setup_arch() cannot).
 */
bool e820_table_full;

/*
 * Rebuild the map so it is sorted, has no overlaps (the highest type wins
 * where regions overlap: usable < reserved < ACPI data < ACPI NVS <
 * unusable), no empty entries, and no two adjacent entries of one type.
 * Returns -1 and leaves the map alone for fewer than two entries, as 2.4.
 */
int __init sanitize_e820_map(struct e820entry *biosmap, int *pnr_map)
{
	static struct change_point __initdata cp[2 * E820MAX];
	static int __initdata overlap[E820MAX];
	static struct e820entry __initdata new_map[E820MAX];
	int nr_cp, nr_overlap = 0, nr_new = 0;
	u32 last_type = 0;
	u64 last_addr = 0;

	if (*pnr_map < 2 || *pnr_map > E820MAX)
		return -1;
	nr_cp = make_change_points(biosmap, *pnr_map, cp);
	for (int i = 0; i < nr_cp; i++) {
		u32 type = 0;

		if (cp[i].start) {
			overlap[nr_overlap++] = cp[i].entry;
		} else {
			for (int j = 0; j < nr_overlap; j++)
				if (overlap[j] == cp[i].entry)
					overlap[j] = overlap[--nr_overlap];
		}
		for (int j = 0; j < nr_overlap; j++)
			type = max(type, biosmap[overlap[j]].type);
		if (type == last_type)
			continue;
		if (last_type && cp[i].addr > last_addr) {
			if (nr_new == E820MAX) {
				/* sorted output: only the top of the map is lost */
				e820_table_full = true;
				pr_warn("e820: table full, %016llx - %016llx and above dropped\n",
					(unsigned long long)last_addr, (unsigned long long)cp[i].addr);
				break;
			}
			new_map[nr_new++] = (struct e820entry){ last_addr, cp[i].addr - last_addr, last_type };
		}
		last_type = type;
		last_addr = cp[i].addr;
	}
	memcpy(biosmap, new_map, nr_new * sizeof(*new_map));
	*pnr_map = nr_new;
	return 0;
}

/*
 * No RAM between 640 KiB and 1 MiB: VGA memory and the BIOS live there, on
 * every PC, whatever a loader's map says (Linux keeps it out of RAM too).
 */
#define LEGACY_HOLE_START	0xA0000ULL
#define LEGACY_HOLE_END		0x100000ULL

void __init e820_clip_legacy_hole(struct e820map *m)
{
	for (int i = 0; i < m->nr_map; i++) {
		struct e820entry *e = &m->map[i];
		u64 end = e->addr + e->size;

		if (e->type != E820_RAM || end <= LEGACY_HOLE_START || e->addr >= LEGACY_HOLE_END)
			continue;
		if (e->addr < LEGACY_HOLE_START) {
			e->size = LEGACY_HOLE_START - e->addr;
			if (end > LEGACY_HOLE_END &&
			    !e820_add_region(m, LEGACY_HOLE_END, end - LEGACY_HOLE_END, E820_RAM)) {
				e820_table_full = true;
				pr_warn("e820: table full, RAM above 1 MiB in entry %d lost\n", i);
			}
		} else {
			e->size = end > LEGACY_HOLE_END ? end - LEGACY_HOLE_END : 0;
			e->addr = LEGACY_HOLE_END;
		}
	}
	/* sanitize_e820_map() leaves a one-entry map alone: drop empties here. */
	int n = 0;

	for (int i = 0; i < m->nr_map; i++)
		if (m->map[i].size)
			m->map[n++] = m->map[i];
	m->nr_map = n;
	sanitize_e820_map(m->map, &m->nr_map);
}

/*
 * No map from the loader: make one from the BIOS's "88"/"e801" sizes that
 * Multiboot passes as mem_lower/mem_upper (KiB below 640K and above 1M),
 * as 2.4 falls back to them.
 */
void __init e820_from_meminfo(struct e820map *m, u32 mem_lower, u32 mem_upper)
{
	m->nr_map = 0;
	e820_add_region(m, 0, (u64)mem_lower << 10, E820_RAM);
	e820_add_region(m, 0x100000, (u64)mem_upper << 10, E820_RAM);
}

bool __init e820_has_ram(const struct e820map *m)
{
	for (int i = 0; i < m->nr_map; i++)
		if (m->map[i].type == E820_RAM && m->map[i].size)
			return true;
	return false;
}

/* mem=: drop RAM at and above limit, the part of an entry that crosses it too. */
void __init e820_limit_ram(struct e820map *m, u64 limit)
{
	for (int i = 0; i < m->nr_map; i++) {
		struct e820entry *e = &m->map[i];

		if (e->type != E820_RAM || e->addr + e->size <= limit)
			continue;
		e->size = e->addr >= limit ? 0 : limit - e->addr;
	}
}

/*
 * memmap=nn@ss is the user's word that RAM is there.  Where the firmware's
 * map says nothing, it is obeyed, as in Linux; where the firmware reserved
 * the range, the higher type wins and it stays reserved.  Either way, say
 * so, naming the range: if the word was wrong, the first touch of that
 * memory misbehaves far from its cause.
 */
static void __init warn_ram(u64 start, u64 end, const struct e820entry *e)
{
	char type[24];

	if (e)
		pr_warn("memmap: [mem %#018llx-%#018llx] declared usable, but the firmware map has it %s: it stays so\n",
			(unsigned long long)start, (unsigned long long)end - 1,
			e820_type_name(e->type, type, sizeof(type)));
	else if (start < LEGACY_HOLE_START || end > LEGACY_HOLE_END)	/* said apart */
		pr_warn("memmap: [mem %#018llx-%#018llx] declared usable, but the firmware map has no RAM there\n",
			(unsigned long long)start, (unsigned long long)end - 1);
}

/* Each part of the user's RAM entry u the live map, sorted and disjoint, has no RAM for. */
void __init e820_warn_ram_not_in_map(const struct e820entry *u)
{
	u64 pos = u->addr, end = u->addr + u->size;

	if (pos < LEGACY_HOLE_END && end > LEGACY_HOLE_START)
		pr_warn("memmap: [mem %#018llx-%#018llx] is the VGA/BIOS hole, never RAM on a PC: not used\n",
			(unsigned long long)max(pos, LEGACY_HOLE_START),
			(unsigned long long)min(end, LEGACY_HOLE_END) - 1);
	for (int i = 0; i < e820.nr_map && pos < end; i++) {
		const struct e820entry *e = &e820.map[i];
		u64 e_end = e->addr + e->size;

		if (e_end <= pos)
			continue;
		if (e->addr >= end)
			break;
		if (e->addr > pos)
			warn_ram(pos, e->addr, NULL);
		if (e->type != E820_RAM)
			warn_ram(max(pos, e->addr), min(end, e_end), e);
		pos = e_end;
	}
	if (pos < end)
		warn_ram(pos, end, NULL);
}

/* Is all of [start, end) inside one usable entry? */
bool __init e820_range_is_ram(u64 start, u64 end)
{
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		if (e->type == E820_RAM && start >= e->addr && end <= e->addr + e->size)
			return true;
	}
	return false;
}

/*
 * RAM this kernel cannot reach: above 4 GiB without PAE, above 64 GiB
 * with it (E820_MAX_PFN).  The name is 2.4's case, the one the book tells.
 */
bool __init e820_ram_above_4g(void)
{
	for (int i = 0; i < e820.nr_map; i++)
		if (e820.map[i].type == E820_RAM &&
		    e820.map[i].addr + e820.map[i].size > (u64)E820_MAX_PFN << PAGE_SHIFT)
			return true;
	return false;
}

/*
 * The whole pages of a usable entry as pfns [*start, *end), clipped to
 * what this kernel can address (E820_MAX_PFN: 4 GiB without PAE, 64 GiB
 * with); false if there are none.  Every pfn the map yields comes through
 * here, so a 64-bit address is never truncated into an unsigned long pfn
 * (RAM at 16 TiB would otherwise wrap onto low memory).
 */
bool e820_ram_pfns(const struct e820entry *e, unsigned long *start, unsigned long *end)
{
	u64 first, last, top = e->addr + e->size;

	if (e->type != E820_RAM || !e->size)
		return false;
	if (top < e->addr)		/* a wrapping entry: to the top of memory */
		top = ~0ULL;
	first = e->addr >> PAGE_SHIFT;
	if (e->addr & (PAGE_SIZE - 1))
		first++;
	last = top >> PAGE_SHIFT;
	if (last > E820_MAX_PFN)
		last = E820_MAX_PFN;
	if (first >= last)
		return false;
	*start = (unsigned long)first;
	*end = (unsigned long)last;
	return true;
}

/* page_is_ram(): inside a usable entry, start rounded up, end down (2.4). */
bool page_is_ram(unsigned long pfn)
{
	unsigned long s, t;

	for (int i = 0; i < e820.nr_map; i++)
		if (e820_ram_pfns(&e820.map[i], &s, &t) && pfn >= s && pfn < t)
			return true;
	return false;
}

/*
 * The first run of whole RAM pages in [*pos, end), as [*rs, *re); false
 * when there is none.  *pos moves past the run, so a loop visits every
 * RAM page of a range once without asking page_is_ram() per pfn.
 */
bool e820_next_ram_range(unsigned long *pos, unsigned long end, unsigned long *rs,
			 unsigned long *re)
{
	for (int i = 0; i < e820.nr_map; i++) {
		unsigned long s, t;

		if (!e820_ram_pfns(&e820.map[i], &s, &t))
			continue;
		s = max(s, *pos);
		t = min(t, end);
		if (s < t) {
			*rs = s;
			*re = t;
			*pos = t;
			return true;
		}
	}
	*pos = end;
	return false;
}

/* The end of m's run of whole RAM pages that holds pfn; pfn if none does. */
static unsigned long __init ram_run_end(const struct e820map *m, unsigned long pfn)
{
	unsigned long s, t, end = pfn;
	bool moved;

	do {	/* entries are sorted, but two may touch: go on from each end */
		moved = false;
		for (int i = 0; i < m->nr_map; i++)
			if (e820_ram_pfns(&m->map[i], &s, &t) && s <= end && end < t) {
				end = t;
				moved = true;
			}
	} while (moved);
	return end;
}

/*
 * The first run of pages in [*pos, end) that the live map has as whole
 * pages of RAM and the map fw does not -- RAM that only a memmap=nn@ss
 * says is there -- as [*rs, *re); *pos moves past it.  False when none
 * is left.  setup_arch() probes these before any allocator gets them.
 */
bool __init e820_next_unlisted_ram(const struct e820map *fw, unsigned long *pos,
				   unsigned long end, unsigned long *rs, unsigned long *re)
{
	unsigned long s, t, fs, ft;

	while (e820_next_ram_range(pos, end, &s, &t)) {
		s = ram_run_end(fw, s);
		if (s >= t)
			continue;
		for (int i = 0; i < fw->nr_map; i++)
			if (e820_ram_pfns(&fw->map[i], &fs, &ft) && fs > s && fs < t)
				t = fs;
		*rs = s;
		*re = t;
		*pos = t;
		return true;
	}
	return false;
}

unsigned long e820_ram_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pos = start_pfn, rs, re, n = 0;

	while (e820_next_ram_range(&pos, end_pfn, &rs, &re))
		n += re - rs;
	return n;
}

const char *e820_type_name(u32 type, char *buf, size_t len)
{
	switch (type) {
	case E820_RAM:
		return "usable";
	case E820_RESERVED:
		return "reserved";
	case E820_ACPI:
		return "ACPI data";
	case E820_NVS:
		return "ACPI NVS";
	case E820_UNUSABLE:
		return "unusable";
	default:
		snprintf(buf, len, "type %u", type);
		return buf;
	}
}

void __init print_memory_map(const struct e820map *m, const char *who)
{
	char buf[16];

	for (int i = 0; i < m->nr_map; i++) {
		const struct e820entry *e = &m->map[i];

		pr_info(" %s: %016llx - %016llx (%s)\n", who, (unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size),
			e820_type_name(e->type, buf, sizeof(buf)));
	}
}

/* The map of RAM as mm/ asks for it (linux/mm.h): on x86, the e820 map. */
bool next_ram_range(unsigned long *pos, unsigned long end, unsigned long *rs,
		    unsigned long *re)
{
	return e820_next_ram_range(pos, end, rs, re);
}

unsigned long ram_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	return e820_ram_pages(start_pfn, end_pfn);
}

/* memdump's map stage (linux/memdump.h): the sanitized map, in bytes; boot only. */
void __init arch_memdump_map(void)
{
	char buf[16];

	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		printk(KERN_INFO "memdump: e820 %llx %llx %s\n", (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->size),
		       e820_type_name(e->type, buf, sizeof(buf)));
	}
}
