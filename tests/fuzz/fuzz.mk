# Coverage-guided fuzzing of the portable boot code with clang's libFuzzer,
# under AddressSanitizer and UBSan.  Included by the top Makefile, whose
# variables (B, HOST_CFLAGS, quiet) it uses.
#
#   make fuzz            each target for FUZZ_SECONDS (60) seconds; the corpus
#                        grows in $(B)/fuzz/corpus-NAME, seeded from tests/fuzz/seeds/NAME
#   make fuzz-smoke      each target a short, deterministic run (-seed=1, a fixed
#                        number of executions) from its seeds alone
#   make fuzz-crashers   replay the inputs kept in tests/fuzz/crashers/NAME/
#   make fuzz-coverage   line/branch coverage of the kernel files over the corpora
#   make $(B)/fuzz/NAME  build one; run it by hand as build/fuzz/NAME [flags] [dirs|files]
#
# FUZZ_TARGETS picks targets (e820 bootmem memblock multiboot buddy acpi); FUZZ_FLAGS adds
# libFuzzer flags (e.g. -jobs=2, -dict=...).  Each run prints one summary
# line; a crash fails the target and names the input that reproduces it.

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
# A smoke run is a fixed number of executions (about ten seconds each); set
# FUZZ_SMOKE_RUNS to use one number for all targets.
FUZZ_SMOKE_RUNS	?=
FUZZ_SMOKE_RUNS_e820		?= 100000
FUZZ_SMOKE_RUNS_bootmem		?= 50000
FUZZ_SMOKE_RUNS_memblock	?= 20000
FUZZ_SMOKE_RUNS_multiboot	?= 1000000
FUZZ_SMOKE_RUNS_buddy		?= 10000
FUZZ_SMOKE_RUNS_acpi		?= 120000
FUZZ_TARGETS	?= e820 e820-pae bootmem memblock multiboot buddy acpi
FUZZ_FLAGS	?=
# FUZZ_SKIP_KNOWN=1 builds (in $(B)/fuzz-skip-known) fuzzers that pass over
# inputs hitting the open findings listed in tests/fuzz/README.md, to look
# past them; the default build reports them.
FUZZ_SKIP_KNOWN	?=
FUZZ_DIR	:= $(B)/fuzz$(if $(FUZZ_SKIP_KNOWN),-skip-known)

# The host test flags, less what is gcc's alone; sanitizers added per object.
FUZZ_CFLAGS	:= $(filter-out -fsanitize=% -fno-sanitize-recover=% -Wno-format-truncation,$(HOST_CFLAGS)) \
		   -Wno-unknown-warning-option -fno-sanitize-recover=undefined
FUZZ_SAN	:= -fsanitize=address,undefined

