#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

/*
 * What free_initmem() fills freed .init pages with: int3, so a stale call
 * into boot code traps at once (Linux's include/linux/poison.h).
 */
#define POISON_FREE_INITMEM	0xcc

#endif
