/*
 * Boot modules are the loader's data we must not write over.  A checksum
 * of each, taken before anything but their table is placed in memory,
 * lets the self-tests prove they survived setup_arch() -- the bootmem
 * bitmap, page tables and mem_map all land somewhere (Adler-32, RFC 1950;
 * cheap, and any overwrite of a module is caught).  Portable C: the host
 * tests run it over simulated memory.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/bootinfo.h>
#include <asm/page.h>

#define ADLER_MOD	65521	/* the largest prime below 2^16 */

/* The Adler-32 of physical [start, end), read a page at a time; 0 if it cannot be read. */
static u32 __init adler32_phys(u64 start, u64 end)
{
	static u8 __initdata chunk[PAGE_SIZE];
	u32 a = 1, b = 0;

	for (u64 p = start; p < end; p += sizeof(chunk)) {
		size_t n = (size_t)min(end - p, (u64)sizeof(chunk));

		if (copy_from_phys(chunk, p, n))
			return 0;
		for (size_t i = 0; i < n; i++) {
			a = (a + chunk[i]) % ADLER_MOD;
			b = (b + a) % ADLER_MOD;
		}
	}
	return (b << 16) | a;
}

void __init sum_boot_modules(struct boot_module *m, u32 nr)
{
	for (u32 i = 0; i < nr; i++)
		m[i].adler32 = adler32_phys(m[i].start, m[i].end);
}

/* Modules whose contents changed since they were summed; -1 if there are none at all. */
int __init boot_modules_changed(const struct boot_module *m, u32 nr)
{
	int changed = 0;

	for (u32 i = 0; i < nr; i++) {
		if (adler32_phys(m[i].start, m[i].end) != m[i].adler32) {
			pr_err("boot module %u at %#018llx-%#018llx was overwritten\n", i,
			       (unsigned long long)m[i].start, (unsigned long long)m[i].end);
			changed++;
		}
	}
	return nr ? changed : -1;
}
