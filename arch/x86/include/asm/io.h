#ifndef _ASM_X86_IO_H
#define _ASM_X86_IO_H

#include <linux/types.h>

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 v, u16 port)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u32 v, u16 port)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/*
 * The "pausing" variants: each access is followed by a write to port 0x80
 * (the POST diagnostic port, which nothing decodes), Linux's
 * native_io_delay().  ISA-era 8259s and 8254s need a few hundred ns
 * between accesses, which a fast CPU would not otherwise give them.
 */
static inline void io_delay(void)
{
	__asm__ __volatile__("outb %%al, $0x80" : : : "memory");
}

static inline void outb_p(u8 v, u16 port)
{
	outb(v, port);
	io_delay();
}

static inline u8 inb_p(u16 port)
{
	u8 v = inb(port);

	io_delay();
	return v;
}

#endif
