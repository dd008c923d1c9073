"""Read the kernel's `memdump` records out of a serial log (docs/memdump.md).

`memdump` on the kernel command line makes the kernel print physical
memory at four stages of boot, one dump per stage between `begin` and
`end`.  This module turns a log into one Dump per stage and refuses what
it cannot trust: a record it does not know, a field that does not parse, a
record the stage should not have, a format version it was not written
for.  A refusal names the log line, so a kernel-side mistake is found
from the message alone.

A dump with a `begin` and no `end` was cut short (the kernel stopped, or
the log did): it is kept aside, never drawn, so a reader is not shown half
a stage as if it were all of it.

Standard library only: the tests of `make test` import it without
matplotlib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .constants import MAX_ORDER, ZONE_NAMES
from .log import strip_timestamp

VERSION = 1
STAGES = ("map", "setup_arch", "mem_init", "free_initmem")
E820_NAMES = ("usable", "reserved", "ACPI", "NVS", "unusable")
# The kernel names the types as its BIOS-e820 lines do (e820_type_name()):
# read those spellings as the spec's.
E820_ALIASES = {"ACPI data": "ACPI", "ACPI NVS": "NVS"}
_E820_NUMBER = re.compile(r"(?:type )?([0-9a-fA-F]+)")

# The table of docs/memdump.md: which records each stage may carry.
STAGE_RECORDS = {
    "map": {"limits", "e820"},
    "setup_arch": {"limits", "node", "zone", "bitmap", "held", "resv"},
    "mem_init": {"limits", "node", "zone", "free", "resv", "count"},
    "free_initmem": {"limits", "node", "zone", "free", "resv", "count"},
}

# Read after strip_timestamp(): a line with a printk timestamp or without.
_LINE = re.compile(r"^memdump: ?(.*)$")
_HEX = re.compile(r"[0-9a-fA-F]+")
_DEC = re.compile(r"[0-9]+")


class MemdumpError(Exception):
    """A log this tool will not draw from; the message says where and why."""


@dataclass(frozen=True)
class Limits:
    max_pfn: int
    max_low_pfn: int


@dataclass(frozen=True)
class E820:
    start: int          # bytes, as the map is
    end: int
    type: str


@dataclass(frozen=True)
class Node:
    nid: int
    start: int
    end: int
    present: int


@dataclass(frozen=True)
class Zone:
    nid: int
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A `bitmap` or `held` range of one node's boot allocator."""
    nid: int
    start: int
    end: int


@dataclass(frozen=True)
class Resv:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Free:
    nid: int
    zone: str
    order: int
    start: int
    end: int

    @property
    def blocks(self) -> int:
        return (self.end - self.start) >> self.order


@dataclass(frozen=True)
class Count:
    ram: int
    free: int
    reserved: int
    highmem_free: int


@dataclass
class Dump:
    """One stage's records; end_line is None while (or if) it is open."""
    stage: str
    begin_line: int
    end_line: int | None = None
    limits: Limits | None = None
    count: Count | None = None
    e820: list[E820] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    bitmaps: list[Span] = field(default_factory=list)
    held: list[Span] = field(default_factory=list)
    resv: list[Resv] = field(default_factory=list)
    free: list[Free] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.end_line is not None


@dataclass
class CutShort:
    """A stage whose `begin` had no `end`: why, for the reader's warning."""
    stage: str
    begin_line: int
    why: str


@dataclass
class Memdump:
    """Every stage found in one log: complete dumps, and those cut short."""
    dumps: dict[str, Dump] = field(default_factory=dict)
    cut_short: dict[str, CutShort] = field(default_factory=dict)

    def stage(self, name: str) -> Dump | None:
        """The complete dump of a stage, or None."""
        return self.dumps.get(name)

    def missing(self) -> list[str]:
        """Stages with no dump at all, not even a cut-short one."""
        return [s for s in STAGES if s not in self.dumps and s not in self.cut_short]

    def warnings(self) -> list[str]:
        out = [f"stage {c.stage} was cut short: {c.why}" for c in self.cut_short.values()]
        out += [f"stage {s} is not in the log" for s in self.missing()]
        return out


