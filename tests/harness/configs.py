"""The boot configurations the harness runs, and what each must show.

A Config is pure data: how to boot (loader, memory, command line) and how to
judge the serial log (exit status, required and forbidden text, whether a
complete KTAP document must appear, whether the memory report must follow
from the printed e820 map, which other config must leave the same buddy
free lists).  New boots are ``boot_config(...)``, ``crash_config(...)`` or
``bad_input_config(...)`` entries in CONFIGS; nothing else in the harness
needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

# The kernel writes these to the isa-debug-exit port (0xf4); QEMU then exits
# with (value << 1) | 1.
STATUS_SUCCESS = 33  # kernel wrote 0x10
STATUS_FAILURE = 35  # kernel wrote 0x11: test failure or panic

BOOT_METHODS = ("kernel", "multiboot", "multiboot2")
HOST = "host"  # not booted: a host unit-test binary judged like a boot
ACCELS = ("auto", "kvm", "tcg")
# The name of a config's extra KVM run (also_kvm): '<name>@kvm'.
KVM_SUFFIX = "@kvm"

# Text that means the kernel went wrong even if it still exited cleanly.
DEFAULT_FORBID = (
    r"Kernel panic",
    r"Oops",
    r": [0-9a-f]{4} \[#1\]",  # die()'s headline for any exception
    r"Bad page state",
    r"BUG at",
    r"MISMATCH",
)

# Reports from the sanitizers the host tests are built with.
SANITIZER_FORBID = (
    r"ERROR: AddressSanitizer",
    r"ERROR: LeakSanitizer",
    r"runtime error:",
)


# QEMU 7.2's MAX_NODES (include/sysemu/numa.h); the pc machine takes 255
# CPUs, so one CPU per node always fits.
QEMU_MAX_NODES = 128


def mem_bytes(mem: str) -> int:
    """A QEMU -m size (MiB without a suffix) in bytes."""
    scale = {"M": 1 << 20, "G": 1 << 30}.get(mem[-1:], None)
    return int(mem[:-1]) * scale if scale else int(mem) << 20


def numa_param(cmdline: str) -> str | None:
    """The value of the last numa= on a command line (the one the kernel
    obeys), or None."""
    value = None
    for word in cmdline.split():
        key, sep, rest = word.partition("=")
        if key == "numa" and sep:
            value = rest
    return value


@dataclass(frozen=True)
class Config:
    """One QEMU boot and the conditions under which it passes.

    boot: 'kernel' (QEMU -kernel, Multiboot 1), or 'multiboot' /
      'multiboot2' (GRUB from a generated ISO with that command); 'host'
      only for host_config().
    accel: None means the accelerator chosen for the whole run.
    quick: True puts the config in ``make test``; False runs only with --full.
    grub_pre: extra top-level grub.cfg lines (e.g. ``cutmem ...``).
    check_memory_report: recompute the memory report (HIGHMEM/LOWMEM, total
      pages, zone sizes) from the e820 map in the log, honouring highmem=
      in cmdline, and fail on any difference (memreport.py).  Off for runs
      that stop before the report is complete.
    modules: sizes in bytes of Multiboot modules (files generated under
      the log directory): QEMU -initrd with 'kernel', ``module`` (GRUB
      multiboot) or ``module2`` (GRUB multiboot2) lines in the ISO's
      grub.cfg.  A boot that must succeed must also report every one of
      them reserved, page for page (judge.py).
    reserved_like: the name of a config booted with the same memory and no
      modules.  Take away, in each run's census, the pages its kernel says
      it reserved for modules and for the loader's own blocks ('multiboot:
      N modules, M pages reserved; boot loader data K pages'): what is left
      must be equal -- modules cost their pages and nothing more (their
      table and its reservation names go back at the end of boot).  Like
      same_buddyinfo_as, run_tests boots the other config too.
    same_buddyinfo_as: the name of another config whose buddyinfo table
      (free blocks per zone and order right after mem_init()) this one must
      print identically: the same memory retired another way.  run_tests
      boots that config too and compares the two logs after all runs.
    same_totals_as: the name of the same machine booted with the other boot
      allocator (memblock_twins()): the census totals -- 'accounting: ram R
      pages = free F + reserved S' for the machine and each node -- must be
      equal, and so must the 'Memory:' line, the boot loader's 'multiboot:
      N modules, M pages reserved' line and, where both boots itemise
      reserved memory (memdump's 'resv' records), the pages per reason at
      each stage: bootmem and memblock must end the hand-over in the same
      place whatever path they took.  Like same_buddyinfo_as, run_tests
      boots the other config too and compares the logs after all runs.
    holes: byte ranges [start, end) cut out of RAM (GRUB cutmem, memmap=$)
      that the last printed map must show exactly: no usable byte inside,
      usable RAM ending at start and beginning again at end, so a loader
      or kernel that moved or rounded a hole fails (judge.py).
    also_kvm: with --accel auto where KVM works, run this config a second
      time under KVM as '<name>@kvm' (kvm_config()); everything else, and
      this config's first run, stays under TCG.
    cpu: QEMU ``-cpu`` model and flags (e.g. ``486``, ``qemu32,-tsc``);
      None: QEMU's default (qemu32).  ``host`` needs KVM.
    machine: QEMU ``-machine`` type (e.g. ``isapc``); None: the default pc.
    exact_log: the whole serial output, exactly (line ends as ``\n``): for
      a run that must print one message and nothing else.
    pae: boot the PAE kernel (make PAE=1, run_tests --kernel-pae), which
      uses RAM up to 64 GiB: the memory report is checked with that limit.
      It needs a CPU with PAE (QEMU's default qemu32 has it; 486 and
      pentium do not, and must see the kernel refuse them).
    cpu_phys_bits: the physical address bits QEMU gives the CPU, where
      fewer than the kernel's page tables name: QEMU gives a 32-bit CPU
      36 only with PSE-36 or CPUID leaf 80000008H, so qemu32, coreduo and
      n270 get 32 and the PAE kernel must leave RAM above 4 GiB unused.
    numa: the sizes of QEMU's NUMA nodes (-m sizes with an M or G suffix,
      summing to mem), node i backed by its own memory-backend-ram and
      given CPU i (-smp one per node): the firmware's SRAT then names one
      memory affinity per node (two where a node spans 640K or the PCI
      hole) and one CPU per node.  "0": a node with a CPU and no memory
      (no backend), which the SRAT names only by its CPU.  Empty: no
      -numa, no SRAT, a UMA boot.
    numa_dist: (src, dst, distance) entries of the SLIT (-numa dist); QEMU
      wants at least one direction of every pair of nodes, and takes the
      other direction to be the same when it is not given.
    expect_nodes: how many nodes the kernel must set up (memreport's
      per-node check, run whenever the log sets up nodes): 0 is a UMA
      boot, with no per-node lines at all.  None: from the last numa= in
      cmdline (off -> 0, fake=N -> N), else len(numa), else no rule.
    """

    name: str
    boot: str = "kernel"
    mem: str = "128M"
    cmdline: str = ""
    expect_status: int = STATUS_SUCCESS
    expect_text: tuple[str, ...] = ()
    forbid_text: tuple[str, ...] = DEFAULT_FORBID
    expect_ktap: bool = True
    grub_pre: str = ""
    accel: str | None = None
    quick: bool = True
    timeout: float = 120
    check_memory_report: bool = True
    modules: tuple[int, ...] = ()
    reserved_like: str | None = None
    same_buddyinfo_as: str | None = None
    same_totals_as: str | None = None
    holes: tuple[tuple[int, int], ...] = ()
    also_kvm: bool = False
    cpu: str | None = None
    machine: str | None = None
    exact_log: str | None = None
    pae: bool = False
    cpu_phys_bits: int | None = None
    numa: tuple[str, ...] = ()
    numa_dist: tuple[tuple[int, int, int], ...] = ()
    expect_nodes: int | None = None

    def __post_init__(self):
        """Reject mistakes when the list is built, not halfway through a run."""
        if not re.fullmatch(r"[A-Za-z0-9_.+-]+(?:" + re.escape(KVM_SUFFIX) + ")?", self.name):
            raise ValueError(f"config name {self.name!r} is not a plain file name")
        if self.boot not in BOOT_METHODS + (HOST,):
            raise ValueError(f"{self.name}: boot {self.boot!r} not in {BOOT_METHODS}")
        if self.accel is not None and self.accel not in ACCELS:
            raise ValueError(f"{self.name}: accel {self.accel!r} not in {ACCELS}")
        if not re.fullmatch(r"\d+[MG]?", self.mem):
            raise ValueError(f"{self.name}: mem {self.mem!r} is not a QEMU -m size")
        for pattern in self.expect_text + self.forbid_text:
            re.compile(pattern)
        if self.modules and self.boot == HOST:
            raise ValueError(f"{self.name}: a host binary takes no modules")
        if any(size <= 0 for size in self.modules):
            raise ValueError(f"{self.name}: module sizes must be positive")
        if self.reserved_like is not None and (self.reserved_like == self.name
                                               or self.expect_status != STATUS_SUCCESS):
            raise ValueError(f"{self.name}: reserved_like needs another config and a boot "
                             "that completes")
        for field in ("same_buddyinfo_as", "same_totals_as"):
            twin = getattr(self, field)
            if twin == self.name:
                raise ValueError(f"{self.name}: {field} names the config itself")
            if twin is not None and self.expect_status != STATUS_SUCCESS:
                raise ValueError(f"{self.name}: {field} needs a boot that "
                                 "completes mem_init()")
        if self.boot in ("multiboot", "multiboot2") and "$" in self.cmdline:
            raise ValueError(f"{self.name}: GRUB would expand the '$' in {self.cmdline!r}; "
                             "boot memmap=...$... with boot='kernel'")
        top = 1 << (36 if self.pae else 32)
        for start, end in self.holes:
            if not 0 <= start < end <= top:
                raise ValueError(f"{self.name}: hole {start:#x}-{end:#x} is not a "
                                 f"range below {top >> 30} GiB")
        if self.also_kvm and (self.accel is not None or self.boot == HOST):
            raise ValueError(f"{self.name}: also_kvm needs a boot that follows the "
                             "run's accelerator")
        self._check_cpu_and_machine()
        self._check_numa()
        if self.exact_log is not None and (self.expect_ktap or self.check_memory_report):
            raise ValueError(f"{self.name}: exact_log is the whole output: no KTAP, "
                             "no memory report")

    def _check_numa(self):
        """Node sizes QEMU takes and that add up to -m; a SLIT for those
        nodes that QEMU accepts (10 to 255, every pair given once at
        least, no entry twice)."""
        if (self.numa or self.numa_dist) and self.boot == HOST:
            raise ValueError(f"{self.name}: numa is for QEMU boots")
        if len(self.numa) > QEMU_MAX_NODES:
            raise ValueError(f"{self.name}: {len(self.numa)} NUMA nodes, QEMU takes at "
                             f"most {QEMU_MAX_NODES}")
        for size in self.numa:
            # A memory backend's size= without a suffix is bytes, not MiB.
            if not re.fullmatch(r"[1-9]\d*[MG]|0", size):
                raise ValueError(f"{self.name}: NUMA node size {size!r} is not a size "
                                 "with an M or G suffix, nor 0")
        if self.numa and sum(map(mem_bytes, self.numa)) != mem_bytes(self.mem):
            raise ValueError(f"{self.name}: NUMA nodes {'+'.join(self.numa)} do not add "
                             f"up to mem {self.mem}")
        if self.numa_dist and not self.numa:
            raise ValueError(f"{self.name}: numa_dist needs numa nodes")
        given = set()
        for src, dst, distance in self.numa_dist:
            if not (0 <= src < len(self.numa) and 0 <= dst < len(self.numa)) or src == dst:
                raise ValueError(f"{self.name}: numa_dist {src}->{dst} is not a pair of "
                                 f"two of the {len(self.numa)} nodes")
            if not 10 <= distance <= 255:
                raise ValueError(f"{self.name}: numa_dist {src}->{dst} distance {distance} "
                                 "is not 10 to 255")
            if (src, dst) in given:
                raise ValueError(f"{self.name}: numa_dist {src}->{dst} given twice")
            given.add((src, dst))
        missing = [(a, b) for a in range(len(self.numa)) for b in range(a + 1, len(self.numa))
                   if self.numa_dist and (a, b) not in given and (b, a) not in given]
        if missing:
            raise ValueError(f"{self.name}: numa_dist has no distance between nodes "
                             f"{missing[0][0]} and {missing[0][1]} (QEMU refuses that)")
        if self.expect_nodes is not None and not 0 <= self.expect_nodes <= QEMU_MAX_NODES:
            raise ValueError(f"{self.name}: expect_nodes {self.expect_nodes} out of range")

    @property
    def nodes(self) -> int | None:
        """The nodes the kernel must set up: expect_nodes, else what the
        last numa= on the command line asks for (off: 0, a UMA boot;
        fake=N: N), else one per QEMU node with memory; None: no rule (a
        log that sets up nodes is still checked for consistency)."""
        if self.expect_nodes is not None:
            return self.expect_nodes
        numa = numa_param(self.cmdline)
        if numa == "off":
            return 0
        fake = re.fullmatch(r"fake=(\d+)", numa or "")
        if fake:
            return int(fake.group(1))
        return sum(size != "0" for size in self.numa) if self.numa else None

    def _check_cpu_and_machine(self):
        """-cpu and -machine values: one model or type, then name=value or
        +flag/-flag options, nothing a shell or QEMU would split further."""
        if (self.cpu is not None or self.machine is not None) and self.boot == HOST:
            raise ValueError(f"{self.name}: cpu and machine are for QEMU boots")
        if self.cpu is not None:
            if not re.fullmatch(r"[A-Za-z0-9_.-]+(?:,(?:[+-]?[A-Za-z0-9_.-]+"
                                r"|[A-Za-z0-9_.-]+=[A-Za-z0-9_.-]+))*", self.cpu):
                raise ValueError(f"{self.name}: cpu {self.cpu!r} is not a QEMU -cpu "
                                 "model[,+flag|,-flag|,prop=value...]")
            if self.cpu.split(",")[0] == "host" and self.accel != "kvm":
                raise ValueError(f"{self.name}: cpu 'host' passes the host CPU "
                                 "through and needs accel='kvm'")
        if self.machine is not None and not re.fullmatch(
                r"[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+=[A-Za-z0-9_.-]+)*", self.machine):
            raise ValueError(f"{self.name}: machine {self.machine!r} is not a QEMU "
                             "-machine type[,prop=value...]")


def boot_config(boot: str, mem: str, **fields) -> Config:
    """A plain boot that must run every self-test: named '<boot>-<mem>'."""
    return Config(name=f"{boot}-{mem}", boot=boot, mem=mem, **fields)


def kvm_config(config: Config) -> Config:
    """The KVM run of an also_kvm config: the same boot under KVM, which must
    leave the same buddyinfo as the TCG run (the accelerator must not change
    what the hand-over does)."""
    if not config.also_kvm:
        raise ValueError(f"{config.name}: not an also_kvm config")
    return replace(config, name=config.name + KVM_SUFFIX, accel="kvm", also_kvm=False,
                   same_buddyinfo_as=config.name)


def retire_pair(name: str, cmdline: str = "", quick: bool = False,
                **fields) -> tuple[Config, Config]:
    """A config booted with each way of retiring bootmem: '<name>' with
    bootmem_retire=batch (the default, spelled out so that both command
    lines have the same length) and '<name>-page' with 2.4's page-at-a-time
    retirement, which must leave the same buddyinfo.  The page run is
    --full only; the batch run is quick if asked."""
    join = lambda retire: f"bootmem_retire={retire} {cmdline}".rstrip()  # noqa: E731
    batch = Config(name=name, cmdline=join("batch"), quick=quick, **fields)
    # The page run must print the free lists it is compared by.
    page_fields = {**fields, "expect_text": (*fields.get("expect_text", ()), FREE_LISTS_LINE)}
    page = Config(name=f"{name}-page", cmdline=join("page"), quick=False,
                  same_buddyinfo_as=name, **page_fields)
    return batch, page


# What show_free_lists() prints after mem_init(): the twins compare them.
FREE_LISTS_LINE = r"^free lists: Node \d+, zone +\S+ digest [0-9a-f]{8}, heads"


# A run that must end in a panic: the default forbidden texts are the very
# thing it expects, so only an internal consistency failure (MISMATCH) stays
# forbidden; no self-tests run and the memory report may be cut short.
_PANIC_DEFAULTS = dict(mem="64M", expect_status=STATUS_FAILURE, expect_ktap=False,
                       forbid_text=(r"MISMATCH",), check_memory_report=False)


def crash_config(kind: str, *expect_text: str, **fields) -> Config:
    """A deliberate crash (``crash=<kind>``) that must panic with this output."""
    return Config(name=f"crash-{kind}", cmdline=f"crash={kind}",
                  expect_text=tuple(expect_text), **{**_PANIC_DEFAULTS, **fields})


def bad_input_config(name: str, *expect_text: str, **fields) -> Config:
    """Memory or a command line the kernel must refuse with a panic that
    says why (mem, cmdline and modules in fields)."""
    return Config(name=name, expect_text=tuple(expect_text),
                  **{**_PANIC_DEFAULTS, **fields})


PANIC = r"Kernel panic - not syncing"


def panic_text(message: str) -> str:
    """The regex for ``Kernel panic - not syncing: <message>``."""
    return PANIC + r": " + message


def host_config(binary: Path, timeout: float = 300) -> Config:
    """How a host unit-test binary is judged: exit 0, full KTAP, no sanitizer
    report.  Reusing Config lets host tests share the kernel's judge."""
    return Config(name=f"host-{binary.name}", boot=HOST, expect_status=0,
                  forbid_text=SANITIZER_FORBID, timeout=timeout,
                  check_memory_report=False)


