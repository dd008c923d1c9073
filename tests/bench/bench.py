#!/usr/bin/env python3
"""The hand-over benchmark behind ``make bench``: handover against Linux.

For every memory size it boots, round-robin, RUNS times each:

  linux   Debian's Linux 6.1 686-pae kernel (scripts/linux-reference.sh
          fetches it).  Its release time is taken from its own printk
          timestamps, "Initializing HighMem" -> "Memory: ... available":
          the highmem pages page at a time, then memblock_free_all.  QEMU
          is stopped at the Memory: line (Linux would go on to panic at
          mount root, as expected without a disk).
  batch   our kernel, bench selftest=off (bootmem_retire=batch, the default)
  page    our kernel, bootmem_retire=page (2.4's page-at-a-time hand-over)

Ours is timed by the kernel itself ("mem_init timing:" and "# bench:"
lines); "release" is free_all_bootmem + highmem, the part that matches
Linux's interval.  Medians are reported.  Everything runs under TCG, since
Linux 6.1 does not boot under this machine's nested KVM.  Each kernel turns
TSC cycles into time with its own boot-time calibration, which a busy host
skews; all times are rescaled to the host's TSC rate (--tsc-khz).  If
Linux's early calibration fails (every timestamp 0), it is booted again
with tsc_early_khz=<host rate> for the rest of the run.

Writes build/bench/bench.txt (the tables, also valid Markdown),
build/bench/bench.csv (one row per size), build/bench/runs.csv (one row
per boot), build/bench/bench.png (gnuplot; installed with apt-get if
missing) and every serial log under build/bench/logs/.  If
build/bench/callgrind.txt exists (the host callgrind figures), it is
appended to bench.txt beside the in-kernel microbenchmarks.

    python3 tests/bench/bench.py [--sizes "1G 3G 4G"] [--runs 3]
        [--kernel build/kernel.elf] [--linux VMLINUZ | --no-linux]
        [--accel tcg] [--out build/bench] [--no-plot] [--tsc-khz KHZ]

BENCH_SIZES in the environment is the default for --sizes.  Exit status 0
on success, 1 if a boot failed or an output could not be made, 2 if the
run could not start.
"""

from __future__ import annotations

import argparse
import csv
import json
import hashlib
import os
import re
import selectors
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QEMU = os.environ.get("QEMU", "qemu-system-i386")
LINUX_APPEND = "console=ttyS0 panic=-1 loglevel=8 printk.time=1"
OURS_APPEND = {"batch": "bench selftest=off",
               "page": "bench selftest=off bootmem_retire=page"}
TIMEOUT = 120          # seconds per boot
LINUX_RETRIES = 3      # extra boots allowed per size when Linux's clock was not up
SUCCESS = 33           # isa-debug-exit: the kernel wrote 0x10
BELOW_4G_MAX_MIB = 3584  # QEMU (i440fx) keeps at most 3.5 GiB below 4 GiB ...
BELOW_4G_SPLIT_MIB = 3072  # ... and past that puts everything over 3 GiB above

TS = re.compile(r"^\[\s*(\d+\.\d+)\]\s?(.*)$")


class BenchError(Exception):
    """A boot failed or a tool is missing: the message says which and where."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- sizes
def size_mib(size: str) -> int:
    m = re.fullmatch(r"(\d+)([MG])", size.strip().upper())
    if not m:
        raise ValueError(f"memory size {size!r}: want e.g. 512M, 1G, 3G")
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1)


def above_4g_mib(size: str) -> int:
    """RAM QEMU places above 4 GiB for -m SIZE, which our non-PAE kernel ignores."""
    mib = size_mib(size)
    return mib - BELOW_4G_SPLIT_MIB if mib >= BELOW_4G_MAX_MIB else 0


def host_tsc_khz() -> int | None:
    """The host's TSC rate, which is the guest's under TCG (QEMU's rdtsc reads
    the host TSC).  x86 Linux reports it as cpuinfo's "cpu MHz" when the TSC is
    constant; None if it is not."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    mhz = re.search(r"^cpu MHz\s*:\s*(\d+)\.(\d+)", info, re.M)
    flags = re.search(r"^flags\s*:(.*)$", info, re.M)
    if not mhz or not flags or "constant_tsc" not in flags.group(1).split():
        return None
    return int(mhz.group(1)) * 1000 + int((mhz.group(2) + "000")[:3])


