"""What the harness's self-tests (test_*.py) share: the recorded serial
logs of logs/ and the configs they were recorded with.

The tests run on those logs and never start QEMU, so a broken parser or
judge is caught before it can bless a broken kernel.  run_tests.py runs
every test_*.py module of this package in-process and counts each test
in its totals (the harness-selftests row).
"""

from __future__ import annotations

from pathlib import Path

from . import ktap
from .configs import CONFIGS

LOGS = Path(__file__).resolve().parent / "logs"
BY_NAME = {c.name: c for c in CONFIGS}
KERNEL = BY_NAME["kernel-128M"]


def log(name: str) -> str:
    return (LOGS / name).read_text(encoding="utf-8")


def report_128m() -> str:
    """The memory report of a 128M boot without its KTAP document: what a
    boot config's judge needs before any other output is judged."""
    lines = log("passing.log").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.endswith("] KTAP version 1\n"))
    end = next(i for i, line in enumerate(lines) if "# Totals:" in line)
    return "".join(lines[:start] + lines[end + 1:])


def leaf_statuses(document: ktap.Document) -> dict[str, str]:
    return {name: case.status for name, case in document.leaves()}


# A boot with selftest=buddy.*count?rs*,bootmem.bootmem_alignment,buddy.*kmap
# (the selftest-glob-cases config), kernel messages between the suites kept:
# only the selected cases print, numbered and planned without the others.
FILTERED_LOG = """\
[    0.036731] KTAP version 1
[    0.036963] 1..2
[    0.037107]     KTAP version 1
[    0.037169]     # Subtest: bootmem
[    0.037257]     1..1
[    0.037451]     ok 1 bootmem_alignment
[    0.037527]     # bootmem: pass:1 fail:0 skip:0 total:1
[    0.037625] ok 1 bootmem
[    0.038000] Memory: 129508k/130944k available (48k kernel code, 1048k reserved)
[    0.041575]     KTAP version 1
[    0.041632]     # Subtest: buddy
[    0.041701]     1..2
[    0.041800]     ok 1 buddy_counters_agree
[    0.042114]     ok 2 buddy_highmem_through_kmap # SKIP no high memory to allocate from
[    0.042265]     # buddy: pass:1 fail:0 skip:1 total:2
[    0.042374] ok 2 buddy
[    0.071401] Freeing unused kernel memory: 112k freed
[    0.073161] # Totals: pass:2 fail:0 skip:1 total:3
"""

