/*
 * Host tests for arch/x86/kernel/multiboot.c: Multiboot 1 and 2 info
 * blocks built in simulated physical memory and parsed by parse_multiboot().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootinfo.h>
#include <asm/multiboot.h>
#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(1UL << 20)
#define MB1_INFO	0x10000u
#define MB1_CMDLINE	0x11000u
#define MB1_MMAP	0x12000u
#define MB1_MODS	0x40000u
#define MB1_STRINGS	0x50000u
#define MB2_INFO	0x20000u

static struct boot_info bi;

static int multiboot_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	host_log_clear();
	return 0;
}

static void put_mb1_entry(u32 phys, u32 size, u64 addr, u64 len, u32 type)
{
	struct multiboot_mmap_entry e = { size, addr, len, type };

	memcpy(__va(phys), &e, sizeof(e));
}

static const char cmdline[] = "console=ttyS0 selftest=all";

/* Info with a command line, meminfo and a 3-entry map; returns the info. */
static struct multiboot_info *build_mb1(void)
{
	struct multiboot_info *mbi = __va(MB1_INFO);

	mbi->flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MEM_MAP;
	mbi->mem_lower = 639;
	mbi->mem_upper = 64512;
	mbi->cmdline = MB1_CMDLINE;
	strcpy(__va(MB1_CMDLINE), cmdline);
	put_mb1_entry(MB1_MMAP, 20, 0, 0x9fc00, E820_RAM);
	put_mb1_entry(MB1_MMAP + 24, 20, 0x100000, 0x3f00000, E820_RAM);
	put_mb1_entry(MB1_MMAP + 48, 20, 0xfffc0000, 0x40000, E820_RESERVED);
	mbi->mmap_addr = MB1_MMAP;
	mbi->mmap_length = 3 * 24;
	return mbi;
}

static void mb1_map_cmdline_and_ranges(struct kunit *test)
{
	build_mb1();
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_STREQ(test, bi.protocol, "Multiboot");
	KUNIT_EXPECT_STREQ(test, bi.map_source, "multiboot mmap");
	KUNIT_EXPECT_STREQ(test, bi.cmdline, cmdline);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, strlen(cmdline));
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
	KUNIT_EXPECT_TRUE(test, bi.have_meminfo);
	KUNIT_EXPECT_EQ(test, bi.mem_lower, 639);
	KUNIT_EXPECT_EQ(test, bi.mem_upper, 64512);
	KUNIT_EXPECT_FALSE(test, bi.map_truncated);
	KUNIT_ASSERT_EQ(test, bi.map.nr_map, 3);
	KUNIT_EXPECT_EQ(test, bi.map.map[0].addr, 0);
	KUNIT_EXPECT_EQ(test, bi.map.map[0].size, 0x9fc00);
	KUNIT_EXPECT_EQ(test, bi.map.map[0].type, E820_RAM);
	KUNIT_EXPECT_EQ(test, bi.map.map[1].addr, 0x100000);
	KUNIT_EXPECT_EQ(test, bi.map.map[1].size, 0x3f00000);
	KUNIT_EXPECT_EQ(test, bi.map.map[2].addr, 0xfffc0000);
	KUNIT_EXPECT_EQ(test, bi.map.map[2].type, E820_RESERVED);

	KUNIT_ASSERT_EQ(test, bi.nr_ranges, 3);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].type, BOOT_RANGE_MB_INFO);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].start, MB1_INFO);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].end, MB1_INFO + sizeof(struct multiboot_info));
	KUNIT_EXPECT_EQ(test, bi.ranges[1].type, BOOT_RANGE_CMDLINE);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].start, MB1_CMDLINE);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].end, MB1_CMDLINE + sizeof(cmdline));
	KUNIT_EXPECT_EQ(test, bi.ranges[2].type, BOOT_RANGE_MMAP);
	KUNIT_EXPECT_EQ(test, bi.ranges[2].start, MB1_MMAP);
	KUNIT_EXPECT_EQ(test, bi.ranges[2].end, MB1_MMAP + 3 * 24);
}

