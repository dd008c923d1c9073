#!/usr/bin/env python3
"""make gdb-test: the scripts/gdb helpers against a live boot.

QEMU boots build/kernel.elf (-m 128M, TCG) stopped (-S) with its gdb stub on
a free port; gdb, in batch mode, sources scripts/gdbinit (GDBPORT set), and
stops three times:

  0. at mem_init()'s entry, before max_mapnr is set: hv-page 0
  1. at free_all_bootmem_core(), while bootmem lives:
     hv-e820, hv-bootmem, hv-page 0, hv-dmesg
  2. after mem_init_report() returns (the buddyinfo and Zone: lines printed):
     hv-buddyinfo, hv-zoneinfo, hv-bootmem, hv-page 0, hv-dmesg

copying the serial log at each stop, then lets the kernel run to its end.
Then it boots again with boot_allocator=memblock and stops twice:

  1. at free_low_memory_core_early(), while memblock lives: hv-memblock,
     hv-bootmem
  2. after mem_init_report() returns: hv-memblock, hv-buddyinfo

Each helper's output is checked against the serial log of the same moment.
Every check is also fed a corrupted serial log, and must then fail: a check
that cannot fail is reported as a failure too.

Exit status 0 when every check passed; 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.hvlib.log import strip_timestamp

ROOT = Path(__file__).resolve().parents[2]
MARK = "@@@ "

STOPS = {
    # Before mem_init() sets max_mapnr: the struct pages exist already.
    "setup": ("tbreak mem_init", "continue", ["hv-page 0"]),
    "bootmem": ("break free_all_bootmem_core", "continue",
                ["hv-e820", "hv-bootmem", "hv-page 0", "hv-dmesg"]),
    "mem_init": ("tbreak mem_init_report", "continue\nfinish",
                 ["hv-buddyinfo", "hv-zoneinfo", "hv-bootmem", "hv-page 0", "hv-dmesg"]),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == "0A":
                return True
    return False


# The same image under boot_allocator=memblock (issue 24).
MEMBLOCK_STOPS = {
    "memblock": ("break free_low_memory_core_early", "continue", ["hv-memblock", "hv-bootmem"]),
    "mem_init": ("tbreak mem_init_report", "continue\nfinish", ["hv-memblock", "hv-buddyinfo"]),
}


def gdb_script(work: Path, serial: Path, stops: dict) -> str:
    lines = ["source scripts/gdbinit", "delete"]
    for stop, (brk, go, cmds) in stops.items():
        lines += [brk, go, f"shell cp {serial} {work / ('serial-' + stop + '.log')}"]
        for cmd in cmds:
            lines += [f"echo \\n{MARK}{stop} {cmd}\\n", cmd, f"echo \\n{MARK}-\\n"]
        lines.append("delete")
    lines += [f"echo \\n{MARK}end\\n", "continue"]
    return "\n".join(lines) + "\n"


def sections(out: str) -> dict[str, str]:
    """gdb's output cut at the markers: {"bootmem hv-e820": text, ...}."""
    found, key, buf = {}, None, []
    for line in out.splitlines():
        if line.startswith(MARK):
            if key:
                found[key] = "\n".join(buf).strip("\n")
            key, buf = line[len(MARK):], []
            if key == "-":		# the end of a command's output
                key = None
        elif key:
            buf.append(line)
    if key:
        found[key] = "\n".join(buf).strip("\n")
    return found


def bare(log: str) -> list[str]:
    return [strip_timestamp(line).rstrip() for line in log.splitlines()]


# ---- the checks: (helper output, serial log at that stop) -> problems ----

def check_e820(out: str, serial: str) -> list[str]:
    blocks, cur = [], None
    for line in bare(serial):
        m = re.match(r"^ (BIOS-e820|user): (.*)$", line)
        if m:
            if cur is None:
                cur = []
                blocks.append(cur)
            cur.append(m.group(2))
        else:
            cur = None
    if not blocks:
        return ["the serial log has no BIOS-e820: lines"]
    got = [re.sub(r"^ e820: ", "", line) for line in out.splitlines()]
    want = blocks[-1]
    return [] if got == want else [f"hv-e820 {got} != serial's last map {want}"]


def bootmem_runs(out: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"reserved pfn (\d+)-(\d+)", out)]


