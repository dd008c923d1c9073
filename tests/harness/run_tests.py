#!/usr/bin/env python3
"""Run handover's tests: harness self-tests, host unit tests, QEMU boots.

Like Linux's tools/testing/kunit/kunit.py, this is the one command behind
``make test``.  It prints a progress line per run, a summary table, and
last the line ``N passed, N failed`` that CI and people can read at a glance.
"KVM when available, TCG always": with --accel auto every boot runs under
TCG, and where KVM works the configs marked also_kvm run once more under
it as '<name>@kvm'.
Exit status: 0 if nothing failed, 1 if something failed, 2 if the run could
not start (bad option, missing kernel or tool), 130 if interrupted.

    python3 -m tests.harness.run_tests [--full | --cpus] [--only GLOB[,GLOB]]
        [--accel auto|kvm|tcg] [--kernel build/kernel.elf] [--jobs 2]
        [--host BIN ...] [--logs build/test-logs] [--objdump OBJDUMP] [--list]
        [--json FILE]
    python3 -m tests.harness.run_tests --parse LOGFILE [--config NAME] [--status N]

--only takes config names or fnmatch globs (``'kernel-*'``, ``'*retire*'``);
a glob matches the '<name>@kvm' runs only if it has an '@' itself, and a
name or glob that matches no config is an error.  ``make test ONLY=GLOB``
boots just those configs (no host binaries, no fuzzers).

--parse judges a saved serial log (e.g. build/test-logs/NAME.log) without
booting: its KTAP cases, then the verdict and summary as a run would print
them.  With --config NAME the config's expectations apply (the exit status,
which a log does not record, is taken to be the expected one unless
--status gives it); without, the log is judged as plain KTAP: a complete
document with no failed case passes.

--json FILE (``make test JSON=FILE``) writes the results, once the run is
over, as one JSON object:

    {"version": 1,
     "passed": int, "failed": int, "skipped": int,  # the last line's totals
     "runs": [                                       # in summary-table order
       {"config": str,       # config name, '<name>@kvm', 'host-BIN',
                             # 'harness-selftests', 'isa-i486', 'cpu-MODEL'...
        "accel": str,        # tcg, kvm, or "-" for runs that boot nothing
        "boot": str,         # kernel, multiboot, grub, host..., or "-"
        "mem": str,          # QEMU -m, or "-"
        "status": str,       # exit status, "timeout", or "-"
        "result": str,       # "ok", "FAIL", or "skipped" (not run)
        "reasons": [str],    # why it failed (or was skipped); [] when ok
        "passed": int, "failed": int, "skipped": int,
        "seconds": float,
        "log": str | null,   # path of the serial log / host output
        "cases": [           # one per KTAP leaf case; [] without KTAP
          {"suite": str,     # the top-level KTAP test (the KUnit suite)
           "case": str | null,  # the case (dotted if nested); null for a
                                # suite reported without cases
           "status": "ok" | "not ok" | "skip",
           "crashed": bool,  # "not ok" because its result never came
           "skip_reason": str}]}]}  # "" unless status is "skip"

"skipped" in the totals counts KTAP cases marked SKIP, harness self-tests
skipped, and runs not made at all (CPU models this QEMU cannot run).

Whenever a kernel is booted, its image is first held to the i486's
instruction set (isa.py), counted as one more test.  --cpus boots every
CPU model ``qemu-system-i386 -cpu help`` lists (the CPU matrix, also part
of --full) and writes cpu-matrix.json in the log directory for
scripts/cpu-matrix.py.
"""

from __future__ import annotations

import argparse
import fcntl
import fnmatch
import io
import json
import os
import re
import shutil
import sys
import time
import traceback
import unittest
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from scripts.hvlib.constants import PAGE_SHIFT
from scripts.hvlib.log import strip_log

from . import isa, ktap, qemu, walkthrough
from .configs import (ACCELS, CONFIGS, STATUS_FAILURE, STATUS_SUCCESS, Config, CpuModel,
                      cpu_matrix_configs, host_config, kvm_config, twin_fields)
from .judge import (Verdict, _ktap_reasons, compare_buddyinfo, compare_reserved, compare_totals,
                    fail, judge, totals_note)
from .memreport import accounting, buddyinfo, format_buddyinfo, free_lists, memory_line

HARNESS_DIR = Path(__file__).resolve().parent
REPO_ROOT = HARNESS_DIR.parent.parent

TAIL_LINES = 30
DIAGNOSTIC_LINES = 10
PROG = "run_tests.py"


class UsageError(Exception):
    """The run cannot start; the message is the one-line reason."""


@dataclass
class Outcome:
    """One row of the summary: a self-test batch, host binary or boot."""

    name: str
    verdict: Verdict
    seconds: float
    accel: str = "-"
    boot: str = "-"
    mem: str = "-"
    status: str = "-"
    detail: str = ""
    log: str | None = None  # the serial log of a boot, for comparing runs
    log_path: Path | None = None  # where that log (or host output) was saved
    # Pages free and reserved at the census, and highmem pages mem_init()
    # released; "-" where the boot printed no such line.
    free: str = "-"
    reserved: str = "-"
    highmem: str = "-"


