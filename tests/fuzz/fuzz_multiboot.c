/*
 * libFuzzer target: parse_multiboot() and next_boot_module()
 * (arch/x86/kernel/multiboot.c) on boot loader information made from the
 * input bytes.
 *
 * Input: byte 0 picks the call: bit 0 the magic (0 Multiboot 1 0x2BADB002,
 * 1 Multiboot 2 0x36d76289), bit 7 a magic read from the input instead
 * (rejected unless it happens to be one of the two), bits 5-6 where the
 * info pointer (the next 4 bytes) points: 0 and 3 inside the block (u32
 * modulo 128 KiB), 1 anywhere (the raw u32), 2 in the last 64 bytes of
 * simulated memory.  The rest of the input is physical memory from address
 * 0: the first 128 KiB of a 192 KiB sim_mem (the rest is zero), so a
 * Multiboot 2 block can be larger than the 64 KiB the parser once copied.
 * copy_from_phys() refuses reads outside sim_mem, and ASan guards the
 * parser's own buffers.
 *
 * Checked: nr_map <= E820MAX (map_truncated exactly when it is full and
 * more came), nr_ranges <= MAX_LOADER_BLOCKS, command line and loader name
 * NUL-terminated within their buffers and the command line's copy as long
 * as its measured length allows, every range start < end; and all of
 * struct boot_info, and the modules next_boot_module() gives (the first
 * MAX_REF_MODS of them, and with no more than that, all and then no more)
 * equal what a second, independent reading
 * of the same memory makes of it by the rules in multiboot.c's header
 * comment (written here with 64-bit offsets, plainly, byte by byte).
 */
#include <string.h>
#include <linux/kernel.h>
#include <asm/bootinfo.h>
#include <asm/multiboot.h>
#include <asm/page.h>
#include "../host/host.h"

#define FUZZ_NAME "fuzz_multiboot"
#include "fuzz.h"

#define SIM_SIZE	(192u << 10)
#define BLOCK_SIZE	(128u << 10)
/*
 * The modules compared one by one: the first this many (a list can claim
 * thousands; walking all of them twice per input would slow the fuzzer
 * forty-fold).  The count is compared whatever it is.
 */
#define MAX_REF_MODS	256

static struct boot_info got, want;
static struct boot_module want_mods[MAX_REF_MODS];
static u32 magic, info;
static int got_ret, want_ret;
static size_t prev_len;

/* A type out of range is a finding, not a crash of the reporting. */
static const char *range_name(const struct boot_range *r)
{
	return (unsigned int)r->type < NR_BOOT_RANGE_TYPES ? boot_range_names[r->type] : "(bad type)";
}

static void dump_bi(const char *who, const struct boot_info *bi, int ret)
{
	fprintf(stderr, "  %s: ret %d protocol %s map_source %s meminfo %d %u/%u\n", who, ret,
		bi->protocol ? bi->protocol : "(null)", bi->map_source ? bi->map_source : "(null)",
		bi->have_meminfo, bi->mem_lower, bi->mem_upper);
	fprintf(stderr, "    cmdline (%u bytes%s) \"%.80s\" loader \"%.63s\"\n", bi->cmdline_len,
		bi->cmdline_whole ? "" : ", no end", bi->cmdline, bi->loader_name);
	fprintf(stderr, "    map: %d entries%s\n", bi->map.nr_map, bi->map_truncated ? " (truncated)" : "");
	for (int i = 0; i < bi->map.nr_map && i < 16; i++)
		fprintf(stderr, "      %016llx + %016llx type %u\n",
			(unsigned long long)bi->map.map[i].addr,
			(unsigned long long)bi->map.map[i].size, bi->map.map[i].type);
	fprintf(stderr, "    ranges: %d\n", bi->nr_ranges);
	for (int i = 0; i < bi->nr_ranges && i < MAX_LOADER_BLOCKS; i++)
		fprintf(stderr, "      %#llx-%#llx %s\n", (unsigned long long)bi->ranges[i].start,
			(unsigned long long)bi->ranges[i].end, range_name(&bi->ranges[i]));
	fprintf(stderr, "    modules: %u (list at %#x, %u)\n", bi->nr_modules, bi->mods_addr,
		bi->mods_size);
}

static void fuzz_dump(void)
{
	fprintf(stderr, "  magic %#x info %#x\n", magic, info);
	dump_bi("parse_multiboot", &got, got_ret);
	dump_bi("reference", &want, want_ret);
}

/* ---- the reference reading ---- */

static bool ref_read(void *dst, u64 phys, u64 len)
{
	if (phys > sim_mem_size || len > sim_mem_size - phys)
		return false;
	memcpy(dst, sim_mem + phys, len);
	return true;
}