def check_bootmem_live(out: str, serial: str) -> list[str]:
    m = re.search(r"Node 0: bootmem pfns (\d+)-(\d+) \(\d+ pages\), bitmap (\d+) pages at pfn (\d+)", out)
    if not m:
        return [f"hv-bootmem does not show a live bootmem: {out!r}"]
    start, low, pages, at = map(int, m.groups())
    problems = []
    runs = bootmem_runs(out)
    if not any(s <= at and at + pages <= e for s, e in runs):
        problems.append(f"the bitmap's pfns {at}-{at + pages} are in no reserved run {runs}")
    if not any(s <= 0 < e for s, e in runs):
        problems.append("pfn 0 is in no reserved run")
    # The serial log's mem_map line counts the node's struct pages: its pfns.
    mm = re.search(r"mem_map: (\d+) struct pages", serial)
    if not mm or int(mm.group(1)) != low - start:
        problems.append(f"bootmem spans {low - start} pfns; serial: {mm.group(0) if mm else 'no mem_map line'}")
    return problems


def check_memblock_live(out: str, serial: str) -> list[str]:
    """hv-memblock while memblock lives: its memory regions are the ones the
    serial log's set-up line counts, summing to its size; page 0 and mem_map
    are in reserved regions."""
    m = re.search(r"^memblock: (top-down|bottom-up), memory (0x[0-9a-f]+) in (\d+) regions",
                  "\n".join(bare(serial)), re.M)
    if not m:
        return ["the serial log has no 'memblock: ..., memory ... in N regions' line"]
    problems = []
    mem = re.findall(r"^ memory\[0x[0-9a-f]+\]\t\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\]", out, re.M)
    res = [(int(a, 16), int(b, 16)) for a, b in
           re.findall(r"^ reserved\[0x[0-9a-f]+\]\t\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\]", out, re.M)]
    if not out.startswith(f"memblock: {m.group(1)}"):
        problems.append(f"hv-memblock's direction is not the serial log's {m.group(1)}: {out[:60]!r}")
    if len(mem) != int(m.group(3)) or sum(int(b, 16) + 1 - int(a, 16) for a, b in mem) != int(m.group(2), 16):
        problems.append(f"hv-memblock's memory regions {mem} are not the serial log's "
                        f"{m.group(3)} regions of {m.group(2)}")
    if not any(a == 0 for a, _ in res):
        problems.append("page 0 is in no reserved region")
    mm = re.search(r"mem_map: (\d+) struct pages of (\d+) bytes", serial)
    if mm and not any(b + 1 - a >= int(mm.group(1)) * int(mm.group(2)) for a, b in res):
        problems.append("no reserved region is large enough to hold mem_map")
    return problems


def check_memblock_retired(out: str, serial: str) -> list[str]:
    problems = [] if "memblock: retired (memblock_free_all() has run)" in out else \
        [f"hv-memblock after mem_init does not say retired: {out!r}"]
    if not re.search(r"mem_init frees: memblock_free_all \d+", serial):
        problems.append("the serial log has no 'mem_init frees: memblock_free_all' line")
    return problems


def check_no_bootmem(out: str, serial: str) -> list[str]:
    """Under memblock no node has a live bootmem bitmap."""
    if not out.startswith("bootmem: not the boot allocator (boot_allocator=memblock"):
        return [f"hv-bootmem does not say bootmem is not running: {out!r}"]
    if "Kernel command line: boot_allocator=memblock" not in serial:
        return ["the serial log does not say boot_allocator=memblock"]
    return []


def check_bootmem_retired(out: str, serial: str) -> list[str]:
    problems = [] if "bootmem retired (node_bootmem_map == NULL)" in out else \
        [f"hv-bootmem after mem_init does not say retired: {out!r}"]
    if "mem_init frees:" not in serial:
        problems.append("the serial log has no 'mem_init frees:' line: the boot is not past mem_init")
    return problems


def check_page0(out: str, serial: str) -> list[str]:
    problems = []
    if not re.search(r"^\s*flags\s+0x[0-9a-f]+ \((\w+\|)*reserved(\|\w+)*\)", out, re.M):
        problems.append(f"hv-page 0 is not reserved: {out!r}")
    if not re.search(r"^\s*reserved for: page 0$", out, re.M):
        problems.append(f"hv-page 0 gives no reason 'page 0': {out!r}")
    if not re.search(r"^\s*zone\s+DMA \(0\)$", out, re.M) or not re.search(r"^\s*node\s+0$", out, re.M):
        problems.append(f"hv-page 0 is not on node 0, zone DMA: {out!r}")
    if "page 0" not in serial and "BIOS-e820" not in serial:
        problems.append("the serial log is empty")
    return problems