# --- options ---------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Run handover's host tests and QEMU boot tests.")
    parser.add_argument("--full", action="store_true",
                        help="run every config, not only the quick ones")
    parser.add_argument("--only", metavar="GLOB[,GLOB]",
                        help="run only these configs (quick or not): names or "
                             "fnmatch globs such as 'kernel-*'")
    parser.add_argument("--accel", choices=ACCELS, default="auto",
                        help="QEMU accelerator for configs that do not set one "
                             "(auto: tcg, plus a kvm run of a few configs if kvm works)")
    parser.add_argument("--kernel", type=Path, default=REPO_ROOT / "build/kernel.elf",
                        help="kernel ELF to boot (default: build/kernel.elf)")
    parser.add_argument("--kernel-pae", type=Path, default=REPO_ROOT / "build/kernel-pae.elf",
                        help="PAE kernel ELF (make PAE=1) for configs with pae set "
                             "(default: build/kernel-pae.elf)")
    parser.add_argument("--jobs", type=_positive_int, default=2,
                        help="QEMU instances to run at once (default: 2)")
    parser.add_argument("--host", metavar="BIN", nargs="+", action="extend",
                        type=Path, default=[],
                        help="host test binaries that print KTAP on stdout")
    parser.add_argument("--logs", type=Path, default=REPO_ROOT / "build/test-logs",
                        help="where logs go (default: build/test-logs)")
    parser.add_argument("--cpus", action="store_true",
                        help="boot every CPU model qemu-system-i386 -cpu help lists "
                             "(the CPU matrix; --full includes it)")
    parser.add_argument("--objdump", default=isa.OBJDUMP,
                        help=f"objdump for the i486 instruction check (default: "
                             f"{isa.OBJDUMP}, else the host's objdump)")
    parser.add_argument("--list", action="store_true",
                        help="list the configs and exit")
    parser.add_argument("--json", metavar="FILE", type=Path,
                        help="write the results as JSON to FILE (schema: this "
                             "script's docstring)")
    parser.add_argument("--parse", metavar="LOGFILE", type=Path,
                        help="judge a saved serial log instead of booting, and "
                             "print its summary")
    parser.add_argument("--config", metavar="NAME",
                        help="with --parse: judge by this config's expectations "
                             "(default: plain KTAP)")
    parser.add_argument("--status", type=int, metavar="N",
                        help="with --parse --config: the exit status of the boot "
                             "(default: the config's expected one)")
    args = parser.parse_args(argv)
    if args.cpus and args.full:
        parser.error("--full already boots the CPU matrix; give one of --full, --cpus")
    if (args.config or args.status is not None) and not args.parse:
        parser.error("--config and --status go with --parse")
    if args.status is not None and not args.config:
        parser.error("--status needs --config")
    return args


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def match_names(only: str, names: list[str]) -> tuple[list[str], list[str]]:
    """The names that --only's comma-separated names and fnmatch globs pick,
    in the order given (a glob's matches in the order of names, each name
    once), and the patterns that matched nothing.  A glob without '@' does
    not pick the '<name>@kvm' runs."""
    chosen: list[str] = []
    unmatched = []
    for pattern in (p.strip() for p in only.split(",")):
        if not pattern:
            continue
        if not any(c in pattern for c in "*?["):
            hits = [pattern] if pattern in names else []
        else:
            hits = [n for n in names if fnmatch.fnmatchcase(n, pattern)
                    and ("@" in pattern or "@" not in n)]
        if not hits:
            unmatched.append(pattern)
        chosen += [n for n in hits if n not in chosen]
    return chosen, unmatched


def select_configs(configs: list[Config], only: str | None,
                   full: bool) -> list[Config]:
    """--only names exactly the configs to run (names or fnmatch globs, see
    match_names); otherwise quick ones, or all with --full.  A name or glob
    that matches nothing is an error, not a silent no-op.  A config
    compared with another (same_buddyinfo_as, reserved_like, same_totals_as) brings that
    one along.
    --only may name a KVM run ('<name>@kvm'), which then runs under KVM
    whatever --accel says."""
    by_name = {c.name: c for c in configs}
    if not only:
        selected = [c for c in configs if full or c.quick]
    else:
        by_name.update((k.name, k) for k in (kvm_config(c) for c in configs if c.also_kvm))
        names, unknown = match_names(only, list(by_name))
        if unknown:
            raise UsageError(f"unknown config {', '.join(unknown)} "
                             f"(known: {', '.join(by_name)})")
        selected = [by_name[n] for n in names]
    chosen = {c.name for c in selected}
    for config in list(selected):
        for field, twin in twin_fields(config):
            if twin is not None and twin not in chosen:
                if twin not in by_name:
                    raise UsageError(f"{config.name}: {field} {twin!r} is not a config")
                selected.append(by_name[twin])
                chosen.add(twin)
    return selected


def add_kvm_runs(configs: list[Config]) -> list[Config]:
    """The selection with a KVM run ('<name>@kvm') right after each also_kvm
    config, unless it is already there (named with --only)."""
    names = {c.name for c in configs}
    result = []
    for config in configs:
        result.append(config)
        if config.also_kvm:
            kvm = kvm_config(config)
            if kvm.name not in names:
                result.append(kvm)
                names.add(kvm.name)
    return result


