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

#endif
