#ifndef _MEMBLOCK_CALL_H
#define _MEMBLOCK_CALL_H

/*
 * One memblock call, described as data and made under HOST_PANICS from a
 * frame of its own (tests/host/memblock_call.c), so no caller's local
 * meets the longjmp: the randomized model test and the fuzzer both drive
 * memblock through it.
 */
#include <linux/types.h>

enum mb_call { MB_ADD, MB_ADD_NODE, MB_REMOVE, MB_SET_NODE, MB_RESERVE, MB_PHYS_FREE, MB_FREE,
	       MB_PHYS_ALLOC, MB_TRY_NID, MB_TRY_NID_RAW, MB_EXACT_NID_RAW };

struct mb_args {
	enum mb_call fn;
	u64 base, size, align, min, max;
	int nid;
	u64 ret;	/* what an allocation returned (physical), 0 for none */
};

extern struct mb_args C;

/* Make the call C describes; true if it panicked (host_panic_msg says why). */
bool mb_call_panics(void);

#endif