/* Any number of modules, in the loader's order, with their strings. */
static void mb1_many_modules_out_of_order(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();
	struct multiboot_mod *mods = __va(MB1_MODS);
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	u32 n = 0;

	mbi->flags |= MULTIBOOT_INFO_MODS;
	mbi->mods_addr = MB1_MODS;
	mbi->mods_count = 40;
	for (u32 i = 0; i < 40; i++) {
		/* downwards, each overlapping the one before; the last is empty */
		u32 start = 0x800000 - i * 0x1000;

		mods[i] = (struct multiboot_mod){ start, i == 39 ? start : start + 0x1800,
						  MB1_STRINGS + i * 16, 0 };
		snprintf(__va(MB1_STRINGS + i * 16), 16, "mod%u", i);
	}
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.nr_modules, 40);
	KUNIT_ASSERT_EQ(test, bi.nr_ranges, 4);
	KUNIT_EXPECT_EQ(test, bi.ranges[3].type, BOOT_RANGE_MODULE_LIST);
	KUNIT_EXPECT_EQ(test, bi.ranges[3].start, MB1_MODS);
	KUNIT_EXPECT_EQ(test, bi.ranges[3].end, MB1_MODS + 40 * 16);
	while (next_boot_module(&bi, &c, &m)) {
		KUNIT_EXPECT_EQ(test, m.start, mods[n].mod_start);
		KUNIT_EXPECT_EQ(test, m.end, mods[n].mod_end);
		KUNIT_EXPECT_EQ(test, m.string, MB1_STRINGS + n * 16);
		KUNIT_EXPECT_EQ(test, m.string_len, strlen(__va(m.string)) + 1);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 40);
	KUNIT_EXPECT_FALSE(test, next_boot_module(&bi, &c, &m));	/* stays at the end */
	KUNIT_EXPECT_FALSE(test, host_log_contains("only"));
}

/* A list that runs off memory is read as far as it goes, and says so. */
static void mb1_module_list_past_end_of_memory(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	u32 n = 0;

	mbi->flags |= MULTIBOOT_INFO_MODS;
	mbi->mods_addr = SIM_SIZE - 10 * 16 - 8;
	mbi->mods_count = 0xffffffff;	/* found by bisection, not by reading them */
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.nr_modules, 10);
	KUNIT_EXPECT_TRUE(test, host_log_contains("runs past the end of memory: 10 of 4294967295 modules read"));
	while (next_boot_module(&bi, &c, &m))
		n++;
	KUNIT_EXPECT_EQ(test, n, 10);
	/* Wholly outside: none, and the list itself is not a range. */
	mbi->mods_addr = SIM_SIZE;
	mbi->mods_count = 3;
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.nr_modules, 0);
	KUNIT_EXPECT_EQ(test, bi.nr_ranges, 3);
}

/* The real length of a long line, whatever the copy could hold. */
static void mb1_long_cmdline_measured(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();
	char *line = __va(0x60000);

	memset(line, 'x', 3000);
	line[3000] = '\0';
	mbi->cmdline = 0x60000;
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, 3000);
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
	KUNIT_EXPECT_EQ(test, strlen(bi.cmdline), 3000);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].end - bi.ranges[1].start, 3001);

	/* Longer than the copy: cut there, the length stays the real one. */
	memset(line, 'y', 9000);
	line[9000] = '\0';
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, 9000);
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
	KUNIT_EXPECT_EQ(test, strlen(bi.cmdline), sizeof(bi.cmdline) - 1);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].end - bi.ranges[1].start, 9001);
}

/* No NUL: the search stops after MB_STRING_MAX bytes, or where memory ends. */
static void mb1_cmdline_without_end(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();

	memset(__va(0x60000), 'z', MB_STRING_MAX + 100);
	mbi->cmdline = 0x60000;
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, MB_STRING_MAX);
	KUNIT_EXPECT_FALSE(test, bi.cmdline_whole);

	memset(__va(SIM_SIZE - 300), 'w', 300);
	mbi->cmdline = SIM_SIZE - 300;
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, 300);
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].end, SIM_SIZE);
}

