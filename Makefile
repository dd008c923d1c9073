# handover: build the kernel, boot it in QEMU, test it.
#
#   make run           build, boot the ISO through GRUB, print the report, run the self-tests
#   make test          host unit tests + in-kernel KTAP suites over a set of boots
#   make help          everything else

CROSS	?= i686-linux-gnu-
CC	:= $(CROSS)gcc
LD	:= $(CROSS)ld
NM	:= $(CROSS)nm
NASM	?= nasm
# The host tests' compiler is gcc, which scripts/install-deps.sh installs:
# cc may be clang, and HOST_CFLAGS has gcc's warnings.
HOSTCC	?= gcc
PYTHON	?= python3

MEM	?= 3G
ACCEL	?= auto
CMDLINE	?=
# CMDLINE exactly as written: $(value) keeps make from expanding a `$` in it
# (memmap=64M$0x2000000 would lose `$0`), and a `'` is escaped for the
# single quotes around it in the shell (CMDLINE_SH) and in grub.cfg.  GRUB
# itself then hands the kernel `'`, `"` and `\` escaped with a backslash
# and runs of spaces as one, as it does for Linux; -kernel passes all as is.
sq		= $(subst ','\'',$(1))
CMDLINE_RAW	:= $(value CMDLINE)
CMDLINE_SH	:= $(call sq,$(CMDLINE_RAW))
QEMU	?= qemu-system-i386

B	:= build
V	?= 0
# PAE=1: the CONFIG_HIGHMEM64G build (README, "PAE build"): three-level
# page tables with 64-bit entries, RAM up to 64 GiB.  Its objects live in
# their own directory, so both kernels can be built side by side.
PAE	?= 0
ifeq ($(V),0)
Q	:= @
quiet	= @printf '  %-7s %s\n' $(1) $(2);
endif
KERNEL_NOPAE := $(B)/kernel.elf
KERNEL_PAE := $(B)/kernel-pae.elf
ifeq ($(PAE),1)
O	:= $(B)/pae
KERNEL	:= $(KERNEL_PAE)
ISO	:= $(B)/kernel-pae.iso
else
O	:= $(B)
KERNEL	:= $(KERNEL_NOPAE)
ISO	:= $(B)/kernel.iso
endif

# ---- set-up: install what a fresh Debian machine lacks, and only then ----
# scripts/install-deps.sh's groups: `build` here for every target that
# builds or boots; each later step asks for its own group when it finds its
# tool missing (host, host32, fuzz, gdb, report, browser, bench, fresh).
# Without root or sudo it names the packages and make stops with status 2.
INSTALL_DEPS := scripts/install-deps.sh
TOOLS	:= $(NASM) $(CC) $(LD) grub-mkrescue xorriso mformat $(QEMU) $(PYTHON)
MISSING	:= $(strip $(foreach t,$(TOOLS),$(if $(shell command -v $(t) 2>/dev/null),,$(t))) \
	     $(if $(wildcard /usr/lib/grub/i386-pc),,grub-pc-bin))
ifneq ($(MISSING),)
ifneq ($(filter-out clean help fresh-test deps-check,$(or $(MAKECMDGOALS),all)),)
$(info make: missing $(MISSING); installing with $(INSTALL_DEPS) build)
$(if $(shell $(INSTALL_DEPS) build >&2 && echo ok),,$(error $(INSTALL_DEPS) build failed))
endif
endif

# ---- the kernel ----
# -march=i486: the kernel runs on every CPU from the i486 on (README,
# "Supported CPUs"); boot/verify_cpu.asm refuses older ones before any C
# runs, and the harness disassembles the image to hold it to the i486's
# instruction set (tests/harness/isa.py).  -fno-strict-aliasing, as Linux
# (2.4 too) builds: on two levels pmd_offset() hands out a pgd_t entry as a
# pmd_t (asm/pgtable-2level.h).
CFLAGS	:= -m32 -march=i486 -mtune=generic -std=gnu11 -O2 -g -ffreestanding -fno-pie -fno-pic \
	   -fno-strict-aliasing -fno-stack-protector -fno-omit-frame-pointer -fno-optimize-sibling-calls \
	   -fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 \
	   -Wall -Wextra -Werror -D__KERNEL__ \
	   -Iinclude -Iarch/x86/include -MMD -MP