def preflight(args: argparse.Namespace, configs: list[Config]) -> None:
    """Check everything a run needs before starting, so a missing kernel is
    one clear line instead of a failure per config."""
    if configs:
        for kernel, option in kernels_needed(args, configs):
            if not kernel.is_file():
                build = "make PAE=1" if option == "--kernel-pae" else "make"
                raise UsageError(f"kernel image {_show(kernel)} not found "
                                 f"(build it with {build}, or pass {option})")
            with open(kernel, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    raise UsageError(f"kernel image {_show(kernel)} is not an ELF file")
        if shutil.which(qemu.QEMU) is None:
            raise UsageError(f"{qemu.QEMU} not found "
                             "(scripts/install-deps.sh installs it)")
    for binary in args.host:
        if not binary.is_file():
            raise UsageError(f"host test binary {_show(binary)} not found")


def kernels_needed(args: argparse.Namespace,
                   configs: list[Config]) -> list[tuple[Path, str]]:
    """(image, option naming it) of each kernel the configs boot: the PAE
    one only when some config has pae set."""
    needed = [(args.kernel, "--kernel")]
    if any(c.pae for c in configs):
        needed.append((args.kernel_pae, "--kernel-pae"))
    return needed


def _show(path: Path) -> str:
    """A path relative to the repo when it is inside it, for short messages."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


# A command line longer than this is listed by its start and its length.
LIST_CMDLINE_MAX = 60


def _listed_cmdline(cmdline: str) -> list[str]:
    if len(cmdline) <= LIST_CMDLINE_MAX:
        return [cmdline] if cmdline else []
    return [f"{cmdline[:LIST_CMDLINE_MAX - 20]}... ({len(cmdline)} bytes)"]


def _listed_modules(sizes: tuple[int, ...]) -> list[str]:
    """One [module NK] per module, or one summary for more than three."""
    if len(sizes) <= 3:
        return [f"[module {size >> 10}K]" for size in sizes]
    return [f"[{len(sizes)} modules, {sum(sizes) >> 10}K]"]


def list_configs(selected: list[Config]) -> None:
    """Print every config, marking the ones this invocation would run."""
    chosen = {c.name for c in selected}
    width = max(len(c.name) for c in CONFIGS)
    print(f"{'':2}{'config':<{width}} {'boot':<11} {'mem':<5} {'set':<5} "
          f"{'exit':>4} {'ktap':<4} cmdline")
    for c in CONFIGS:
        mark = "*" if c.name in chosen else " "
        parts = _listed_cmdline(c.cmdline) + _listed_modules(c.modules)
        if c.grub_pre:
            parts.append(f"[grub: {'; '.join(c.grub_pre.splitlines())}]")
        if c.numa:
            same = len(c.numa) > 1 and len(set(c.numa)) == 1
            parts.append(f"[numa {len(c.numa)}x{c.numa[0]}]" if same
                         else f"[numa {'+'.join(c.numa)}]")
        if c.numa_dist:
            parts.append("[dist " + " ".join(f"{a}-{b}:{d}" for a, b, d in c.numa_dist) + "]")
        if c.same_buddyinfo_as:
            parts.append(f"[buddyinfo = {c.same_buddyinfo_as}]")
        if c.same_totals_as:
            parts.append(f"[totals = {c.same_totals_as}]")
        if c.also_kvm:
            parts.append("[+kvm]")
        shown = " ".join(parts)
        print(f"{mark:2}{c.name:<{width}} {c.boot:<11} {c.mem:<5} "
              f"{'quick' if c.quick else 'full':<5} {c.expect_status:>4} "
              f"{'yes' if c.expect_ktap else 'no':<4} {shown}".rstrip())
    print(f"({len(selected)} of {len(CONFIGS)} would run; * marks them; "
          "[+kvm]: also under KVM with --accel auto where KVM works)")


# --- the three kinds of run ------------------------------------------------

class _CountingResult(unittest.TextTestResult):
    """Counts tests that passed, which TextTestResult does not keep."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.passed += 1


def self_test_modules() -> list[str]:
    """The harness's own tests: every test_*.py module of this package."""
    return sorted(f"{__package__}.{path.stem}" for path in HARNESS_DIR.glob("test_*.py"))


def run_self_tests() -> Outcome:
    """Run the test_*.py modules in-process: a broken judge would make every
    other result meaningless, so its own tests count like any other."""
    stream = io.StringIO()
    start = time.monotonic()
    try:
        suite = unittest.defaultTestLoader.loadTestsFromNames(self_test_modules())
    except Exception:  # e.g. a syntax error: report it like a failed test
        verdict = Verdict(ok=False, reasons=["the harness's test_*.py do not load"],
                          failed=1)
        return Outcome(name="harness-selftests", verdict=verdict, seconds=0.0,
                       detail=traceback.format_exc())
    runner = unittest.TextTestRunner(stream=stream, verbosity=1,
                                     resultclass=_CountingResult)
    result = runner.run(suite)
    seconds = time.monotonic() - start
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    reasons = [f"{failed} self-test(s) failed"] if failed else []
    verdict = Verdict(ok=not failed, reasons=reasons, passed=result.passed,
                      failed=failed, skipped=len(result.skipped))
    return Outcome(name="harness-selftests", verdict=verdict, seconds=seconds,
                   detail=stream.getvalue() if failed else "")


# The documents whose ```log CONFIG blocks quote the kernel (walkthrough.py).
QUOTING_DOCS = (REPO_ROOT / "README.md", REPO_ROOT / "docs/walkthrough.md")


def run_walkthrough_check(outcomes: list[Outcome]) -> Outcome | None:
    """docs/walkthrough.md's quoted lines against this run's logs of the
    configs they name (walkthrough.py): one test per line; none if no
    quoted config was booted (--only)."""
    logs = {o.name: o.log for o in outcomes if o.log}
    matched, reasons = 0, []
    for doc in QUOTING_DOCS:
        if doc.exists():
            m, r, _ = walkthrough.check(doc.read_text(), logs, doc.name)
            matched += m
            reasons += r
    if not matched and not reasons:
        return None
    verdict = Verdict(ok=not reasons, reasons=reasons, passed=matched, failed=len(reasons))
    return Outcome(name="walkthrough", verdict=verdict, seconds=0.0)


def run_isa_check(kernel: Path, objdump: str, name: str = "isa-i486") -> Outcome:
    """Disassemble the kernel and hold it to the i486 (isa.py): one test,
    reported as name."""
    start = time.monotonic()
    found = isa.find_objdump(objdump)
    if found is None:
        verdict = Verdict(ok=False, reasons=[f"no {objdump} and no objdump"], failed=1)
        return Outcome(name=name, verdict=verdict, seconds=0.0)
    try:
        report = isa.check_elf(kernel, found)
    except (OSError, RuntimeError, ValueError) as error:
        verdict = Verdict(ok=False, reasons=[str(error)], failed=1)
        return Outcome(name=name, verdict=verdict, seconds=time.monotonic() - start)
    reasons = []
    if report.instructions == 0:
        reasons.append("no instructions disassembled")
    if report.violations:
        reasons.append(f"{_plural(len(report.violations), 'instruction', 'instructions')} "
                       "an i486 cannot run")
    reasons += report.missing
    verdict = Verdict(ok=not reasons, reasons=reasons,
                      passed=0 if reasons else 1, failed=1 if reasons else 0)
    detail = "\n".join([f"    {report.summary()}"]
                       + [f"    {v}" for v in report.violations[:40]]
                       + ([f"    ... and {len(report.violations) - 40} more"]
                          if len(report.violations) > 40 else [])) if reasons else ""
    return Outcome(name=name, verdict=verdict, seconds=time.monotonic() - start,
                   detail=detail)


@dataclass
class CpuMatrix:
    """The CPU matrix of a run: QEMU's models, their configs, those skipped."""

    models: list[CpuModel]
    configs: list[Config]
    skipped: list[tuple[str, str]]


def build_cpu_matrix(accel: str) -> CpuMatrix:
    """Ask QEMU for its CPU models now: the matrix follows the QEMU installed."""
    models = qemu.query_cpu_models()
    configs, skipped = cpu_matrix_configs(models, accel)
    return CpuMatrix(models, configs, skipped)


def select_matrix(matrix: CpuMatrix, only: str | None) -> list[Config]:
    """The matrix configs, or those --only names (with --cpus)."""
    if not only:
        return matrix.configs
    by_name = {c.name: c for c in matrix.configs}
    names, unknown = match_names(only, list(by_name))
    if unknown:
        raise UsageError(f"unknown CPU matrix config {', '.join(unknown)} "
                         f"(known: {', '.join(by_name)})")
    matrix.skipped = []
    return [by_name[n] for n in names]


def skipped_outcome(name: str, reason: str) -> Outcome:
    return Outcome(name=name, seconds=0.0,
                   verdict=Verdict(ok=True, reasons=[f"skipped: {reason}"], skipped=1))


def matrix_row(model: CpuModel, outcome: Outcome | None) -> dict:
    """One model's line of cpu-matrix.json: what QEMU says it is and what
    the kernel did with it."""
    row = {"name": model.name, "description": model.description,
           "props": dict(model.props)}
    if outcome is None:
        return {**row, "result": "not run"}
    text = strip_log(outcome.log or "")
    clock = re.search(r"^clocksource: Switched to clocksource (\w+)", text, re.MULTILINE)
    pages = re.search(r"^paging_init: .* with (4MB|4KB) pages$", text, re.MULTILINE)
    if outcome.verdict.ok and outcome.verdict.skipped and not outcome.verdict.passed:
        result = "skipped"
    elif not outcome.verdict.ok:
        result = "FAIL"
    elif outcome.status == str(STATUS_FAILURE):
        result = "refused"
    else:
        result = "boots"
    return {**row, "result": result, "status": outcome.status,
            "reason": outcome.verdict.reason,
            "clock": clock.group(1) if clock else None,
            "pages": pages.group(1) if pages else None,
            "seconds": round(outcome.seconds, 2)}


def write_cpu_matrix(matrix: CpuMatrix, outcomes: list[Outcome], path: Path) -> None:
    by_name = {o.name: o for o in outcomes}
    rows = [matrix_row(model, by_name.get(f"cpu-{model.name}")) for model in matrix.models]
    path.write_text(json.dumps({"qemu": qemu.QEMU, "models": rows}, indent=1) + "\n",
                    encoding="utf-8")


def run_host_binary(binary: Path, logs_dir: Path) -> Outcome:
    """Run one host test binary and judge its KTAP, exit status and stderr.

    stdout and stderr are kept apart while judging (sanitizer frames such as
    ``#0 0x...`` look like KTAP comments) and saved together in the log.
    """
    config = host_config(binary)
    logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = logs_dir / f"host-{binary.name}.log"
    out_path, err_path = log_path.with_suffix(".stdout"), log_path.with_suffix(".stderr")
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        status, timed_out = qemu.run_process([str(binary.resolve())], out, err,
                                             config.timeout)
    seconds = time.monotonic() - start
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink()
    err_path.unlink()
    log_path.write_text(stdout + (f"\n--- stderr ---\n{stderr}" if stderr else ""),
                        encoding="utf-8")
    verdict = judge(config, status, stdout + "\n" + stderr, timed_out=timed_out,
                    ktap_text=stdout)
    return Outcome(name=config.name, verdict=verdict, seconds=seconds, boot=config.boot,
                   status=_status_text(status, timed_out), log_path=log_path,
                   detail="" if verdict.ok else failure_detail(verdict, log_path))


def run_config(config: Config, kernel: Path, logs_dir: Path, accel: str) -> Outcome:
    """Boot one config and judge it; any problem becomes a failed Outcome so
    one broken config never stops the others."""
    try:
        return _boot_and_judge(config, kernel, logs_dir, accel)
    except qemu.HarnessError as error:
        return _broken(config, str(error))
    except Exception as error:  # a harness bug: report it, keep going
        return _broken(config, f"harness error: {error!r}", traceback.format_exc())


def _boot_and_judge(config: Config, kernel: Path, logs_dir: Path,
                    accel: str) -> Outcome:
    result = qemu.boot(config, kernel, logs_dir, accel)
    verdict = judge(config, result.status, result.log, timed_out=result.timed_out)
    detail = ""
    if not verdict.ok:
        detail = failure_detail(verdict, result.log_path, result.stderr,
                                result.command)
    return Outcome(name=config.name, verdict=verdict, seconds=result.seconds,
                   accel=result.accel, boot=config.boot, mem=config.mem,
                   status=_status_text(result.status, result.timed_out),
                   detail=detail, log=result.log, log_path=result.log_path,
                   **page_columns(result.log))


def page_columns(log: str) -> dict[str, str]:
    """The summary's page counts from a serial log: free and reserved from
    the ``accounting:`` census, highmem from the ``Memory:`` line (KiB / 4)."""
    text = strip_log(log)
    census, memory = accounting(text), memory_line(text)
    columns = {}
    if census is not None:
        columns.update(free=str(census.free), reserved=str(census.reserved))
    if memory is not None:
        columns["highmem"] = str(memory.highmem >> (PAGE_SHIFT - 10))
    return columns


def _broken(config: Config, reason: str, detail: str = "") -> Outcome:
    """The Outcome of a config that could not be booted at all."""
    return Outcome(name=config.name, seconds=0.0, boot=config.boot, mem=config.mem,
                   verdict=Verdict(ok=False, reasons=[reason], failed=1),
                   detail=detail)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _status_text(status: int | None, timed_out: bool) -> str:
    return "timeout" if timed_out else str(status)


@dataclass
class Comparison:
    """One same_buddyinfo_as, reserved_like or same_totals_as check, made after every boot
    has finished."""

    name: str
    twin: str
    reasons: list[str]
    tables: str  # both buddyinfo tables, for the failure detail
    what: str = "buddyinfo"
    note: str = ""  # a difference set aside, and why


def compare_twins(configs: list[Config], outcomes: list[Outcome]) -> list[Comparison]:
    """Fail each config whose buddyinfo differs from its same_buddyinfo_as
    twin's, or whose reserved pages less modules and loader data differ
    from its reserved_like twin's (or whose twin has no log to compare
    with)."""
    by_name = {o.name: o for o in outcomes}
    comparisons = []
    for config in configs:
        if config.name not in by_name:
            continue
        outcome = by_name[config.name]
        if config.same_buddyinfo_as is not None:
            twin = by_name.get(config.same_buddyinfo_as)
            twin_log = twin.log if twin is not None else None
            reasons = compare_buddyinfo(config, outcome.log or "", twin_log)
            fail(outcome.verdict, reasons)
            comparisons.append(Comparison(
                name=config.name, twin=config.same_buddyinfo_as, reasons=reasons,
                tables=twin_tables(config.name, outcome.log, config.same_buddyinfo_as,
                                   twin_log)))
        if config.reserved_like is not None:
            twin = by_name.get(config.reserved_like)
            reasons = compare_reserved(config, outcome.log or "",
                                       twin.log if twin is not None else None)
            fail(outcome.verdict, reasons)
            comparisons.append(Comparison(name=config.name, twin=config.reserved_like,
                                          reasons=reasons, tables="",
                                          what="reserved pages (less modules, loader data)"))
        if config.same_totals_as is not None:
            twin = by_name.get(config.same_totals_as)
            reasons = compare_totals(config, outcome.log or "",
                                     twin.log if twin is not None else None)
            fail(outcome.verdict, reasons)
            comparisons.append(Comparison(name=config.name, twin=config.same_totals_as,
                                          reasons=reasons, tables="", what="totals",
                                          note=totals_note(config, outcome.log or "",
                                                           twin.log if twin is not None else None)))
    return comparisons


def twin_tables(name: str, log: str | None, twin: str, twin_log: str | None) -> str:
    """Both buddyinfo tables as printed, one above the other."""
    parts = []
    for who, text in ((name, log), (twin, twin_log)):
        table = format_buddyinfo(buddyinfo(strip_log(text))) if text is not None \
            else "(did not run)"
        if text is not None:
            table += "".join("\n" + row.render() for row in free_lists(strip_log(text)))
        parts.append(f"    --- buddyinfo of {who} ---")
        parts += [f"    | {line}" for line in table.splitlines()]
    return "\n".join(parts)


def comparison_line(comparison: Comparison) -> str:
    """``retire-page-3G: buddyinfo same as kernel-3G ... ok`` or the reason."""
    result = f"FAIL: {'; '.join(comparison.reasons)}" if comparison.reasons else "ok"
    if comparison.note:
        result += f" ({comparison.note})"
    return f"{comparison.name}: {comparison.what} same as {comparison.twin} ... {result}"


# --- reporting ---------------------------------------------------------------

def failure_detail(verdict: Verdict, log_path: Path, stderr: str = "",
                   command: list[str] | None = None) -> str:
    """What a person needs to start debugging a failed run, kept short."""
    parts = []
    document = verdict.document
    if document is not None and document.found:
        parts += [f"    ktap warning: {warning}" for warning in document.warnings]
        for name, case in document.failures():
            parts.append(f"    {case.status}: {name}")
            shown = case.diagnostics[-DIAGNOSTIC_LINES:]
            parts += [f"        # {line}" for line in shown]
    parts.append(f"    --- last {TAIL_LINES} lines of {_show(log_path)} ---")
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    parts += [f"    | {line}" for line in lines[-TAIL_LINES:]] or ["    | (empty)"]
    if stderr.strip():
        parts.append("    --- QEMU stderr ---")
        parts += [f"    | {line}" for line in stderr.strip().splitlines()[-5:]]
    if command:
        parts.append("    reproduce: " + " ".join(_quote(arg) for arg in command))
    return "\n".join(parts)


def _quote(arg: str) -> str:
    """Quote a command argument for copy-and-paste into a shell."""
    return arg if arg and all(c.isalnum() or c in "-_./=,:+" for c in arg) else repr(arg)


def progress_line(index: int, total: int, outcome: Outcome) -> str:
    """``[ 3/7] kernel-3G ... ok (1.9 s, 42 cases)`` or the failure reason."""
    width = max(2, len(str(total)))
    verdict = outcome.verdict
    facts = [f"{outcome.seconds:.1f} s"]
    if verdict.document is not None and verdict.document.found:
        facts.append(f"{verdict.cases} cases")
    elif verdict.cases > 1:  # the self-tests: a batch without KTAP
        facts.append(f"{verdict.cases} tests")
    if verdict.skipped:
        facts.append(f"{verdict.skipped} skipped")
    result = "ok" if verdict.ok else f"FAIL: {verdict.reason}"
    if verdict.ok and verdict.reasons:  # a skipped run says why
        result = verdict.reason
    return f"[{index:>{width}}/{total}] {outcome.name} ... {result} ({', '.join(facts)})"


def report(index: int, total: int, outcome: Outcome) -> None:
    print(progress_line(index, total, outcome), flush=True)
    if outcome.detail:
        print(outcome.detail.rstrip("\n"), flush=True)


def summary_table(outcomes: list[Outcome]) -> str:
    """A fixed-width table of every run, in the order they were defined.
    free, reserved and highmem are pages (see Outcome)."""
    header = ("config", "accel", "boot", "mem", "status", "pass", "fail",
              "skip", "free", "reserved", "highmem", "time", "result")
    rows = [header] + [
        (o.name, o.accel, o.boot, o.mem, o.status, str(o.verdict.passed),
         str(o.verdict.failed), str(o.verdict.skipped), o.free, o.reserved,
         o.highmem, f"{o.seconds:.1f}s", "ok" if o.verdict.ok else "FAIL")
        for o in outcomes]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = set(range(4, 12))
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in numeric else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def totals(outcomes: list[Outcome]) -> tuple[int, int, int]:
    """(passed, failed, skipped) over every test of every run.  skipped adds
    each run's Verdict.skipped: a boot's or host binary's KTAP cases marked
    SKIP, the harness self-tests skipped, and 1 per run not made at all
    (skipped_outcome: a CPU model this QEMU cannot run)."""
    return (sum(o.verdict.passed for o in outcomes),
            sum(o.verdict.failed for o in outcomes),
            sum(o.verdict.skipped for o in outcomes))


SKIPPED_FOOTNOTE = ("skipped: KTAP cases marked SKIP, plus harness self-tests skipped "
                    "and runs not made (CPU models this QEMU cannot run)")


def final_lines(outcomes: list[Outcome], seconds: float | None = None) -> list[str]:
    """The table, the footnote on what "skipped" counts, and last the
    ``N passed, N failed`` line."""
    passed, failed, skipped = totals(outcomes)
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    return ["", summary_table(outcomes), "",
            f"{_plural(len(outcomes), 'run', 'runs')}{took}; {skipped} skipped",
            f"({SKIPPED_FOOTNOTE})",
            f"{passed} passed, {failed} failed"]


# --- results as JSON (--json) ------------------------------------------------

_JSON_STATUS = {ktap.PASS: "ok", ktap.FAIL: "not ok", ktap.CRASHED: "not ok",
                ktap.SKIP: "skip"}


def json_cases(document: ktap.Document | None) -> list[dict]:
    """One entry per KTAP leaf case (schema in the docstring)."""
    if document is None or not document.found:
        return []
    cases = []
    for suite in document.tests:
        if suite.children:
            leaves = [(name.split(".", 1)[1], case) for name, case in suite.leaves()]
        else:
            leaves = [(None, suite)]
        for name, case in leaves:
            cases.append({"suite": suite.name, "case": name,
                          "status": _JSON_STATUS[case.status],
                          "crashed": case.status == ktap.CRASHED,
                          "skip_reason": case.skip_reason})
    return cases


def json_run(outcome: Outcome) -> dict:
    verdict = outcome.verdict
    skipped = verdict.ok and verdict.skipped and not verdict.passed and \
        any(r.startswith("skipped:") for r in verdict.reasons)
    return {"config": outcome.name, "accel": outcome.accel, "boot": outcome.boot,
            "mem": outcome.mem, "status": outcome.status,
            "result": "skipped" if skipped else ("ok" if verdict.ok else "FAIL"),
            "reasons": list(verdict.reasons),
            "passed": verdict.passed, "failed": verdict.failed,
            "skipped": verdict.skipped, "seconds": round(outcome.seconds, 3),
            "log": str(outcome.log_path) if outcome.log_path is not None else None,
            "cases": json_cases(verdict.document)}


def results_json(outcomes: list[Outcome]) -> dict:
    passed, failed, skipped = totals(outcomes)
    return {"version": 1, "passed": passed, "failed": failed, "skipped": skipped,
            "runs": [json_run(o) for o in outcomes]}


def write_json(outcomes: list[Outcome], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results_json(outcomes), indent=1) + "\n", encoding="utf-8")


