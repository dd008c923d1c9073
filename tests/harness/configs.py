"""The boot configurations the harness runs, and what each must show.

A Config is pure data: how to boot (loader, memory, command line) and how to
judge the serial log (exit status, required and forbidden text, whether a
complete KTAP document must appear).  Later work adds boot-matrix sizes and
crash tests by appending ``boot_config(...)`` or ``crash_config(...)``
entries to CONFIGS; nothing else in the harness needs to change.
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


def boot_config(boot: str, mem: str, **fields) -> Config:
    """A plain boot that must run every self-test: named '<boot>-<mem>'."""
    return Config(name=f"{boot}-{mem}", boot=boot, mem=mem, **fields)


def crash_config(kind: str, *expect_text: str, **fields) -> Config:
    """A deliberate crash (``crash=<kind>``) that must panic with this output.

    The default forbidden texts are the very thing a crash test expects, so
    only an internal consistency failure (MISMATCH) stays forbidden.
    """
    defaults = dict(mem="64M", expect_status=STATUS_FAILURE, expect_ktap=False,
                    forbid_text=(r"MISMATCH",))
    defaults.update(fields)
    return Config(name=f"crash-{kind}", cmdline=f"crash={kind}",
                  expect_text=tuple(expect_text), **defaults)


def host_config(binary: Path, timeout: float = 300) -> Config:
    """How a host unit-test binary is judged: exit 0, full KTAP, no sanitizer
    report.  Reusing Config lets host tests share the kernel's judge."""
    return Config(name=f"host-{binary.name}", boot=HOST, expect_status=0,
                  forbid_text=SANITIZER_FORBID, timeout=timeout)


CONFIGS: list[Config] = [
    boot_config("kernel", "128M"),
    boot_config("kernel", "3G"),
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
]


def check_unique(configs: list[Config]) -> None:
    """Log files are named after configs, so two with one name would clash."""
    seen = set()
    for config in configs:
        if config.name in seen:
            raise ValueError(f"duplicate config name {config.name!r}")
        seen.add(config.name)


check_unique(CONFIGS)