# The host stand-ins (printk, panic, sim_mem) and the kernel's own string and
# printf code: sanitized but not coverage-instrumented, so a message's digits
# are not "new coverage".  host.c has no main(): tests/host/main.c does.
FUZZ_SUPPORT	:= $(addprefix $(FUZZ_DIR)/obj/,kernel/vsprintf.o kernel/cmdline.o kernel/string.o tests/host/host.o)
FUZZ_HDRS	:= $(wildcard include/*/*.h arch/x86/include/asm/*.h tests/host/include/*/*.h \
		     tests/host/host.h tests/host/buddy_sim.h tests/host/memblock_call.h tests/fuzz/*.h)

# What each target compiles with coverage, and libFuzzer's -max_len for it.
FUZZ_SRC_e820		:= tests/fuzz/fuzz_e820.c arch/x86/kernel/e820.c
FUZZ_SRC_bootmem	:= tests/fuzz/fuzz_bootmem.c mm/bootmem.c
# The rest of mm/ (the buddy allocator bootmem retires into), and the e820
# map mm/ asks for RAM ranges: linked, not fuzzed.
FUZZ_LIB_bootmem	:= $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter-out mm/bootmem.c,$(wildcard mm/*.c)) \
			   arch/x86/kernel/e820.c)
# memblock, and the rest of mm/ its hand-over (memblock_free_all()) frees
# into: linked, not fuzzed.
FUZZ_SRC_memblock	:= tests/fuzz/fuzz_memblock.c tests/host/memblock_call.c mm/memblock.c
FUZZ_LIB_memblock	:= $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter-out mm/memblock.c,$(wildcard mm/*.c)) \
			   arch/x86/kernel/e820.c)
FUZZ_MAXLEN_memblock	:= 1024
FUZZ_SRC_multiboot	:= tests/fuzz/fuzz_multiboot.c arch/x86/kernel/multiboot.c arch/x86/kernel/e820.c
FUZZ_SRC_buddy		:= tests/fuzz/fuzz_buddy.c mm/page_alloc.c mm/mm_init.c
FUZZ_LIB_buddy		:= $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter-out mm/page_alloc.c mm/mm_init.c,$(wildcard mm/*.c)) \
			   tests/host/buddy_sim.c arch/x86/kernel/e820.c $(HOST_ARCH_MM))
FUZZ_MAXLEN_buddy	:= 4096
FUZZ_KFILES_buddy	:= mm/page_alloc.c mm/mm_init.c
FUZZ_MAXLEN_e820	:= 2100
# The same e820 code as the PAE build compiles it: 64-bit phys_addr_t and
# RAM to 64 GiB (asm/pgtable-3level.h); seeds and crashers are e820's.
FUZZ_SRC_e820-pae	:= $(FUZZ_SRC_e820)
FUZZ_CFLAGS_e820-pae	:= -DCONFIG_X86_PAE
FUZZ_MAXLEN_e820-pae	:= $(FUZZ_MAXLEN_e820)
FUZZ_SMOKE_RUNS_e820-pae = $(FUZZ_SMOKE_RUNS_e820)
FUZZ_MAXLEN_bootmem	:= 1024
FUZZ_MAXLEN_multiboot	:= 131077
# The ACPI tables (arch/x86/kernel/acpi.c) and the SRAT/SLIT parser on top.
FUZZ_SRC_acpi		:= tests/fuzz/fuzz_acpi.c arch/x86/kernel/acpi.c arch/x86/mm/srat.c
FUZZ_MAXLEN_acpi	:= 4096

FUZZ_BINS	:= $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

# libFuzzer comes with Debian's libclang-rt-N-dev; install it if missing.
$(FUZZ_DIR)/.toolchain:
	@mkdir -p $(@D)
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >$(@D)/probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(@D)/probe.c -o $(@D)/probe 2>/dev/null || \
	 { echo "fuzz: $(FUZZ_CC) -fsanitize=fuzzer cannot link; running $(INSTALL_DEPS) fuzz"; \
	   $(INSTALL_DEPS) fuzz && \
	   $(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(@D)/probe.c -o $(@D)/probe; } || \
	 { echo "fuzz: no libFuzzer for $(FUZZ_CC) (Debian: clang libclang-rt-dev)" >&2; exit 1; }
	@rm -f $(@D)/probe $(@D)/probe.c
	@touch $@

$(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_HDRS) | $(FUZZ_DIR)/.toolchain
	@mkdir -p $(@D)
	$(call quiet,FUZZCC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c $< -o $@

define FUZZ_TARGET
$(FUZZ_DIR)/$(1): $(FUZZ_SRC_$(1)) $(FUZZ_LIB_$(1)) $(FUZZ_SUPPORT) $(FUZZ_HDRS) | $(FUZZ_DIR)/.toolchain
	$$(call quiet,FUZZLD,$$@)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CFLAGS_$(1)) \
		-fsanitize=fuzzer,address,undefined \
		$(FUZZ_SRC_$(1)) $(FUZZ_LIB_$(1)) $(FUZZ_SUPPORT) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_TARGET,$(t))))

fuzz-build: $(FUZZ_BINS)

# Every target runs even if one fails; the make fails if any did.
fuzz-smoke: $(FUZZ_BINS)
	@fail=0; $(foreach t,$(FUZZ_TARGETS),FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run.sh smoke $(t) \
		$(or $(FUZZ_SMOKE_RUNS),$(FUZZ_SMOKE_RUNS_$(t))) -max_len=$(FUZZ_MAXLEN_$(t)) $(FUZZ_FLAGS) || fail=1;) exit $$fail

fuzz: $(FUZZ_BINS)
	@fail=0; $(foreach t,$(FUZZ_TARGETS),FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run.sh fuzz $(t) \
		$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN_$(t)) $(FUZZ_FLAGS) || fail=1;) exit $$fail

# Inputs that made a target fail, kept until the bug is fixed (then as
# regression tests): this fails while any of them still does.
fuzz-crashers: $(FUZZ_BINS)
	@fail=0; $(foreach t,$(FUZZ_TARGETS),FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run.sh replay $(t) - \
		$(wildcard tests/fuzz/crashers/$(t:-pae=)/*) || fail=1;) exit $$fail

# Line and branch coverage of the fuzzed kernel files over each corpus
# (corpus-NAME from make fuzz, and the seeds): a build with clang's
# source-based coverage, llvm-cov's report per file.
FUZZ_LLVM_PROFDATA	?= llvm-profdata
FUZZ_LLVM_COV		?= llvm-cov
FUZZ_KFILES_e820	:= arch/x86/kernel/e820.c
FUZZ_KFILES_bootmem	:= mm/bootmem.c
FUZZ_KFILES_memblock	:= mm/memblock.c
FUZZ_KFILES_multiboot	:= arch/x86/kernel/multiboot.c
FUZZ_KFILES_acpi	:= arch/x86/kernel/acpi.c arch/x86/mm/srat.c

define FUZZ_COV_TARGET
$(FUZZ_DIR)/cov/$(1): $(FUZZ_SRC_$(1)) $(FUZZ_LIB_$(1)) $(FUZZ_SUPPORT) $(FUZZ_HDRS) | $(FUZZ_DIR)/.toolchain
	@mkdir -p $$(@D)
	$$(call quiet,FUZZLD,$$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fprofile-instr-generate -fcoverage-mapping $(FUZZ_SRC_$(1)) $(FUZZ_LIB_$(1)) $(FUZZ_SUPPORT) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_COV_TARGET,$(t))))

fuzz-coverage: $(addprefix $(FUZZ_DIR)/cov/,$(FUZZ_TARGETS))
	$(Q)$(INSTALL_DEPS) coverage
	@$(foreach t,$(FUZZ_TARGETS),\
	  rm -f $(FUZZ_DIR)/cov/$(t).profraw; \
	  LLVM_PROFILE_FILE=$(FUZZ_DIR)/cov/$(t).profraw $(FUZZ_DIR)/cov/$(t) -runs=0 \
	    -max_len=$(FUZZ_MAXLEN_$(t)) $(wildcard $(FUZZ_DIR)/corpus-$(t) tests/fuzz/seeds/$(t)) \
	    >$(FUZZ_DIR)/cov/$(t).log 2>&1 || echo "fuzz $(t): an input failed (see $(FUZZ_DIR)/cov/$(t).log)"; \
	  $(FUZZ_LLVM_PROFDATA) merge -sparse $(FUZZ_DIR)/cov/$(t).profraw -o $(FUZZ_DIR)/cov/$(t).profdata && \
	  $(FUZZ_LLVM_COV) report $(FUZZ_DIR)/cov/$(t) -instr-profile=$(FUZZ_DIR)/cov/$(t).profdata \
	    $(FUZZ_KFILES_$(t)) >$(FUZZ_DIR)/cov/$(t).txt && \
	  awk -v t=$(t) '$$1 ~ /\.c$$/ { printf "fuzz %s: coverage of %s: lines %s (%d of %d), branches %s (%d of %d), functions %s\n", \
	    t, $$1, $$10, $$8 - $$9, $$8, $$13, $$11 - $$12, $$11, $$7 }' $(FUZZ_DIR)/cov/$(t).txt;)
	@echo "fuzz: uncovered lines: $(FUZZ_LLVM_COV) show $(FUZZ_DIR)/cov/NAME -instr-profile=$(FUZZ_DIR)/cov/NAME.profdata FILE"

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-crashers fuzz-coverage
