/*
 * Reading the boot loader's information block (Multiboot 1 spec 0.6.96
 * section 3.3, Multiboot 2 spec section 3.6) into struct boot_info.
 *
 * The rules, which the host fuzz tests hold us to:
 *  - every read goes through copy_from_phys() with an explicit length, and
 *    a Multiboot 2 block is walked where the loader left it, a tag at a
 *    time, inside its total_size however large that is (offsets are 64-bit:
 *    nothing wraps), so no tag can point us outside it;
 *  - a Multiboot 1 mmap entry whose size field is below 20 bytes, or which
 *    runs past mmap_length, ends the map there, with a message;
 *  - a Multiboot 2 tag smaller than 8 bytes or running past total_size ends
 *    the walk; an mmap tag whose entry_size is under 24 ends the map;
 *  - entries past E820MAX are dropped and reported (map_truncated);
 *  - strings are measured to their NUL (a Multiboot 2 one at most to its
 *    tag's end, any at most MB_STRING_MAX bytes), copied cut to their
 *    buffers and always NUL-terminated; the command line keeps its real
 *    length, so setup_arch() can refuse a line it cannot hold instead of
 *    cutting it;
 *  - modules are counted, not copied: there may be any number of them.  A
 *    Multiboot 1 module list is taken as far as it can be read (and says
 *    so when that is not to its end); next_boot_module() reads them again
 *    one at a time, by the same rules.
 * Overlaps, zero sizes and disorder are left for sanitize_e820_map() and
 * setup_arch().
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/multiboot.h>
#include <asm/page.h>

/* Not __initconst: a block's name is for messages, whenever they come. */
const char *const boot_range_names[NR_BOOT_RANGE_TYPES] = {
	[BOOT_RANGE_MB_INFO]		= "multiboot info",
	[BOOT_RANGE_MB2_INFO]		= "multiboot2 info",
	[BOOT_RANGE_MMAP]		= "multiboot mmap",
	[BOOT_RANGE_MODULE_LIST]	= "multiboot modules",
	[BOOT_RANGE_CMDLINE]		= "command line",
	[BOOT_RANGE_LOADER_NAME]	= "boot loader name",
};

static void __init add_range(struct boot_info *bi, u64 start, u64 len,
			     enum boot_range_type type)
{
	if (!len)
		return;
	/* The protocol fixes how many blocks there are: more is a bug here. */
	BUG_ON(bi->nr_ranges == MAX_LOADER_BLOCKS);
	bi->ranges[bi->nr_ranges++] = (struct boot_range){ start, start + len, type };
}

/* False once the map is full: every later entry would be dropped too. */
static bool __init add_map_entry(struct boot_info *bi, u64 addr, u64 len, u32 type)
{
	if (e820_add_region(&bi->map, addr, len, type))
		return true;
	bi->map_truncated = true;
	return false;
}

/*
 * The length of the string at phys: it ends at its NUL, where memory ends,
 * or after max bytes.  *block is what it occupies, its NUL included.  A
 * chunk at a time inside one page; a byte at a time only where memory
 * ends, to find exactly where.
 */
static u32 __init phys_strnlen(u64 phys, u32 max, u32 *block)
{
	char buf[256];
	bool bytewise = false;
	u32 n = 0;

	while (n < max) {
		u32 chunk = min(min((u32)sizeof(buf), max - n),
				(u32)(PAGE_SIZE - ((phys + n) & ~PAGE_MASK)));
		const char *nul;

		if (bytewise)
			chunk = 1;
		if (copy_from_phys(buf, phys + n, chunk)) {
			if (bytewise)
				break;
			bytewise = true;
			continue;
		}
		nul = memchr(buf, 0, chunk);
		if (nul) {
			n += (u32)(nul - buf);
			*block = n + 1;
			return n;
		}
		n += chunk;
	}
	*block = n;
	return n;
}

/*
 * The string at phys, at most room bytes long (the rest of its tag; ~0u
 * for a Multiboot 1 pointer), copied into dst cut to size.  Returns its
 * length; *block is what it occupies, *whole whether its end was found
 * (not so only when MB_STRING_MAX bytes had no NUL).
 */
static u32 __init take_string(char *dst, size_t size, u64 phys, u32 room, u32 *block,
			      bool *whole)
{
	u32 len = phys_strnlen(phys, min(room, (u32)MB_STRING_MAX), block);
	size_t n = min((size_t)len, size - 1);

	*whole = len < MB_STRING_MAX || room <= MB_STRING_MAX;
	if (copy_from_phys(dst, phys, n))
		n = 0;
	dst[n] = '\0';
	return len;
}