# --- judging a saved log (--parse) -------------------------------------------

def parse_log(log_path: Path, config_name: str | None = None,
              status: int | None = None) -> Outcome:
    """Judge a saved serial log as a run would: by the named config (the
    exit status taken as expected unless given), or as plain KTAP."""
    log = log_path.read_text(encoding="utf-8", errors="replace")
    if config_name is not None:
        by_name = {c.name: c for c in CONFIGS}
        by_name.update((k.name, k) for k in (kvm_config(c) for c in CONFIGS if c.also_kvm))
        config = by_name.get(config_name.strip())
        if config is None:
            raise UsageError(f"unknown config {config_name} (known: {', '.join(by_name)})")
        if status is None:
            status = config.expect_status
        verdict = judge(config, status, log)
        outcome = Outcome(name=config.name, verdict=verdict, seconds=0.0,
                          boot=config.boot, mem=config.mem, status=str(status),
                          log=log, log_path=log_path, **page_columns(log))
    else:
        document = ktap.parse(log)
        reasons = _ktap_reasons(document)
        counts = document.counts()
        verdict = Verdict(ok=not reasons, reasons=reasons, passed=counts.passed,
                          failed=counts.bad, skipped=counts.skipped, document=document)
        if reasons and not verdict.failed:
            verdict.failed = 1
        outcome = Outcome(name=log_path.stem, verdict=verdict, seconds=0.0,
                          log=log, log_path=log_path, **page_columns(log))
    if not outcome.verdict.ok:
        outcome.detail = failure_detail(outcome.verdict, log_path)
    return outcome


