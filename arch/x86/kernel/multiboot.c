/*
 * Reading the boot loader's information block (Multiboot 1 spec 0.6.96
 * section 3.3, Multiboot 2 spec section 3.6) into struct boot_info.
 *
 * The rules, which the host fuzz tests hold us to:
 *  - every read goes through copy_from_phys() with an explicit length, and
 *    a Multiboot 2 block is read whole (at most MB2_MAX_INFO bytes) and
 *    walked in our copy, so no tag can point us outside it;
 *  - a Multiboot 1 mmap entry whose size field is below 20 bytes, or which
 *    runs past mmap_length, ends the map there, with a message;
 *  - a Multiboot 2 tag smaller than 8 bytes or running past total_size ends
 *    the walk; an mmap tag whose entry_size is under 24 ends the map;
 *  - entries past E820MAX are dropped and reported (map_truncated);
 *  - strings are cut to their buffers and always NUL-terminated.
 * Overlaps, zero sizes and disorder are left for sanitize_e820_map().
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/multiboot.h>

#define MB2_MAX_INFO	(64 * 1024)
#define MB1_MAX_MODS	16

static void __init add_range(struct boot_info *bi, u64 start, u64 len, const char *what)
{
	if (!len)
		return;
	if (bi->nr_ranges == MAX_BOOT_RANGES) {
		pr_warn("multiboot: too many boot loader ranges, %s not reserved\n", what);
		return;
	}
	bi->ranges[bi->nr_ranges++] = (struct boot_range){ start, start + len, what };
}

static void __init add_map_entry(struct boot_info *bi, u64 addr, u64 len, u32 type)
{
	if (!e820_add_region(&bi->map, addr, len, type))
		bi->map_truncated = true;
}

/* A NUL-terminated string at phys, cut to size; returns its length or -1. */
static int __init copy_string(char *dst, size_t size, u32 phys)
{
	size_t n = 0;

	/* Byte-sized reads would be slow; a page-bounded chunk is enough. */
	while (n < size - 1) {
		size_t chunk = min(size - 1 - n, (size_t)(4096 - ((phys + n) & 4095)));

		if (copy_from_phys(dst + n, (u64)phys + n, chunk))
			break;
		for (size_t i = 0; i < chunk; i++, n++)
			if (!dst[n])
				return (int)n;
	}
	dst[n] = '\0';
	return n ? (int)n : -1;
}

static void __init mb1_mmap(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u32 off = 0;

	add_range(bi, mbi->mmap_addr, mbi->mmap_length, "multiboot mmap");
	while (off + 4 <= mbi->mmap_length) {
		struct multiboot_mmap_entry e;

		if (copy_from_phys(&e.size, (u64)mbi->mmap_addr + off, 4))
			break;
		if (e.size < 20 || e.size > mbi->mmap_length - off - 4) {
			pr_warn("multiboot: bad mmap entry size %u at offset %u, map ends there\n",
				e.size, off);
			break;
		}
		if (copy_from_phys(&e, (u64)mbi->mmap_addr + off, sizeof(e)))
			break;
		add_map_entry(bi, e.addr, e.len, e.type);
		off += e.size + 4;
	}
	bi->map_source = "multiboot mmap";
}

static void __init mb1_mods(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u32 n = min(mbi->mods_count, (u32)MB1_MAX_MODS);

	if (mbi->mods_count > MB1_MAX_MODS)
		pr_warn("multiboot: %u modules, only %u looked at\n", mbi->mods_count, n);
	add_range(bi, mbi->mods_addr, (u64)n * sizeof(struct multiboot_mod), "multiboot modules");
	for (u32 i = 0; i < n; i++) {
		struct multiboot_mod m;

		if (copy_from_phys(&m, (u64)mbi->mods_addr + i * sizeof(m), sizeof(m)))
			break;
		if (m.mod_end > m.mod_start)
			add_range(bi, m.mod_start, m.mod_end - m.mod_start, "module");
	}
}

