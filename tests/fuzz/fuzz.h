#ifndef _FUZZ_H
#define _FUZZ_H

/*
 * Shared by the libFuzzer targets in tests/fuzz/: a reader that turns the
 * input bytes into values (reading past the end gives zeros, so every input
 * is a valid program), and FUZZ_CHECK, which names the broken property on
 * stderr and abort()s so libFuzzer keeps the input as a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>

struct fuzz_in {
	const u8 *p;
	size_t n;
};

static inline bool fz_empty(const struct fuzz_in *f)
{
	return f->n == 0;
}

static inline u8 fz_u8(struct fuzz_in *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline u16 fz_u16(struct fuzz_in *f)
{
	u16 lo = fz_u8(f);

	return lo | (u16)fz_u8(f) << 8;
}

static inline u32 fz_u32(struct fuzz_in *f)
{
	u32 lo = fz_u16(f);

	return lo | (u32)fz_u16(f) << 16;
}

static inline u64 fz_u64(struct fuzz_in *f)
{
	u64 lo = fz_u32(f);

	return lo | (u64)fz_u32(f) << 32;
}

/* For the checks' own loops: not coverage worth steering by, and hot. */
#define fuzz_no_cov __attribute__((no_sanitize("coverage")))

/* The first byte of [p, p + n) that is not c, or NULL: a word at a time. */
static inline fuzz_no_cov __attribute__((no_sanitize("address"))) const u8 *fz_find_not(const u8 *p, size_t n, u8 c)
{
	u64 w = 0x0101010101010101ULL * c, v;

	while (n && ((uintptr_t)p & 7)) {
		if (*p != c)
			return p;
		p++, n--;
	}
	for (; n >= 8; p += 8, n -= 8) {
		__builtin_memcpy(&v, p, 8);
		if (v != w)
			break;
	}
	for (; n; p++, n--)
		if (*p != c)
			return p;
	return NULL;
}

#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "\n%s: check failed: %s\n  ", FUZZ_NAME, #cond); \
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		fuzz_dump();						\
		abort();						\
	}								\
} while (0)

/* Each target defines this: print what it knows about the failing run. */
static void fuzz_dump(void);

#endif