static void ref_range(struct boot_info *bi, u64 start, u64 len, enum boot_range_type type)
{
	if (!len || bi->nr_ranges == MAX_LOADER_BLOCKS)
		return;
	bi->ranges[bi->nr_ranges++] = (struct boot_range){ start, start + len, type };
}

static void ref_entry(struct boot_info *bi, u64 addr, u64 len, u32 type)
{
	if (bi->map.nr_map == E820MAX) {
		bi->map_truncated = true;
		return;
	}
	bi->map.map[bi->map.nr_map++] = (struct e820entry){ addr, len, type };
}

static void ref_module(struct boot_info *bi, u32 start, u32 end, u32 string, u32 string_len)
{
	if (bi->nr_modules < MAX_REF_MODS)
		want_mods[bi->nr_modules] = (struct boot_module){ start, end, string, string_len, 0 };
	bi->nr_modules++;
}

/*
 * In simulated memory as it is: at most room bytes (and MB_STRING_MAX),
 * up to a NUL or memory's end; the first size - 1 of them into dst (dst
 * may be NULL).  Returns the length; *block counts the NUL when there was
 * one; *whole is false only when MB_STRING_MAX bytes had no NUL and room
 * went on.
 */
static u64 ref_string(char *dst, u64 size, u64 phys, u64 room, u64 *block, bool *whole)
{
	u64 lim = phys < sim_mem_size ? min(min(room, (u64)MB_STRING_MAX), sim_mem_size - phys) : 0;
	const u8 *nul = lim ? memchr(sim_mem + phys, 0, lim) : NULL;
	u64 n = nul ? (u64)(nul - (sim_mem + phys)) : lim;

	if (dst) {
		memcpy(dst, sim_mem + phys, min(n, size - 1));
		dst[min(n, size - 1)] = 0;
	}
	*block = nul ? n + 1 : n;
	*whole = n < MB_STRING_MAX || room <= MB_STRING_MAX;
	return n;
}

static void ref_mb1_mods(struct boot_info *bi, const struct multiboot_info *mbi)
{
	u64 i;

	/* Entry by entry, as far as they can be read (the rest only counted). */
	for (i = 0; i < mbi->mods_count; i++) {
		struct multiboot_mod m;
		u64 block;
		bool whole;

		if (i >= MAX_REF_MODS) {
			u64 room = (u64)mbi->mods_addr + i * 16 <= sim_mem_size ?
				   (sim_mem_size - mbi->mods_addr - i * 16) / 16 : 0;

			bi->nr_modules += (u32)min(room, (u64)mbi->mods_count - i);
			i += min(room, (u64)mbi->mods_count - i);
			break;
		}
		if (!ref_read(&m, (u64)mbi->mods_addr + i * 16, 16))
			break;
		ref_string(NULL, 0, m.string, ~0ULL, &block, &whole);
		ref_module(bi, m.mod_start, m.mod_end, m.string, (u32)block);
	}
	ref_range(bi, mbi->mods_addr, i * 16, BOOT_RANGE_MODULE_LIST);
	bi->mods_addr = mbi->mods_addr;
	bi->mods_size = (u32)i;
}

static int ref_mb1(struct boot_info *bi)
{
	struct multiboot_info mbi;
	u64 block;
	bool whole;

	bi->protocol = "Multiboot";
	bi->version = 1;
	if (!ref_read(&mbi, info, sizeof(mbi)))
		return -1;
	ref_range(bi, info, sizeof(mbi), BOOT_RANGE_MB_INFO);
	if (mbi.flags & MULTIBOOT_INFO_CMDLINE) {
		bi->cmdline_len = (u32)ref_string(bi->cmdline, sizeof(bi->cmdline), mbi.cmdline,
						  ~0ULL, &block, &bi->cmdline_whole);
		ref_range(bi, mbi.cmdline, block, BOOT_RANGE_CMDLINE);
	}
	if (mbi.flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
		ref_string(bi->loader_name, sizeof(bi->loader_name), mbi.boot_loader_name, ~0ULL,
			   &block, &whole);
		ref_range(bi, mbi.boot_loader_name, block, BOOT_RANGE_LOADER_NAME);
	}
	if (mbi.flags & MULTIBOOT_INFO_MEMORY) {
		bi->have_meminfo = true;
		bi->mem_lower = mbi.mem_lower;
		bi->mem_upper = mbi.mem_upper;
	}
	if (mbi.flags & MULTIBOOT_INFO_MEM_MAP) {
		u64 len = mbi.mmap_length, off = 0;

		ref_range(bi, mbi.mmap_addr, len, BOOT_RANGE_MMAP);
		/* An entry is its u32 size field plus size bytes; 20 at least. */
		while (off + 4 <= len) {
			struct multiboot_mmap_entry e;
			u32 esize;

			if (!ref_read(&esize, (u64)mbi.mmap_addr + off, 4))
				break;
			if (esize < 20 || off + 4 + esize > len)
				break;
			if (!ref_read(&e, (u64)mbi.mmap_addr + off, sizeof(e)))
				break;
			ref_entry(bi, e.addr, e.len, e.type);
			off += 4 + (u64)esize;
		}
		bi->map_source = "multiboot mmap";
	}
	if (mbi.flags & MULTIBOOT_INFO_MODS)
		ref_mb1_mods(bi, &mbi);
	return 0;
}