/* The loader's name is one of its blocks too; an empty line is one byte. */
static void mb1_loader_name_and_empty_cmdline_reserved(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();

	mbi->flags |= MULTIBOOT_INFO_BOOT_LOADER_NAME;
	mbi->boot_loader_name = 0x61000;
	strcpy(__va(0x61000), "GRUB 2.06");
	*(char *)__va(MB1_CMDLINE) = '\0';
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_STREQ(test, bi.loader_name, "GRUB 2.06");
	KUNIT_ASSERT_EQ(test, bi.nr_ranges, 4);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].type, BOOT_RANGE_CMDLINE);
	KUNIT_EXPECT_EQ(test, bi.ranges[1].end - bi.ranges[1].start, 1);
	KUNIT_EXPECT_EQ(test, bi.ranges[2].type, BOOT_RANGE_LOADER_NAME);
	KUNIT_EXPECT_EQ(test, bi.ranges[2].start, 0x61000);
	KUNIT_EXPECT_EQ(test, bi.ranges[2].end, 0x61000 + 10);
}

static void mb1_short_mmap_entry_ends_map(struct kunit *test)
{
	build_mb1();
	put_mb1_entry(MB1_MMAP + 24, 16, 0x100000, 0x3f00000, E820_RAM);
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 1);
	KUNIT_EXPECT_TRUE(test, host_log_contains("bad mmap entry size 16 at offset 24"));
}

static void mb1_mmap_entry_past_length_ends_map(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();

	mbi->mmap_length = 2 * 24 + 10;	/* the third entry does not fit */
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 2);
	KUNIT_EXPECT_TRUE(test, host_log_contains("bad mmap entry size"));
}

static void mb1_pointers_outside_memory_refused(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();

	mbi->mmap_addr = 0xfffff000;
	mbi->mmap_length = 0x100;
	mbi->cmdline = SIM_SIZE + 0x1000;
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 0);
	KUNIT_EXPECT_STREQ(test, bi.cmdline, "");
	/* An info block outside memory is refused outright. */
	KUNIT_EXPECT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, 0xfffffff0), -1);
}

static void mb1_mmap_straddling_end_of_memory(struct kunit *test)
{
	struct multiboot_info *mbi = build_mb1();

	put_mb1_entry(SIM_SIZE - 24, 20, 0, 0x9fc00, E820_RAM);
	mbi->mmap_addr = SIM_SIZE - 24;
	mbi->mmap_length = 48;	/* second entry would be past the end */
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT_BOOTLOADER_MAGIC, MB1_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 1);
}

/* ---- Multiboot 2 ---- */

static u32 mb2_off;

static void *mb2_tag_at(u32 type, u32 size)
{
	struct mb2_tag *t = __va(MB2_INFO + mb2_off);

	t->type = type;
	t->size = size;
	mb2_off = ALIGN(mb2_off + size, 8u);
	return t;
}

static void mb2_finish(void)
{
	mb2_tag_at(MB2_TAG_END, 8);
	*(u32 *)__va(MB2_INFO) = mb2_off;	/* total_size */
	*(u32 *)__va(MB2_INFO + 4) = 0;
}

static const char mb2_cmd[] = "root=none mem=64M";

static void build_mb2(void)
{
	struct mb2_tag_basic_meminfo *mem;
	struct mb2_tag_mmap *mm;
	struct mb2_mmap_entry *e;
	char *c;

	mb2_off = 8;
	c = mb2_tag_at(MB2_TAG_CMDLINE, 8 + sizeof(mb2_cmd));
	memcpy(c + 8, mb2_cmd, sizeof(mb2_cmd));
	mem = mb2_tag_at(MB2_TAG_BASIC_MEMINFO, sizeof(*mem));
	mem->mem_lower = 639;
	mem->mem_upper = 130048;
	mm = mb2_tag_at(MB2_TAG_MMAP, sizeof(*mm) + 2 * 24);
	mm->entry_size = 24;
	mm->entry_version = 0;
	e = (struct mb2_mmap_entry *)(mm + 1);
	e[0] = (struct mb2_mmap_entry){ 0, 0x9fc00, E820_RAM, 0 };
	e[1] = (struct mb2_mmap_entry){ 0x100000, 0x7f00000, E820_RAM, 0 };
	mb2_finish();
}