# Memory sizes booted with -kernel; the memory report of each is checked
# against its own e820 map (memreport.py).  The quick ones: all RAM in
# ZONE_DMA (16M), lowmem just short of 896 MiB (QEMU keeps the top 128K),
# a small and a large ZONE_HIGHMEM.  --full adds both sides of 16, 256 and
# 896 MiB, and RAM above 4 GiB, which QEMU maps from -m 3584M up (the
# kernel warns and uses the first 4 GiB only).
QUICK_SIZES = ("16M", "128M", "896M", "1G", "3G")
FULL_SIZES = ("17M", "64M", "255M", "256M", "895M", "897M", "2G", "3584M", "4G", "6G")
# The numbers for -m 3G, written out once on top of the computed
# check: 557024 highmem pages released, and a clean census.
_REPORT_3G = (r"2228096k highmem\)", r"^accounting: ram \d+ pages = .* \(ok\)$")
_SIZE_FIELDS = {"3G": dict(expect_text=_REPORT_3G),
                "6G": dict(expect_text=(r"^Warning only 4GB will be used\.$",))}
# "KVM when available, TCG always": these also run under KVM when --accel
# auto finds it working (one -kernel boot without and one with highmem, and
# GRUB's map); every other boot, and their first run, stays under TCG.
_ALSO_KVM = ("128M", "3G")


def _user_entry(start: int, end: int, kind: str) -> str:
    """The regex for one line of the user-defined map."""
    return rf"^\s*user: {start:016x} - {end:016x} \({kind}\)$"


def _memmap_probe_fails(value: str, start: int, last: int, first: int) -> tuple[str, str]:
    """The lines for memory declared by memmap=<value> that does not hold
    what is written: the range probed, [start, last], and the first
    address that failed, named in the panic too."""
    v = re.escape(value)
    return (rf"^memmap={v}: probing \[mem {start:#018x}-{last:#018x}\]: {first:#018x} read "
            rf"back 0x[0-9a-f]{{8}} after 0x[0-9a-f]{{8}} was written$",
            panic_text(rf"memmap={v}: the memory declared usable there does not hold what "
                       rf"is written to it, first at {first:#018x}$"))


def _memmap_probed(value: str, start: int, last: int, pages: int) -> str:
    """The line for memory declared by memmap=<value> that the probe found."""
    return (rf"^memmap={re.escape(value)}: probed \[mem {start:#018x}-{last:#018x}\]: "
            rf"{pages} pages hold what is written$")


# Holes in the middle of RAM.  GRUB's ``cutmem FROM TO`` (a top-level line of
# the test ISO's own grub.cfg) drops [FROM, TO) from the map GRUB passes, to
# the byte; memmap=SIZE$START makes it reserved in the kernel's user map.
# Either way the kernel must round the RAM on each side inwards to whole
# pages (page_is_ram()), as memreport.ram_pages() does.
def _cutmem(start: int, end: int) -> dict:
    return dict(grub_pre=f"cutmem {start:#x} {end:#x}", holes=((start, end),))


def _memmap_hole(size: str, start: int, length: int) -> dict:
    return dict(cmdline=f"memmap={size}${start:#x}", holes=((start, start + length),))


# A 32 MiB hole across 896 MiB takes 4096 pages from each of ZONE_NORMAL and
# ZONE_HIGHMEM: at 3G, 557024 - 4096 highmem pages are left.
_REPORT_896M_HOLE_3G = (r"2211712k highmem\)",)


# Two holes in ZONE_NORMAL at 1G: 5 MiB at 52 MiB and 300 KiB at 127 MiB.
# The RAM after each starts off a 2 MiB (order-9) boundary, so both ways of
# retiring bootmem must build the same smaller blocks around the holes.
_HOLES_1G = "memmap=5M$0x3400000 memmap=300K$0x7f00000"
_HOLES_1G_MAP = (_user_entry(0x3400000, 0x3900000, "reserved"),
                 _user_entry(0x7f00000, 0x7f4b000, "reserved"))

# ---- CPUs (issue 10): the kernel runs on every CPU from the i486 on ----
# boot/verify_cpu.asm refuses anything older with Linux's message, before
# any C code; a CPU runs without what it lacks: no TSC -> the PIT clock
# with IRQ0 (and interrupts on), no PSE -> 4 KiB pages only, no CPUID
# leaf 1 -> the family from EFLAGS.AC.
REQUIRED_FAMILY = 4  # boot/verify_cpu.asm


def refusal_text(detected_family: int) -> str:
    """verify_cpu's whole output on a CPU below the i486: Linux's words
    (arch/x86/boot/cpu.c validate_cpu() and main.c), on one line so that
    the reason and the advice cannot be read apart."""
    return (f"This kernel requires an i{REQUIRED_FAMILY}86 CPU, but only detected an "
            f"i{detected_family}86 CPU. "
            "Unable to boot - please use a kernel appropriate for your CPU.\n")


CLOCK_TSC = r"^clocksource: Switched to clocksource tsc$"
CLOCK_PIT = r"^clocksource: Switched to clocksource pit \(no TSC\)"
PAGES_4M = r"^paging_init: \d+MB low memory mapped at c0000000 with 4MB pages$"
PAGES_4K = r"^paging_init: \d+MB low memory mapped at c0000000 with 4KB pages$"
# EFLAGS in an oops with IF (bit 9) set: the fault came with interrupts on.
EFLAGS_IF = r"EFLAGS: [0-9a-f]{5}[2367abef][0-9a-f]{2}$"


def cpu_line(family: int, model: int, stepping: int, level: int) -> str:
    """The regex for print_cpu_info()'s line, from QEMU's own numbers for
    the model (query-cpu-model-expansion): verify_cpu must decode CPUID
    leaf 1 into the same family, model and stepping."""
    if level < 1:
        return (rf"^CPU: .*CPUID level 0 \(family: {REQUIRED_FAMILY:#x}, "
                r"from EFLAGS\.AC\)$")
    return (rf"^CPU: .* \(family: {family:#x}, model: {model:#x}, "
            rf"stepping: {stepping:#x}\), CPUID level {level}$")


@dataclass(frozen=True)
class CpuModel:
    """One entry of ``qemu-system-i386 -cpu help`` with what QEMU says the
    model is (query-cpu-model-expansion, type full): the properties
    family, model, stepping, level (highest CPUID leaf), tsc, pse."""

    name: str
    description: str = ""
    props: tuple[tuple[str, object], ...] = ()

    def prop(self, key: str, default=None):
        return dict(self.props).get(key, default)

    @property
    def level(self) -> int:
        return int(self.prop("level", 0))

    @property
    def detected_family(self) -> int:
        """The family verify_cpu finds: from leaf 1 when there is one, else
        the i486 that EFLAGS.AC and EFLAGS.ID show (QEMU lets both toggle)."""
        return int(self.prop("family", 0)) if self.level >= 1 else REQUIRED_FAMILY

    def has(self, feature: str) -> bool:
        """A CPUID.1:EDX feature as the kernel sees it: only through leaf 1."""
        return self.level >= 1 and bool(self.prop(feature, False))


# Models that cannot run here, and why.
CPU_MATRIX_SKIP = {
    "host": "needs KVM: -cpu host passes the host CPU through, which TCG cannot emulate",
}
CPU_MATRIX_MEM = "64M"


def cpu_model_config(model: CpuModel, accel: str | None = None) -> Config:
    """The matrix boot of one QEMU CPU model ('cpu-<model>', --full and
    make test-cpus): below the i486 it must be refused with exactly Linux's
    message; otherwise it must pass every self-test with the exact memory
    report, decode the CPU as QEMU defines it, and use the clock and page
    size its features allow."""
    name = f"cpu-{model.name}"
    if model.detected_family < REQUIRED_FAMILY:
        return Config(name=name, cpu=model.name, quick=False, accel=accel,
                      exact_log=refusal_text(model.detected_family),
                      **{**_PANIC_DEFAULTS, "mem": CPU_MATRIX_MEM})
    return Config(name=name, cpu=model.name, mem=CPU_MATRIX_MEM, quick=False, accel=accel,
                  expect_text=(cpu_line(model.detected_family, int(model.prop("model", 0)),
                                        int(model.prop("stepping", 0)), model.level),
                               CLOCK_TSC if model.has("tsc") else CLOCK_PIT,
                               PAGES_4M if model.has("pse") else PAGES_4K))


