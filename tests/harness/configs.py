"""The boot configurations the harness runs, and what each must show.

A Config is pure data: how to boot (loader, memory, command line) and how to
judge the serial log (exit status, required and forbidden text, whether a
complete KTAP document must appear, whether the memory report must follow
from the printed e820 map).  New boots are ``boot_config(...)``,
``crash_config(...)`` or ``bad_input_config(...)`` entries in CONFIGS;
nothing else in the harness needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The kernel writes these to the isa-debug-exit port (0xf4); QEMU then exits
# with (value << 1) | 1.
STATUS_SUCCESS = 33  # kernel wrote 0x10
STATUS_FAILURE = 35  # kernel wrote 0x11: test failure or panic

BOOT_METHODS = ("kernel", "multiboot", "multiboot2")
HOST = "host"  # not booted: a host unit-test binary judged like a boot
ACCELS = ("auto", "kvm", "tcg")

# Text that means the kernel went wrong even if it still exited cleanly.
DEFAULT_FORBID = (
    r"Kernel panic",
    r"Oops",
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
    modules: sizes in bytes of Multiboot modules to pass with -initrd
      (files generated under the log directory); -kernel boots only.
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

    def __post_init__(self):
        """Reject mistakes when the list is built, not halfway through a run."""
        if not re.fullmatch(r"[A-Za-z0-9_.+-]+", self.name):
            raise ValueError(f"config name {self.name!r} is not a plain file name")
        if self.boot not in BOOT_METHODS + (HOST,):
            raise ValueError(f"{self.name}: boot {self.boot!r} not in {BOOT_METHODS}")
        if self.accel is not None and self.accel not in ACCELS:
            raise ValueError(f"{self.name}: accel {self.accel!r} not in {ACCELS}")
        if not re.fullmatch(r"\d+[MG]?", self.mem):
            raise ValueError(f"{self.name}: mem {self.mem!r} is not a QEMU -m size")
        for pattern in self.expect_text + self.forbid_text:
            re.compile(pattern)
        if self.modules and self.boot != "kernel":
            raise ValueError(f"{self.name}: modules need boot='kernel' (QEMU -initrd)")
        if any(size <= 0 for size in self.modules):
            raise ValueError(f"{self.name}: module sizes must be positive")


def boot_config(boot: str, mem: str, **fields) -> Config:
    """A plain boot that must run every self-test: named '<boot>-<mem>'."""
    return Config(name=f"{boot}-{mem}", boot=boot, mem=mem, **fields)


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


def panic_text(message: str) -> str:
    """The regex for ``Kernel panic - not syncing: <message>``."""
    return r"Kernel panic - not syncing: " + message


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
_SIZE_FIELDS = {"6G": dict(expect_text=(r"^Warning only 4GB will be used\.$",))}


def _user_entry(start: int, end: int, kind: str) -> str:
    """The regex for one line of the user-defined map."""
    return rf"^\s*user: {start:016x} - {end:016x} \({kind}\)$"


CONFIGS: list[Config] = [
    *(boot_config("kernel", mem, **_SIZE_FIELDS.get(mem, {})) for mem in QUICK_SIZES),
    boot_config("multiboot", "3G"),
    boot_config("multiboot2", "128M"),
    Config(name="selftest-off", mem="64M", cmdline="selftest=off",
           expect_ktap=False, expect_text=(r"selftests skipped",)),
    crash_config(
        "null_deref",
        r"BUG: kernel NULL pointer dereference",
        r"Oops",
        r"EIP:.*lkdtm_null_deref",
        r"Call Trace:",
        r"Kernel panic - not syncing",
    ),
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
    # Module in RAM: the counterpart of module-not-in-ram below.
    Config(name="module-in-ram", mem="64M", modules=(8 << 20,)),

    # Inputs the kernel must refuse, each with the panic that says why.
    bad_input_config("too-little-ram-8M", panic_text(r"Too little RAM: \d+k usable low memory"),
                     mem="8M"),
    bad_input_config("too-little-ram-mem-4M", panic_text(r"Too little RAM: \d+k usable low memory"),
                     cmdline="mem=4M"),
    bad_input_config("kernel-not-in-ram",
                     panic_text(r"Kernel image and bootmem bitmap at 0x[0-9a-f]+-0x[0-9a-f]+ "
                                r"are not in usable RAM"),
                     cmdline="memmap=1M$0x100000"),
    # QEMU's Multiboot loader puts modules right after the kernel image and
    # its info block, so an 8 MiB module starting below 8 MiB always covers
    # the page at 8 MiB: reserving that page takes the module out of RAM
    # without touching the kernel image (which would panic first).
    bad_input_config("module-not-in-ram",
                     panic_text(r"Boot module at 0x[0-9a-f]+-0x[0-9a-f]+ is not in usable RAM"),
                     cmdline="memmap=4K$0x800000", modules=(8 << 20,)),

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
]


def check_unique(configs: list[Config]) -> None:
    """Log files are named after configs, so two with one name would clash."""
    seen = set()
    for config in configs:
        if config.name in seen:
            raise ValueError(f"duplicate config name {config.name!r}")
        seen.add(config.name)


check_unique(CONFIGS)
