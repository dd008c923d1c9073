/*
 * Host tests for include/linux/bitops.h's find_next_bit() and
 * find_next_zero_bit(), which free_all_pages_in_blocks() walks bootmem's
 * bitmap with: against a bit-at-a-time oracle over pseudo-random bitmaps
 * of every size up to five words, every offset up to two past the size,
 * each bitmap in a heap block of exactly the words its size needs (the
 * sanitizers then catch a read of the word after the last).  Built 32- and
 * 64-bit like every host test, so both word sizes are covered.
 */
#include <stdlib.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include "host.h"

#define MAX_WORDS	5
#define WORDS_FOR(bits)	(((bits) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static unsigned long oracle(const unsigned long *map, unsigned long size, unsigned long off,
			    int want)
{
	for (unsigned long i = off; i < size; i++)
		if (!!test_bit(i, (unsigned long *)map) == want)
			return i;
	return size;
}

/* xorshift32: the same bitmaps on every host and word size. */
static u32 next_rand(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A word that is all clear, all set, one bit, all but one bit, or random. */
static unsigned long random_word(u32 *s)
{
	unsigned long bit = 1UL << (next_rand(s) % BITS_PER_LONG);
	unsigned long w = 0;

	switch (next_rand(s) % 5) {
	case 0:
		return 0;
	case 1:
		return ~0UL;
	case 2:
		return bit;
	case 3:
		return ~bit;
	default:
		for (unsigned int i = 0; i < sizeof(long) / sizeof(u32); i++)
			w = (w << 16 << 16) | next_rand(s);
		return w;
	}
}

static void bitops_find_next_matches_oracle(struct kunit *test)
{
	u32 seed = 0x2843f12c;
	unsigned long bad = 0;

	for (int iter = 0; iter < 3000; iter++) {
		unsigned long size = next_rand(&seed) % (MAX_WORDS * BITS_PER_LONG + 1);
		unsigned long words = WORDS_FOR(size);
		unsigned long *map = malloc((words ? words : 1) * sizeof(*map));

		KUNIT_ASSERT_NOT_NULL(test, map);
		for (unsigned long w = 0; w < words; w++)
			map[w] = random_word(&seed);
		for (unsigned long off = 0; off <= size + 2; off++) {
			unsigned long set = find_next_bit(map, size, off);
			unsigned long clear = find_next_zero_bit(map, size, off);

			if (set == oracle(map, size, off, 1) && clear == oracle(map, size, off, 0))
				continue;
			if (!bad++)
				KUNIT_FAIL(test, "size %lu offset %lu: find_next_bit %lu (want %lu), find_next_zero_bit %lu (want %lu)",
					   size, off, set, oracle(map, size, off, 1), clear,
					   oracle(map, size, off, 0));
		}
		free(map);
	}
	KUNIT_EXPECT_EQ(test, bad, 0UL);
}

/* Edges by hand: a size inside a word, at a word's end, bits past the size. */
static void bitops_find_next_edges(struct kunit *test)
{
	unsigned long map[2] = { 0, 0 };

	KUNIT_EXPECT_EQ(test, find_next_bit(map, 0, 0), 0UL);
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(map, 0, 0), 0UL);
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 2 * BITS_PER_LONG, 0), 2 * BITS_PER_LONG);
	/* set bits past size are not found */
	map[0] = 1UL << 7;
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 7, 0), 7UL);
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 8, 0), 7UL);
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 8, 8), 8UL);
	/* the last bit of a word, then the first of the next */
	map[0] = 1UL << (BITS_PER_LONG - 1);
	map[1] = 1;
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 2 * BITS_PER_LONG, 0), BITS_PER_LONG - 1);
	KUNIT_EXPECT_EQ(test, find_next_bit(map, 2 * BITS_PER_LONG, BITS_PER_LONG), BITS_PER_LONG);
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(map, 2 * BITS_PER_LONG, BITS_PER_LONG - 1),
			BITS_PER_LONG + 1);
	/* all set: no clear bit before size, in a word or at its end */
	map[0] = map[1] = ~0UL;
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(map, BITS_PER_LONG + 3, 0), BITS_PER_LONG + 3);
	KUNIT_EXPECT_EQ(test, find_next_zero_bit(map, 2 * BITS_PER_LONG, 5), 2 * BITS_PER_LONG);
}

static struct kunit_case host_bitops_cases[] = {
	KUNIT_CASE(bitops_find_next_matches_oracle),
	KUNIT_CASE(bitops_find_next_edges),
	{}
};

static struct kunit_suite host_bitops = {
	.name = "host_bitops",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_bitops_cases,
};
kunit_test_suite(host_bitops);