static void mb2_cmdline_meminfo_and_mmap(struct kunit *test)
{
	build_mb2();
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_STREQ(test, bi.protocol, "Multiboot2");
	KUNIT_EXPECT_STREQ(test, bi.map_source, "multiboot2 mmap");
	KUNIT_EXPECT_STREQ(test, bi.cmdline, mb2_cmd);
	KUNIT_EXPECT_TRUE(test, bi.have_meminfo);
	KUNIT_EXPECT_EQ(test, bi.mem_lower, 639);
	KUNIT_EXPECT_EQ(test, bi.mem_upper, 130048);
	KUNIT_ASSERT_EQ(test, bi.map.nr_map, 2);
	KUNIT_EXPECT_EQ(test, bi.map.map[1].addr, 0x100000);
	KUNIT_EXPECT_EQ(test, bi.map.map[1].size, 0x7f00000);
	KUNIT_EXPECT_EQ(test, bi.map.map[1].type, E820_RAM);
	KUNIT_ASSERT_EQ(test, bi.nr_ranges, 1);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].type, BOOT_RANGE_MB2_INFO);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].start, MB2_INFO);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].end, MB2_INFO + mb2_off);
}

static void mb2_tag_smaller_than_8_stops_walk(struct kunit *test)
{
	struct mb2_tag_mmap *mm;

	mb2_off = 8;
	mb2_tag_at(MB2_TAG_BASIC_MEMINFO, 16);
	((struct mb2_tag *)mb2_tag_at(99, 8))->size = 4;	/* bad tag */
	mm = mb2_tag_at(MB2_TAG_MMAP, sizeof(*mm) + 24);
	mm->entry_size = 24;
	mb2_finish();
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_TRUE(test, bi.have_meminfo);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("bad tag (type 99, size 4)"));
}

static void mb2_tag_past_total_size_stops_walk(struct kunit *test)
{
	struct mb2_tag_mmap *mm;

	mb2_off = 8;
	mm = mb2_tag_at(MB2_TAG_MMAP, sizeof(*mm) + 24);
	mm->entry_size = 24;
	mb2_finish();
	mm->size = 0x1000;	/* runs past total_size */
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("bad tag (type 6, size 4096)"));
}

static void mb2_short_mmap_entry_size_ignored(struct kunit *test)
{
	struct mb2_tag_mmap *mm;

	mb2_off = 8;
	mm = mb2_tag_at(MB2_TAG_MMAP, sizeof(*mm) + 2 * 16);
	mm->entry_size = 16;
	mb2_finish();
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("bad mmap entry_size 16"));
}

static void mb2_total_size_below_16_rejected(struct kunit *test)
{
	build_mb2();
	*(u32 *)__va(MB2_INFO) = 8;
	KUNIT_EXPECT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -1);
	KUNIT_EXPECT_TRUE(test, host_log_contains("implausible total_size 8"));
}

static void *mb2_module(u32 start, u32 end)
{
	struct mb2_tag_module *mod = mb2_tag_at(MB2_TAG_MODULE, sizeof(*mod) + 4);

	mod->mod_start = start;
	mod->mod_end = end;
	memcpy(mod->string, "mod", 4);
	return mod;
}

/*
 * Past 64 KiB (the copy buffer this parser once had): modules behind a
 * 70000-byte tag, 200 of them, out of order, and a module tag too short to
 * hold one, which is reported and not counted.
 */
static void mb2_info_larger_than_64k(struct kunit *test)
{
	struct boot_module_cursor c = { 0 };
	struct boot_module m;
	u32 n = 0;

	build_mb2();
	mb2_off -= 8;	/* over the end tag */
	mb2_tag_at(21, 70000);
	for (u32 i = 0; i < 200; i++)
		mb2_module(0x400000 + (i * 37 % 200) * 0x2000, 0x400000 + (i * 37 % 200) * 0x2000 + 100);
	mb2_tag_at(MB2_TAG_MODULE, 12);
	mb2_finish();
	KUNIT_ASSERT_GT(test, mb2_off, 64 * 1024);
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_STREQ(test, bi.cmdline, mb2_cmd);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 2);
	KUNIT_EXPECT_EQ(test, bi.nr_modules, 200);
	KUNIT_EXPECT_TRUE(test, host_log_contains("module tag of 12 bytes"));
	KUNIT_ASSERT_EQ(test, bi.nr_ranges, 1);
	KUNIT_EXPECT_EQ(test, bi.ranges[0].end - bi.ranges[0].start, mb2_off);
	while (next_boot_module(&bi, &c, &m)) {
		u32 start = 0x400000 + (n * 37 % 200) * 0x2000;

		KUNIT_EXPECT_EQ(test, m.start, start);
		KUNIT_EXPECT_EQ(test, m.end, start + 100);
		KUNIT_EXPECT_EQ(test, m.string_len, 0);	/* inside the info block */
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 200);
}