def cpu_matrix_configs(models: list[CpuModel],
                       accel: str) -> tuple[list[Config], list[tuple[str, str]]]:
    """Configs for every model, and the (model, reason) pairs skipped."""
    configs, skipped = [], []
    for model in models:
        reason = CPU_MATRIX_SKIP.get(model.name)
        if reason is not None and not (model.name == "host" and accel == "kvm"):
            skipped.append((model.name, reason))
            continue
        configs.append(cpu_model_config(model, "kvm" if model.name == "host" else None))
    return configs, skipped


# The quick CPU set: the oldest and smallest CPUs QEMU has, each missing
# something the default qemu32 has; and one CPU below the i486.
_CPU_CONFIGS: list[Config] = [
    Config(name="cpu-486-64M", mem="64M", cpu="486",
           expect_text=(cpu_line(4, 8, 0, 1), r"^CPU: flags: fpu pse$", CLOCK_PIT, PAGES_4M)),
    Config(name="cpu-pentium-64M", mem="64M", cpu="pentium",
           expect_text=(cpu_line(5, 4, 3, 1), CLOCK_TSC, PAGES_4M)),
    # No features at all and CPUID level 0: family from the flags, 4 KiB pages.
    Config(name="cpu-base-64M", mem="64M", cpu="base",
           expect_text=(cpu_line(0, 0, 0, 0), CLOCK_PIT, PAGES_4K)),
    # All of low memory in 4 KiB pages: 224 page tables, one name in the
    # record however they come -- upward from bootmem, downward from
    # memblock top-down (its twin; one entry per page once overflowed the
    # record at 56).
    Config(name="cpu-base-1G", mem="1G", cpu="base", expect_text=(PAGES_4K,)),
    Config(name="cpu-qemu32-nocmov-128M", mem="128M", cpu="qemu32,-cmov",
           expect_text=(r"^CPU: flags: (?!.*\bcmov\b).*\bsse2$", CLOCK_TSC)),
    Config(name="cpu-qemu32-notsc-128M", mem="128M", cpu="qemu32,-tsc",
           expect_text=(r"^CPU: flags: (?!.*\btsc\b).*\bsse2$", CLOCK_PIT, PAGES_4M)),
    # A local APIC that CPUID hides (level=0): the BIOS leaves LINT0
    # masked, so IRQ0 needs the APIC's virtual wire mode set by the kernel.
    Config(name="cpu-pentium-level0-64M", mem="64M", cpu="pentium,level=0",
           expect_text=(r"^clocksource: IRQ0 held back by a local APIC the CPU does not "
                        r"report: virtual wire mode set$", CLOCK_PIT, PAGES_4K)),
    Config(name="cpu-qemu32-level0-128M", mem="128M", cpu="qemu32,level=0",
           expect_text=(r"virtual wire mode set$", CLOCK_PIT)),
    # The ISA-only PC (no PCI, an i486 by default).
    Config(name="machine-isapc-64M", mem="64M", machine="isapc",
           expect_text=(cpu_line(4, 8, 0, 1), CLOCK_PIT)),
    # An old PC machine type (QEMU 2.4's i440FX): its firmware tables and
    # devices differ from today's, the hand-over does not.
    Config(name="machine-pc-2.4-64M", mem="64M", machine="pc-i440fx-2.4"),
    # QEMU lets a 486 claim family 3: refused before any C code runs.
    Config(name="cpu-486-family3-refused", cpu="486,family=3", exact_log=refusal_text(3),
           **_PANIC_DEFAULTS),
    # Faults with interrupts on (the PIT clock): the oops and the double
    # fault still end in one clean panic, never re-entered by IRQ0.
    Config(name="crash-null_deref-486", cpu="486", cmdline="crash=null_deref",
           expect_text=(r"BUG: kernel NULL pointer dereference", r"EIP:.*lkdtm_null_deref",
                        EFLAGS_IF, r"Call Trace:", PANIC), **_PANIC_DEFAULTS),
    Config(name="crash-stack_overflow-486", cpu="486", cmdline="crash=stack_overflow",
           expect_text=(r"BUG: stack guard page was hit at [0-9a-f]+ \(kernel stack overflow\)",
                        r"double fault: 0000 \[#1\]", r"EIP: lkdtm_recurse",
                        r"Kernel panic - not syncing: Fatal exception"), **_PANIC_DEFAULTS),
    # Every zone exhausted and refilled with the timer interrupt running.
    Config(name="stress-486-128M", cmdline="selftest=stress", mem="128M", cpu="486",
           expect_text=(CLOCK_PIT,)),
]


# The command line: numbers are read in 64 bits and a value that cannot be
# honoured as written is reported; a name no suite or crash type has, an
# empty selection, or a number past 2^64 - 1 stops the boot (status 35).
# A repeated parameter: the last one wins (memmap= adds an entry each time).
_MALFORMED = r"Malformed (early )?option '{}'"


def _refused(name: str, param: str, *why: str, quick: bool = False, **fields) -> Config:
    """A boot whose command line has a value the kernel must refuse: the
    reason, Linux's 'Malformed option' line and the panic naming it."""
    literal = re.escape(param)
    return bad_input_config(
        name, *why, _MALFORMED.format(literal),
        panic_text(r"Malformed kernel command line parameter '" + literal + r"'"),
        cmdline=param, quick=quick, **fields)


_SUITES_LISTED = r"^selftest: the suites are: boot .*; or selftest=off$"
_CRASHES_LISTED = (r"^lkdtm: unknown crash type \"{}\"; the types are: null_deref bug "
                   r"bootmem_after_retire .*stack_overflow$")

