#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

/*
 * Bit operations on arrays of unsigned long.  Plain C: the kernel has one
 * CPU and its only interrupt handler (IRQ0, on a CPU without a TSC) touches
 * nothing but jiffies, so nothing needs to be atomic, and the host tests
 * run the very same code.
 */
#define BITS_PER_LONG	(8 * sizeof(unsigned long))
#define BIT_WORD(nr)	((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)	(1UL << ((nr) % BITS_PER_LONG))

static inline int test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

static inline int test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	int old = test_bit(nr, addr);

	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
	return old;
}

static inline int test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	int old = test_bit(nr, addr);

	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
	return old;
}

static inline void set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/*
 * The first bit at or after offset that is set (invert 0) or clear
 * (invert ~0UL), or size if none: a word at a time, so a run of
 * BITS_PER_LONG equal bits costs one load, and the end of a run inside a
 * word one count of trailing zeros.
 */
static inline unsigned long _find_next_bit(const unsigned long *addr, unsigned long size,
					   unsigned long offset, unsigned long invert)
{
	unsigned long word;

	if (offset >= size)
		return size;
	word = (addr[BIT_WORD(offset)] ^ invert) & (~0UL << (offset % BITS_PER_LONG));
	offset -= offset % BITS_PER_LONG;
	while (!word) {
		offset += BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = addr[BIT_WORD(offset)] ^ invert;
	}
	offset += (unsigned long)__builtin_ctzl(word);
	return offset < size ? offset : size;
}

/* Linux's lib/find_bit.c names. */
static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
					  unsigned long offset)
{
	return _find_next_bit(addr, size, offset, 0UL);
}

static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
					       unsigned long offset)
{
	return _find_next_bit(addr, size, offset, ~0UL);
}

#endif
