/*
 * Which boot allocator runs -- bootmem, the book's, or memblock, today's
 * Linux's -- and the few calls through which the rest of the kernel takes
 * boot memory from whichever it is (linux/boot_allocator.h).  The names
 * of what stays reserved go to the one record either way
 * (mm/reservations.c), so the census at the end of boot reads the same.
 */
#include <linux/boot_allocator.h>
#include <linux/kernel.h>
#include "internal.h"

enum boot_allocator_kind boot_allocator = BOOT_ALLOCATOR_BOOTMEM;

static const char *const boot_allocator_names[] = { "bootmem", "memblock", NULL };

/* boot_allocator=bootmem|memblock: a wrong value is refused with the choices. */
static int __init boot_allocator_setup(char *str)
{
	int i = get_choice_param("boot_allocator", str, boot_allocator_names);

	if (i < 0)
		return -1;
	boot_allocator = (enum boot_allocator_kind)i;
	return 0;
}
early_param("boot_allocator", boot_allocator_setup);

const char *boot_allocator_name(void)
{
	return boot_allocator_names[boot_allocator];
}

/* The last allocation made, the one boot_name_alloc() may name. */
static void *last_alloc __initdata;
static unsigned long last_alloc_size __initdata;

void __init boot_alloc_made(void *ptr, unsigned long size)
{
	last_alloc = ptr;
	last_alloc_size = size;
}

/* bootmem panics itself (bootmem_oom()); memblock leaves it to the caller, as Linux's do. */
void __init boot_alloc_failed(unsigned long size, unsigned long align, int nid, u64 max_addr,
			      unsigned long caller)
{
	panic("%s: Failed to allocate %lu bytes align=%#lx nid=%d max_addr=%#llx, from %pS",
	      boot_allocator_name(), size, align, nid, (unsigned long long)max_addr,
	      (void *)caller);
}

/*
 * Allocations never given back -- page tables, mem_map -- are named as
 * they are made: the whole pages they touch.  Only the allocation just
 * made can be named, so nothing is named that the allocator does not
 * hold.  Page tables are whole pages and mem_map follows them, so no two
 * named allocations share a page (the `retire` self-test proves every
 * reserved page has one name).  A call of its own, not an argument of the
 * allocation: naming is the record's business (mm/reservations.c), not
 * the search's.
 */
void *__init boot_name_alloc(void *ptr, unsigned long size, const char *why)
{
	if (!ptr || ptr != last_alloc || size != last_alloc_size)
		panic("%s: %s: %p is not the allocation just made, from %pS", boot_allocator_name(),
		      why, ptr, (void *)_RET_IP_);
	last_alloc = NULL;
	note_reservation(PFN_DOWN(__pa(ptr)), PFN_UP(__pa(ptr) + size), why);
	return ptr;
}

/*
 * The name's way in for memblock's reservations (boot_reserve()), and
 * only for a range memblock holds, every byte: no free range may meet it,
 * so nothing is named that is not kept (bootmem's reserve_bootmem_named()
 * names as it reserves).
 */
void __init boot_name_range(phys_addr_t addr, unsigned long size, const char *why)
{
	phys_addr_t start, end, last = addr + size - 1;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		if (start < addr + size && end > addr)
			panic("memblock: %s [%pa-%pa] named but not reserved, from %pS", why, &addr,
			      &last, (void *)_RET_IP_);
	note_reservation(PFN_DOWN(addr), PFN_UP((u64)addr + size), why);
}

/* memblock: reserved if any byte is, or not all of it memory (bootmem_page_reserved()). */
bool __init boot_page_reserved(unsigned long pfn)
{
	phys_addr_t base = PFN_PHYS(pfn);

	if (!using_memblock())
		return bootmem_page_reserved(pfn);
	return !memblock_is_region_memory(base, PAGE_SIZE) ||
	       memblock_is_region_reserved(base, PAGE_SIZE);
}

/* memblock: the longest run of whole free pages below the limit allocations keep to. */
static unsigned long __init memblock_largest_free_run(void)
{
	phys_addr_t start, end, limit = memblock_get_current_limit();
	unsigned long best = 0;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		unsigned long s = PFN_UP(start);
		unsigned long e = min((unsigned long)PFN_DOWN(min(end, limit)), max_low_pfn);

		if (e > s && e - s > best)
			best = e - s;
	}
	return best;
}

unsigned long __init boot_largest_free_run(void)
{
	const pg_data_t *where;

	if (using_memblock())
		return memblock_largest_free_run();
	return bootmem_largest_free_run(&where);
}

void __init boot_free_late(phys_addr_t addr, unsigned long size)
{
	if (using_memblock())
		memblock_free_late(addr, size);
	else
		free_bootmem_late(addr, size);
}