def tsc_scale(run_khz: int | None, ref_khz: int | None) -> float:
    """Both kernels turn TSC cycles into time with a rate they calibrate at
    boot against the emulated PIT, which is off by up to ~15% when the host is
    busy; rescale so every figure uses the same, host, rate."""
    return run_khz / ref_khz if run_khz and ref_khz else 1.0


# ---------------------------------------------------------------- parsing
def lines_with_ts(text: str):
    for raw in text.splitlines():
        m = TS.match(raw.strip("\r"))
        if m:
            yield float(m.group(1)), m.group(2)


@dataclass
class LinuxRun:
    highmem_ts: float | None  # "Initializing HighMem"
    movable_ts: float | None  # "Initializing Movable"
    memory_ts: float          # "Memory: ... available"
    highmem_k: int | None
    tsc_khz: int | None       # "tsc: Detected N MHz processor"
    scale: float = 1.0        # its clock -> the host TSC's (see tsc_scale)

    @property
    def release_ms(self) -> float | None:
        if self.highmem_ts is None:
            return None
        return (self.memory_ts - self.highmem_ts) * 1000 * self.scale

    @property
    def highmem_only_ms(self) -> float | None:
        if self.highmem_ts is None or self.movable_ts is None:
            return None
        return (self.movable_ts - self.highmem_ts) * 1000 * self.scale

    @property
    def lowmem_ms(self) -> float | None:
        """"Initializing Movable" -> "Memory:": memblock_free_all, mostly."""
        if self.movable_ts is None:
            return None
        return (self.memory_ts - self.movable_ts) * 1000 * self.scale


def parse_linux(text: str) -> LinuxRun | None:
    """None if there is no Memory: line; memory_ts 0 if the clock was not up."""
    hi = mov = mem = None
    hk = khz = tsc_khz = None
    for ts, rest in lines_with_ts(text):
        # "MHz processor" is cpu_khz; a "MHz TSC" line follows when tsc_khz
        # differs from it (as with tsc_early_khz=): the clock runs on tsc_khz.
        m = re.match(r"tsc: Detected (\d+)\.(\d{3}) MHz (processor|TSC)", rest)
        if m:
            v = int(m.group(1)) * 1000 + int(m.group(2))
            if m.group(3) == "TSC" and tsc_khz is None:
                tsc_khz = v
            elif m.group(3) == "processor" and khz is None:
                khz = v
        if rest.startswith("Initializing HighMem") and hi is None:
            hi = ts
        elif rest.startswith("Initializing Movable") and mov is None:
            mov = ts
        elif rest.startswith("Memory:") and "available" in rest and mem is None:
            mem = ts
            m = re.search(r"(\d+)K highmem", rest)
            hk = int(m.group(1)) if m else None
    if mem is None:
        return None
    return LinuxRun(hi, mov, mem, hk, tsc_khz or khz)


@dataclass
class OursRun:
    memmap_us: int
    fab_us: int
    highmem_us: int
    total_us: int
    free_k: int
    highmem_k: int
    bench: dict = field(default_factory=dict)
    scale: float = 1.0        # its clock -> the host TSC's (see tsc_scale)

    @property
    def tsc_khz(self) -> int | None:
        return int(self.bench["tsc_khz"]) if "tsc_khz" in self.bench else None

    def ms(self, us: float) -> float:
        return us * self.scale / 1000

    @property
    def release_ms(self) -> float:
        return self.ms(self.fab_us + self.highmem_us)


BENCH_KEYS = {
    "tsc_khz": r"tsc_khz (\d+)",
    "order0_pair_cycles": r"order0_pair_cycles (\d+)",
    "order0_pair_cycles_cold": r"order0_pair_cycles \d+ \(cold zone (\d+)\)",
    "order3_pair_cycles": r"order3_pair_cycles (\d+)",
    "order3_pair_cycles_cold": r"order3_pair_cycles \d+ \(cold zone (\d+)\)",
    "mixed_op_cycles": r"mixed_op_cycles (\d+)",
    "slowest_op_cycles": r"slowest_op_cycles (\d+)",
    "pages": r"pages (\d+) struct_page_bytes",
    "struct_page_bytes": r"struct_page_bytes (\d+)",
    "meminit_us": r"meminit_us (\d+)",
    "bare_struct_page_loop_us": r"bare_struct_page_loop_us (\d+)",
    "meminit_over_bare_loop": r"meminit_over_bare_loop (\d+\.\d+)",
}