static void __init mb1_mmap(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u32 off = 0;

	add_range(bi, mbi->mmap_addr, mbi->mmap_length, BOOT_RANGE_MMAP);
	while (off + 4 <= mbi->mmap_length) {
		struct multiboot_mmap_entry e;

		if (copy_from_phys(&e.size, (u64)mbi->mmap_addr + off, 4))
			break;
		if (e.size < 20 || e.size > mbi->mmap_length - off - 4) {
			pr_warn("multiboot: bad mmap entry size %u at offset %u, map ends there\n",
				e.size, off);
			break;
		}
		if (copy_from_phys(&e, (u64)mbi->mmap_addr + off, sizeof(e)) ||
		    !add_map_entry(bi, e.addr, e.len, e.type))
			break;
		off += e.size + 4;
	}
	bi->map_source = "multiboot mmap";
}

/*
 * How many entries of the module list can be read: all of them unless it
 * runs past the end of memory.  What can be read is a prefix of memory, so
 * a binary search on the last byte finds it without reading a list that
 * may claim four billion entries.
 */
static u32 __init mb1_readable_mods(u32 addr, u32 count)
{
	u32 lo = 0, hi = count;
	u8 byte;

	while (lo < hi) {
		u32 mid = hi - (hi - lo) / 2;

		if (copy_from_phys(&byte, (u64)addr + (u64)mid * sizeof(struct multiboot_mod) - 1, 1))
			hi = mid - 1;
		else
			lo = mid;
	}
	return lo;
}

static void __init mb1_mods(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u32 n = mb1_readable_mods(mbi->mods_addr, mbi->mods_count);

	if (n < mbi->mods_count)
		pr_err("multiboot: module list at %#018llx runs past the end of memory: %u of %u modules read\n",
		       (unsigned long long)mbi->mods_addr, n, mbi->mods_count);
	bi->mods_addr = mbi->mods_addr;
	bi->mods_size = n;
	bi->nr_modules = n;
	add_range(bi, mbi->mods_addr, (u64)n * sizeof(struct multiboot_mod),
		  BOOT_RANGE_MODULE_LIST);
}

static void __init mb1_strings(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u32 block;
	bool whole;

	if (mbi->flags & MULTIBOOT_INFO_CMDLINE) {
		bi->cmdline_len = take_string(bi->cmdline, sizeof(bi->cmdline), mbi->cmdline, ~0u,
					      &block, &bi->cmdline_whole);
		add_range(bi, mbi->cmdline, block, BOOT_RANGE_CMDLINE);
	}
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
		take_string(bi->loader_name, sizeof(bi->loader_name), mbi->boot_loader_name, ~0u,
			    &block, &whole);
		add_range(bi, mbi->boot_loader_name, block, BOOT_RANGE_LOADER_NAME);
	}
}

static int __init parse_mb1(struct boot_info *bi, u32 info)
{
	struct multiboot_info mbi;

	bi->protocol = "Multiboot";
	bi->version = 1;
	if (copy_from_phys(&mbi, info, sizeof(mbi)))
		return -1;
	add_range(bi, info, sizeof(mbi), BOOT_RANGE_MB_INFO);
	mb1_strings(bi, &mbi);
	if (mbi.flags & MULTIBOOT_INFO_MEMORY) {
		bi->have_meminfo = true;
		bi->mem_lower = mbi.mem_lower;
		bi->mem_upper = mbi.mem_upper;
	}
	if (mbi.flags & MULTIBOOT_INFO_MEM_MAP)
		mb1_mmap(bi, &mbi);
	if (mbi.flags & MULTIBOOT_INFO_MODS)
		mb1_mods(bi, &mbi);
	return 0;
}

/* Module i of the list, with the command line its string field points to. */
static bool __init mb1_next_module(const struct boot_info *bi, struct boot_module_cursor *c,
				   struct boot_module *m)
{
	struct multiboot_mod mod;
	u32 block;

	if (c->pos >= bi->mods_size ||
	    copy_from_phys(&mod, bi->mods_addr + c->pos * sizeof(mod), sizeof(mod)))
		return false;
	c->pos++;
	phys_strnlen(mod.string, MB_STRING_MAX, &block);
	*m = (struct boot_module){ mod.mod_start, mod.mod_end, mod.string, block, 0 };
	return true;
}

/*
 * The tag at off of the block at info, total bytes long: false at the end
 * tag, at the end of the block, or at a bad tag -- shorter than its own
 * header or running past total_size (noisy: say so).  Tags start 8-byte
 * aligned (spec 3.6.1); the caller moves on by ALIGN(off + size, 8).
 */
static bool __init mb2_tag_at(u32 info, u32 total, u64 off, struct mb2_tag *t, bool noisy)
{
	if (off + sizeof(*t) > total || copy_from_phys(t, info + off, sizeof(*t)) ||
	    t->type == MB2_TAG_END)
		return false;
	if (t->size < sizeof(*t) || t->size > total - off) {
		if (noisy)
			pr_warn("multiboot2: bad tag (type %u, size %u) at offset %llu, rest ignored\n",
				t->type, t->size, (unsigned long long)off);
		return false;
	}
	return true;
}