static u32 get32(u64 phys)
{
	u32 v = 0;

	ref_read(&v, phys, 4);
	return v;
}

static void ref_mb2_mmap(struct boot_info *bi, u64 tag, u64 size)
{
	u64 esize = get32(tag + 8);

	if (esize < 24)
		return;
	/* Entries of entry_size bytes from 16, each wholly inside the tag. */
	for (u64 e = 16; e + esize <= size; e += esize) {
		u64 addr, len;

		ref_read(&addr, tag + e, 8);
		ref_read(&len, tag + e + 8, 8);
		ref_entry(bi, addr, len, get32(tag + e + 16));
	}
	bi->map_source = "multiboot2 mmap";
}

static int ref_mb2(struct boot_info *bi)
{
	u64 total, block;
	bool whole;
	u32 word;
	u8 last;

	bi->protocol = "Multiboot2";
	bi->version = 2;
	if (!ref_read(&word, info, 4))
		return -1;
	total = word;
	/* Read in place, wherever the block ends: it must all be there. */
	if (total < 16 || !ref_read(&last, info + total - 1, 1))
		return -1;
	ref_range(bi, info, total, BOOT_RANGE_MB2_INFO);
	bi->mods_addr = info;
	bi->mods_size = (u32)total;
	/* Tags: 8-aligned offsets from 8; one runs past total, or is < 8: stop. */
	for (u64 off = 8; off + 8 <= total; off = (off + get32(info + off + 4) + 7) & ~7ULL) {
		u64 tag = info + off;
		u32 type = get32(tag), size = get32(tag + 4);

		if (type == MB2_TAG_END || size < 8 || off + size > total)
			return 0;
		if (type == MB2_TAG_CMDLINE) {
			bi->cmdline_len = (u32)ref_string(bi->cmdline, sizeof(bi->cmdline), tag + 8,
							  size - 8, &block, &bi->cmdline_whole);
		} else if (type == MB2_TAG_BOOT_LOADER_NAME) {
			ref_string(bi->loader_name, sizeof(bi->loader_name), tag + 8, size - 8,
				   &block, &whole);
		} else if (type == MB2_TAG_BASIC_MEMINFO && size >= 16) {
			bi->have_meminfo = true;
			bi->mem_lower = get32(tag + 8);
			bi->mem_upper = get32(tag + 12);
		} else if (type == MB2_TAG_MODULE && size >= 16) {
			ref_module(bi, get32(tag + 8), get32(tag + 12), 0, 0);
		} else if (type == MB2_TAG_MMAP && size >= 16) {
			ref_mb2_mmap(bi, tag, size);
		}
	}
	return 0;
}

static int ref_parse(struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->map_source = "none";
	bi->cmdline_whole = true;
	if (magic == MULTIBOOT_BOOTLOADER_MAGIC)
		return ref_mb1(bi);
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		return ref_mb2(bi);
	return -1;
}

/* ---- the checks ---- */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void check_own(const struct boot_info *bi)
{
	FUZZ_CHECK(memchr(bi->cmdline, 0, sizeof(bi->cmdline)), "cmdline not NUL-terminated");
	FUZZ_CHECK(strlen(bi->cmdline) == min((size_t)bi->cmdline_len, sizeof(bi->cmdline) - 1),
		   "cmdline copy is %zu bytes, measured %u", strlen(bi->cmdline), bi->cmdline_len);
	FUZZ_CHECK(memchr(bi->loader_name, 0, sizeof(bi->loader_name)),
		   "loader_name not NUL-terminated");
	FUZZ_CHECK(bi->map.nr_map >= 0 && bi->map.nr_map <= E820MAX, "nr_map %d", bi->map.nr_map);
	FUZZ_CHECK(!bi->map_truncated || bi->map.nr_map == E820MAX,
		   "map_truncated with only %d entries", bi->map.nr_map);
	FUZZ_CHECK(bi->nr_ranges >= 0 && bi->nr_ranges <= MAX_LOADER_BLOCKS, "nr_ranges %d",
		   bi->nr_ranges);
	for (int i = 0; i < bi->nr_ranges; i++)
		FUZZ_CHECK(bi->ranges[i].start < bi->ranges[i].end, "range %d (%s) %#llx-%#llx empty",
			   i, range_name(&bi->ranges[i]), (unsigned long long)bi->ranges[i].start,
			   (unsigned long long)bi->ranges[i].end);
}