def parse_ours(text: str) -> OursRun:
    timing = memory = None
    bench: dict[str, float] = {}
    for _, rest in lines_with_ts(text):
        if rest.startswith("mem_init timing:"):
            timing = re.search(r"memmap (\d+) us, free_all_bootmem (\d+) us, "
                               r"highmem (\d+) us, total (\d+) us", rest)
        elif rest.startswith("Memory:") and "available" in rest:
            memory = re.search(r"Memory: (\d+)k/(\d+)k available.*?(\d+)k highmem", rest)
        elif rest.startswith("# bench:"):
            body = rest[len("# bench:"):]
            for key, rx in BENCH_KEYS.items():
                m = re.search(rx, body)
                if m:
                    bench[key] = float(m.group(1))
    if not timing:
        raise ValueError("no 'mem_init timing: memmap N us, free_all_bootmem N us, "
                         "highmem N us, total N us' line")
    if not memory:
        raise ValueError("no 'Memory: Nk/Nk available (... Nk highmem)' line")
    missing = [k for k in ("tsc_khz", "pages", "struct_page_bytes", "meminit_over_bare_loop")
               if k not in bench]
    if missing:
        raise ValueError("no '# bench:' line for " + ", ".join(missing) +
                         " (kernel built without kernel/bench.c, or 'bench' not seen?)")
    memmap, fab, high, total = (int(x) for x in timing.groups())
    return OursRun(memmap, fab, high, total, int(memory.group(1)),
                   int(memory.group(3)), bench)


# ---------------------------------------------------------------- booting
def tail(text: str, n: int = 15) -> str:
    return "\n".join("    | " + ln for ln in text.splitlines()[-n:])