/* The command line's length comes from its tag: to the NUL, or to the tag's end. */
static void mb2_long_cmdline_measured(struct kunit *test)
{
	char *c;

	mb2_off = 8;
	c = mb2_tag_at(MB2_TAG_CMDLINE, 8 + 2101);
	memset(c + 8, 'a', 2100);
	c[8 + 2100] = '\0';
	mb2_finish();
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, 2100);
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
	KUNIT_EXPECT_EQ(test, strlen(bi.cmdline), 2100);

	c[8 + 2100] = 'a';	/* no NUL: the tag ends it */
	KUNIT_ASSERT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	KUNIT_EXPECT_EQ(test, bi.cmdline_len, 2101);
	KUNIT_EXPECT_TRUE(test, bi.cmdline_whole);
}

static void mb2_info_past_end_of_memory_refused(struct kunit *test)
{
	u32 info = SIM_SIZE - 16;

	*(u32 *)__va(info) = 64;	/* total_size runs past simulated memory */
	KUNIT_EXPECT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, info), -1);
	KUNIT_EXPECT_TRUE(test, host_log_contains("runs past the end of memory"));
	*(u32 *)__va(info) = 0xfffffff8;	/* and past 4 GiB, without wrapping */
	KUNIT_EXPECT_EQ(test, parse_multiboot(&bi, MULTIBOOT2_BOOTLOADER_MAGIC, info), -1);
}

static void unknown_magic_rejected(struct kunit *test)
{
	build_mb1();
	KUNIT_EXPECT_EQ(test, parse_multiboot(&bi, 0x12345678, MB1_INFO), -1);
	KUNIT_EXPECT_EQ(test, bi.map.nr_map, 0);
	KUNIT_EXPECT_EQ(test, bi.nr_ranges, 0);
}

/* Every kind of block has a name of its own for messages. */
static void boot_range_names_complete(struct kunit *test)
{
	for (int t = 0; t < NR_BOOT_RANGE_TYPES; t++) {
		KUNIT_ASSERT_NOT_NULL(test, boot_range_names[t]);
		for (int u = 0; u < t; u++)
			KUNIT_EXPECT_TRUE(test, strcmp(boot_range_names[t], boot_range_names[u]) != 0);
	}
}

static struct kunit_case host_multiboot_cases[] = {
	KUNIT_CASE(mb1_map_cmdline_and_ranges),
	KUNIT_CASE(mb1_many_modules_out_of_order),
	KUNIT_CASE(mb1_module_list_past_end_of_memory),
	KUNIT_CASE(mb1_long_cmdline_measured),
	KUNIT_CASE(mb1_cmdline_without_end),
	KUNIT_CASE(mb1_loader_name_and_empty_cmdline_reserved),
	KUNIT_CASE(mb1_short_mmap_entry_ends_map),
	KUNIT_CASE(mb1_mmap_entry_past_length_ends_map),
	KUNIT_CASE(mb1_pointers_outside_memory_refused),
	KUNIT_CASE(mb1_mmap_straddling_end_of_memory),
	KUNIT_CASE(mb2_cmdline_meminfo_and_mmap),
	KUNIT_CASE(mb2_tag_smaller_than_8_stops_walk),
	KUNIT_CASE(mb2_tag_past_total_size_stops_walk),
	KUNIT_CASE(mb2_short_mmap_entry_size_ignored),
	KUNIT_CASE(mb2_total_size_below_16_rejected),
	KUNIT_CASE(mb2_info_larger_than_64k),
	KUNIT_CASE(mb2_long_cmdline_measured),
	KUNIT_CASE(mb2_info_past_end_of_memory_refused),
	KUNIT_CASE(unknown_magic_rejected),
	KUNIT_CASE(boot_range_names_complete),
	{}
};

static struct kunit_suite host_multiboot = {
	.name = "host_multiboot",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_multiboot_cases,
	.init = multiboot_case_init,
};
kunit_test_suite(host_multiboot);
