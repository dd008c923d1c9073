#!/usr/bin/env python3
"""Print the CPU matrix of the last ``make test-cpus`` (or test-full) run as
markdown: every model qemu-system-i386 -cpu help lists, what QEMU says it
is, and what the kernel did on it.

    make test-cpus && python3 scripts/cpu-matrix.py [--json FILE] [--update README.md]

--update replaces the text between the ``<!-- cpu-matrix begin -->`` and
``<!-- cpu-matrix end -->`` lines of the file instead of printing.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- cpu-matrix begin -->", "<!-- cpu-matrix end -->"


def qemu_version(qemu: str) -> str:
    try:
        out = subprocess.run([qemu, "--version"], capture_output=True, text=True).stdout
    except OSError:
        return qemu
    return out.splitlines()[0] if out else qemu


def result_cell(row: dict) -> str:
    result = row["result"]
    if result == "boots":
        pages = {"4MB": "4 MiB", "4KB": "4 KiB"}.get(row["pages"], row["pages"])
        return f"boots: {row['clock']} clock, {pages} pages"
    if result == "refused":
        return "refused (status 35, Linux's message)"
    if result == "skipped":
        return f"skipped: {row['reason'].removeprefix('skipped: ')}"
    if result == "FAIL":
        return f"**FAIL**: {row.get('reason', '')}"
    return result


def markdown(matrix: dict) -> str:
    rows = matrix["models"]
    counts = collections.Counter(row["result"] for row in rows)
    summary = ", ".join(f"{n} {what}" for what, n in counts.most_common())
    lines = [f"{len(rows)} models of {qemu_version(matrix['qemu'])}, TCG, -m 64M, every "
             f"self-test: {summary}.  Regenerate with `make test-cpus && python3 "
             f"scripts/cpu-matrix.py --update README.md`.", "",
             "| model | family/model/stepping | CPUID level | tsc | pse | result |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        props = row.get("props", {})
        name = row["name"]
        alias = row.get("description", "")
        if alias.startswith("(alias of "):
            name += f" (= {alias[len('(alias of '):-1]})"
        if not props:
            ident, level, tsc, pse = "-", "-", "-", "-"
        else:
            ident = f"{props['family']:#x}/{props['model']:#x}/{props['stepping']:#x}"
            level = str(props["level"])
            tsc, pse = ("yes" if props[f] else "no" for f in ("tsc", "pse"))
        lines.append(f"| {name} | {ident} | {level} | {tsc} | {pse} | {result_cell(row)} |")
    return "\n".join(lines) + "\n"


def update(path: Path, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    start, end = content.find(BEGIN), content.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: no {BEGIN} ... {END} block")
    path.write_text(content[:start + len(BEGIN)] + "\n" + text + content[end:],
                    encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "build/test-logs/cpu-matrix.json")
    parser.add_argument("--update", type=Path, metavar="FILE")
    args = parser.parse_args()
    if not args.json.is_file():
        print(f"{args.json} not found: run make test-cpus first", file=sys.stderr)
        return 2
    text = markdown(json.loads(args.json.read_text(encoding="utf-8")))
    if args.update:
        update(args.update, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