def case_lines(document: ktap.Document | None) -> list[str]:
    """``ok buddy.buddy_counters_agree`` per KTAP leaf case, SKIPs with
    their reason."""
    lines = []
    for entry in json_cases(document):
        name = entry["suite"] + (f".{entry['case']}" if entry["case"] else "")
        extra = (f" # SKIP {entry['skip_reason']}" if entry["status"] == "skip"
                 else " (crashed: no result)" if entry["crashed"] else "")
        status = "ok" if entry["status"] == "skip" else entry["status"]
        lines.append(f"{status} {name}{extra}")
    return lines


def run_parse(args: argparse.Namespace) -> int:
    if not args.parse.is_file():
        raise UsageError(f"log {_show(args.parse)} not found")
    outcome = parse_log(args.parse, args.config, args.status)
    document = outcome.verdict.document
    if document is not None and document.found:
        print("\n".join(case_lines(document)))
    elif document is not None:
        print("(no KTAP document in the log)")
    report(1, 1, outcome)
    print("\n".join(final_lines([outcome])), flush=True)
    if args.json:
        write_json([outcome], args.json)
    return 0 if outcome.verdict.ok else 1


# --- main --------------------------------------------------------------------

def boot_all(configs: list[Config], args: argparse.Namespace,
             first_index: int, total: int) -> list[Outcome]:
    """Boot the configs with --jobs workers, reporting each as it finishes."""
    kernel, kernel_pae = args.kernel.resolve(), args.kernel_pae.resolve()
    outcomes = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_config, c, kernel_pae if c.pae else kernel,
                               args.logs, args.accel): c
                   for c in configs}
        try:
            for index, future in enumerate(as_completed(futures), first_index):
                outcome = future.result()
                outcomes[outcome.name] = outcome
                report(index, total, outcome)
        except KeyboardInterrupt:
            qemu.kill_all()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [outcomes[c.name] for c in configs]