_PARAM_CONFIGS: list[Config] = [
    # memdump (docs/memdump.md): the four stages, each begun and ended, and
    # the records that show the hand-over -- the bitmap while bootmem holds
    # memory, free blocks after mem_init, .init reserved then freed.
    Config(name="memdump-3G", mem="3G", cmdline="memdump", quick=True,
           expect_text=tuple(rf"^memdump: begin 1 {s}$" for s in
                             ("map", "setup_arch", "mem_init", "free_initmem")) +
           tuple(rf"^memdump: end {s}$" for s in
                 ("map", "setup_arch", "mem_init", "free_initmem")) +
           (r"^memdump: e820 100000 bffe0000 usable$", r"^memdump: bitmap 0 [0-9a-f]+ [0-9a-f]+$",
            r"^memdump: held 0 ", r"^memdump: resv [0-9a-f]+ [0-9a-f]+ kernel init$",
            r"^memdump: free 0 HighMem 9 ", r"^memdump: count 786303 \d+ \d+ 557024$")),
    _refused("memdump-value", "memdump=1", r"^memdump=1: memdump takes no value$"),
    # zoneinfo: /proc/zoneinfo's words after mem_init(); free and managed
    # agree with buddyinfo at that moment, spanned with the zone(i) lines.
    Config(name="zoneinfo-3G", mem="3G", cmdline="zoneinfo", quick=False,
           expect_text=(r"^Node 0, zone +DMA$", r"^  pages free +\d+$", r"^ +spanned +4096$",
                        r"^ +spanned +557024$", r"^ +managed +557024$",
                        r"^  start_pfn: +229376$")),
    # highmem= larger than 2^32 pages' worth: 2.4's message, with the value
    # the user wrote (16385G = 16778240MB), not one shifted into 32 bits.
    Config(name="highmem-16385G-at-3G", mem="3G", cmdline="highmem=16385G",
           expect_text=(r"^only 2175MB highmem pages available, ignoring highmem size of "
                        r"16778240MB\.$", r"^2175MB HIGHMEM available\.$")),
    _refused("mem-2pow64", "mem=18446744073709551616",
             r"^mem=18446744073709551616: larger than 2\^64 - 1 bytes$", quick=True),
    _refused("selftest-unknown", "selftest=nonexistent",
             r'^selftest: no suite named "nonexistent"$', _SUITES_LISTED, quick=True),
    _refused("crash-unknown", "crash=nosuch", _CRASHES_LISTED.format("nosuch"), quick=True),
    # The last selftest= wins: off, then boot runs the boot suite alone.
    Config(name="selftest-last-wins", mem="64M", cmdline="selftest=off selftest=boot",
           expect_text=(r"^1\.\.1$", r"^ok 1 boot$")),
    # memmap=@ over memory the firmware reserved: the higher type wins, and
    # the kernel says so, naming the range.
    Config(name="memmap-ram-over-reserved-128M", mem="128M", cmdline="memmap=128K@0x7fe0000",
           expect_text=(r"^memmap: \[mem 0x0000000007fe0000-0x0000000007ffffff\] declared "
                        r"usable, but the firmware map has it reserved: it stays so$",
                        _user_entry(0x7fe0000, 0x8000000, "reserved"))),
    # No RAM between 16 and 896 MiB: bootmem's goal falls back below 16 MiB
    # and every self-test must follow the map it was given.
    *retire_pair("cutmem-16M-896M-1G", boot="multiboot", mem="1G", quick=True,
                 **_cutmem(0x1000000, 0x38000000)),

    # Found by a second reader: a user map too big for the e820 table (each
    # hole adds two entries) is refused, not cut; a blank is not a size
    # suffix; the stress suite on a machine with no ZONE_NORMAL; a hole
    # right after the page bootmem packs small allocations into.
    bad_input_config("memmap-63-holes-128M",
                     r"^e820: table full, ",
                     panic_text(r"e820: the user-defined memory map needs more than 128 entries"),
                     mem="128M", cmdline=" ".join(f"memmap=4K${0x1000000 + i * 0x2000:#x}"
                                                  for i in range(63))),
    Config(name="stress-16M", mem="16M", cmdline="selftest=stress"),
    Config(name="memmap-hole-after-bootmem-page-128M", mem="128M", cmdline="memmap=4K$0x1001000",
           expect_text=(_user_entry(0x1001000, 0x1002000, "reserved"),)),
    # --full: the rest of each class.
    Config(name="highmem-99999999G-at-3G", mem="3G", cmdline="highmem=99999999G", quick=False,
           expect_text=(r"^only 2175MB highmem pages available, ignoring highmem size of "
                        r"102399998976MB\.$",)),
    Config(name="highmem-4G-at-512M", mem="512M", cmdline="highmem=4G", quick=False,
           expect_text=(r"^highmem size specified \(4096MB\) is bigger than pages "
                        r"available \(511MB\)!\.$",)),
    Config(name="highmem-8T-at-512M", mem="512M", cmdline="highmem=8T", quick=False,
           expect_text=(r"^highmem size specified \(8388608MB\) is bigger than pages "
                        r"available \(511MB\)!\.$",)),
    # A limit above all RAM (and above 4 GiB) is honoured: nothing to cut.
    Config(name="mem-16385G-at-128M", mem="128M", cmdline="mem=16385G", quick=False,
           expect_text=(_user_entry(0x100000, 0x7fe0000, "usable"),)),
    _refused("highmem-2pow64", "highmem=99999999999999999999G",
             r"^highmem=99999999999999999999G: larger than 2\^64 - 1 bytes$"),
    _refused("highmem-suffix-overflow", "highmem=16384P",
             r"^highmem=16384P: larger than 2\^64 - 1 bytes$"),
    _refused("mem-suffix-overflow", "mem=0x400000000000000K",
             r"^mem=0x400000000000000K: larger than 2\^64 - 1 bytes$"),
    _refused("mem-zero", "mem=0", r"^mem=0: a limit of 0 leaves no memory$"),
    _refused("mem-junk", "mem=512Q", r"^mem=512Q: not a size"),
    _refused("memmap-size-overflow", "memmap=16E$0x1000",
             r"^memmap=16E\$0x1000: the size is larger than 2\^64 - 1$"),
    _refused("memmap-start-overflow", "memmap=4K$0x10000000000000000",
             r"^memmap=4K\$0x10000000000000000: the start is larger than 2\^64 - 1$"),
    _refused("memmap-wraps", "memmap=2M$0xffffffffffffff00",
             r"^memmap=2M\$0xffffffffffffff00: the range ends past 2\^64$"),
    _refused("memmap-no-type", "memmap=4M%0x1000000",
             r"^memmap=4M%0x1000000: want SIZE@START, SIZE\$START or SIZE#START$"),
    # Ranges at the top of the 64-bit space: every check the kernel makes
    # (the e820, limits and census cases) must take them as unsigned, as
    # sanitize_e820_map() does; KUnit's checks compare by value.
    Config(name="memmap-reserved-at-2pow63-128M", mem="128M", quick=True,
           cmdline="memmap=4K$0x8000000000000000",
           expect_text=(_user_entry(0x8000000000000000, 0x8000000000001000, "reserved"),)),
    Config(name="memmap-reserved-to-top-128M", mem="128M", quick=False,
           cmdline="memmap=0x7fffffffffffc000$0x8000000000000000 memmap=4K#0xffffffffffffe000",
           expect_text=(_user_entry(0x8000000000000000, 0xffffffffffffc000, "reserved"),
                        _user_entry(0xffffffffffffe000, 0xfffffffffffff000, "ACPI data"))),
    Config(name="pae-memmap-ram-at-2pow63-128M", pae=True, mem="128M", cpu="max", quick=False,
           cmdline="memmap=4K@0x8000000000000000",
           expect_text=(_user_entry(0x8000000000000000, 0x8000000000001000, "usable"),
                        r"^Warning only 64GB will be used\.$")),
    _refused("memmap-ends-at-2pow64", "memmap=4K$0xfffffffffffff000",
             r"^memmap=4K\$0xfffffffffffff000: the range ends at 2\^64, and e820 ranges end "
             r"below it$"),
    _refused("loglevel-2pow32", "loglevel=4294967297",
             r"^loglevel=4294967297: larger than the largest level"),
    _refused("loglevel-negative", "loglevel=-1", r"^loglevel=-1: not a number$"),
    _refused("selftest-empty", "selftest=", r'^selftest: empty suite name in ""$',
             _SUITES_LISTED),
    _refused("selftest-comma", "selftest=,", r'^selftest: empty suite name in ","$'),
    _refused("selftest-trailing-comma", "selftest=boot,", r'^selftest: empty suite name'),
    _refused("selftest-typo", "selftest=boot,budy", r'^selftest: no suite named "budy"$',
             _SUITES_LISTED),
    # selftest= takes kunit.py --filter_glob patterns: suite.case, * and ?.
    # Cases not selected neither run nor print, so the plans count only
    # the selected ones and a suite without any disappears.
    Config(name="selftest-glob-cases", mem="128M",
           cmdline="selftest=buddy.*count?rs*,bootmem.bootmem_alignment,buddy.*kmap",
           expect_text=(r"^1\.\.2$", r"^    # Subtest: bootmem$", r"^    1\.\.1$",
                        r"^    ok 1 bootmem_alignment$", r"^ok 1 bootmem$",
                        r"^    1\.\.2$", r"^    ok 1 buddy_counters_agree$",
                        r"^    ok 2 buddy_highmem_through_kmap\b",
                        r"^    # buddy: pass:\d fail:0 skip:\d total:2$", r"^ok 2 buddy$",
                        r"^# Totals: pass:\d fail:0 skip:\d total:3$"),
           forbid_text=DEFAULT_FORBID + (r"^    # Subtest: (boot|e820|numa|retire|retire_late"
                                         r"|stress|cmdline|vsprintf)$",
                                         r"^    ok \d+ buddy_invariants_hold_in_every_zone",
                                         r"^    ok \d+ bootmem_(?!alignment$)")),
    Config(name="selftest-glob-suites", mem="128M", cmdline="selftest=*retire*",
           expect_text=(r"^1\.\.2$", r"^ok 1 retire$", r"^ok 2 retire_late$",
                        r"^    ok \d+ retire_init_section_freed$"),
           forbid_text=DEFAULT_FORBID + (r"^    # Subtest: (?!retire)",)),
    _refused("selftest-glob-unmatched", "selftest=boot,buddy.nosuch",
             r'^selftest: no test matches "buddy\.nosuch"$', _SUITES_LISTED, quick=True),
    _refused("selftest-glob-no-suite", "selftest=nosuch*",
             r'^selftest: no test matches "nosuch\*"$', _SUITES_LISTED),
    _refused("selftest-empty-case", "selftest=buddy.", r'^selftest: empty case name in "buddy\."$',
             _SUITES_LISTED),
    _refused("crash-empty", "crash=", _CRASHES_LISTED.format("")),
    _refused("bootmem-retire-unknown", "bootmem_retire=pages",
             r"^bootmem_retire=pages: the choices are page and batch$"),
    _refused("noexec-unknown", "noexec=maybe", r"^noexec=maybe: the choices are on and off$"),
    _refused("initmem-unknown", "initmem=free",
             r"^initmem=free: the choices are poison and unmap$"),
    # The last one wins for every parameter that takes one value.
    Config(name="mem-last-wins-3G", mem="3G", cmdline="mem=512M mem=1G", quick=False,
           expect_text=(_user_entry(0x100000, 0x40000000, "usable"),)),
    Config(name="highmem-last-wins-3G", mem="3G", cmdline="highmem=128M highmem=512M",
           quick=False, expect_text=(r"^512MB HIGHMEM available\.$",)),
    Config(name="initmem-last-wins-64M", mem="64M", cmdline="initmem=unmap initmem=poison",
           quick=False, forbid_text=DEFAULT_FORBID + (r"initmem=unmap:",)),
    # A bad value is refused even when a good one follows it.
    bad_input_config("crash-bad-then-good", _CRASHES_LISTED.format("nosuch"),
                     panic_text(r"Malformed kernel command line parameter 'crash=nosuch'"),
                     cmdline="crash=nosuch crash=bug", quick=False),
    # Several bad values: every one reported, the boot stops once.
    bad_input_config("several-malformed", r"^mem=1X: not a size",
                     r"^highmem=2Y: not a size",
                     panic_text(r"Malformed kernel command line parameter 'mem=1X', and more"),
                     cmdline="mem=1X highmem=2Y", quick=False),
    bad_input_config("mem-quoted-blank", r"^mem=1048576 : not a size",
                     panic_text(r"Malformed kernel command line parameter 'mem=1048576 '"),
                     cmdline='mem="1048576 "', quick=False),
    _refused("bench-with-value", "bench=0", r"^bench=0: bench takes no value$"),
    _refused("debug-with-value", "debug=0", r"^debug=0: debug takes no value"),
    Config(name="highmem-4095-at-3G", mem="3G", cmdline="highmem=4095", quick=False,
           expect_text=(r"^highmem=4095: not a whole number of pages, taken as 0 pages$",
                        r"^highmem: using 0MB of high memory, the 2175MB above it left unused$",
                        r"^0MB HIGHMEM available\.$")),
    # memmap=@ where the firmware map has no RAM: believed, warned about, and
    # probed before any allocator gets it.  Where there is no memory the
    # boot stops, naming the memmap= and the first address that failed: past
    # the end of RAM, in the PCI hole, above 4 GiB with PAE; in the APIC
    # window it is refused unprobed.  Where there is memory (RAM GRUB's
    # cutmem hid, below and above 4 GiB) it is probed and used; RAM the
    # firmware has is not probed at all.
    bad_input_config("memmap-ram-beyond-ram-128M",
                     r"^memmap: \[mem 0x0000000010000000-0x0000000013ffffff\] declared "
                     r"usable, but the firmware map has no RAM there$",
                     *_memmap_probe_fails("64M@0x10000000", 0x10000000, 0x13ffffff, 0x10000000),
                     mem="128M", cmdline="memmap=64M@0x10000000", quick=False),
    bad_input_config("memmap-4G-at-0-3G",
                     *_memmap_probe_fails("4G@0", 0xc0000000, 0xfffbffff, 0xc0000000),
                     mem="3G", cmdline="memmap=4G@0", quick=True),
    bad_input_config("memmap-512M-at-3G-3G",
                     *_memmap_probe_fails("512M@3G", 0xc0000000, 0xdfffffff, 0xc0000000),
                     mem="3G", cmdline="memmap=512M@3G", quick=False),
    bad_input_config("memmap-partly-over-ram-3G",
                     r"^memmap: \[mem 0x00000000bffe0000-0x00000000bfffffff\] declared usable, "
                     r"but the firmware map has it reserved: it stays so$",
                     *_memmap_probe_fails("1G@2560M", 0xc0000000, 0xdfffffff, 0xc0000000),
                     mem="3G", cmdline="memmap=1G@2560M", quick=False),
    bad_input_config("memmap-beyond-ram-pentium-64M",
                     *_memmap_probe_fails("16M@64M", 0x4000000, 0x4ffffff, 0x4000000),
                     cpu="pentium", mem="64M", cmdline="memmap=16M@64M", quick=False),
    bad_input_config("memmap-pci-hole-to-apic-3G",
                     *_memmap_probe_fails("20M@0xfeb00000", 0xfeb00000, 0xffefffff, 0xfeb00000),
                     mem="3G", cmdline="memmap=20M@0xfeb00000", quick=False),
    bad_input_config("memmap-apic-window-3G",
                     panic_text(r"memmap=1M@0xfee00000: declares usable memory at "
                                r"0x00000000fee00000, in the APIC/HPET/BIOS window \[mem "
                                r"0x00000000fec00000-0x00000000ffffffff\], never RAM on a PC$"),
                     mem="3G", cmdline="memmap=1M@0xfee00000", quick=False),
    bad_input_config("pae-memmap-1G-at-8G-3G",
                     *_memmap_probe_fails("1G@8G", 0x200000000, 0x23fffffff, 0x200000000),
                     pae=True, cpu="max", mem="3G", cmdline="memmap=1G@8G", quick=False),
    Config(name="memmap-cutmem-redeclared-1G", boot="multiboot", mem="1G", quick=True,
           grub_pre="cutmem 0x20000000 0x30000000", cmdline="memmap=256M@0x20000000",
           expect_text=(_memmap_probed("256M@0x20000000", 0x20000000, 0x2fffffff, 65536),
                        _user_entry(0x100000, 0x3ffe0000, "usable"))),
    Config(name="pae-memmap-cutmem-redeclared-8G", boot="multiboot", pae=True, cpu="max",
           mem="8G", quick=False, grub_pre="cutmem 6G 7G", cmdline="memmap=1G@6G",
           expect_text=(_memmap_probed("1G@6G", 0x180000000, 0x1bfffffff, 262144),
                        _user_entry(0x100000000, 0x240000000, "usable"))),
    Config(name="memmap-firmware-ram-redeclared-128M", mem="128M", quick=False,
           cmdline="memmap=64M@0x1000000",
           forbid_text=DEFAULT_FORBID + (r"^memmap=64M@0x1000000: prob",)),
    # Holes that empty a zone's spare pages: ZONE_NORMAL gone (cutmem
    # 16M-896M at 2G with highmem) and ZONE_HIGHMEM in pieces.
    *retire_pair("cutmem-16M-896M-2G", boot="multiboot", mem="2G",
                 **_cutmem(0x1000000, 0x38000000)),
    *retire_pair("cutmem-highmem-holes-3G", boot="multiboot", mem="3G",
                 grub_pre="cutmem 0x40000000 0x80000000\ncutmem 0xa0000000 0xbfe00000",
                 holes=((0x40000000, 0x80000000), (0xa0000000, 0xbfe00000))),
]


# ---- the boot loader's data: boot modules and the command line (issue 10) ----