LIBGCC	:= $(shell $(CC) -m32 -print-libgcc-file-name 2>/dev/null)

ASM_SRC	:= boot/header.asm boot/head.asm boot/verify_cpu.asm arch/x86/kernel/entry.asm arch/x86/kernel/uaccess.asm
C_SRC	:= $(wildcard kernel/*.c mm/*.c arch/x86/kernel/*.c arch/x86/mm/*.c) \
	   lib/kunit/test.c $(wildcard tests/kernel/*.c tests/common/*.c)
OBJS	:= $(ASM_SRC:%.asm=$(O)/%.o) $(C_SRC:%.c=$(O)/%.o)

all: $(KERNEL)

# NASM -D options, e.g. -DREQUIRED_FAMILY=5 (boot/verify_cpu.asm).
NASMFLAGS ?=

# The one switch between the builds: asm/pgtable.h picks the three-level
# header, linux/types.h a 64-bit phys_addr_t, boot/head.asm the PAE boot
# tables and boot/verify_cpu.asm requires the CPU's PAE bit.
ifeq ($(PAE),1)
CFLAGS	+= -DCONFIG_X86_PAE
NASMFLAGS += -DCONFIG_X86_PAE
endif

# Objects are rebuilt when the tools or their flags change (a switch of
# -march must not leave objects built for another CPU in the image).
$(O)/buildflags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CFLAGS) / $(NASM) $(NASMFLAGS)' > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(O)/%.o: %.c $(O)/buildflags
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -c $< -o $@

$(O)/%.o: %.asm $(O)/buildflags
	@mkdir -p $(@D)
	$(call quiet,AS,$<)$(NASM) -f elf32 -g -F dwarf $(NASMFLAGS) $< -o $@

# Two links, as Linux's kallsyms: the first gives the addresses, the second
# carries the table.  .kallsyms is last in linker.ld, so nothing moves.
$(O)/kallsyms0.asm: scripts/gen-kallsyms.sh
	@mkdir -p $(@D)
	$(Q)sh $< $(NM) > $@

$(O)/kernel.tmp: $(OBJS) $(O)/kallsyms0.o linker.ld
	$(call quiet,LD,$@)$(LD) -m elf_i386 -T linker.ld -nostdlib -z noexecstack --no-warn-rwx-segments -o $@ $(OBJS) $(O)/kallsyms0.o $(LIBGCC)

$(O)/kallsyms.asm: $(O)/kernel.tmp scripts/gen-kallsyms.sh
	$(call quiet,KSYMS,$@)sh scripts/gen-kallsyms.sh $(NM) $< > $@

$(KERNEL): $(OBJS) $(O)/kallsyms.o linker.ld
	$(call quiet,LD,$@)$(LD) -m elf_i386 -T linker.ld -nostdlib -z noexecstack --no-warn-rwx-segments -o $@ $(OBJS) $(O)/kallsyms.o $(LIBGCC)
	@$(NM) -n $@ | awk '/ _text$$/ {t=$$1} / _end$$/ {e=$$1} END {printf "  kernel %s: _text %s _end %s\n", "$@", t, e}'

$(O)/kallsyms0.o $(O)/kallsyms.o: %.o: %.asm
	$(Q)$(NASM) -f elf32 $< -o $@

# ---- the ISO: iso/boot/grub/grub.cfg, with CMDLINE in a file it sources ----
iso: $(ISO)

$(O)/iso/boot/grub/cmdline.cfg: FORCE
	@mkdir -p $(@D)
	@# Single quotes: GRUB expands no `$` inside them (grub.cfg's lexer is sh's).
	@printf 'set handover_cmdline=%s\n' '$(call sq,'$(CMDLINE_SH)')' > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(ISO): $(KERNEL) iso/boot/grub/grub.cfg $(O)/iso/boot/grub/cmdline.cfg
	$(Q)cp $(KERNEL) $(O)/iso/boot/kernel.elf
	$(Q)cp iso/boot/grub/grub.cfg $(O)/iso/boot/grub/grub.cfg
	$(call quiet,ISO,$@)grub-mkrescue -o $@ $(O)/iso >$(O)/grub-mkrescue.log 2>&1 || { cat $(O)/grub-mkrescue.log; exit 1; }

# ---- running it ----
QEMU_ARGS = -nodefaults -no-reboot -display none -serial stdio -m $(MEM) \
	    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -accel $$(QEMU=$(QEMU) scripts/qemu-accel.sh $(ACCEL) $(KERNEL))
# QEMU's default CPU (qemu32) has PAE but no NX, and (without PSE-36) only
# 32 physical address bits; max has NX and 36.
ifeq ($(PAE),1)
QEMU_ARGS += -cpu max
endif
# Above 16G, RAM without a swap reservation, as the harness boots it
# (tests/harness/qemu.py): a 32G guest then starts on a 24 GiB host.
MEM_GB	:= $(patsubst %G,%,$(filter %G,$(MEM)))
BIG_MEM	:= $(if $(MEM_GB),$(shell [ $(MEM_GB) -gt 16 ] 2>/dev/null && echo y))
# NUMA=1G,2G: one NUMA node per size (they must add up to MEM), described
# to the kernel by QEMU's ACPI SRAT; NUMA_DIST="0-1=20" adds a SLIT
# (scripts/numa-args.sh).  README, "NUMA".
NUMA	?=
ifneq ($(NUMA),)
QEMU_ARGS += $$(NUMA_NORESERVE=$(if $(BIG_MEM),1,0) NUMA_DIST='$(NUMA_DIST)' sh scripts/numa-args.sh $(NUMA))
else ifeq ($(BIG_MEM),y)
QEMU_ARGS += -object memory-backend-ram,id=ram0,size=$(MEM),reserve=off -machine memory-backend=ram0
endif

run: $(ISO)
	@sh scripts/run-qemu.sh $(QEMU) $(QEMU_ARGS) -cdrom $(ISO)

run-kernel: $(KERNEL)
	@sh scripts/run-qemu.sh $(QEMU) $(QEMU_ARGS) -kernel $(KERNEL) -append '$(CMDLINE_SH)'

# QEMU waits (-S) for gdb on GDBPORT; scripts/gdbinit connects to the port
# in $$GDBPORT (default 1234) and loads the scripts/gdb helpers.  The
# kernel's verdict decides make's, as for make run.
GDBPORT	?= 1234
debug: $(KERNEL)
	@command -v gdb >/dev/null 2>&1 || $(INSTALL_DEPS) gdb
	@echo "in another shell: GDBPORT=$(GDBPORT)$(if $(filter 1,$(PAE)), HANDOVER_KERNEL=$(KERNEL)) gdb -x scripts/gdbinit"
	@sh scripts/run-qemu.sh $(QEMU) $(QEMU_ARGS) -kernel $(KERNEL) -append '$(CMDLINE_SH)' -gdb tcp::$(GDBPORT) -S

# The gdb helpers (scripts/gdb) against a live boot: tests/gdb/test_gdb.py
# stops the kernel at the hand-over and after mem_init, runs each hv-
# command and checks it against the serial log.
gdb-test: $(KERNEL_NOPAE)
	@command -v gdb >/dev/null 2>&1 || $(INSTALL_DEPS) gdb
	$(PYTHON) -m tests.gdb.test_gdb --kernel $(KERNEL_NOPAE) --qemu $(QEMU)

# ---- tests ----
HOST_CFLAGS := -std=gnu11 -fno-builtin -Wno-format-truncation -g -O1 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	       -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	       -Itests/host/include -Iinclude -Iarch/x86/include
# arch/x86's portable part, which the simulated machine boots through
# (tests/host/buddy_sim.c): the zones and the hand-over, the timings they
# stamp, and the node set-up they consult with the SRAT reading it calls.
HOST_ARCH_MM := arch/x86/mm/mem_init.c arch/x86/mm/meminit_report.c arch/x86/mm/numa.c \
		arch/x86/mm/srat.c arch/x86/kernel/acpi.c
HOST_SRC := kernel/vsprintf.c kernel/cmdline.c kernel/string.c lib/kunit/test.c $(wildcard mm/*.c) arch/x86/kernel/e820.c \
	    arch/x86/kernel/early_res.c \
	    arch/x86/kernel/multiboot.c arch/x86/kernel/bootinfo.c \
	    $(HOST_ARCH_MM) $(wildcard tests/host/*.c tests/common/*.c)
HOST_BIN := $(B)/host/ktest-host
# The same tests built for a 32-bit host, as the kernel's longs and
# pointers are, so a truncation the 64-bit build hides shows up (Linux's
# tools/testing/memblock does the same with BUILD=32).
HOST_BIN32 := $(B)/host32/ktest-host32
# And for a 32-bit host with CONFIG_X86_PAE, as make PAE=1 builds the
# kernel: phys_addr_t is 64 bits there while longs stay 32, and RAM reaches
# 64 GiB (asm/pgtable-3level.h).
HOST_BIN_PAE := $(B)/host-pae/ktest-host-pae
# ... and for a 64-bit host with CONFIG_X86_PAE, so mm/ runs with a 64-bit
# phys_addr_t beside both widths of long.
HOST_BIN_PAE64 := $(B)/host-pae64/ktest-host-pae64
HOST_BINS := $(HOST_BIN) $(HOST_BIN32) $(HOST_BIN_PAE) $(HOST_BIN_PAE64)
HOST_DEPS := $(HOST_SRC) $(wildcard include/*/*.h arch/x86/include/asm/*.h tests/host/include/*/*.h)