static void check_modules(void)
{
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	u32 n = 0;

	FUZZ_CHECK(got.nr_modules == want.nr_modules, "%u modules, expected %u", got.nr_modules,
		   want.nr_modules);
	while (n < min(got.nr_modules, (u32)MAX_REF_MODS) && next_boot_module(&got, &c, &m)) {
		const struct boot_module *w = &want_mods[n];

		FUZZ_CHECK(m.start == w->start && m.end == w->end && m.string == w->string &&
			   m.string_len == w->string_len,
			   "module %u is %#x-%#x string %#x+%u, expected %#x-%#x string %#x+%u", n,
			   m.start, m.end, m.string, m.string_len, w->start, w->end, w->string,
			   w->string_len);
		n++;
	}
	FUZZ_CHECK(n == min(got.nr_modules, (u32)MAX_REF_MODS),
		   "next_boot_module() gave %u of %u modules", n, got.nr_modules);
	if (got.nr_modules <= MAX_REF_MODS)
		FUZZ_CHECK(!next_boot_module(&got, &c, &m),
			   "next_boot_module() gave more than %u modules", got.nr_modules);
}

static void check_same(void)
{
	FUZZ_CHECK(got_ret == want_ret, "returned %d, expected %d", got_ret, want_ret);
	FUZZ_CHECK(str_eq(got.protocol, want.protocol), "protocol differs");
	FUZZ_CHECK(str_eq(got.map_source, want.map_source), "map_source differs");
	FUZZ_CHECK(!strcmp(got.cmdline, want.cmdline), "command line differs");
	FUZZ_CHECK(got.cmdline_len == want.cmdline_len && got.cmdline_whole == want.cmdline_whole,
		   "command line length %u%s, expected %u%s", got.cmdline_len,
		   got.cmdline_whole ? "" : " (no end)", want.cmdline_len,
		   want.cmdline_whole ? "" : " (no end)");
	FUZZ_CHECK(!strcmp(got.loader_name, want.loader_name), "loader name differs");
	FUZZ_CHECK(got.have_meminfo == want.have_meminfo && got.mem_lower == want.mem_lower &&
		   got.mem_upper == want.mem_upper, "meminfo differs");
	FUZZ_CHECK(got.map.nr_map == want.map.nr_map, "map has %d entries, expected %d",
		   got.map.nr_map, want.map.nr_map);
	for (int i = 0; i < got.map.nr_map; i++)
		FUZZ_CHECK(got.map.map[i].addr == want.map.map[i].addr &&
			   got.map.map[i].size == want.map.map[i].size &&
			   got.map.map[i].type == want.map.map[i].type, "map entry %d differs", i);
	FUZZ_CHECK(got.map_truncated == want.map_truncated, "map_truncated differs");
	FUZZ_CHECK(got.nr_ranges == want.nr_ranges, "%d ranges, expected %d", got.nr_ranges,
		   want.nr_ranges);
	for (int i = 0; i < got.nr_ranges; i++)
		FUZZ_CHECK(got.ranges[i].start == want.ranges[i].start &&
			   got.ranges[i].end == want.ranges[i].end &&
			   got.ranges[i].type == want.ranges[i].type, "range %d differs", i);
	if (got_ret == 0)
		check_modules();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in f = { data, size };
	u8 sel = fz_u8(&f);
	u32 raw = fz_u32(&f);
	size_t len;

	if (sim_mem_size != SIM_SIZE)
		sim_mem_init(SIM_SIZE);
	/* The parser only reads: clearing what the last input wrote is enough. */
	memset(sim_mem, 0, prev_len);
	len = min(f.n, (size_t)BLOCK_SIZE);
	memcpy(sim_mem, f.p, len);
	prev_len = len;

	magic = sel & 1 ? MULTIBOOT2_BOOTLOADER_MAGIC : MULTIBOOT_BOOTLOADER_MAGIC;
	if (sel & 0x80)
		magic = raw ^ 0x2BADB002u ^ 0x36d76289u;	/* rarely one of them */
	switch ((sel >> 5) & 3) {
	case 1:
		info = raw;
		break;
	case 2:
		info = SIM_SIZE - 64 + (raw & 63);
		break;
	default:
		info = raw % BLOCK_SIZE;
		break;
	}

	host_log_clear();
	want_ret = ref_parse(&want);
	/* Stale contents must not matter: start from garbage. */
	memset(&got, 0xa5, sizeof(got));
	got_ret = parse_multiboot(&got, magic, info);
	check_own(&got);
	check_same();
	return 0;
}