def module_pages(sizes: tuple[int, ...]) -> int:
    """Pages the modules take: QEMU and GRUB start each on a page of its
    own (QEMU's hw/i386/multiboot.c, GRUB's MULTIBOOT_MOD_ALIGN)."""
    return sum(-(-size // 4096) for size in sizes)


def _module_sizes(count: int) -> tuple[int, ...]:
    """count small modules of one to three pages, most ending inside a
    page, so partial pages are reserved whole."""
    return tuple((1 + i % 3) * 4096 - (i % 5) * 700 for i in range(count))


def _modules(count: int, boot: str = "kernel", quick: bool = False) -> Config:
    """count modules through one loader; the kernel must reserve every page
    of every one (judge.py checks its 'N modules, M pages reserved' line)
    and nothing else for them (reserved_like the 64M boot without modules:
    what is not module or loader data is the same whatever the loader),
    and the bootmem suite must find each one's checksum unchanged."""
    return Config(name=f"modules-{count}-{boot}", boot=boot, mem="64M",
                  modules=_module_sizes(count), quick=quick,
                  reserved_like=None if count == 0 else "modules-0-kernel")


# The longest command line the kernel takes: COMMAND_LINE_SIZE - 1 bytes of
# arguments (2048, Linux's x86 value; QEMU's file name in front does not
# count).  A line of that length and one byte less must be taken whole --
# its last word, which changes the memory map, is honoured -- and one byte
# more refused with the lengths named.  The padding word is unknown, so it
# must also come back whole in the "Unknown ... parameters" line.
COMMAND_LINE_MAX = 2047
_CMDLINE_TAIL = {"kernel": "memmap=64M$0x2000000", "multiboot": "mem=96M",
                 "multiboot2": "mem=96M"}
_CMDLINE_MAP = {"kernel": _user_entry(0x2000000, 0x6000000, "reserved"),
                "multiboot": _user_entry(0x100000, 0x6000000, "usable"),
                "multiboot2": _user_entry(0x100000, 0x6000000, "usable")}


def long_cmdline(length: int, tail: str) -> str:
    """A command line of exactly length bytes: 'pad=xxx...' then tail."""
    pad = length - len(tail) - len(" pad=")
    if pad < 1:
        raise ValueError(f"no room for padding in {length} bytes before {tail!r}")
    return f"pad={'x' * pad} {tail}"


def _cmdline(length: int, boot: str, quick: bool = False) -> Config:
    """A command line of length bytes through one loader: refused with its
    length above the limit; else taken whole, tail and padding word both."""
    tail = _CMDLINE_TAIL[boot]
    cmdline = long_cmdline(length, tail)
    name = f"cmdline-{length}-{boot}"
    if length > COMMAND_LINE_MAX:
        return bad_input_config(
            name, panic_text(rf"Kernel command line is {length} bytes, longer than the "
                             rf"{COMMAND_LINE_MAX} this kernel accepts "
                             rf"\(COMMAND_LINE_SIZE {COMMAND_LINE_MAX + 1}\)"),
            boot=boot, mem="128M", cmdline=cmdline, quick=quick)
    pad = cmdline.split()[0]
    return Config(name=name, boot=boot, mem="128M", cmdline=cmdline, quick=quick,
                  expect_text=(r"^user-defined physical RAM map:$", _CMDLINE_MAP[boot],
                               rf'^Unknown kernel command line parameters "{pad}", '
                               r"will be ignored\.$",
                               rf"^Kernel command line: {pad} {re.escape(tail)}$"))


_LOADER_CONFIGS: list[Config] = [
    # More boot modules than any table the kernel had (16 for Multiboot 1,
    # 32 boot loader ranges), through each loader.  QEMU 7.2's -initrd has
    # no limit of its own on their number (a 128 KiB argument, the host's
    # MAX_ARG_STRLEN, is); 300 of them take two pages of module list.  The
    # boot without modules is what the others' reserved pages are held to.
    _modules(0, quick=True),
    _modules(17, quick=True),
    _modules(20, "multiboot", quick=True),
    _modules(40, "multiboot2", quick=True),
    _modules(16),
    _modules(33),
    _modules(100),
    _modules(300),
    _modules(200, "multiboot2"),
    # No free pages below 16 MiB for the module table: low memory reserved
    # by memmap=, and one module from the image's end to past 16 MiB.
    bad_input_config("module-table-no-room",
                     panic_text(r"Boot modules: 1, but their table \(\d+ KiB\) fits nowhere "
                                r"in usable RAM below the 16MB mapped at boot"),
                     cmdline="memmap=0x9e000$0x1000", modules=(15 << 20,)),
    # The command line at, below and above its limit, through each loader.
    _cmdline(COMMAND_LINE_MAX, "kernel", quick=True),
    _cmdline(COMMAND_LINE_MAX + 1, "kernel", quick=True),
    _cmdline(COMMAND_LINE_MAX, "multiboot", quick=True),
    _cmdline(COMMAND_LINE_MAX + 1, "multiboot2", quick=True),
    _cmdline(COMMAND_LINE_MAX - 1, "kernel"),
    _cmdline(COMMAND_LINE_MAX - 1, "multiboot"),
    _cmdline(COMMAND_LINE_MAX + 1, "multiboot"),
    _cmdline(COMMAND_LINE_MAX - 1, "multiboot2"),
    _cmdline(COMMAND_LINE_MAX, "multiboot2"),
    # Far above: measured to its end, still refused by its length.
    _cmdline(5000, "kernel"),
]


# ---- PAE (issue 12): make PAE=1, RAM up to 64 GiB ----
# QEMU puts the RAM past 3 GiB above the PCI hole: at -m 8G, usable
# 0x100000000-0x23fffffff.  The PAE kernel counts all of it, above 896 MiB,
# as ZONE_HIGHMEM: 8192 MiB less the 896 MiB of low memory, plus the
# 1024 MiB QEMU moved above 4 GiB -- 8320 MiB.
PAE_REFUSAL = ("cannot execute a PAE-enabled kernel on a PAE-less CPU!\n"
               "Unable to boot - please use a kernel appropriate for your CPU.\n")
PAGES_2M = r"^paging_init: \d+MB low memory mapped at c0000000 with 2MB pages$"
_ACCOUNTING_OK = r"^accounting: ram \d+ pages = .* \(ok\)$"
_PAE_FORBID = DEFAULT_FORBID + (r"Warning only",)
# Linux's x86_report_nx() lines (arch/x86/mm/init.c).
NX_ACTIVE = r"^NX \(Execute Disable\) protection: active$"
NX_MISSING = r"^Notice: NX \(Execute Disable\) protection missing in CPU!$"
NX_OFF = r"^NX \(Execute Disable\) protection: disabled by kernel command line option$"
NX_NON_PAE = (r"^Notice: NX \(Execute Disable\) protection cannot be enabled: "
              r"non-PAE kernel!$")
NX_REFUSED = r"^kernel tried to execute NX-protected page - exploit attempt\? \(uid: 0\)$"

PAE_CONFIGS: list[Config] = [
    # -cpu max: PAE, PSE and NX; 2 MiB pages for low memory.
    # mem_map's cost: 0x240000 pages (RAM to 9 GiB) of 20 bytes.
    Config(name="pae-max-8G", pae=True, mem="8G", cpu="max",
           expect_text=(r"^8320MB HIGHMEM available\.$", r"^896MB LOWMEM available\.$",
                        r"^mem_map: 2359296 struct pages of 20 bytes: 45MB, 5% of low RAM$",
                        _ACCOUNTING_OK, PAGES_2M, NX_ACTIVE),
           forbid_text=_PAE_FORBID),
    # A Pentium III has PAE (and PSE-36) but not NX.
    Config(name="pae-pentium3-6G", pae=True, mem="6G", cpu="pentium3",
           expect_text=(r"^CPU: address sizes: 36 bits physical$",
                        r"^6272MB HIGHMEM available\.$", _ACCOUNTING_OK, PAGES_2M, NX_MISSING),
           forbid_text=_PAE_FORBID),
    # qemu32: PAE, no NX, and (in QEMU) 32 physical address bits without
    # PSE-36: the RAM above 4 GiB stays unused, with a warning, not a fault.
    Config(name="pae-qemu32-6G", pae=True, mem="6G", cpu="qemu32", cpu_phys_bits=32,
           expect_text=(r"^CPU: address sizes: 32 bits physical$",
                        r"^Warning only 4GB will be used: the CPU has 32 physical "
                        r"address bits\.$", r"^3200MB HIGHMEM available\.$", _ACCOUNTING_OK),
           forbid_text=DEFAULT_FORBID + (r"Use a PAE enabled kernel",)),
    # A CPU without PAE: 2.4's refusal before any C code, then status 35.
    Config(name="pae-pentium-refused", pae=True, cpu="pentium", exact_log=PAE_REFUSAL,
           **_PANIC_DEFAULTS),
    # --full: sizes around and above the PCI hole (4G: 1 GiB above 4 GiB),
    # up to 61G, whose RAM QEMU ends at 62 GiB (3 GiB below the hole, the
    # rest from 4 GiB); at -m 64G it would end past the 64 GiB that -cpu
    # max's 36 address bits reach, and QEMU refuses to start.
    *(Config(name=f"pae-{mem}", pae=True, mem=mem, cpu="max", quick=False,
             expect_text=(_ACCOUNTING_OK,), forbid_text=_PAE_FORBID)
      for mem in ("4G", "6G", "16G", "32G", "61G")),
    # A hole above 4 GiB, from memmap=: high memory on both sides of it,
    # retired the same way by both strategies.
    *retire_pair("pae-memmap-5G-8G", pae=True, mem="8G", cpu="max",
                 **_memmap_hole("64M", 0x140000000, 64 << 20)),
    # The same from GRUB's cutmem: 1 GiB cut out at 6 GiB (GRUB 2.06 takes
    # sizes with a unit above 4 GiB; a hex address there is not applied).
    *retire_pair("pae-cutmem-6G-8G", boot="multiboot", pae=True, mem="8G", cpu="max",
                 grub_pre="cutmem 6G 7G", holes=((0x180000000, 0x1c0000000),)),
    # mem= above 4 GiB: RAM ends there (the map's usable RAM is cut at 6 GiB).
    Config(name="pae-mem6G-8G", pae=True, mem="8G", cpu="max", cmdline="mem=6G",
           quick=False, expect_text=(_ACCOUNTING_OK,)),
    # highmem= with PAE: 2 GiB of the 8320 MiB of high memory used.
    Config(name="pae-highmem2G-8G", pae=True, mem="8G", cpu="max", cmdline="highmem=2G",
           quick=False, expect_text=(r"^2048MB HIGHMEM available\.$", _ACCOUNTING_OK)),
    # The stress suite over 8 GiB: its table of held blocks grows with RAM.
    Config(name="pae-stress-8G", pae=True, mem="8G", cpu="max", cmdline="selftest=stress",
           quick=False),
    # Five 4 KiB holes leave no piece of low RAM that holds mem_map for 33G:
    # high memory is cut to what the largest piece holds, with the numbers
    # (the memory report's model does not know this cap, so it is not run).
    Config(name="pae-memmap-cap-33G", pae=True, mem="33G", cpu="max", quick=False,
           cmdline=" ".join(f"memmap=4K${m}M" for m in (150, 300, 450, 600, 750)) + " selftest=off",
           expect_ktap=False, check_memory_report=False,
           expect_text=(r"^mem_map for 34816MB of RAM would take 170MB; the largest piece of "
                        r"low RAM is 149MB: using 29900MB of RAM$",
                        r"^mem_map: 7654400 struct pages of 20 bytes: 145MB, 16% of low RAM$",
                        _ACCOUNTING_OK)),
    # Both ways of retiring bootmem leave the same free lists at 8G.
    *retire_pair("pae-retire-8G", pae=True, mem="8G", cpu="max"),
    # NX: a jump into .data faults as an instruction fetch from a present
    # page; noexec=off leaves it executable, and so does a CPU without NX
    # or the non-PAE kernel (no NX bit in a 32-bit entry).
    Config(name="crash-exec_data-pae", pae=True, cpu="max", cmdline="crash=exec_data",
           expect_text=(NX_ACTIVE, r"lkdtm: Performing direct entry exec_data", NX_REFUSED,
                        r"#PF: supervisor instruction fetch in kernel mode",
                        r"#PF: error_code\(0x0011\) - permissions violation",
                        r"lkdtm_run", PANIC), **_PANIC_DEFAULTS),
    Config(name="crash-exec_data-pae-noexec-off", pae=True, cpu="max", mem="128M",
           cmdline="crash=exec_data noexec=off", quick=False,
           expect_text=(NX_OFF, r"^lkdtm: exec_data did not crash the kernel$")),
    Config(name="crash-exec_data-pae-pentium3", pae=True, cpu="pentium3", mem="128M",
           cmdline="crash=exec_data", quick=False,
           expect_text=(NX_MISSING, r"^lkdtm: exec_data did not crash the kernel$")),
    Config(name="crash-exec_data-nonpae-max", cpu="max", mem="128M",
           cmdline="crash=exec_data", quick=False,
           expect_text=(NX_NON_PAE, r"^lkdtm: exec_data did not crash the kernel$")),
    Config(name="pae-noexec-off-1G", pae=True, cpu="max", mem="1G", cmdline="noexec=off",
           quick=False, expect_text=(NX_OFF, _ACCOUNTING_OK)),
    # The non-PAE kernel at 8G keeps 2.4's warning and uses 4 GiB.
    Config(name="kernel-8G", mem="8G", quick=False,
           expect_text=(r"^Warning only 4GB will be used\.$",
                        r"^Use a PAE enabled kernel\.$", _ACCOUNTING_OK)),
]


# ---- NUMA: nodes from the ACPI SRAT (or numa=fake=N), one pg_data_t each ----
# QEMU's -numa gives the firmware's SRAT one memory range per node (two
# for the node holding 640K-1M, and for the one the PCI hole at 3 GiB
# cuts) and one CPU per node.  The memory report is then checked node by
# node (memreport.numa_reasons): each node's RAM, span, zones, buddyinfo
# rows and census follow from its SRAT ranges and the map.  On top of
# that, free_all_bootmem_node() must run for each node with a boot
# allocator -- every node with low memory -- and the others, all above
# max_low_pfn, must be released as highmem alone.
def bootmem_node(node: int) -> str:
    return rf"^Node {node}: free_all_bootmem_node: \d+ pages$"


def highmem_node(node: int) -> str:
    """At set-up, and (' to retire') when the boot allocators are retired."""
    return rf"^Node {node}: highmem only, no boot allocator(?: to retire)?$"


def node_accounting_ok(node: int) -> str:
    return rf"^accounting: node {node}: ram \d+ pages = free \d+ \+ reserved \d+ \(ok\)$"


# numa= is a parameter the kernel knows: never passed on as unknown.
_NUMA_FORBID = DEFAULT_FORBID + (r"Unknown kernel command line parameters",)


def _numa_fields(bootmem: range | tuple[int, ...], highmem: tuple[int, ...] = (),
                 expect_text: tuple[str, ...] = (), forbid_text=_NUMA_FORBID,
                 **fields) -> dict:
    """A NUMA boot's fields: every node's census and the machine's ok, and
    which nodes had a boot allocator (bootmem) and which only highmem."""
    nodes = sorted((*bootmem, *highmem))
    return dict(expect_text=(*map(bootmem_node, bootmem), *map(highmem_node, highmem),
                             *map(node_accounting_ok, nodes), _ACCOUNTING_OK,
                             *expect_text),
                forbid_text=forbid_text, **fields)


def numa_config(name: str, mem: str, numa: tuple[str, ...], bootmem, highmem=(),
                **fields) -> Config:
    return Config(name=name, mem=mem, numa=numa, **_numa_fields(bootmem, highmem, **fields))


# numactl --hardware's table of the SLIT (the kernel prints it when QEMU
# gives one): a header, then one row per node.
def slit_row(node: int, distances: tuple[int, ...]) -> str:
    return rf"^{node:3d}: " + "".join(f"{d:3d} " for d in distances).rstrip() + " *$"


# ---- NUMA edges (issue 22): max_pfn in a hole past the last node's RAM,
# a mem_map no low memory holds, a NUMA boot left with one node ----
_CPU_4G = r"^Warning only 4GB will be used: the CPU has 32 physical address bits\.$"


def node_memmap_cap(node: int, span_mb: int, need_mb: int, room_mb: int, used_mb: int,
                    end_mb: int) -> str:
    """zone_sizes_init()'s line when no low memory left holds a node's mem_map."""
    return (rf"^Node {node}: mem_map for {span_mb}MB of RAM would take {need_mb}MB; the "
            rf"largest free piece of low RAM is {room_mb}MB: using {used_mb}MB of RAM, "
            rf"high memory ending at {end_mb}MB$")


def _memmap_holes(*mb: int) -> str:
    return " ".join(f"memmap=4K${m}M" for m in mb)


NUMA_EDGE_CONFIGS: list[Config] = [
    # max_pfn capped into a hole: the last node ends at its last RAM page,
    # below highend_pfn, and no RAM lies between.  Quick: highmem= landing
    # in a 200 MiB memmap= hole of node 1, without PAE.
    numa_config("numa-highmem-hole-1G-2G", "3G", ("1G", "2G"), bootmem=(0,), highmem=(1,),
                cmdline="memmap=200M$2800M highmem=2000M"),
    # A CPU of 32 physical address bits under PAE: max_pfn is 4 GiB, in the
    # PCI hole past the last node (numa=fake=2 on qemu32; an SRAT on coreduo).
    numa_config("numa-pae-qemu32-fake-2-6G", "6G", (), bootmem=(0,), highmem=(1,),
                pae=True, cpu="qemu32", cpu_phys_bits=32, cmdline="numa=fake=2",
                quick=False, expect_text=(_CPU_4G,)),
    numa_config("numa-pae-coreduo-2G-3G", "5G", ("2G", "3G"), bootmem=(0,), highmem=(1,),
                pae=True, cpu="coreduo", cpu_phys_bits=32, quick=False,
                expect_text=(_CPU_4G,)),
    # highmem= in the PCI hole (3396 MiB), and, beside it, in RAM (1920 MiB).
    numa_config("numa-pae-highmem-hole-1G-3G", "4G", ("1G", "3G"), bootmem=(0,),
                highmem=(1,), pae=True, cpu="max", cmdline="highmem=2500M", quick=False,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:]),
    numa_config("numa-pae-highmem-ram-1G-3G", "4G", ("1G", "3G"), bootmem=(0,),
                highmem=(1,), pae=True, cpu="max", cmdline="highmem=1G", quick=False,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:]),
    # One node left: numa=fake=1 (quick); a node with a CPU and no memory;
    # mem= cutting node 1 off; highmem= ending in the hole before node 1
    # (3G+5G, highmem=2200M).  Each prints its node's census.
    numa_config("numa-fake-1-512M", "512M", (), bootmem=(0,), cmdline="numa=fake=1"),
    numa_config("numa-memless-1G-0", "1G", ("1G", "0"), bootmem=(0,), quick=False,
                expect_text=(r"^SRAT: PXM 1 -> APIC 0x01 -> no node \(the domain has no "
                             r"memory\)$",)),
    numa_config("numa-memless-512M-0-1536M", "2G", ("512M", "0", "1536M"), bootmem=(0, 1),
                quick=False,
                expect_text=(r"^SRAT: PXM 2 -> APIC 0x02 -> Node 1$",)),
    numa_config("numa-mem-cut-512M-512M", "1G", ("512M", "512M"), bootmem=(0,),
                cmdline="mem=512M", quick=False, expect_nodes=1,
                expect_text=(r"^NUMA: node 1 \(PXM 1\) has no RAM in use: left offline$",)),
    numa_config("numa-pae-highmem-cut-3G-5G", "8G", ("3G", "5G"), bootmem=(0,), pae=True,
                cpu="max", cmdline="highmem=2200M", quick=False, expect_nodes=1,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^NUMA: node 1 \(PXM 1\) has no RAM in use: left offline$",)),
    # mem_map for a node that no piece of low memory holds: high memory is
    # cut where the largest piece's worth ends, with the numbers (the
    # memory report's model does not know the cap, as for UMA's
    # pae-memmap-cap-33G).  Seven 128M nodes and a 26G one; seven 120M
    # nodes and a 25G one that also holds 56M of low memory (its boot
    # allocator stays; its high memory is cut).  And low RAM cut under
    # 50 MiB pieces by memmap= holes: the machine-wide check caps first.
    numa_config("numa-pae-memmap-cap-7x128M-26G", "27520M", ("128M",) * 7 + ("26G",),
                bootmem=range(7), highmem=(7,), pae=True, cpu="max", quick=False,
                check_memory_report=False, timeout=300,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(node_memmap_cap(7, 27648, 135, 127, 26085, 26981),)),
    numa_config("numa-pae-memmap-cap-7x120M-25G", "26440M", ("120M",) * 7 + ("25G",),
                bootmem=range(8), pae=True, cpu="max", quick=False,
                check_memory_report=False, timeout=300,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^Node 7: mem_map for \d+MB of RAM would take \d+MB; ",)),
    # A node after the cut one goes offline, named.
    numa_config("numa-pae-memmap-cap-6x128M-26G-1G", "28416M", ("128M",) * 6 + ("26G", "1G"),
                bootmem=range(7), pae=True, cpu="max", quick=False, expect_nodes=7,
                check_memory_report=False, timeout=300,
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^Node 6: mem_map for \d+MB of RAM would take \d+MB; ",
                             r"^NUMA: node 7 \[mem 0x00000006f0000000-0x000000072fffffff\] left "
                             r"offline: no low memory for its mem_map$")),
    numa_config("numa-pae-memmap-holes-600M-20G", "21080M", ("600M", "20G"), bootmem=(0, 1),
                pae=True, cpu="max", quick=False, check_memory_report=False, timeout=300,
                cmdline=_memmap_holes(*range(50, 896, 50)),
                forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^mem_map for 22104MB of RAM would take 107MB; the largest piece "
                             r"of low RAM is 49MB: using 9420MB of RAM$",)),
]