static int __init parse_mb1(struct boot_info *bi, u32 info)
{
	struct multiboot_info mbi;

	bi->protocol = "Multiboot";
	if (copy_from_phys(&mbi, info, sizeof(mbi)))
		return -1;
	add_range(bi, info, sizeof(mbi), "multiboot info");
	if (mbi.flags & MULTIBOOT_INFO_CMDLINE) {
		int n = copy_string(bi->cmdline, sizeof(bi->cmdline), mbi.cmdline);

		if (n >= 0)
			add_range(bi, mbi.cmdline, (u64)n + 1, "command line");
	}
	if (mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		copy_string(bi->loader_name, sizeof(bi->loader_name), mbi.boot_loader_name);
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

static void __init mb2_mmap(struct boot_info *bi, const u8 *tag, u32 size)
{
	struct mb2_tag_mmap hdr;

	memcpy(&hdr, tag, sizeof(hdr));
	if (hdr.entry_size < sizeof(struct mb2_mmap_entry)) {
		pr_warn("multiboot2: bad mmap entry_size %u, map ignored\n", hdr.entry_size);
		return;
	}
	/* entry_size <= size - off, not off + entry_size <= size: no wrap. */
	for (u32 off = sizeof(hdr); off <= size && hdr.entry_size <= size - off;
	     off += hdr.entry_size) {
		struct mb2_mmap_entry e;

		memcpy(&e, tag + off, sizeof(e));
		add_map_entry(bi, e.addr, e.len, e.type);
	}
	bi->map_source = "multiboot2 mmap";
}

static void __init mb2_tag(struct boot_info *bi, const u8 *tag, u32 type, u32 size)
{
	struct mb2_tag_basic_meminfo mem;
	struct mb2_tag_module mod;
	size_t n;

	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_BOOT_LOADER_NAME: {
		char *dst = type == MB2_TAG_CMDLINE ? bi->cmdline : bi->loader_name;
		size_t cap = type == MB2_TAG_CMDLINE ? sizeof(bi->cmdline) : sizeof(bi->loader_name);

		n = min((size_t)(size - 8), cap - 1);
		memcpy(dst, tag + 8, n);
		dst[n] = '\0';
		break;
	}
	case MB2_TAG_BASIC_MEMINFO:
		if (size < sizeof(mem))
			break;
		memcpy(&mem, tag, sizeof(mem));
		bi->have_meminfo = true;
		bi->mem_lower = mem.mem_lower;
		bi->mem_upper = mem.mem_upper;
		break;
	case MB2_TAG_MODULE:
		if (size < sizeof(mod))
			break;
		memcpy(&mod, tag, sizeof(mod));
		if (mod.mod_end > mod.mod_start)
			add_range(bi, mod.mod_start, mod.mod_end - mod.mod_start, "module");
		break;
	case MB2_TAG_MMAP:
		if (size >= sizeof(struct mb2_tag_mmap))
			mb2_mmap(bi, tag, size);
		break;
	default:
		break;
	}
}

static int __init parse_mb2(struct boot_info *bi, u32 info)
{
	static u8 __initdata buf[MB2_MAX_INFO];
	u32 total, off;

	bi->protocol = "Multiboot2";
	if (copy_from_phys(&total, info, 4))
		return -1;
	if (total < 16 || total > MB2_MAX_INFO) {
		pr_err("multiboot2: implausible total_size %u\n", total);
		return -1;
	}
	if (copy_from_phys(buf, info, total))
		return -1;
	add_range(bi, info, total, "multiboot2 info");
	for (off = 8; off + 8 <= total; off = ALIGN(off + ((struct mb2_tag *)(buf + off))->size, 8u)) {
		struct mb2_tag t;

		memcpy(&t, buf + off, sizeof(t));
		if (t.type == MB2_TAG_END)
			return 0;
		if (t.size < 8 || t.size > total - off) {
			pr_warn("multiboot2: bad tag (type %u, size %u) at offset %u, rest ignored\n",
				t.type, t.size, off);
			return 0;
		}
		mb2_tag(bi, buf + off, t.type, t.size);
	}
	return 0;
}

int __init parse_multiboot(struct boot_info *bi, u32 magic, u32 info)
{
	memset(bi, 0, sizeof(*bi));
	bi->map_source = "none";
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
		return parse_mb1(bi, info);
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		return parse_mb2(bi, info);
	return -1;
}