# The 32-bit host programs are built by the kernel's own cross compiler,
# whose Debian packages bring the i386 C library and sanitizer runtimes
# (libc6-dev-i386-cross, libasan8-i386-cross, libubsan1-i386-cross).
# Debian's gcc-multilib would do it too, but apt cannot install it beside
# gcc-i686-linux-gnu.  The cross C library has its own loader, which the
# program names itself.
# Debian's, whatever CROSS builds the kernel (an i686-elf- has no C library).
HOSTCC32	?= i686-linux-gnu-gcc
HOST_SYSROOT32	= /usr/$(shell $(HOSTCC32) -dumpmachine)
HOST_LDFLAGS32	= -Wl,--dynamic-linker=$(HOST_SYSROOT32)/lib/ld-linux.so.2 -Wl,-rpath,$(HOST_SYSROOT32)/lib

# gcc and the cross compiler, each able to link a sanitized program, or
# install-deps.sh installs what they lack.
HOST_TOOLCHAIN := $(B)/.host-toolchain
$(HOST_TOOLCHAIN):
	@mkdir -p $(@D)
	$(Q)$(INSTALL_DEPS) host host32
	@touch $@

$(HOST_BIN): $(HOST_DEPS) | $(HOST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC) $(HOST_CFLAGS) $(HOST_SRC) -o $@

