#!/usr/bin/env python3
"""Draw physical memory through boot from a serial log (`make report`).

    scripts/memory-report.py [-o DIR] LOG

LOG is the serial log of a boot with `memdump` on the kernel command line
(docs/memdump.md).  Writes DIR/memory.png, DIR/memory.svg and
DIR/index.html (the SVG inline, a tooltip on every range, the counts
table), DIR defaulting to LOG's directory, and prints the counts table.

Exit status: 0 when all four stages were drawn; 1 when the report was
written but a stage was cut short or is missing (each said on stderr);
2 when nothing was written: a malformed record (its line is named), a
format version this tool does not read, no stage dumped whole, or no
matplotlib.

matplotlib comes from Debian (python3-matplotlib; scripts/install-deps.sh
report), which only Debian's own python3 imports: under
another python3 (pyenv, a venv) without it, the script runs itself again
under /usr/bin/python3.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import re
import sys
from pathlib import Path

# scripts/hvlib, found as this script's neighbour (hvlib/__init__.py).
from hvlib import memdump_html
from hvlib import memdump_layout as ml
from hvlib.memdump_parse import MemdumpError, Memdump, parse_log

PROG = "memory-report"
EXIT_PARTIAL, EXIT_REFUSED = 1, 2
DEBIAN_PYTHON = "/usr/bin/python3"
TITLE = "handover: physical memory through boot"


# ---- the run ----

def log_facts(path: str, memdump: Memdump) -> list[str]:
    """What the page says of the boot, above the picture."""
    facts = [f"log: {path}"]
    with open(path, encoding="utf-8", errors="replace") as f:
        m = re.search(r"Kernel command line: ?(.*)", f.read())
    if m:
        facts.append(f"kernel command line: {m.group(1).strip()}")
    dump = next(iter(memdump.dumps.values()))
    facts.append(f"max_pfn {dump.limits.max_pfn:#x} ({ml.size_text(dump.limits.max_pfn)}), "
                 f"max_low_pfn {dump.limits.max_low_pfn:#x} ({ml.size_text(dump.limits.max_low_pfn)}), "
                 f"{ml.node_count(memdump)} node(s)")
    return facts


def write_report(memdump, rows, warnings, log, out: Path):
    from hvlib import memdump_draw      # matplotlib: only once it is known to be there
    fig, titles = memdump_draw.draw(memdump, rows, f"{TITLE} (memdump)")
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "memory.png")
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = memdump_html.add_titles(buf.getvalue(), titles)
    (out / "memory.svg").write_text(svg)
    page = memdump_html.page(TITLE, log_facts(log, memdump), warnings, svg, rows)
    (out / "index.html").write_text(page)


def have_matplotlib() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def rerun_under_debian_python():
    """python3-matplotlib serves Debian's python3; if this is another, hand over to it."""
    if os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON) or \
            not os.access(DEBIAN_PYTHON, os.X_OK) or os.environ.get("MEMORY_REPORT_REEXEC"):
        return
    os.environ["MEMORY_REPORT_REEXEC"] = "1"
    os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def print_table(rows):
    table = [list(ml.COUNT_COLUMNS)] + rows
    widths = [max(len(str(r[i])) for r in table) for i in range(len(table[0]))]
    for row in table:
        cells = [str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells))


def parse_args(argv):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("log", help="serial log of a boot with memdump on its command line")
    ap.add_argument("-o", "--out", help="directory for memory.png, memory.svg, index.html "
                    "(default: the log's directory)")
    ap.add_argument("--no-draw", action="store_true",
                    help="read the log and print the counts table only (no matplotlib needed)")
    return ap.parse_args(argv)


def refuse(msg: str) -> int:
    print(f"{PROG}: {msg}", file=sys.stderr)
    return EXIT_REFUSED


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.no_draw and not have_matplotlib():
        rerun_under_debian_python()
        return refuse("matplotlib is missing: scripts/install-deps.sh report "
                      "installs Debian's python3-matplotlib")
    try:
        memdump = parse_log(args.log)
    except (OSError, MemdumpError) as e:
        return refuse(f"{args.log}: {e}")
    if not memdump.cut_short and not memdump.dumps:
        return refuse(f"{args.log}: no memdump records (was `memdump` on the kernel command line?)")
    warnings = memdump.warnings()
    for w in warnings:
        print(f"{PROG}: warning: {w}", file=sys.stderr)
    if not memdump.dumps:
        return refuse(f"{args.log}: no stage dumped whole")
    rows, mismatches = ml.counts_table(memdump)
    for m in mismatches:
        print(f"{PROG}: warning: {m}", file=sys.stderr)
    print_table(rows)
    if not args.no_draw:
        out = Path(args.out) if args.out else Path(args.log).resolve().parent
        write_report(memdump, rows, warnings + mismatches, args.log, out)
        print(f"{PROG}: wrote {out}/memory.png, memory.svg, index.html")
    return EXIT_PARTIAL if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
