"""A line of the kernel's serial log, without printk's timestamp.

printk puts `[    0.003130] ` in front of every line (kernel/printk.c,
"[%5lu.%06lu] ", the format of Linux's CONFIG_PRINTK_TIME).  Every reader
strips it the same way; a line without one (a kernel log someone trimmed,
a quote in the docs) reads as it is.  Serial ports send CRLF.
"""

from __future__ import annotations

import re

# Exactly one space follows the bracket: any further spaces are the line's
# own (KTAP indentation) and must survive.  Group 1 is the seconds, for the
# tools that time the boot (tests/bench).
TIMESTAMP = re.compile(r"^\[\s*(\d+\.\d+)\] ?")


def strip_timestamp(line: str) -> str:
    """The line without its timestamp and line ending."""
    return TIMESTAMP.sub("", line.rstrip("\r\n"), count=1)


def strip_log(text: str) -> str:
    """Every line of text without its timestamp."""
    return "\n".join(strip_timestamp(line) for line in text.splitlines())
