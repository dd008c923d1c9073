/*
 * kmap/kunmap over the PKMAP window and kmap_atomic over fixmap slots
 * (Linux 2.4 mm/highmem.c and arch/i386/mm/highmem.c; Gorman 9.1-9.2).
 *
 * pkmap_count[i] follows 2.4: 0 = slot free, 1 = mapping left over from a
 * kunmap() but its TLB entry not flushed yet, n > 1 = n - 1 users.  Slots
 * are recycled in one batch (flush_all_zero_pkmaps) when the window is
 * full, so the TLB is flushed once per wrap, not once per kunmap.  There
 * is no other thread to wait for: a window with every slot in use is a
 * bug in the caller, and we say so.
 */
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <asm/fixmap.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

static int pkmap_count[LAST_PKMAP];
static struct page *pkmap_page[LAST_PKMAP];	/* which page each slot maps */
static unsigned int last_pkmap_nr;

#define PKMAP_ADDR(nr)	(PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))
#define PKMAP_NR(addr)	(((addr) - PKMAP_BASE) >> PAGE_SHIFT)

static void flush_all_zero_pkmaps(void)
{
	for (int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] != 1)
			continue;
		pkmap_count[i] = 0;
		pte_clear(&pkmap_page_table[i]);
		pkmap_page[i] = NULL;
	}
	__flush_tlb();
}

static unsigned long map_new_virtual(struct page *page, unsigned long caller)
{
	for (int scanned = 0; scanned < 2 * LAST_PKMAP; scanned++) {
		last_pkmap_nr = (last_pkmap_nr + 1) & (LAST_PKMAP - 1);
		if (!last_pkmap_nr)
			flush_all_zero_pkmaps();
		if (pkmap_count[last_pkmap_nr])
			continue;
		set_pte(&pkmap_page_table[last_pkmap_nr], mk_pte(page, PAGE_KERNEL));
		pkmap_count[last_pkmap_nr] = 1;
		pkmap_page[last_pkmap_nr] = page;
		return PKMAP_ADDR(last_pkmap_nr);
	}
	panic("kmap: all %d PKMAP slots are in use (a kunmap() is missing), from %pS",
	      LAST_PKMAP, (void *)caller);
}

/* The slot mapping page, or -1.  A linear scan: kmap is not a hot path here. */
static int pkmap_slot(const struct page *page)
{
	for (int i = 0; i < LAST_PKMAP; i++)
		if (pkmap_page[i] == page && pkmap_count[i])
			return i;
	return -1;
}

/*
 * A highmem page has an address only while someone holds a kmap of it: a
 * slot left at count 1 by kunmap() is waiting for the next flush, and the
 * page may already be free and handed out again.
 */
void *highmem_page_address(const struct page *page)
{
	int slot = pkmap_slot(page);

	return slot < 0 || pkmap_count[slot] < 2 ? NULL : (void *)PKMAP_ADDR(slot);
}

void *kmap(struct page *page)
{
	int slot;
	unsigned long vaddr;

	if (page_zonenum(page) != ZONE_HIGHMEM)
		return page_address(page);
	slot = pkmap_slot(page);
	vaddr = slot < 0 ? map_new_virtual(page, _RET_IP_) : PKMAP_ADDR(slot);
	pkmap_count[PKMAP_NR(vaddr)]++;
	return (void *)vaddr;
}

void kunmap(struct page *page)
{
	int slot;

	if (page_zonenum(page) != ZONE_HIGHMEM)
		return;
	slot = pkmap_slot(page);
	if (slot < 0 || pkmap_count[slot] < 2)
		panic("kunmap: pfn %05lx is not kmapped, from %pS",
		      page_to_pfn(page), __builtin_return_address(0));
	pkmap_count[slot]--;
}

unsigned long nr_kmapped(void)
{
	unsigned long n = 0;

	for (int i = 0; i < LAST_PKMAP; i++)
		n += pkmap_count[i] > 1;
	return n;
}

void *kmap_atomic(struct page *page, enum km_type type)
{
	enum fixed_addresses idx = FIX_KMAP_BEGIN + type;

	if (page_zonenum(page) != ZONE_HIGHMEM)
		return page_address(page);
	BUG_ON(type >= KM_TYPE_NR_USED || idx > FIX_KMAP_END);
	set_fixmap(idx, page_to_phys(page));
	return (void *)__fix_to_virt(idx);
}

void kunmap_atomic(void *kvaddr, enum km_type type)
{
	enum fixed_addresses idx = FIX_KMAP_BEGIN + type;

	if ((unsigned long)kvaddr < FIXADDR_START)
		return;		/* a lowmem page: nothing was mapped */
	BUG_ON((unsigned long)kvaddr != __fix_to_virt(idx));
	/* Unmapped at once, so a stale pointer faults instead of aliasing. */
	clear_fixmap(idx);
}
