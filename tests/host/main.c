/*
 * The host test program's entry point: every KTAP suite linked in, stage
 * by stage.  Kept apart from host.c so the fuzzers (tests/fuzz/) can link
 * host.c's stand-ins without this main().
 */
#include "host.h"

int main(void)
{
	kunit_begin();
	for (int s = 0; s < KUNIT_NR_STAGES; s++)
		kunit_run_stage(s);
	sim_mem_free();
	return kunit_end() ? 0 : 1;
}
