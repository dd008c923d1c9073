/* The call tests/host/memblock_call.h describes, made. */
#include <linux/memblock.h>
#include <asm/page.h>
#include "host.h"
#include "memblock_call.h"

struct mb_args C;

static void mb_run(void)
{
	void *p = NULL;

	switch (C.fn) {
	case MB_ADD:
		memblock_add(C.base, C.size);
		return;
	case MB_ADD_NODE:
		memblock_add_node(C.base, C.size, C.nid, MEMBLOCK_NONE);
		return;
	case MB_REMOVE:
		memblock_remove(C.base, C.size);
		return;
	case MB_SET_NODE:
		memblock_set_node(C.base, C.size, &memblock.memory, C.nid);
		return;
	case MB_RESERVE:
		memblock_reserve(C.base, C.size);
		return;
	case MB_PHYS_FREE:
		memblock_phys_free(C.base, C.size);
		return;
	case MB_FREE:
		memblock_free(__va(C.base), C.size);
		return;
	case MB_PHYS_ALLOC:
		C.ret = memblock_phys_alloc_range(C.size, C.align, C.min, C.max);
		return;
	case MB_TRY_NID:
		p = memblock_alloc_try_nid(C.size, C.align, C.min, C.max, C.nid);
		break;
	case MB_TRY_NID_RAW:
		p = memblock_alloc_try_nid_raw(C.size, C.align, C.min, C.max, C.nid);
		break;
	case MB_EXACT_NID_RAW:
		p = memblock_alloc_exact_nid_raw(C.size, C.align, C.min, C.max, C.nid);
		break;
	}
	C.ret = p ? __pa(p) : 0;
}

bool mb_call_panics(void)
{
	return HOST_PANICS(mb_run());
}