# ---- fields ----

def _hex(text: str) -> int:
    if not _HEX.fullmatch(text):
        raise ValueError(f"{text!r} is not a hexadecimal number")
    return int(text, 16)


def _dec(text: str) -> int:
    if not _DEC.fullmatch(text):
        raise ValueError(f"{text!r} is not a decimal number")
    return int(text)


def _zone(text: str) -> str:
    if text not in ZONE_NAMES:
        raise ValueError(f"zone {text!r} is none of {', '.join(ZONE_NAMES)}")
    return text


def _e820_type(text: str) -> str:
    text = text.strip()
    text = E820_ALIASES.get(text, text)
    number = _E820_NUMBER.fullmatch(text)
    if text not in E820_NAMES and not number:
        raise ValueError(f"e820 type {text!r} is none of {', '.join(E820_NAMES)} nor a number")
    return text if text in E820_NAMES else number.group(1)


def _text(text: str) -> str:
    return text.strip()


# record -> (class, converters of its fields, converter of the rest of the
# line or None): a reason, or an e820 type, is free text that may hold spaces.
RECORDS = {
    "limits": (Limits, (_hex, _hex), None),
    "e820": (E820, (_hex, _hex), _e820_type),
    "node": (Node, (_hex, _hex, _hex, _hex), None),
    "zone": (Zone, (_hex, _zone, _hex, _hex), None),
    "bitmap": (Span, (_hex, _hex, _hex), None),
    "held": (Span, (_hex, _hex, _hex), None),
    "resv": (Resv, (_hex, _hex), _text),
    "free": (Free, (_hex, _zone, _hex, _hex, _hex), None),
    "count": (Count, (_dec, _dec, _dec, _dec), None),
}
# Where each kind of record goes in a Dump.
_LISTS = {"e820": "e820", "node": "nodes", "zone": "zones", "bitmap": "bitmaps",
          "held": "held", "resv": "resv", "free": "free"}


def parse_record(kind: str, fields: str):
    """One record's fields -> its dataclass; ValueError says what is wrong."""
    if kind not in RECORDS:
        raise ValueError(f"unknown record {kind!r}")
    cls, converters, rest = RECORDS[kind]
    n = len(converters) + (rest is not None)
    parts = fields.split(None, n - 1) if rest else fields.split()
    if len(parts) != n:
        raise ValueError(f"{kind} wants {n} fields{', the last free text' if rest else ''}, "
                         f"has {len(parts)}")
    values = [conv(p) for conv, p in zip(converters, parts)]
    if rest:
        values.append(rest(parts[-1]))
    record = cls(*values)
    _check_record(record)
    return record


def _check_record(record) -> None:
    """What one record must say of itself, whatever else the dump holds."""
    if isinstance(record, Limits):
        if record.max_low_pfn > record.max_pfn:
            raise ValueError("max_low_pfn is above max_pfn")
        return
    if isinstance(record, Count):
        return      # the report sets it beside its own counts, agreeing or not
    if record.start >= record.end:
        raise ValueError("the range is empty or runs backwards")
    if isinstance(record, Free):
        if record.order >= MAX_ORDER:
            raise ValueError(f"order {record.order} is not below MAX_ORDER ({MAX_ORDER})")
        if (record.end - record.start) % (1 << record.order):
            raise ValueError(f"the run is not a whole number of order-{record.order} blocks")
    if isinstance(record, Node) and record.present > record.end - record.start:
        raise ValueError("more present pages than the node spans")


# ---- the log ----