def choose_accel(args: argparse.Namespace,
                 configs: list[Config]) -> tuple[list[Config], str]:
    """Settle --accel before any boot, so the header says what will be used
    and the KVM probe (seconds where KVM is slow) runs once, not per config.

    "KVM when available, TCG always": --accel auto runs every config under
    TCG, and where KVM works (the probe boots this kernel under it) adds a
    KVM run of each also_kvm config.  Where it does not, nothing is added.
    --accel kvm or tcg runs everything under that one.  Returns the configs
    to boot and the accelerator as shown in the header."""
    requested = args.accel
    qemu.probe_kernel = Path(args.kernel)
    resolved = qemu.resolve_accel(requested, args.logs / "accel-probe.json")
    if requested != "auto":
        args.accel = resolved
        return configs, resolved
    args.accel = "tcg"
    if resolved != "kvm":
        return configs, "tcg (auto: kvm not usable)"
    with_kvm = add_kvm_runs(configs)
    return with_kvm, (f"tcg (auto), kvm also for "
                      f"{_plural(len(with_kvm) - len(configs), 'config', 'configs')}")


def lock_logs(logs: Path):
    """Hold an exclusive lock on the log directory for the whole run.

    Two runs writing one directory would overwrite each other's serial logs
    and ISOs; the second one waits (and says so) instead."""
    logs.mkdir(parents=True, exist_ok=True)
    handle = open(logs / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for another test run using {_show(logs)} "
              "(or pass --logs DIR)", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def run(args: argparse.Namespace) -> int:
    if args.parse:
        return run_parse(args)
    # --cpus: the matrix alone (--only then picks from it); --full: all.
    configs = [] if args.cpus else select_configs(CONFIGS, args.only, args.full)
    if args.list:
        list_configs(configs)
        return 0
    matrix = None
    if args.cpus or args.full:
        matrix = build_cpu_matrix(args.accel)
        configs += select_matrix(matrix, args.only if args.cpus else None)
    preflight(args, configs)
    args.logs = args.logs.resolve()
    lock = lock_logs(args.logs)  # noqa: F841 -- held until the process exits
    configs, accel_note = choose_accel(args, configs) if configs else (configs, "-")
    skipped = [skipped_outcome(f"cpu-{name}", reason) for name, reason in
               (matrix.skipped if matrix is not None else [])]
    # The i486 instruction check of each kernel booted.
    isa_kernels = [(k, "isa-i486-pae" if option == "--kernel-pae" else "isa-i486")
                   for k, option in kernels_needed(args, configs)] if configs else []
    checks = len(isa_kernels)
    quoted = {q.config for doc in QUOTING_DOCS if doc.exists()
              for q in walkthrough.quotes(doc.read_text())}
    checks += bool(quoted & {c.name for c in configs})
    total = 1 + checks + len(args.host) + len(skipped) + len(configs)
    started = time.monotonic()
    print(f"handover tests: {_plural(len(args.host), 'host binary', 'host binaries')}, "
          f"{_plural(len(configs), 'config', 'configs')}, "
          f"accel {accel_note}, {args.jobs} jobs, "
          f"logs in {_show(args.logs)}", flush=True)
    outcomes = [run_self_tests()]
    report(1, total, outcomes[0])
    for kernel, name in isa_kernels:
        outcomes.append(run_isa_check(kernel, args.objdump, name))
        report(len(outcomes), total, outcomes[-1])
    for binary in args.host:
        outcomes.append(run_host_binary(binary, args.logs))
        report(len(outcomes), total, outcomes[-1])
    for outcome in skipped:
        outcomes.append(outcome)
        report(len(outcomes), total, outcome)
    outcomes += boot_all(configs, args, len(outcomes) + 1, total)
    checked = run_walkthrough_check(outcomes)
    if checked is not None:
        outcomes.append(checked)
        report(len(outcomes), total, checked)
    if matrix is not None:
        write_cpu_matrix(matrix, outcomes, args.logs / "cpu-matrix.json")
    comparisons = compare_twins(configs, outcomes)
    if comparisons:
        print("\ncomparisons with other runs:", flush=True)
        for comparison in comparisons:
            print(comparison_line(comparison), flush=True)
            if comparison.reasons and comparison.tables:
                print(comparison.tables, flush=True)
    if args.json:
        write_json(outcomes, args.json)
    print("\n".join(final_lines(outcomes, time.monotonic() - started)), flush=True)
    _, failed, _ = totals(outcomes)
    return 0 if failed == 0 else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        qemu.kill_all()
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, leave no QEMU.
        qemu.kill_all()
        sys.stdout = open(os.devnull, "w")
        return 1


if __name__ == "__main__":
    sys.exit(main())