def check_page0_unwritten(out: str, serial: str) -> list[str]:
    """Before the hand-over (batch, the default) page 0's struct page is
    not written yet: hv-page must say so, not decode what memory held."""
    problems = []
    if not re.search(r"struct page at 0x[0-9a-f]+ not written yet$", out, re.M):
        problems.append(f"hv-page 0 does not say its struct page is not written yet: {out!r}")
    if not re.search(r"^\s*reserved for: page 0$", out, re.M):
        problems.append(f"hv-page 0 gives no reason 'page 0': {out!r}")
    if "bootmem_retire=page" in serial:
        problems.append("the boot ran bootmem_retire=page: no struct page is deferred")
    return problems


def check_dmesg(out: str, serial: str) -> list[str]:
    got = [line.rstrip() for line in out.splitlines()]
    want = [line.rstrip() for line in serial.splitlines()]
    if not want:
        return ["the serial log is empty"]
    if got == want:
        return []
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return [f"hv-dmesg line {i + 1} {g!r} != serial {w!r}"]
    return [f"hv-dmesg has {len(got)} lines, the serial log {len(want)}"]


def check_buddyinfo(out: str, serial: str) -> list[str]:
    got = [line.rstrip() for line in out.splitlines()]
    want = [line for line in bare(serial) if line.startswith("Node ") and ", zone " in line]
    if not want:
        return ["the serial log has no buddyinfo lines"]
    return [] if got == want else [f"hv-buddyinfo {got} != serial {want}"]