/* entry_size <= size - off, not off + entry_size <= size: no wrap. */
static void __init mb2_mmap(struct boot_info *bi, u64 tag, u32 size)
{
	struct mb2_tag_mmap hdr;

	if (copy_from_phys(&hdr, tag, sizeof(hdr)))
		return;
	if (hdr.entry_size < sizeof(struct mb2_mmap_entry)) {
		pr_warn("multiboot2: bad mmap entry_size %u, map ignored\n", hdr.entry_size);
		return;
	}
	for (u64 off = sizeof(hdr); off <= size && hdr.entry_size <= size - off;
	     off += hdr.entry_size) {
		struct mb2_mmap_entry e;

		if (copy_from_phys(&e, tag + off, sizeof(e)) ||
		    !add_map_entry(bi, e.addr, e.len, e.type))
			break;
	}
	bi->map_source = "multiboot2 mmap";
}

static void __init mb2_tag(struct boot_info *bi, u64 tag, const struct mb2_tag *t, u64 off)
{
	struct mb2_tag_basic_meminfo mem;
	u32 block;
	bool whole;

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		bi->cmdline_len = take_string(bi->cmdline, sizeof(bi->cmdline), tag + 8, t->size - 8,
					      &block, &bi->cmdline_whole);
		break;
	case MB2_TAG_BOOT_LOADER_NAME:
		take_string(bi->loader_name, sizeof(bi->loader_name), tag + 8, t->size - 8,
			    &block, &whole);
		break;
	case MB2_TAG_BASIC_MEMINFO:
		if (t->size < sizeof(mem) || copy_from_phys(&mem, tag, sizeof(mem)))
			break;
		bi->have_meminfo = true;
		bi->mem_lower = mem.mem_lower;
		bi->mem_upper = mem.mem_upper;
		break;
	case MB2_TAG_MODULE:
		if (t->size >= sizeof(struct mb2_tag_module))
			bi->nr_modules++;
		else
			pr_warn("multiboot2: module tag of %u bytes at offset %llu, ignored\n",
				t->size, (unsigned long long)off);
		break;
	case MB2_TAG_MMAP:
		if (t->size >= sizeof(struct mb2_tag_mmap))
			mb2_mmap(bi, tag, t->size);
		break;
	default:
		break;
	}
}

static int __init parse_mb2(struct boot_info *bi, u32 info)
{
	struct mb2_tag t;
	u32 total;
	u8 last;

	bi->protocol = "Multiboot2";
	bi->version = 2;
	if (copy_from_phys(&total, info, 4))
		return -1;
	if (total < 16) {
		pr_err("multiboot2: implausible total_size %u\n", total);
		return -1;
	}
	if (copy_from_phys(&last, (u64)info + total - 1, 1)) {
		pr_err("multiboot2: info block at %#018llx (total_size %u) runs past the end of memory\n",
		       (unsigned long long)info, total);
		return -1;
	}
	bi->mods_addr = info;
	bi->mods_size = total;
	add_range(bi, info, total, BOOT_RANGE_MB2_INFO);
	for (u64 off = 8; mb2_tag_at(info, total, off, &t, true); off = ALIGN(off + t.size, 8))
		mb2_tag(bi, info + off, &t, off);
	return 0;
}

/* The next module tag; the string inside it is inside the info block. */
static bool __init mb2_next_module(const struct boot_info *bi, struct boot_module_cursor *c,
				   struct boot_module *m)
{
	struct mb2_tag_module mod;
	struct mb2_tag t;

	for (u64 off = c->pos ? c->pos : 8; mb2_tag_at(bi->mods_addr, bi->mods_size, off, &t, false);
	     off = ALIGN(off + t.size, 8)) {
		if (t.type != MB2_TAG_MODULE || t.size < sizeof(mod) ||
		    copy_from_phys(&mod, bi->mods_addr + off, sizeof(mod)))
			continue;
		c->pos = ALIGN(off + t.size, 8);
		*m = (struct boot_module){ mod.mod_start, mod.mod_end, 0, 0, 0 };
		return true;
	}
	c->pos = bi->mods_size;
	return false;
}

/*
 * The boot modules one at a time, from a cursor that starts zeroed: false
 * after the last.  They come as the loader listed them, however many,
 * empty or out of order; setup_arch() judges them.
 */
bool __init next_boot_module(const struct boot_info *bi, struct boot_module_cursor *c,
			     struct boot_module *m)
{
	if (bi->version == 1)
		return mb1_next_module(bi, c, m);
	if (bi->version == 2)
		return mb2_next_module(bi, c, m);
	return false;
}

int __init parse_multiboot(struct boot_info *bi, u32 magic, u32 info)
{
	memset(bi, 0, sizeof(*bi));
	bi->map_source = "none";
	bi->cmdline_whole = true;	/* no command line is a whole empty one */
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
		return parse_mb1(bi, info);
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		return parse_mb2(bi, info);
	return -1;
}
