# Host benchmark of the buddy allocator, counted by callgrind (instructions
# repeat exactly from run to run).  Included by the top Makefile, whose
# variables (B, HOST_CFLAGS, HOSTCC, quiet) it uses.
#
#   make bench-host      build $(B)/bench-host/buddy-bench (-O2, no sanitizers) and
#                        print instructions per operation for each phase
#                        (tests/bench/buddy_bench.c says what they are)
#
# Callgrind counts only inside alloc_pages_node() and __free_pages(); the
# program zeroes and dumps the counts around each phase with callgrind's
# client requests and reads its dumps back.  Without valgrind/callgrind.h,
# each phase runs as its own process and a run of the same set-up with no
# operations is subtracted.  Without valgrind at all, wall-clock ns/op.

HBENCH_DIR	:= $(B)/bench-host
HBENCH_BIN	:= $(HBENCH_DIR)/buddy-bench
HBENCH_CFLAGS	:= $(filter-out -fsanitize=% -fno-sanitize-recover=% -O0 -O1 -O2 -O3,$(HOST_CFLAGS)) -O2
HBENCH_SRC	:= tests/bench/buddy_bench.c tests/host/buddy_sim.c tests/host/host.c \
		   kernel/vsprintf.c kernel/cmdline.c kernel/string.c $(wildcard mm/*.c) arch/x86/kernel/e820.c \
		   $(HOST_ARCH_MM)
HBENCH_HDRS	:= $(wildcard include/*/*.h arch/x86/include/asm/*.h tests/host/include/*/*.h \
		     tests/host/host.h tests/host/buddy_sim.h)
VALGRIND	?= valgrind
HBENCH_CALLGRIND	:= $(VALGRIND) --tool=callgrind --collect-atstart=no \
		   --toggle-collect=alloc_pages_node --toggle-collect=__free_pages
HBENCH_HAVE_CLIENT := $(shell printf '\043include <valgrind/callgrind.h>\n' | \
		       $(HOSTCC) -E -x c - >/dev/null 2>&1 && echo yes)
HBENCH_PHASES	:= order0-hot order0-split order3-hot order3-split mixed

$(HBENCH_BIN): $(HBENCH_SRC) $(HBENCH_HDRS) | $(HOST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC) $(HBENCH_CFLAGS) $(HBENCH_SRC) -o $@

bench-host: $(HBENCH_BIN)
	$(Q)$(INSTALL_DEPS) bench
	@rm -f $(HBENCH_DIR)/callgrind.out.*
ifeq ($(shell command -v $(VALGRIND) 2>/dev/null),)
	@echo "bench-host: no $(VALGRIND) (Debian: apt-get install valgrind): wall clock only"
	@$(HBENCH_BIN)
else ifeq ($(HBENCH_HAVE_CLIENT),yes)
	@BUDDY_BENCH_OUT=$(HBENCH_DIR)/callgrind.out $(HBENCH_CALLGRIND) \
		--callgrind-out-file=$(HBENCH_DIR)/callgrind.out.%p $(HBENCH_BIN) \
		2>$(HBENCH_DIR)/callgrind.log || { cat $(HBENCH_DIR)/callgrind.log; exit 1; }
else
	@echo "# buddy allocator, -O2, callgrind instructions per op (one process per phase, less --ops 0)"
	@for p in $(HBENCH_PHASES); do \
	  n=100000; [ $$p = mixed ] && n=1000000; \
	  for ops in 0 $$n; do \
	    $(HBENCH_CALLGRIND) --callgrind-out-file=$(HBENCH_DIR)/callgrind.out.$$p.$$ops \
	      $(HBENCH_BIN) --phase $$p --ops $$ops 2>>$(HBENCH_DIR)/callgrind.log || exit 1; \
	  done; \
	  base=$$(awk '/^(summary|totals):/ {print $$2}' $(HBENCH_DIR)/callgrind.out.$$p.0 | tail -1); \
	  full=$$(awk '/^(summary|totals):/ {print $$2}' $(HBENCH_DIR)/callgrind.out.$$p.$$n | tail -1); \
	  awk -v p=$$p -v n=$$n -v b=$$base -v f=$$full \
	    'BEGIN { printf "%-14s %10d %14d %10.1f\n", p, n, f - b, (f - b) / n }'; \
	done
endif

.PHONY: bench-host