$(HOST_BIN32): $(HOST_DEPS) | $(HOST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC32) $(HOST_CFLAGS) $(HOST_SRC) $(HOST_LDFLAGS32) -o $@

$(HOST_BIN_PAE): $(HOST_DEPS) | $(HOST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC32) -DCONFIG_X86_PAE $(HOST_CFLAGS) $(HOST_SRC) $(HOST_LDFLAGS32) -o $@

$(HOST_BIN_PAE64): $(HOST_DEPS) | $(HOST_TOOLCHAIN)
	@mkdir -p $(@D)
	$(call quiet,HOSTCC,$@)$(HOSTCC) -DCONFIG_X86_PAE $(HOST_CFLAGS) $(HOST_SRC) -o $@

host-test: $(HOST_BINS)
	$(HOST_BIN)
	$(HOST_BIN32)
	$(HOST_BIN_PAE)
	$(HOST_BIN_PAE64)

# make test: the fuzzers' short deterministic pass and their regression
# inputs first, then the harness (host KTAP + boots), whose last line is the
# "N passed, N failed" count.
OBJDUMP	:= $(CROSS)objdump
HARNESS	:= $(PYTHON) -m tests.harness.run_tests --kernel $(KERNEL_NOPAE) --kernel-pae $(KERNEL_PAE) \
	   --accel $(ACCEL) --objdump $(OBJDUMP)
# make test ONLY=GLOB[,GLOB]: only those harness configs (run_tests --only,
# fnmatch globs), no host binaries or fuzzers.  JSON=FILE: the results as JSON
# (schema in run_tests.py's docstring).
ONLY	?=
JSON	?=
TEST_JSON = $(if $(JSON),--json '$(abspath $(JSON))')

# Both kernels, whatever PAE says: the harness boots each.
kernels:
	$(Q)$(MAKE) --no-print-directory PAE=0 all
	$(Q)$(MAKE) --no-print-directory PAE=1 all

ifneq ($(ONLY),)
test: kernels
	$(HARNESS) --only '$(ONLY)' $(TEST_JSON)