class _Reader:
    """Walks a log's memdump lines, filling Dumps; raises MemdumpError."""

    def __init__(self, lines: list[str]):
        self.result = Memdump()
        self.open: Dump | None = None
        self.lines = [(n, m.group(1)) for n, m in
                      ((n, _LINE.match(strip_timestamp(text))) for n, text in enumerate(lines, 1)) if m]

    def read(self) -> Memdump:
        for i, (n, body) in enumerate(self.lines):
            last = i == len(self.lines) - 1
            try:
                self._line(n, body)
            except ValueError as e:
                # The very last memdump line of a log, inside a dump, broken
                # off: the log stopped mid-line, not a kernel printing nonsense.
                if last and self.open is not None:
                    self._cut(f"the log ends at line {n}, in the middle of a record ({body!r})")
                    return self.result
                raise MemdumpError(f"line {n}: {e}: memdump: {body}") from None
        if self.open is not None:
            self._cut(f"begun at line {self.open.begin_line}, the log ends without "
                      f"`memdump: end {self.open.stage}`")
        return self.result

    def _line(self, n: int, body: str) -> None:
        kind, _, rest = body.partition(" ")
        if kind == "begin":
            self._begin(n, rest)
        elif kind == "end":
            self._end(n, rest.strip())
        elif self.open is None:
            raise ValueError(f"a {kind!r} record outside any dump (no `begin` before it)")
        else:
            self._record(kind, rest)

    def _begin(self, n: int, rest: str) -> None:
        parts = rest.split()
        if len(parts) != 2:
            raise ValueError("begin wants a version and a stage")
        if parts[0] != str(VERSION):
            raise MemdumpError(f"line {n}: memdump format version {parts[0]!r}; this tool "
                               f"reads version {VERSION} only (docs/memdump.md)")
        stage = parts[1]
        if stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r} (stages: {', '.join(STAGES)})")
        if stage in self.result.dumps or stage in self.result.cut_short:
            raise ValueError(f"a second dump of stage {stage} (one log, one boot)")
        if self.open is not None:
            self._cut(f"begun at line {self.open.begin_line}, followed by the next "
                      f"`begin` at line {n} without `memdump: end {self.open.stage}`")
        self.open = Dump(stage, n)

    def _end(self, n: int, stage: str) -> None:
        dump = self.open
        if dump is None:
            raise ValueError("an `end` with no `begin`")
        if stage != dump.stage:
            raise ValueError(f"`end {stage}` closes the dump of stage {dump.stage} "
                             f"(begun at line {dump.begin_line})")
        if dump.limits is None:
            raise ValueError(f"the dump of stage {stage} has no `limits` record")
        dump.end_line = n
        self.result.dumps[stage] = dump
        self.open = None

    def _record(self, kind: str, rest: str) -> None:
        dump = self.open
        if kind in RECORDS and kind not in STAGE_RECORDS[dump.stage]:
            raise ValueError(f"a {kind} record has no place in stage {dump.stage}")
        record = parse_record(kind, rest)
        if kind in ("limits", "count"):
            if getattr(dump, kind) is not None:
                raise ValueError(f"a second {kind} record in stage {dump.stage}")
            setattr(dump, kind, record)
        else:
            getattr(dump, _LISTS[kind]).append(record)

    def _cut(self, why: str) -> None:
        dump = self.open
        self.result.cut_short[dump.stage] = CutShort(dump.stage, dump.begin_line, why)
        self.open = None


def parse_lines(lines: list[str]) -> Memdump:
    """A log's lines -> its dumps.  MemdumpError when the log cannot be trusted."""
    result = _Reader(lines).read()
    for dump in result.dumps.values():
        _sort(dump)
    return result


def parse_log(path: str) -> Memdump:
    # A serial log may hold a byte the kernel never meant (a line noise, a
    # half-written character at a panic): it cannot be in a memdump record
    # that parses, so it need not stop the reading.
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse_lines(f.read().splitlines())


def _sort(dump: Dump) -> None:
    """The spec promises ascending starts per kind; draw from sorted lists anyway."""
    for name in _LISTS.values():
        getattr(dump, name).sort(key=lambda r: (r.start, r.end))