NUMA_CONFIGS: list[Config] = [
    # Quick: two nodes, the second all highmem (above 896 MiB); and four
    # nodes all with low memory, also retired page at a time (--full),
    # which must leave every node's free lists the same.
    numa_config("numa-1G-2G", "3G", ("1G", "2G"), bootmem=(0,), highmem=(1,),
                expect_text=_REPORT_3G[:1]),
    *retire_pair("numa-4x256M", mem="1G", numa=("256M",) * 4, quick=True,
                 **_numa_fields(range(4))),
    # --full.  Three nodes of unequal size with a hole (GRUB's cutmem)
    # inside the middle one, across 896 MiB, both ways of retiring.
    *retire_pair("numa-3-cutmem-2G", boot="multiboot", mem="2G",
                 numa=("384M", "1152M", "512M"), **_cutmem(0x37000000, 0x39000000),
                 **_numa_fields((0, 1), (2,))),
    # Nodes entirely in highmem: node 1 starts at 1 GiB.
    numa_config("numa-3x1G", "3G", ("1G",) * 3, bootmem=(0,), highmem=(1, 2),
                quick=False),
    # Nodes smaller than ZONE_DMA: the first (holding the kernel image)
    # and the last, which lies wholly above 896 MiB.
    numa_config("numa-8M-248M", "256M", ("8M", "248M"), bootmem=(0, 1), quick=False),
    numa_config("numa-1016M-8M", "1G", ("1016M", "8M"), bootmem=(0,), highmem=(1,),
                quick=False),
    # MAX_NUMNODES (8): four with low memory, four only highmem.
    numa_config("numa-8x256M", "2G", ("256M",) * 8, bootmem=range(4),
                highmem=range(4, 8), quick=False),
    # A SLIT: the distances as QEMU was given them, both directions.
    numa_config("numa-slit-3x512M", "1536M", ("512M",) * 3, bootmem=(0, 1), highmem=(2,),
                numa_dist=((0, 1, 15), (0, 2, 30), (1, 2, 20)), quick=False,
                expect_text=(r"^node distances:$", slit_row(0, (10, 15, 30)),
                             slit_row(1, (15, 10, 20)), slit_row(2, (30, 20, 10)))),
    # numa=off on a two-node machine: a UMA boot, as without an SRAT.
    Config(name="numa-off-2G", mem="2G", numa=("1G", "1G"), cmdline="numa=off", quick=False,
           expect_text=(_ACCOUNTING_OK,),
           forbid_text=_NUMA_FORBID + (r"^accounting: node ",)),
    # numa=fake=4 on a machine without an SRAT: four nodes cut by the kernel.
    Config(name="numa-fake-4-1G", mem="1G", cmdline="numa=fake=4", quick=False,
           **_numa_fields(range(4), expect_text=(r"^NUMA: Faking node 3 at \[mem ",))),
    # Boot modules filling node 1 and reaching into node 2: neither has room
    # for its bitmap below 16 MiB, so both borrow node 0's; after
    # paging_init() node 2's moves home, node 1's (its low memory all
    # modules) stays, and every module page stays reserved.
    numa_config("numa-modules-16M-16M-96M", "128M", ("16M", "16M", "96M"), bootmem=(0, 1, 2),
                modules=(40 << 20, 20 << 20), quick=False,
                expect_text=(r"^Node 1: bootmem .*\(no room on the node: it stays there\)$",
                             r"^Node 2: bootmem .*\(moved to the node\)$")),
    # PAE: node 0 in three SRAT ranges (640K, to 3 GiB, and from 4 GiB on,
    # around the PCI hole), and a node wholly above 4 GiB.
    numa_config("numa-pae-4G-4G", "8G", ("4G", "4G"), bootmem=(0,), highmem=(1,),
                pae=True, cpu="max", quick=False, forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^ACPI: SRAT: Node 0 PXM 0 \[mem 0x100000000-0x13fffffff\]$",)),
    numa_config("numa-pae-3G-3G", "6G", ("3G", "3G"), bootmem=(0,), highmem=(1,),
                pae=True, cpu="max", quick=False, forbid_text=_PAE_FORBID + _NUMA_FORBID[-1:],
                expect_text=(r"^ACPI: SRAT: Node 1 PXM 1 \[mem 0x100000000-0x1bfffffff\]$",)),
    *NUMA_EDGE_CONFIGS,
]


CONFIGS: list[Config] = [
    *(boot_config("kernel", mem, also_kvm=mem in _ALSO_KVM, **_SIZE_FIELDS.get(mem, {}))
      for mem in QUICK_SIZES),
    # Through GRUB: the same report from the loader's own map.
    boot_config("multiboot", "3G", also_kvm=True, **_SIZE_FIELDS["3G"]),
    boot_config("multiboot2", "3G", **_SIZE_FIELDS["3G"]),
    boot_config("multiboot2", "128M"),
    Config(name="selftest-off", mem="64M", cmdline="selftest=off",
           expect_ktap=False, expect_text=(r"selftests skipped",)),
    crash_config(
        "null_deref",
        r"BUG: kernel NULL pointer dereference",
        r"Oops",
        r"EIP:.*lkdtm_null_deref",
        r"Call Trace:",
        PANIC,
    ),
    # Allocator misuse after the hand-over, each caught and blamed on its caller.
    crash_config(
        "bootmem_after_retire",
        panic_text(r"bootmem: __bootmem_alloc_nid\(\) called after free_all_bootmem\(\) "
                   r"retired the boot allocator, from lkdtm_bootmem_after_retire"),
    ),
    crash_config(
        "double_free",
        r"BUG: Bad page state in process swapper  pfn:[0-9a-f]+",
        r"page dumped because: freeing a free page \(double free\)",
        r"caller: lkdtm_double_free",
        PANIC,
    ),
    crash_config(
        "free_reserved",
        r"page dumped because: freeing a reserved page",
        r"caller: lkdtm_free_reserved",
        PANIC,
    ),
    # A page inside a free block (not its head) given back again through
    # free_reserved_page(): named with the block, at 64M and at 3G.
    crash_config(
        "free_page_in_free_block",
        r"BUG: Bad page state in process swapper  pfn:[0-9a-f]+",
        r"page dumped because: freeing a free page \(double free\) inside the free "
        r"order-\d block at pfn [0-9a-f]+",
        r"caller: lkdtm_free_page_in_free_block",
        PANIC,
    ),
    replace(crash_config(
        "free_page_in_free_block",
        r"page dumped because: freeing a free page \(double free\) inside the free "
        r"order-\d block at pfn [0-9a-f]+",
        r"caller: lkdtm_free_page_in_free_block",
        PANIC,
    ), name="crash-free_page_in_free_block-3G", mem="3G"),
    crash_config(
        "wrong_order_free",
        r"page dumped because: freed with an order it was not allocated with",
        r"caller: lkdtm_wrong_order_free",
        PANIC,
    ),
    crash_config(
        "call_freed_init",
        r"BUG: executing freed init memory \(poisoned with 0xcc\)",
        r"int3: 0000 \[#1\]",
        r"EIP: start_kernel\+0x1/",
        r"lkdtm_call_freed_init",
        PANIC,
    ),
    crash_config(
        "bug",
        r"kernel BUG at kernel/lkdtm.c:\d+!",
        r"Call Trace:",
        PANIC,
    ),
    # With initmem=unmap the freed .init pages are not even mapped.
    Config(name="crash-call_freed_init-unmap", cmdline="crash=call_freed_init initmem=unmap",
           expect_text=(r"initmem=unmap: \d+k of freed init memory unmapped",
                        r"BUG: unable to handle page fault for address: c0[0-9a-f]+",
                        r"#PF: supervisor instruction fetch in kernel mode",
                        r"#PF: error_code\(0x0000\) - not-present page",
                        r"EIP: start_kernel\+0x0/", r"lkdtm_call_freed_init", PANIC),
           **_PANIC_DEFAULTS),
    # Text and rodata are read-only after boot (CR0.WP): writes fault.
    crash_config(
        "write_rodata",
        r"Write protecting the kernel text and read-only data: \d+k",
        r"rodata_test: all tests were successful",
        r"#PF: supervisor write access in kernel mode",
        r"#PF: error_code\(0x0003\) - permissions violation",
        r"EIP: lkdtm_write_rodata\+",
        PANIC,
    ),
    crash_config(
        "write_text",
        r"#PF: supervisor write access in kernel mode",
        r"#PF: error_code\(0x0003\) - permissions violation",
        r"EIP: lkdtm_write_text\+",
        PANIC,
    ),
    # The guard page under the boot stack, and the double-fault task.
    crash_config(
        "stack_overflow",
        r"BUG: stack guard page was hit at [0-9a-f]+ \(kernel stack overflow\)",
        r"double fault: 0000 \[#1\]",
        r"EIP: lkdtm_recurse",
        r"Kernel panic - not syncing: Fatal exception",
    ),
    # A normal boot with freed .init unmapped: pages of it handed out again
    # are mapped back first (the self-tests allocate them).
    Config(name="initmem-unmap-128M", cmdline="initmem=unmap",
           expect_text=(r"initmem=unmap: \d+k of freed init memory unmapped",
                        r"rodata_test: all tests were successful")),
    # The stress suite (slow: runs only when named): every zone exhausted,
    # freed in random order, the allocator back exactly as it was.
    Config(name="stress-128M", cmdline="selftest=stress", mem="128M"),
    Config(name="stress-3G", cmdline="selftest=stress", mem="3G"),
    Config(name="stress-1G-page", cmdline="selftest=stress bootmem_retire=page", mem="1G",
           quick=False),
    Config(name="unknown-param", mem="64M", cmdline="frobnicate=1",
           expect_text=(r"Unknown kernel command line parameters",)),

    # Command-line shapes.  mem= and memmap= show up in the map the report
    # is checked against; highmem= is read from cmdline by the checker.
    Config(name="mem-512M-at-3G", mem="3G", cmdline="mem=512M",
           expect_text=(r"^user-defined physical RAM map:$",
                        _user_entry(0x100000, 0x20000000, "usable"),
                        r"^0MB HIGHMEM available\.$", r"^512MB LOWMEM available\.$")),
    Config(name="memmap-hole-128M", mem="128M", cmdline="memmap=16M$0x2000000",
           expect_text=(r"^user-defined physical RAM map:$",
                        _user_entry(0x100000, 0x2000000, "usable"),
                        _user_entry(0x2000000, 0x3000000, "reserved"),
                        _user_entry(0x3000000, 0x7fe0000, "usable"))),
    # 2.4's rule above 896 MiB: highmem= caps RAM at 896 MiB + highmem.
    Config(name="highmem-512M-at-3G", mem="3G", cmdline="highmem=512M",
           expect_text=(r"^512MB HIGHMEM available\.$", r"^896MB LOWMEM available\.$")),
    # Below 896 MiB, highmem= moves the top of RAM from lowmem to highmem.
    Config(name="highmem-100M-at-512M", mem="512M", cmdline="highmem=100M",
           expect_text=(r"^100MB HIGHMEM available\.$", r"^411MB LOWMEM available\.$")),
    # 2.4's page-at-a-time retirement (bootmem_retire=page) must leave the
    # same free lists as the default batch retirement: with all RAM in one
    # piece (against kernel-3G) and with holes in ZONE_NORMAL.
    Config(name="retire-page-3G", mem="3G", cmdline="bootmem_retire=page",
           expect_text=(*_REPORT_3G, FREE_LISTS_LINE), same_buddyinfo_as="kernel-3G"),
    Config(name="retire-page-hole-1G", mem="1G", cmdline=f"bootmem_retire=page {_HOLES_1G}",
           expect_text=_HOLES_1G_MAP, same_buddyinfo_as="retire-batch-hole-1G"),
    Config(name="retire-batch-hole-1G", mem="1G", cmdline=f"bootmem_retire=batch {_HOLES_1G}",
           expect_text=_HOLES_1G_MAP),
    # The same lists in the same order (the 'free lists:' digests and heads,
    # compared with the counts), high memory included: 2.4 frees it top
    # down, the batch release lists it so.  Quick: PAE at 5G (high memory
    # on both sides of 4 GiB); --full: NUMA with high memory on both nodes,
    # without and with PAE.
    Config(name="pae-retire-batch-5G", pae=True, mem="5G", cpu="max",
           cmdline="bootmem_retire=batch"),
    Config(name="pae-retire-page-5G", pae=True, mem="5G", cpu="max",
           cmdline="bootmem_retire=page", expect_text=(FREE_LISTS_LINE,),
           same_buddyinfo_as="pae-retire-batch-5G"),
    *retire_pair("numa-retire-1G-2G", mem="3G", numa=("1G", "2G")),
    *retire_pair("pae-numa-retire-3G-3G", pae=True, mem="6G", cpu="max", numa=("3G", "3G")),
    # mem= and highmem= together: mem= cuts the map first, then highmem=
    # caps what is left above 896 MiB.
    Config(name="mem-2G-highmem-256M-at-3G", mem="3G", cmdline="mem=2G highmem=256M",
           expect_text=(_user_entry(0x100000, 0x80000000, "usable"),
                        r"^256MB HIGHMEM available\.$", r"^896MB LOWMEM available\.$",
                        r"262144k highmem\)")),
    # Holes in the middle of RAM, quick: one not page aligned from GRUB
    # (multiboot2), one across 896 MiB from memmap=.  Their bootmem_retire=page
    # twins, and the other holes, are in --full below.
    *retire_pair("cutmem-subpage-128M", boot="multiboot2", mem="128M", quick=True,
                 **_cutmem(0x2000800, 0x20ff800)),
    *retire_pair("memmap-896M-3G", mem="3G", quick=True,
                 expect_text=_REPORT_896M_HOLE_3G, **_memmap_hole("32M", 0x37000000, 32 << 20)),
    # Module in RAM: the counterpart of module-not-in-ram below.
    Config(name="module-in-ram", mem="64M", modules=(8 << 20,)),
    # Above ~128M the bitmap outgrows one page: it must still not be
    # written over the module QEMU places right after the kernel (the
    # bootmem suite compares the module's checksum with the one at boot).
    Config(name="module-in-ram-1G", mem="1G", modules=(64 << 10,)),
    # A 20 MiB module fills the space after the image: the bitmap goes to
    # the lowest gap that is RAM and clear of it, below the 16 MiB mapped.
    Config(name="module-20M-3G", mem="3G", modules=(20 << 20,)),
    # memmap= cannot put RAM back into the VGA/BIOS hole.
    Config(name="memmap-legacy-hole-64M", mem="64M", cmdline="memmap=128K@0xA0000",
           expect_text=(r"^user-defined physical RAM map:$",
                        r"^\s*user: 0000000000000000 - 000000000009fc00 \(usable\)$")),
    # RAM far above 4 GiB must not wrap onto low pfns in a 32-bit kernel.
    Config(name="ram-at-16T-256M", mem="256M", cmdline="memmap=1G@0x100000000000",
           expect_text=(r"^Warning only 4GB will be used\.$",)),
    # A highmem zone too small for __alloc_pages() to use: the self-tests
    # must see highmem allocations fall back, as 2.4's watermarks say.
    Config(name="highmem-100K-at-1G", mem="1G", cmdline="highmem=100K"),

    # Inputs the kernel must refuse, each with the panic that says why.
    bad_input_config("too-little-ram-8M", panic_text(r"Too little RAM: \d+k usable low memory"),
                     mem="8M"),
    bad_input_config("too-little-ram-mem-4M", panic_text(r"Too little RAM: \d+k usable low memory"),
                     cmdline="mem=4M"),
    bad_input_config("kernel-not-in-ram",
                     panic_text(r"Kernel image at 0x[0-9a-f]+-0x[0-9a-f]+ is not in usable RAM"),
                     cmdline="memmap=1M$0x100000"),
    # QEMU's Multiboot loader puts modules right after the kernel image and
    # its info block, so an 8 MiB module starting below 8 MiB always covers
    # the page at 8 MiB: reserving that page takes the module out of RAM
    # without touching the kernel image (which would panic first).
    # Bootmem covers low memory only: a module reaching into highmem would
    # be released by mem_init(), so the kernel refuses it (as 2.4 does).
    bad_input_config("module-above-lowmem",
                     panic_text(r"Boot module at 0x[0-9a-f]+-0x[0-9a-f]+ reaches above low memory"),
                     mem="96M", cmdline="highmem=24M", modules=(75 << 20,)),
    bad_input_config("module-not-in-ram",
                     panic_text(r"Boot module at 0x[0-9a-f]+-0x[0-9a-f]+ is not in usable RAM"),
                     cmdline="memmap=4K$0x800000", modules=(8 << 20,)),

    *NUMA_CONFIGS,
    *_PARAM_CONFIGS,
    *_CPU_CONFIGS,
    *_LOADER_CONFIGS,
    # --full only.
    *(boot_config("kernel", mem, quick=False, **_SIZE_FIELDS.get(mem, {}))
      for mem in FULL_SIZES),
    # find_max_low_pfn's three ways of ignoring highmem=.
    Config(name="highmem-4G-at-3G", mem="3G", cmdline="highmem=4G", quick=False,
           expect_text=(r"ignoring highmem size of 4096MB",)),
    Config(name="highmem-600M-at-512M", mem="512M", cmdline="highmem=600M", quick=False,
           expect_text=(r"highmem size specified \(600MB\) is bigger",)),
    Config(name="highmem-480M-at-512M", mem="512M", cmdline="highmem=480M", quick=False,
           expect_text=(r"highmem size 480MB results in smaller than 64MB lowmem",)),
    # mem= leaves less above 896 MiB than highmem= asks for; and below
    # 896 MiB, highmem= moves the line within what mem= left.
    Config(name="mem-1G-highmem-512M-at-3G", mem="3G", cmdline="mem=1G highmem=512M",
           quick=False,
           expect_text=(r"^only 128MB highmem pages available, ignoring highmem size "
                        r"of 512MB\.$", r"^128MB HIGHMEM available\.$")),
    Config(name="mem-512M-highmem-100M-at-3G", mem="3G", cmdline="mem=512M highmem=100M",
           quick=False,
           expect_text=(r"^100MB HIGHMEM available\.$", r"^412MB LOWMEM available\.$")),
    # Holes from GRUB's cutmem: inside ZONE_DMA, off 4 MiB (and 2 MiB)
    # boundaries, and across 896 MiB with a small and a large ZONE_HIGHMEM.
    *retire_pair("cutmem-dma-64M", boot="multiboot", mem="64M",
                 **_cutmem(0x500000, 0x700000)),
    *retire_pair("cutmem-unaligned-128M", boot="multiboot", mem="128M",
                 **_cutmem(0x1234000, 0x1567000)),
    *retire_pair("cutmem-896M-1G", boot="multiboot", mem="1G",
                 expect_text=(r"114560k highmem\)",), **_cutmem(0x37000000, 0x39000000)),
    *retire_pair("cutmem-896M-3G", boot="multiboot", mem="3G",
                 expect_text=_REPORT_896M_HOLE_3G, **_cutmem(0x37000000, 0x39000000)),
    # Holes from memmap=$: 22 KiB starting and ending inside a page, one
    # inside ZONE_DMA, and one across the 16 MiB end of ZONE_DMA.
    *retire_pair("memmap-subpage-128M", mem="128M",
                 **_memmap_hole("0x5800", 0x2001400, 0x5800)),
    *retire_pair("memmap-dma-64M", mem="64M", **_memmap_hole("2M", 0x500000, 2 << 20)),
    *retire_pair("memmap-16M-64M", mem="64M", **_memmap_hole("2M", 0xf00000, 2 << 20)),
    *PAE_CONFIGS,
]


# ---- memblock beside bootmem (issue 24): the same machines, the same end ----
# boot_allocator=memblock boots the same image through Linux 6.1's memblock
# (mm/memblock.c) instead of bootmem.  Each plain successful boot gets a twin
# '<name>-memblock' that must pass every check its original passes (the
# memory report, KTAP, the holes, the modules) and end with the same census
# totals (same_totals_as).  memblock allocates top-down by default, so
# mem_map and the early page tables land at the top of low memory and the
# free blocks differ from bootmem's first-fit ones: the buddyinfo is not
# compared.  With memblock=bottomup (Linux's memblock_set_bottom_up()) it
# allocates as bootmem does, and a chosen set of twins
# '<name>-memblock-bottomup' must leave bootmem's buddyinfo as well.
MEMBLOCK = "boot_allocator=memblock"
MEMBLOCK_BOTTOMUP = "memblock=bottomup"
MEMBLOCK_SUFFIX = "-memblock"
BOTTOMUP_SUFFIX = "-memblock-bottomup"


def memblock_line(direction: str = "top-down") -> str:
    """memblock_setup()'s line once the map and the early reservations are in."""
    return (rf"^memblock: {direction}, memory 0x[0-9a-f]+ in \d+ regions, "
            r"reserved 0x[0-9a-f]+ in \d+ regions$")


MEMBLOCK_TIMING = r"^mem_init timing: memmap \d+ us, memblock_free_all \d+ us, "
# What only bootmem prints or runs: its bitmap, free_all_bootmem_node(), the
# 'no boot allocator' of a highmem-only node, its own KUnit cases (skipped
# under memblock, so their bare 'ok' lines differ).  Patterns naming these
# are left out of a memblock twin; memreport checks memblock's hand-over
# in their place (memreport._memblock_retire_reasons).
_BOOTMEM_ONLY = re.compile(r"bootmem|boot allocator|memdump: bitmap")

# Which twins run in make test.  All of them would add 60 boots (make test
# from ~4 to ~8 minutes on the 2-core host): quick are the twins of one
# boot of every distinct machine shape -- the UMA sizes (all ZONE_DMA, no
# highmem, a small and a large ZONE_HIGHMEM), each loader (-kernel, GRUB
# multiboot and multiboot2), holes (not page aligned, inside ZONE_NORMAL,
# across 896 MiB, ZONE_NORMAL gone), mem= with highmem=, NUMA (a highmem-only
# node; four nodes with low memory; one node), PAE (high memory above 4 GiB;
# a 32-bit-address CPU), 4 KiB pages only (more early page tables), boot
# modules (many through GRUB; 300, which double memblock.reserved past its
# 128 regions; modules filling NUMA nodes) and memdump, whose 'resv' records
# compare the reservations reason by reason.  The rest run with --full.
MEMBLOCK_QUICK = (
    "kernel-16M", "kernel-896M", "kernel-1G", "kernel-3G",
    "multiboot-3G", "multiboot2-128M",
    "cutmem-subpage-128M", "retire-batch-hole-1G", "memmap-896M-3G", "cutmem-16M-896M-1G",
    "mem-2G-highmem-256M-at-3G",
    "numa-1G-2G", "numa-4x256M", "numa-fake-1-512M",
    "pae-max-8G", "pae-qemu32-6G",
    "cpu-base-64M", "cpu-base-1G",
    "modules-0-kernel", "modules-40-multiboot2", "modules-300-kernel",
    "numa-modules-16M-16M-96M",
    "memdump-3G",
)
# The bottom-up twins: RAM in one piece with highmem, holes in ZONE_NORMAL,
# NUMA with a highmem-only node, PAE with highmem both sides of 4 GiB
# (quick); GRUB's holes in highmem (--full).  Not where a node other than
# node 0 holds a bootmem bitmap of its own (numa-4x256M, numa-3-cutmem-2G):
# bootmem puts that bitmap at the node's start and the node's mem_map after
# it, memblock bottom-up puts mem_map at the start, so the node's Normal
# blocks differ by the bitmap's pages -- the totals twin still holds.
MEMBLOCK_BOTTOMUP_QUICK = ("kernel-3G", "retire-batch-hole-1G", "numa-1G-2G", "pae-max-8G")
MEMBLOCK_BOTTOMUP_FULL = ("cutmem-highmem-holes-3G",)


def memblock_twinnable(config: Config) -> bool:
    """A boot that a memblock twin can repeat: it completes (the crash and
    refused configs stop before the census, and exact_log ones print one
    message), it is not itself a comparison of bootmem with bootmem
    (same_buddyinfo_as: bootmem_retire=page and @kvm runs, whose machine
    the twin of their partner already covers), it does not choose its
    allocator already, and its command line has room for one more word
    (the cmdline-* configs sit at COMMAND_LINE_SIZE on purpose)."""
    return (config.expect_status == STATUS_SUCCESS and config.boot != HOST
            and config.exact_log is None and config.same_buddyinfo_as is None
            and "boot_allocator=" not in config.cmdline
            and len(f"{config.cmdline} {MEMBLOCK} {MEMBLOCK_BOTTOMUP}") <= COMMAND_LINE_MAX)


def _any_mem_map_cap(pattern: str) -> str:
    """A NUMA node's mem_map cap (fit_node_mem_map()) with any figures: where
    it falls depends on the largest free piece of low RAM, which depends on
    where each allocator put what came before; the line must still say it."""
    if "largest free piece of low RAM" not in pattern:
        return pattern
    return re.sub(r"\d+", lambda m: r"\d+", pattern.replace(r"\d+", "0"))


def memblock_twin(config: Config, bottomup: bool = False,
                  quick: bool | None = None) -> Config:
    """The config booted with boot_allocator=memblock (and memblock=bottomup):
    its own checks less bootmem's lines, plus memblock's set-up line and
    hand-over timing, the same census totals as the original, and, bottom-up,
    the same buddyinfo and free lists.  reserved_like points at the memblock
    twin of the boot without modules: modules cost memblock their pages and
    nothing more, too."""
    words = f"{MEMBLOCK} {MEMBLOCK_BOTTOMUP}" if bottomup else MEMBLOCK
    keep = lambda patterns: tuple(p for p in patterns if not _BOOTMEM_ONLY.search(p))  # noqa: E731
    expect = (*(_any_mem_map_cap(p) for p in keep(config.expect_text)),
              memblock_line("bottom-up" if bottomup else "top-down"), MEMBLOCK_TIMING)
    if bottomup:
        expect += (FREE_LISTS_LINE,)
    return replace(config, name=config.name + (BOTTOMUP_SUFFIX if bottomup else MEMBLOCK_SUFFIX),
                   cmdline=f"{config.cmdline} {words}".lstrip(),
                   expect_text=expect, forbid_text=keep(config.forbid_text),
                   quick=config.quick if quick is None else quick, also_kvm=False,
                   same_totals_as=config.name,
                   same_buddyinfo_as=config.name if bottomup else None,
                   reserved_like=(config.reserved_like + MEMBLOCK_SUFFIX
                                  if config.reserved_like else None))


def memblock_twins(configs: list[Config]) -> list[Config]:
    """A memblock twin of every twinnable config (quick if named in
    MEMBLOCK_QUICK, else --full only), and the bottom-up twins."""
    by_name = {config.name: config for config in configs}
    named = set(MEMBLOCK_QUICK) | set(MEMBLOCK_BOTTOMUP_QUICK) | set(MEMBLOCK_BOTTOMUP_FULL)
    unknown = sorted(name for name in named
                     if name not in by_name or not memblock_twinnable(by_name[name]))
    if unknown:
        raise ValueError(f"memblock twins named for configs that are not twinnable boots: "
                         f"{', '.join(unknown)}")
    twins = [memblock_twin(config, quick=config.name in MEMBLOCK_QUICK)
             for config in configs if memblock_twinnable(config)]
    twins += [memblock_twin(by_name[name], bottomup=True, quick=True)
              for name in MEMBLOCK_BOTTOMUP_QUICK]
    twins += [memblock_twin(by_name[name], bottomup=True, quick=False)
              for name in MEMBLOCK_BOTTOMUP_FULL]
    return twins


# Misuse of memblock, and its parameters refused (quick).
MEMBLOCK_CONFIGS: list[Config] = [
    _refused("boot-allocator-unknown", "boot_allocator=foo",
             r"^boot_allocator=foo: the choices are bootmem and memblock$", quick=True),
    _refused("memblock-unknown", "memblock=foo",
             r"^memblock=foo: the choices are debug, bottomup and topdown$", quick=True),
    # memblock after memblock_free_all(): its own panic, blamed on the caller
    # (Linux 6.1 warns; the hand-over has retired memblock's arrays by then).
    replace(crash_config(
        "bootmem_after_retire",
        panic_text(r"memblock: memblock_alloc_try_nid\(\) called after memblock_free_all\(\), "
                   r"from lkdtm_bootmem_after_retire\+"),
    ), name="crash-bootmem_after_retire-memblock",
       cmdline=f"crash=bootmem_after_retire {MEMBLOCK}"),
    # memblock=debug: memblock_dbg()'s lines for every add, reserve and
    # allocation, each naming its caller, and the MEMBLOCK configuration
    # table (Linux's __memblock_dump_all()).
    Config(name="memblock-debug-128M", mem="128M", cmdline=f"{MEMBLOCK} memblock=debug",
           expect_text=(memblock_line(),
                        r"^memblock_add: \[0x0000000000100000-0x[0-9a-f]{16}\] "
                        r"e820_memblock_setup\+0x[0-9a-f]+/0x[0-9a-f]+$",
                        # The early reservations, named by the caller of the
                        # inline boot_reserve() (arch/x86/kernel/early_res.c).
                        r"^memblock_reserve: \[0x0000000000100000-0x[0-9a-f]{16}\] "
                        r"reserve_new_pages\+0x[0-9a-f]+/0x[0-9a-f]+$",
                        r"^memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=-1 "
                        r"from=0x0000000000000000 max_addr=0x[0-9a-f]{16} \w+\+",
                        # mem_map: the node's own memory first (boot_memblock_alloc()).
                        r"^memblock_alloc_exact_nid_raw: \d+ bytes align=0x20 nid=0 ",
                        r"^MEMBLOCK configuration:$", r"^ memory\.cnt  = 0x2$",
                        r"^ reserved\[0x0\]\t\[0x0000000000000000-0x0000000000000fff\], ",
                        MEMBLOCK_TIMING)),
]


def check_unique(configs: list[Config]) -> None:
    """Log files are named after configs, so two with one name would clash."""
    seen = set()
    for config in configs:
        if config.name in seen:
            raise ValueError(f"duplicate config name {config.name!r}")
        seen.add(config.name)


def twin_fields(config: Config) -> tuple[tuple[str, str | None], ...]:
    """The fields that name another config to compare this one with after
    both have run, and their values."""
    return (("same_buddyinfo_as", config.same_buddyinfo_as),
            ("reserved_like", config.reserved_like),
            ("same_totals_as", config.same_totals_as))


def check_twins(configs: list[Config]) -> None:
    """same_buddyinfo_as, reserved_like and same_totals_as must name a
    config in the list that completes mem_init() (checked when the list is built, like
    everything else)."""
    by_name = {config.name: config for config in configs}
    for config in configs:
        for field, twin in twin_fields(config):
            if twin is None:
                continue
            if twin not in by_name:
                raise ValueError(f"{config.name}: {field} {twin!r} is not a config")
            if by_name[twin].expect_status != STATUS_SUCCESS or by_name[twin].boot == HOST:
                raise ValueError(f"{config.name}: {field} {twin!r} does not "
                                 "boot through mem_init()")


CONFIGS += MEMBLOCK_CONFIGS + memblock_twins(CONFIGS)
check_unique(CONFIGS)
check_twins(CONFIGS)
