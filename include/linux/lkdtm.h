#ifndef _LINUX_LKDTM_H
#define _LINUX_LKDTM_H

/* Deliberate faults (crash=NAME), each run at the point where it means something. */
enum lkdtm_point {
	LKDTM_AFTER_MEM_INIT,	/* bootmem retired, .init still there */
	LKDTM_END_OF_BOOT,	/* after free_initmem and the write protection */
};

void lkdtm_run(enum lkdtm_point point);

/* Allocator microbenchmarks, when "bench" is on the command line. */
void run_benchmarks(void);

#endif
