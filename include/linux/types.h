#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/*
 * A physical address.  32 bits without PAE; the PAE build (roadmap) makes
 * it 64 so RAM above 4 GiB can be named.  Page frame numbers stay in
 * unsigned long either way: 2^32 frames of 4 KiB cover 16 TiB.
 */
#ifdef CONFIG_X86_PAE
typedef u64 phys_addr_t;
#else
typedef u32 phys_addr_t;
#endif

#endif