else
test: kernels $(HOST_BINS)
	$(MAKE) --no-print-directory fuzz-smoke fuzz-crashers
	$(MAKE) --no-print-directory make-tests
	$(PYTHON) -m unittest -q tests.report.test_memdump tests.bench.test_bench
	$(MAKE) --no-print-directory gdb-test
	$(HARNESS) --host $(HOST_BINS) $(TEST_JSON)
endif

# The serial lines README.md and docs/walkthrough.md quote (```log CONFIG
# blocks), refreshed from boots of the configs they name: make test checks
# them, this brings them up to date after a change to what the kernel prints.
SAMPLE_DOCS := README.md docs/walkthrough.md
samples: kernels
	-$(HARNESS) --only "$$(sed -n 's/^```log //p' $(SAMPLE_DOCS) | sort -u | paste -sd,)"
	$(PYTHON) scripts/refresh-samples.py --logs $(B)/test-logs $(SAMPLE_DOCS)

# The make targets as users run them (tests/make/): CMDLINE reaches the
# kernel as written, and a failure's last line says why.
make-tests: $(KERNEL)
	@for t in tests/make/*.sh; do sh $$t || exit 1; done

# --full boots the CPU matrix too (test-cpus).
test-full: kernels $(HOST_BINS) report-check
	$(HARNESS) --full --host $(HOST_BINS)

# Every CPU model qemu-system-i386 -cpu help lists, booted and judged;
# scripts/cpu-matrix.py turns the result into README's table.
test-cpus: $(KERNEL)
	$(HARNESS) --cpus

# ---- benchmark: the hand-over against Linux 6.1 (docs/performance.md) ----
# Rows for QEMU -m.  BENCH_SIZES boot the non-PAE kernel (above 3G QEMU
# puts the rest of RAM over 4 GiB, which it ignores: 4G is marked so in the
# table), BENCH_PAE_SIZES the PAE kernel on -cpu max; "8G-pae" in
# BENCH_SIZES is a PAE row too.  Every boot gets -mem-prealloc where the
# host has the memory (32G on a 24 GiB machine does not: marked).  Linux
# boots at every row.  The default run took 3.4 min on a quiet 2-core host.
BENCH_SIZES	?= 1G 3G 4G
BENCH_PAE_SIZES	?= 8G 16G 32G
BENCH_RUNS	?= 3
BENCH_ARGS	?=

bench: kernels
	$(Q)$(INSTALL_DEPS) bench
	@mkdir -p $(B)/bench
	$(MAKE) --no-print-directory bench-host >$(B)/bench/callgrind.txt; s=$$?; cat $(B)/bench/callgrind.txt; exit $$s
	$(PYTHON) -m tests.bench.bench --kernel $(KERNEL_NOPAE) --pae-kernel $(KERNEL_PAE) \
		--sizes '$(BENCH_SIZES)' --pae-sizes '$(BENCH_PAE_SIZES)' --runs $(BENCH_RUNS) $(BENCH_ARGS)

# Host benchmark of the buddy allocator under callgrind: make bench-host.
-include tests/bench/bench.mk

# Coverage-guided fuzzing (libFuzzer): rules and targets in tests/fuzz/fuzz.mk.
-include tests/fuzz/fuzz.mk

# ---- make report: physical memory at four stages of boot, drawn (docs/memdump.md) ----
# run-kernel's boot with `memdump` added to CMDLINE; the serial log goes to
# $(REPORT)/boot.log and scripts/memory-report.py draws memory.png,
# memory.svg and index.html from it.  A boot that fails still has what it
# printed drawn, and make still fails.  matplotlib is Debian's, which
# Debian's python3 imports (the script moves to it when $(PYTHON) cannot).
REPORT	:= $(B)/report

report: $(KERNEL)
	@$(PYTHON) -c 'import matplotlib' 2>/dev/null || /usr/bin/python3 -c 'import matplotlib' 2>/dev/null || \
	 $(INSTALL_DEPS) report
	@mkdir -p $(REPORT)
	@rm -f $(REPORT)/memory.png $(REPORT)/memory.svg $(REPORT)/index.html
	@echo 'report: booting $(KERNEL) -m $(MEM) with '\''$(CMDLINE_SH) memdump'\''; serial log in $(REPORT)/boot.log'
	@sh scripts/run-qemu.sh $(QEMU) $(QEMU_ARGS) -kernel $(KERNEL) -append '$(CMDLINE_SH) memdump' >$(REPORT)/boot.log; \
	 boot=$$?; $(PYTHON) scripts/memory-report.py -o $(REPORT) $(REPORT)/boot.log && exit $$boot

# make test-full's look at the page: the report tests with matplotlib, then a
# report drawn from a recorded dump, opened in headless Chromium and its
# screenshot checked (tests/report/report_check.py installs what it lacks).
report-check:
	$(PYTHON) -m tests.report.report_check --out $(B)/report-check

# ---- set-up checks ----
# apt can install every package install-deps.sh may ask for, together (make
# test runs this through tests/make/install-deps.sh).
deps-check:
	$(INSTALL_DEPS) --simulate

# The README's two commands on a Debian 12 root with only git and make, built
# by debootstrap from this machine's apt mirror (scripts/fresh-test.sh): as
# root; about 15 minutes; the summary in $(B)/fresh/summary.txt.
fresh-test:
	bash scripts/fresh-test.sh

clean:
	rm -rf $(B)

help:
	@echo "make [all]      build $(KERNEL); PAE=1: $(KERNEL_PAE) (any target below)"
	@echo "make kernels    build both, $(KERNEL_NOPAE) and $(KERNEL_PAE)"
	@echo "make iso        build $(ISO) (GRUB, multiboot and multiboot2 entries)"
	@echo "make run        boot the ISO: MEM=$(MEM) ACCEL=$(ACCEL) CMDLINE='…' NUMA=1G,2G (nodes, README \"NUMA\")"
	@echo "make run-kernel boot with QEMU -kernel (Multiboot 1, no GRUB)"
	@echo "make debug      QEMU -s -S; attach gdb -x scripts/gdbinit"
	@echo "make test       host tests and the quick boot set; make test-full for all boots"
	@echo "make test-cpus  boot every QEMU CPU model (i486 and later boot, older ones are refused)"
	@echo "make host-test  the host unit tests (mm/ on simulated memory, 64- and 32-bit, PAE; ASan+UBSan)"
	@echo "make make-tests make run* and scripts/install-deps.sh as users run them (tests/make/*.sh)"
	@echo "make gdb-test   the scripts/gdb helpers against a live boot (tests/gdb/test_gdb.py)"
	@echo "make bench      Linux 6.1 against ours, BENCH_RUNS=$(BENCH_RUNS) boots each: non-PAE kernel at"
	@echo "                BENCH_SIZES='$(BENCH_SIZES)', PAE kernel at BENCH_PAE_SIZES='$(BENCH_PAE_SIZES)' (''"
	@echo "                for none; 8G-pae in BENCH_SIZES works too); BENCH_ARGS='--no-linux' etc."
	@echo "                (python3 -m tests.bench.bench --help); tables and plot in build/bench/"
	@echo "make bench-host callgrind instructions per buddy alloc/free (host build)"
	@echo "make samples    refresh the serial lines README.md and docs/walkthrough.md quote, from real boots"
	@echo "make report     boot with memdump (MEM=, CMDLINE=, PAE=, NUMA= as run-kernel), draw memory: $(B)/report/index.html"
	@echo "make report-check draw a recorded dump, open it in headless Chromium, check the screenshot"
	@echo "make fuzz       libFuzzer on the e820, bootmem, memblock, Multiboot, buddy and ACPI code (FUZZ_SECONDS each)"
	@echo "make fuzz-smoke each fuzzer a short deterministic run from its seeds (part of make test)"
	@echo "make fuzz-crashers replay tests/fuzz/crashers/ (part of make test)"
	@echo "make fuzz-coverage line and branch coverage of the fuzzed files; make fuzz-build builds them all"
	@echo "make deps-check apt can install every package scripts/install-deps.sh may ask for, together"
	@echo "make fresh-test make run + make test on a new Debian 12 root with only git and make (root; debootstrap)"
	@echo "make clean      remove $(B)/"
	@echo "make help       this list (make test checks that it names every target)"

FORCE:
.PHONY: kernels all iso run run-kernel debug gdb-test make-tests samples test test-full test-cpus host-test bench report report-check deps-check fresh-test clean help FORCE

-include $(OBJS:.o=.d)