def check_zoneinfo(out: str, serial: str) -> list[str]:
    zones = {}
    for m in re.finditer(r"^Node (\d+), zone +(\S+)\n((?:  .*\n?)+)", out, re.M):
        zones[m.group(2)] = {k: int(v) for k, v in re.findall(r"^  (\w+)\s+(\d+)", m.group(3), re.M)}
    if not zones:
        return [f"hv-zoneinfo shows no zone: {out!r}"]
    printed = {}
    for m in re.finditer(r"^Zone:(\S+) freepages: *(\d+)kB min: *(\d+)kB low: *(\d+)kB high: *(\d+)kB",
                         "\n".join(bare(serial)), re.M):
        printed[m.group(1)] = dict(zip(("free", "min", "low", "high"), (int(x) // 4 for x in m.groups()[1:])))
    spans = [int(x) for x in re.findall(r"^zone\(\d\): (\d+) pages\.$", "\n".join(bare(serial)), re.M)]
    problems = []
    for i, (name, z) in enumerate(zones.items()):
        want = printed.get(name)
        if want is None:
            problems.append(f"zone {name}: no Zone:{name} line in the serial log")
            continue
        for key, value in want.items():
            if z.get(key) != value:
                problems.append(f"zone {name}: hv-zoneinfo {key} {z.get(key)} != serial {value}")
        if i < len(spans) and z.get("spanned") != spans[i]:
            problems.append(f"zone {name}: spanned {z.get('spanned')} != serial zone({i}): {spans[i]} pages")
        if not z.get("present", 0) <= z.get("spanned", -1):
            problems.append(f"zone {name}: present {z.get('present')} > spanned {z.get('spanned')}")
    node = re.search(r"^Node 0: start_pfn \d+ spanned (\d+) present (\d+)", out, re.M)
    if not node or int(node.group(2)) != sum(z.get("present", 0) for z in zones.values()):
        problems.append("node 0's present pages are not the sum of its zones'")
    return problems


CHECKS = [
    ("setup", "hv-page 0", check_page0_unwritten),
    ("bootmem", "hv-e820", check_e820),
    ("bootmem", "hv-bootmem", check_bootmem_live),
    ("bootmem", "hv-page 0", check_page0_unwritten),
    ("bootmem", "hv-dmesg", check_dmesg),
    ("mem_init", "hv-buddyinfo", check_buddyinfo),
    ("mem_init", "hv-zoneinfo", check_zoneinfo),
    ("mem_init", "hv-bootmem", check_bootmem_retired),
    ("mem_init", "hv-page 0", check_page0),
    ("mem_init", "hv-dmesg", check_dmesg),
]


def corrupt(serial: str) -> str:
    """The serial log with every number changed and the page-0 words gone:
    what each check compares with must then disagree."""
    s = re.sub(r"\d", lambda m: str((int(m.group(0)) + 1) % 10), serial)
    return s.replace("mem_init frees:", "mem_init freed:")


MEMBLOCK_CHECKS = [
    ("memblock", "hv-memblock", check_memblock_live),
    ("memblock", "hv-bootmem", check_no_bootmem),
    ("mem_init", "hv-memblock", check_memblock_retired),
    ("mem_init", "hv-buddyinfo", check_buddyinfo),
]


def corrupt_out(out: str) -> str:
    return (out.replace("reserved", "in use").replace("retired", "alive")
            .replace("memory[", "mem[").replace("not the boot allocator", "the boot allocator"))


def run_boot(args: argparse.Namespace, cmdline: str, stops: dict, checks: list,
             verdict) -> None:
    """One boot stopped at stops, each helper's output judged by checks."""
    t0 = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="handover-gdb-test."))
    serial = work / "serial.log"
    port = free_port()
    qemu = subprocess.Popen(
        [args.qemu, "-nodefaults", "-no-reboot", "-display", "none", "-serial", f"file:{serial}",
         "-m", "128M", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-accel", "tcg",
         "-kernel", args.kernel, "-append", cmdline, "-S", "-gdb", f"tcp::{port}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = ""
    status = None
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            if qemu.poll() is not None or time.monotonic() > deadline:
                verdict(False, f"QEMU listens on port {port}", [qemu.stdout.read().decode()])
                return
            time.sleep(0.05)
        script = work / "test.gdb"
        script.write_text(gdb_script(work, serial, stops))
        env = dict(os.environ, GDBPORT=str(port), HANDOVER_KERNEL=args.kernel)
        try:
            gdb = subprocess.run([args.gdb, "-batch", "-nx", "-x", str(script)], env=env,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=args.timeout)
            out = gdb.stdout + gdb.stderr
        except subprocess.TimeoutExpired as e:
            text = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            verdict(False, f"gdb finishes in {args.timeout:.0f}s", [text])
            return
        (work / "gdb.out").write_text(out)
        try:
            status = qemu.wait(timeout=max(1.0, args.timeout - (time.monotonic() - t0)))
        except subprocess.TimeoutExpired:
            status = None
    finally:
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()

    got = sections(out)
    before = verdict.failed
    for stop, cmd, check in checks:
        name = f"{cmdline or 'default'}: {stop}: {cmd}"
        text = got.get(f"{stop} {cmd}")
        log_path = work / f"serial-{stop}.log"
        if text is None or not log_path.exists():
            verdict(False, name, ["no output (did gdb stop there?)"])
            continue
        log = log_path.read_text(errors="replace")
        problems = check(text, log)
        verdict(not problems, name, problems)
        # The same check must fail on a wrong expectation.
        if not check(text, corrupt(log)) and not check(corrupt_out(text), log):
            verdict(False, f"{name} (fails on a corrupted log)", ["the check passed a corrupted log"])
    verdict(status == 33, f"{cmdline or 'default'}: the kernel ran to its end (QEMU status 33)",
            [] if status == 33 else [f"QEMU status {status}"])
    if verdict.failed > before or args.keep:
        print(f"      (work directory {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--gdb", default="gdb")
    ap.add_argument("--timeout", type=float, default=50.0)
    ap.add_argument("--keep", action="store_true", help="keep the work directories")
    args = ap.parse_args()
    os.chdir(ROOT)
    t0 = time.monotonic()
    counts = {"passed": 0}

    def verdict(ok: bool, name: str, why: list[str]) -> None:
        print(f"{'ok' if ok else 'FAIL'}  {name}")
        for w in why:
            print(f"      {w}")
        verdict.failed += not ok
        counts["passed"] += ok
    verdict.failed = 0

    run_boot(args, "", STOPS, CHECKS, verdict)
    run_boot(args, "boot_allocator=memblock", MEMBLOCK_STOPS, MEMBLOCK_CHECKS, verdict)
    print(f"gdb-test: {counts['passed']} passed, {verdict.failed} failed "
          f"in {time.monotonic() - t0:.1f}s")
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main())
