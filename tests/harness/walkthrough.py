"""The docs' quoted serial lines, held to the boots they quote.

README.md and docs/walkthrough.md quote the kernel in fenced blocks that
name the harness config whose boot printed them:

    ```log kernel-3G
    [    0.084226] Memory: 3129516k/3145600k available (...)
    ```

After the boots, every quoted line must appear in that config's log of
this run, timestamp aside -- so a change to what the kernel prints fails
`make test` until the docs say it too (`make samples` refreshes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.hvlib.log import strip_timestamp

BLOCK = re.compile(r"^```log (\S+)\n(.*?)^```", re.M | re.S)
# What varies from boot to boot: durations, and the TSC's calibration.
DURATION = re.compile(r"\d+ us\b|\d+\.\d+ MHz")


@dataclass(frozen=True)
class Quote:
    config: str
    line: str       # as quoted, timestamp removed
    number: int     # line number in the walkthrough


def quotes(text: str) -> list[Quote]:
    """Every quoted line of every log block, with the config it names."""
    found = []
    for block in BLOCK.finditer(text):
        first = text.count("\n", 0, block.start(2)) + 1
        for offset, line in enumerate(block.group(2).splitlines()):
            if line.strip():
                found.append(Quote(block.group(1), strip_timestamp(line).rstrip(),
                                   first + offset))
    return found


def _pattern(line: str) -> re.Pattern:
    """The line exactly, but for durations, which vary from boot to boot."""
    parts = [re.escape(part) for part in DURATION.split(line)]
    return re.compile("^" + r"(?:\d+ us|\d+\.\d+ MHz)".join(parts) + "$")


def log_lines(log: str) -> list[str]:
    return [strip_timestamp(line).rstrip() for line in log.splitlines()]


def check(text: str, logs: dict[str, str],
          doc: str = "docs/walkthrough.md") -> tuple[int, list[str], list[str]]:
    """(lines that matched, reasons for those that did not, configs not
    booted in this run whose quotes were therefore not checked)."""
    matched, reasons, missing = 0, [], []
    lines_of = {name: log_lines(log) for name, log in logs.items()}
    for quote in quotes(text):
        if quote.config not in lines_of:
            if quote.config not in missing:
                missing.append(quote.config)
            continue
        pattern = _pattern(quote.line)
        if any(pattern.match(line) for line in lines_of[quote.config]):
            matched += 1
        else:
            reasons.append(f"{doc}:{quote.number}: {quote.config} no longer "
                           f"prints {quote.line!r} (make samples refreshes the quotes)")
    return matched, reasons, missing