def boot(args: list[str], logfile: Path, stop: re.Pattern | None = None
         ) -> tuple[int | str | None, str, float]:
    """Run QEMU, saving its serial output to logfile.  Returns (status, output,
    seconds); status is QEMU's exit status, None if it timed out, or "stopped"
    when `stop` matched the output and QEMU was ended there (our own child)."""
    t0 = time.monotonic()
    p = subprocess.Popen([QEMU, *args], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf = bytearray()
    status: int | str | None = None
    with selectors.DefaultSelector() as sel:
        sel.register(p.stdout, selectors.EVENT_READ)
        while True:
            left = t0 + TIMEOUT - time.monotonic()
            if left <= 0:
                break
            if not sel.select(min(left, 1.0)):
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                status = p.wait()
                break
            buf += chunk
            if stop is not None and stop.search(buf):
                status = "stopped"
                break
    if p.poll() is None:
        p.kill()
    p.wait()
    p.stdout.close()
    text = buf.decode("utf-8", "replace")
    logfile.write_text(text)
    return status, text, time.monotonic() - t0


def boot_linux(vmlinuz: str, size: str, accel: str, logfile: Path,
               extra: str = "") -> tuple[LinuxRun, float]:
    # Everything we read is printed by "Memory: ... available": stop there.
    # (Linux would go on to panic at mount root; at -m 4G it oopses in
    # cryptomgr_test first and never gets there.)
    status, text, secs = boot(["-nodefaults", "-no-reboot", "-display", "none",
                               "-serial", "stdio", "-accel", accel, "-m", size,
                               "-kernel", vmlinuz, "-append", (LINUX_APPEND + " " + extra).strip()],
                              logfile,
                              stop=re.compile(rb"Memory: \d+K/\d+K available[^\n]*\n"))
    run = parse_linux(text)
    if run is None:
        why = "timed out" if status is None else f"exited with status {status}"
        raise BenchError(f"Linux -m {size}: no 'Memory: ... available' line; QEMU {why}"
                         f"\n  log: {logfile}\n{tail(text)}")
    return run, secs


def boot_ours(kernel: str, size: str, mode: str, accel: str, logfile: Path) -> tuple[OursRun, float]:
    status, text, secs = boot(["-nodefaults", "-no-reboot", "-display", "none",
                               "-serial", "stdio",
                               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                               "-accel", accel, "-m", size, "-kernel", kernel,
                               "-append", OURS_APPEND[mode]], logfile)
    if status != SUCCESS:
        why = ("timed out after %d s" % TIMEOUT if status is None else
               "reported a failure (status 35)" if status == 35 else
               f"exited with status {status}, not {SUCCESS}")
        raise BenchError(f"handover ({mode}) -m {size}: QEMU {why}\n  log: {logfile}\n{tail(text)}")
    try:
        return parse_ours(text), secs
    except ValueError as e:
        raise BenchError(f"handover ({mode}) -m {size}: {e}\n  log: {logfile}\n{tail(text)}")


# ---------------------------------------------------------------- tools
def run_quiet(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def ensure_tool(tool: str) -> None:
    """Tools come from scripts/install-deps.sh, the project's one installer;
    HANDOVER_BENCH_TOOLS=1 adds what only the benchmark needs (gnuplot)."""
    if shutil.which(tool):
        return
    log(f"bench: {tool} is missing; running scripts/install-deps.sh")
    env = dict(os.environ, HANDOVER_BENCH_TOOLS="1")
    subprocess.run(["bash", str(REPO / "scripts" / "install-deps.sh")], env=env)
    if not shutil.which(tool):
        raise BenchError(f"could not install {tool} (scripts/install-deps.sh)")


def fetch_linux() -> str:
    script = REPO / "scripts" / "linux-reference.sh"
    log(f"bench: fetching the Linux reference kernel ({script.relative_to(REPO)})")
    p = subprocess.run(["bash", str(script)], stdout=subprocess.PIPE, text=True)
    path = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    if p.returncode != 0 or not Path(path).is_file():
        raise BenchError("scripts/linux-reference.sh failed: no Linux kernel to compare with "
                         "(or run with --no-linux)")
    return path


def machine(accel: str, vmlinuz: str | None) -> list[tuple[str, str]]:
    cpu = "?"
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    qemu = run_quiet([QEMU, "--version"]).splitlines()
    rev = run_quiet(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if rev and run_quiet(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"]):
        rev += " (+ uncommitted changes)"
    linux = "-"
    if vmlinuz:
        up = Path(vmlinuz).resolve().parents
        pkg = up[2] / "package" if len(up) > 2 else None
        linux = pkg.read_text().strip() if pkg and pkg.is_file() else Path(vmlinuz).name
    return [("host CPU", f"{cpu}, {os.cpu_count()} CPUs (nproc)"),
            ("QEMU", (qemu[0] if qemu else "?") + f", -accel {accel}"),
            ("Linux reference", linux),
            ("handover", rev or "?"),
            ("load average", " ".join(f"{x:.2f}" for x in os.getloadavg())),
            ("date", time.strftime("%Y-%m-%d %H:%M %Z"))]


# ---------------------------------------------------------------- report
def rounded(row: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec: str = ".1f") -> str:
    return "n/a" if x is None else format(x, spec)


def table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    """A Markdown pipe table with padded columns: readable as plain text too."""
    w = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            out.append(c.ljust(w[i]) if align[i] == "l" else c.rjust(w[i]))
        return "| " + " | ".join(out) + " |"

    rule = "|" + "|".join(("-" * (w[i] + 1) + ":") if align[i] == "r" else ("-" * (w[i] + 2))
                          for i in range(len(header))) + "|"
    return [line(header), rule, *[line(r) for r in rows]]


NOISY_FACTOR = 1.5


def plot_png(png: Path, summary: list[dict], have_linux: bool) -> None:
    """The figure, drawn with matplotlib (as `make report` draws)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    gib = [size_mib(s["size"]) / 1024 for s in summary]
    fig, ax = plt.subplots(figsize=(10, 6.4), dpi=100)
    series = [("ours_batch_release_ms", "ours, batch (default)", "#1e8449", "D"),
              ("ours_page_release_ms", "ours, bootmem_retire=page (2.4 style)", "#2471a3", "s")]
    if have_linux:
        series.insert(0, ("linux_release_ms", "Linux 6.1 686-pae (HighMem -> Memory:)",
                          "#c0392b", "o"))
    for key, label, colour, marker in series:
        pts = [(x, s[key]) for x, s in zip(gib, summary) if s[key]]
        if not pts:
            continue
        ax.plot([x for x, _ in pts], [y for _, y in pts], marker=marker, color=colour,
                linewidth=2, label=label)
        for x, y in pts:
            ax.annotate(f"{y:.1f}", (x, y), textcoords="offset points", xytext=(0, 8),
                        ha="center", color=colour, fontsize=9)
    ax.set_yscale("log")
    ax.set_xticks(gib, [s["size"] + ("*" if above_4g_mib(s["size"]) else "") for s in summary])
    ax.set_xlabel("guest memory (QEMU -m)")
    ax.set_ylabel("release time, ms (log scale)")
    ax.set_title("Boot memory hand-over: pages released to the buddy allocator "
                 "(QEMU TCG, median)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)


def plot(out: Path, summary: list[dict], have_linux: bool) -> Path:
    """bench.png beside the tables.  matplotlib is Debian's: when this
    python cannot import it, Debian's python3 draws from a JSON copy of the
    summary (bench.py --plot).  The tables are the result; a plot that
    cannot be drawn is reported by the caller, not fatal."""
    png = out / "bench.png"
    try:
        plot_png(png, summary, have_linux)
        return png
    except ImportError:
        pass
    data = out / "bench-summary.json"
    data.write_text(json.dumps({"summary": summary, "have_linux": have_linux}))
    system = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    try:
        p = subprocess.run([system, str(Path(__file__).resolve()), "--plot", str(data), str(png)],
                           capture_output=True, text=True)
    except OSError as e:
        p = subprocess.CompletedProcess([], 1, "", str(e))
    if p.returncode != 0 or not png.is_file():
        raise BenchError("no plot: matplotlib is missing (Debian: python3-matplotlib; "
                         f"scripts/install-deps.sh with HANDOVER_REPORT_TOOLS=1): {p.stderr.strip()[-300:]}")
    return png


def noisy(s: dict) -> bool:
    """A row whose bare struct-page loop ran far above its fastest boot: the
    host was busy, and ratios against that loop say little."""
    lo, mid = s.get("bare_loop_min_us"), s.get("micro_bare_struct_page_loop_us")
    return bool(lo and mid and mid > NOISY_FACTOR * lo)


# ---------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1G 3G 4G"),
                    help="memory sizes to boot with (default: $BENCH_SIZES or '1G 3G 4G')")
    ap.add_argument("--runs", type=int, default=3, help="boots per kernel and size (default 3)")
    ap.add_argument("--kernel", default=str(REPO / "build" / "kernel.elf"))
    ap.add_argument("--linux", metavar="VMLINUZ", help="Linux kernel to compare with "
                    "(default: what scripts/linux-reference.sh prints)")
    ap.add_argument("--no-linux", action="store_true", help="boot only our kernel")
    ap.add_argument("--accel", default="tcg", help="QEMU accelerator (default tcg: Linux "
                    "does not boot under this machine's nested KVM)")
    ap.add_argument("--out", default=str(REPO / "build" / "bench"))
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--plot", nargs=2, metavar=("SUMMARY_JSON", "PNG"),
                    help="only draw PNG from a summary bench.py wrote (how a python "
                    "without matplotlib has Debian's draw)")
    ap.add_argument("--tsc-khz", type=int, default=None,
                    help="the host TSC rate all times are rescaled to (default: "
                    "/proc/cpuinfo's cpu MHz when the TSC is constant; 0: no rescaling)")
    a = ap.parse_args(argv)
    if a.plot:
        data = json.loads(Path(a.plot[0]).read_text())
        plot_png(Path(a.plot[1]), data["summary"], data["have_linux"])
        return 0

    try:
        sizes = a.sizes.split()
        for s in sizes:
            size_mib(s)
    except ValueError as e:
        log(f"bench: {e}")
        return 2
    if not sizes or a.runs < 1:
        log("bench: nothing to do (no sizes, or --runs < 1)")
        return 2
    if not Path(a.kernel).is_file():
        log(f"bench: no kernel at {a.kernel} (run make first)")
        return 2
    if not shutil.which(QEMU):
        log(f"bench: {QEMU} not found (scripts/install-deps.sh installs it)")
        return 2
    out = Path(a.out)
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("*.log"):
        old.unlink()
    # Boot a private copy: a rebuild in the middle of the run must not mix kernels.
    kernel = out / "kernel.elf"
    shutil.copyfile(a.kernel, kernel)
    kernel_sha = hashlib.sha256(kernel.read_bytes()).hexdigest()[:12]
    ref_khz = host_tsc_khz() if a.tsc_khz is None else (a.tsc_khz or None)

    try:
        vmlinuz = None if a.no_linux else (a.linux or fetch_linux())
        kinds = (["linux"] if vmlinuz else []) + ["batch", "page"]
        total = len(sizes) * len(kinds) * a.runs
        log(f"bench: {len(sizes)} size(s) x {len(kinds)} kernels x {a.runs} runs = "
            f"{total} boots, -accel {a.accel}; logs in {logs}")
        runs: list[dict] = []
        summary: list[dict] = []
        n = 0
        linux_extra = ""   # becomes tsc_early_khz=N once Linux's own calibration failed
        for size in sizes:
            got: dict[str, list] = {k: [] for k in kinds}
            retries = 0
            # Round-robin, so slow drift on a shared machine hits every kernel alike.
            for i in range(1, a.runs + 1):
                for kind in kinds:
                    n += 1
                    tag = f"[{n:2d}/{total}] {size:>4} {kind:<5} {i}/{a.runs}"
                    if kind == "linux":
                        while True:
                            lf = logs / (f"{size}-linux-{i}" +
                                         (f"-retry{retries}" if retries else "") + ".log")
                            r, secs = boot_linux(vmlinuz, size, a.accel, lf, linux_extra)
                            if r.memory_ts > 0:
                                break
                            # Linux calibrates the TSC against the PIT early in
                            # setup_arch; under TCG on a busy host that often fails,
                            # the clock then starts only in time_init and every
                            # timestamp we need is 0.  Tell it the rate instead, as
                            # its tsc_early_khz= option allows, for the rest of the run.
                            retries += 1
                            if retries > LINUX_RETRIES or not ref_khz:
                                raise BenchError(
                                    f"Linux -m {size}: printk timestamps all 0 up to "
                                    f"mem_init (early TSC calibration failed) in {retries} "
                                    f"boot(s){'' if ref_khz else ' and the host TSC rate is unknown (--tsc-khz)'}"
                                    f"; see {lf}")
                            linux_extra = f"tsc_early_khz={ref_khz}"
                            log(f"{tag}  timestamps all 0: early TSC calibration failed "
                                f"({lf.name}); again with {linux_extra}")
                        r.scale = tsc_scale(r.tsc_khz, ref_khz)
                        got[kind].append(r)
                        log(f"{tag}  release {fmt(r.release_ms, '7.1f')} ms  "
                            f"(highmem {fmt(r.highmem_only_ms)} ms, TSC {fmt(r.tsc_khz, 'd')} kHz)"
                            f"  boot {secs:.1f} s")
                        runs.append(dict(size=size, kernel="linux", run=i, log=lf.name,
                                         release_ms=r.release_ms,
                                         linux_highmem_ms=r.highmem_only_ms,
                                         linux_lowmem_ms=r.lowmem_ms,
                                         highmem_k=r.highmem_k, tsc_khz=r.tsc_khz,
                                         scale=r.scale, append_extra=linux_extra,
                                         highmem_ts=r.highmem_ts, movable_ts=r.movable_ts,
                                         memory_ts=r.memory_ts))
                    else:
                        lf = logs / f"{size}-{kind}-{i}.log"
                        r, secs = boot_ours(str(kernel), size, kind, a.accel, lf)
                        r.scale = tsc_scale(r.tsc_khz, ref_khz)
                        got[kind].append(r)
                        log(f"{tag}  release {r.release_ms:7.2f} ms  "
                            f"(memmap {r.ms(r.memmap_us):.1f} ms, TSC {r.tsc_khz} kHz)"
                            f"  boot {secs:.1f} s")
                        runs.append(dict(size=size, kernel=kind, run=i, log=lf.name,
                                         release_ms=r.release_ms,
                                         free_all_bootmem_ms=r.ms(r.fab_us),
                                         highmem_ms=r.ms(r.highmem_us),
                                         memmap_ms=r.ms(r.memmap_us),
                                         highmem_k=r.highmem_k, scale=r.scale,
                                         raw_memmap_us=r.memmap_us,
                                         raw_free_all_bootmem_us=r.fab_us,
                                         raw_highmem_us=r.highmem_us,
                                         **{k: v for k, v in r.bench.items()}))
            b, p = got["batch"], got["page"]
            lin = got.get("linux", [])
            s = dict(size=size,
                     linux_release_ms=med([r.release_ms for r in lin]),
                     linux_highmem_ms=med([r.highmem_only_ms for r in lin]),
                     linux_lowmem_ms=med([r.lowmem_ms for r in lin]),
                     linux_highmem_k=med([r.highmem_k for r in lin]),
                     ours_batch_release_ms=med([r.release_ms for r in b]),
                     ours_batch_free_all_bootmem_ms=med([r.ms(r.fab_us) for r in b]),
                     ours_batch_highmem_ms=med([r.ms(r.highmem_us) for r in b]),
                     ours_page_release_ms=med([r.release_ms for r in p]),
                     ours_page_free_all_bootmem_ms=med([r.ms(r.fab_us) for r in p]),
                     ours_page_highmem_ms=med([r.ms(r.highmem_us) for r in p]),
                     memmap_ms=med([r.ms(r.memmap_us) for r in b]),
                     pages=med([r.bench["pages"] for r in b]),
                     ours_highmem_k=med([r.highmem_k for r in b]),
                     struct_page_bytes=med([r.bench["struct_page_bytes"] for r in b]),
                     meminit_over_bare_loop=med([r.bench["meminit_over_bare_loop"] for r in b]),
                     bare_loop_min_us=min((r.bench["bare_struct_page_loop_us"] * r.scale
                                           for r in b if r.bench.get("bare_struct_page_loop_us")),
                                          default=None),
                     linux_retries=retries)
            s["ns_per_page"] = s["ours_batch_release_ms"] * 1e6 / s["pages"]
            s["linux_over_ours"] = (s["linux_release_ms"] / s["ours_batch_release_ms"]
                                    if s["linux_release_ms"] and s["ours_batch_release_ms"]
                                    else None)
            s["page_over_batch"] = (s["ours_page_release_ms"] / s["ours_batch_release_ms"]
                                    if s["ours_batch_release_ms"] else None)
            for key in BENCH_KEYS:
                vals = [r.bench.get(key) for r in b]
                if key in ("meminit_us", "bare_struct_page_loop_us"):
                    vals = [v * r.scale if v is not None else None for v, r in zip(vals, b)]
                s["micro_" + key] = med(vals)
            summary.append(s)
    except BenchError as e:
        log(f"bench: FAILED: {e}")
        return 1
    except KeyboardInterrupt:
        log("bench: interrupted")
        return 130

    # ---- the report
    have_linux = bool(vmlinuz)
    hdr = ["size", "Linux highmem+lowmem release ms", "ours batch (free_all_bootmem + highmem) ms",
           "ratio Linux/ours", "ours page ms", "page/batch", "memmap ms", "ns per page",
           "struct page bytes", "meminit/bare-loop", "bare loop ms (median / min)"]
    rows = []
    for s in summary:
        mark = ("*" if above_4g_mib(s["size"]) else "") + ("!" if noisy(s) else "")
        rows.append([s["size"] + mark, fmt(s["linux_release_ms"]),
                     fmt(s["ours_batch_release_ms"], ".2f"),
                     fmt(s["linux_over_ours"], ".0f") + ("x" if s["linux_over_ours"] else ""),
                     fmt(s["ours_page_release_ms"], ".2f"),
                     fmt(s["page_over_batch"], ".1f") + ("x" if s["page_over_batch"] else ""),
                     fmt(s["memmap_ms"]), fmt(s["ns_per_page"], ".1f"),
                     fmt(s["struct_page_bytes"], ".0f"), fmt(s["meminit_over_bare_loop"], ".2f"),
                     fmt(s["micro_bare_struct_page_loop_us"] / 1000
                         if s.get("micro_bare_struct_page_loop_us") else None, ".1f") + " / " +
                     fmt(s["bare_loop_min_us"] / 1000 if s.get("bare_loop_min_us") else None,
                         ".1f")])
    text = ["# handover `make bench`: boot memory hand-over, handover against Linux 6.1", ""]
    text += [f"- {k}: {v}" for k, v in machine(a.accel, vmlinuz)]
    text += [f"- kernel booted: {a.kernel} (copied to {kernel}, sha256 {kernel_sha})"]
    text += [f"- boots: {a.runs} per kernel and size, round-robin; medians below"]
    text += [f"- clock: every time is rescaled from the TSC rate that boot calibrated to the "
             f"host's, {ref_khz} kHz (runs.csv keeps each boot's rate and raw figures)"
             if ref_khz else "- clock: times as each kernel printed them (host TSC rate "
             "unknown: no rescaling)"]
    nretry = sum(s["linux_retries"] for s in summary)
    if nretry:
        text += [f"- Linux: {nretry} boot(s) had every timestamp 0 (its early TSC calibration "
                 f"against the PIT failed); from then on it was booted with {linux_extra}"]
    text += [""]
    text += table(hdr, rows, "lrrrrrrrrrr")
    notes = [f"\\* -m {s['size']}: QEMU puts {above_4g_mib(s['size'])} MiB above 4 GiB; "
             f"ours (non-PAE) ignores it (ours released {fmt(s['ours_highmem_k'], '.0f')}k "
             f"highmem, Linux PAE {fmt(s['linux_highmem_k'], '.0f')}k), so the two do not "
             "release the same memory there." for s in summary if above_4g_mib(s["size"])]
    notes += [f"! -m {s['size']}: the bare struct-page loop's median is over "
              f"{NOISY_FACTOR}x its fastest boot: the host was busy, ratios against it "
              "mean little" for s in summary if noisy(s)]
    text += [""] + notes + ([""] if notes else [])
    text += ["Linux: its printk timestamps, `Initializing HighMem` -> `Memory: ... available` "
             "(highmem page at a time, then memblock_free_all for lowmem). Ours: the kernel's "
             "own `mem_init timing:` line, free_all_bootmem + highmem; memmap (struct page "
             "init) is separate, as in Linux, where it happens earlier in free_area_init. "
             "ns per page = ours batch release / pages (max_mapnr, holes included).", ""]
    text += ["## The two halves (median ms)", ""]
    text += table(["size", "Linux highmem (page at a time)", "ours highmem batch",
                   "ours highmem page", "Linux lowmem (memblock_free_all)",
                   "ours free_all_bootmem batch", "ours free_all_bootmem page"],
                  [[s["size"] + ("*" if above_4g_mib(s["size"]) else ""),
                    fmt(s["linux_highmem_ms"]), fmt(s["ours_batch_highmem_ms"], ".2f"),
                    fmt(s["ours_page_highmem_ms"], ".2f"), fmt(s["linux_lowmem_ms"], ".2f"),
                    fmt(s["ours_batch_free_all_bootmem_ms"], ".2f"),
                    fmt(s["ours_page_free_all_bootmem_ms"], ".2f")] for s in summary],
                  "lrrrrrr")
    text += ["", "Linux highmem = `Initializing HighMem` -> `Initializing Movable`; Linux lowmem "
             "= `Initializing Movable` -> `Memory:`. Ours highmem with bootmem_retire=page also "
             "holds 2.4's pass counting the reserved lowmem pages for the Memory: line; batch "
             "takes that count from what it freed.", ""]
    text += ["## In-kernel microbenchmarks (ours, batch boots, median)", ""]
    micro = [("TSC kHz", "tsc_khz", ".0f"),
             ("order-0 alloc+free pair, warm zone (cycles)", "order0_pair_cycles", ".0f"),
             ("order-0 alloc+free pair, cold zone (cycles)", "order0_pair_cycles_cold", ".0f"),
             ("order-3 alloc+free pair, warm zone (cycles)", "order3_pair_cycles", ".0f"),
             ("order-3 alloc+free pair, cold zone (cycles)", "order3_pair_cycles_cold", ".0f"),
             ("mixed workload, per op (cycles)", "mixed_op_cycles", ".0f"),
             ("slowest single op (cycles)", "slowest_op_cycles", ".0f"),
             ("mem_init total (us, rescaled)", "meminit_us", ".0f"),
             ("bare struct page loop (us, rescaled)", "bare_struct_page_loop_us", ".0f"),
             ("mem_init / bare loop", "meminit_over_bare_loop", ".2f")]
    text += table(["metric"] + sizes,
                  [[name] + [fmt(s["micro_" + key], spec) for s in summary]
                   for name, key, spec in micro], "l" + "r" * len(sizes))
    cg = out / "callgrind.txt"
    text += ["", "## Host callgrind figures (build/bench/callgrind.txt)", ""]
    if cg.is_file():
        text += ["```", *cg.read_text().rstrip("\n").splitlines(), "```"]
    else:
        text += ["(none: build/bench/callgrind.txt does not exist)"]

    (out / "bench.txt").write_text("\n".join(text) + "\n")
    cols = list(summary[0].keys())
    with (out / "bench.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        w.writerows(rounded(r) for r in summary)
    rcols: list[str] = []
    for r in runs:
        rcols += [k for k in r if k not in rcols]
    with (out / "runs.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=rcols)
        w.writeheader()
        w.writerows(rounded(r) for r in runs)
    print("\n".join(text))
    if not a.no_plot:
        try:
            log(f"bench: plot {plot(out, summary, have_linux)}")
        except BenchError as e:
            log(f"bench: {e}; the tables and CSV above are the result")
    log(f"bench: wrote {out / 'bench.txt'}, {out / 'bench.csv'}, {out / 'runs.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
