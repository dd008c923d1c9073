#!/usr/bin/env python3
"""Refresh the serial lines the docs quote from the boots they quote.

README.md and docs/walkthrough.md quote the kernel in fenced blocks that
name the harness config whose boot printed them (```log kernel-3G).  After
`make samples` has booted those configs, this rewrites every quoted line
with the line of the same shape -- the same words, numbers aside -- from
that config's log, in order, so the quotes are what the kernel prints now.
`make test` checks them (tests/harness/walkthrough.py); this is how they
are brought up to date.

    scripts/refresh-samples.py [--logs build/test-logs] FILE...

A quoted line whose shape the log no longer has is left as it is and
named: the text around it needs a person.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from hvlib.log import strip_timestamp

BLOCK = re.compile(r"^```log (\S+)\n(.*?)^```", re.M | re.S)
NUMBER = re.compile(r"0x[0-9a-fA-F]+|[0-9a-fA-F]*[0-9][0-9a-fA-F]*")


def shape(line: str) -> str:
    """The line with every number (decimal or hex) replaced by '#'."""
    return NUMBER.sub("#", strip_timestamp(line).rstrip())


def refresh_block(lines: list[str], log: list[str], where: str) -> tuple[list[str], list[str]]:
    """The block's lines taken from the log where the shapes match, after
    the previous match (quotes follow the boot's order); the unmatched
    ones, named."""
    out, missed, pos = [], [], 0
    for line in lines:
        want = shape(line)
        hit = next((i for i in range(pos, len(log)) if shape(log[i]) == want), None)
        if hit is None:
            hit = next((i for i in range(len(log)) if shape(log[i]) == want), None)
        if hit is None:
            missed.append(f"{where}: no line shaped like {line.strip()!r}")
            out.append(line)
            continue
        out.append(log[hit].rstrip("\r"))
        pos = hit + 1
    return out, missed


def refresh(text: str, logs: Path, name: str) -> tuple[str, list[str]]:
    missed: list[str] = []
    pieces, last = [], 0
    for block in BLOCK.finditer(text):
        log_file = logs / f"{block.group(1)}.log"
        pieces.append(text[last:block.start(2)])
        if not log_file.exists():
            missed.append(f"{name}: no log {log_file} (boot {block.group(1)} first)")
            pieces.append(block.group(2))
        else:
            log = log_file.read_text(errors="replace").splitlines()
            lines, lost = refresh_block(block.group(2).splitlines(), log,
                                        f"{name} ({block.group(1)})")
            missed += lost
            pieces.append("".join(line + "\n" for line in lines))
        last = block.end(2)
    pieces.append(text[last:])
    return "".join(pieces), missed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=Path, default=Path("build/test-logs"))
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args(argv)
    missed_all = []
    for path in args.files:
        text = path.read_text()
        new, missed = refresh(text, args.logs, str(path))
        missed_all += missed
        if new != text:
            path.write_text(new)
            print(f"refresh-samples: {path} updated")
    for line in missed_all:
        print(f"refresh-samples: {line}", file=sys.stderr)
    return 1 if missed_all else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
