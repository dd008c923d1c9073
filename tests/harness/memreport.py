"""Check the kernel's memory report against the e820 map it printed.

The kernel prints the map it ended up with (`` BIOS-e820:`` lines, then
`` user:`` lines after mem=/memmap=), then what it made of it: the
HIGHMEM/LOWMEM sizes, the node's total pages and the three zone sizes.
Everything after the map follows from the map and highmem= alone, by the
rules of Linux 2.4's arch/i386/kernel/setup.c (find_max_pfn,
find_max_low_pfn) and mm/page_alloc.c.  This module redoes that arithmetic
in Python, so every boot config checks the report without numbers written
by hand per memory size: a kernel change that moves a zone boundary by one
page fails here even if every self-test passes.

The constants are the kernel's (arch/x86/include/asm/pgtable.h): a 4 GiB
ceiling without PAE, 896 MiB of low memory, 16 MiB of ZONE_DMA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ktap import strip_timestamp

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
FOURGB_PFN = 1 << (32 - PAGE_SHIFT)
MAXMEM_PFN = (896 << 20) >> PAGE_SHIFT          # 0x38000
MAX_DMA_PFN = (16 << 20) >> PAGE_SHIFT          # 0x1000
MIN_LOWMEM_PFN = (64 << 20) >> PAGE_SHIFT       # highmem= must leave this much

_MAP_HEADER = re.compile(r"^\s*(?:BIOS-provided|user-defined) physical RAM map:\s*$")
_MAP_LINE = re.compile(r"^\s*(BIOS-e820|user): ([0-9a-fA-F]{16}) - ([0-9a-fA-F]{16}) "
                       r"\(([^)]*)\)\s*$")
_USABLE = "usable"


@dataclass(frozen=True)
class Entry:
    """One printed map line: [start, end) of one type."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Report:
    """What the kernel must print for a map (and highmem=)."""

    max_pfn: int
    max_low_pfn: int
    zones: tuple[int, int, int]
    above_4g: bool
    notes: tuple[str, ...] = ()   # the warnings find_max_low_pfn prints

    @property
    def highmem_mb(self) -> int:
        return (self.max_pfn - self.max_low_pfn) >> 8 if self.max_pfn > self.max_low_pfn else 0

    @property
    def lowmem_mb(self) -> int:
        return self.max_low_pfn >> 8

    @property
    def totalpages(self) -> int:
        return sum(self.zones)


# --- reading the log ---------------------------------------------------------

def parse_maps(text: str) -> list[list[Entry]]:
    """Every map the log prints, in order.  A map starts at its header line
    or where the line prefix changes (``BIOS-e820`` to ``user``)."""
    maps: list[list[Entry]] = []
    current: list[Entry] | None = None
    prefix = None
    for line in map(strip_timestamp, text.splitlines()):
        if _MAP_HEADER.match(line):
            current, prefix = None, None
            continue
        match = _MAP_LINE.match(line)
        if not match:
            continue
        if current is None or match.group(1) != prefix:
            current, prefix = [], match.group(1)
            maps.append(current)
        current.append(Entry(int(match.group(2), 16), int(match.group(3), 16),
                             match.group(4)))
    return maps


def last_map(text: str) -> list[Entry] | None:
    """The map the kernel sized memory from: the last one it printed."""
    maps = parse_maps(text)
    return maps[-1] if maps else None


def memparse(text: str) -> int:
    """The kernel's memparse(): simple_strtoull base 0, then K/M/G.
    Like the kernel, a value with junk after it still counts as its prefix."""
    match = re.match(r"0[xX]([0-9a-fA-F]+)", text)
    if match:
        value, rest = int(match.group(1), 16), text[match.end():]
    else:
        match = re.match(r"0[0-7]*" if text.startswith("0") else r"[0-9]*", text)
        digits = match.group(0)
        value = int(digits, 8 if text.startswith("0") else 10) if digits else 0
        rest = text[match.end():]
    shift = {"k": 10, "m": 20, "g": 30}.get(rest[:1].lower(), 0)
    return value << shift


def highmem_param(cmdline: str) -> int | None:
    """highmem= in pages as setup.c sees it (the last one wins), or None.
    A leading word with a '/' is the image path, as kernel/params.c skips."""
    pages = None
    for index, word in enumerate(cmdline.split()):
        if index == 0 and "/" in word:
            continue
        key, _, value = word.partition("=")
        if key == "highmem":
            pages = memparse(value) >> PAGE_SHIFT
    return pages


# --- the kernel's arithmetic ---------------------------------------------------

def compute(entries: list[Entry], highmem_pages: int | None = None) -> Report:
    """find_max_pfn(), find_max_low_pfn() and zone_sizes_init() for a map."""
    max_pfn = 0
    above_4g = False
    for e in entries:
        if e.kind != _USABLE:
            continue
        if e.end > FOURGB_PFN << PAGE_SHIFT:
            above_4g = True
        end = min(e.end, FOURGB_PFN << PAGE_SHIFT)
        if e.start >= end:
            continue
        start_pfn = -(-e.start // PAGE_SIZE)
        end_pfn = end // PAGE_SIZE
        if start_pfn < end_pfn and end_pfn > max_pfn:
            max_pfn = end_pfn

    notes = []
    if above_4g:
        notes += ["Warning only 4GB will be used.", "Use a PAE enabled kernel."]
    low = max_pfn
    if low > MAXMEM_PFN:
        if highmem_pages is None:
            highmem_pages = max_pfn - MAXMEM_PFN
        if highmem_pages + MAXMEM_PFN < max_pfn:
            max_pfn = MAXMEM_PFN + highmem_pages
        if highmem_pages + MAXMEM_PFN > max_pfn:
            notes.append(f"only {(max_pfn - MAXMEM_PFN) >> 8}MB highmem pages available, "
                         f"ignoring highmem size of {highmem_pages >> 8}MB.")
        max_low_pfn = MAXMEM_PFN
    else:
        highmem_pages = highmem_pages or 0
        if highmem_pages >= max_pfn:
            notes.append(f"highmem size specified ({highmem_pages >> 8}MB) is bigger "
                         f"than pages available ({max_pfn >> 8}MB)!.")
            highmem_pages = 0
        if highmem_pages and low - highmem_pages < MIN_LOWMEM_PFN:
            notes.append(f"highmem size {highmem_pages >> 8}MB results in smaller "
                         "than 64MB lowmem, ignoring it.")
            highmem_pages = 0
        max_low_pfn = low - highmem_pages

    dma = min(max_low_pfn, MAX_DMA_PFN)
    zones = (dma, max_low_pfn - dma, max(max_pfn - max_low_pfn, 0))
    return Report(max_pfn=max_pfn, max_low_pfn=max_low_pfn, zones=zones,
                  above_4g=above_4g, notes=tuple(notes))


# --- the check -------------------------------------------------------------------

def expected_lines(report: Report) -> list[tuple[str, str]]:
    """(shape, exact line) for every report line; the shape regex finds the
    line the kernel actually printed, to show it when the value is wrong."""
    return [
        (r"-?\d+MB HIGHMEM available\.", f"{report.highmem_mb}MB HIGHMEM available."),
        (r"-?\d+MB LOWMEM available\.", f"{report.lowmem_mb}MB LOWMEM available."),
        (r"On node 0 totalpages: \d+", f"On node 0 totalpages: {report.totalpages}"),
    ] + [(rf"zone\({i}\): \d+ pages\.", f"zone({i}): {size} pages.")
         for i, size in enumerate(report.zones)]


# Messages find_max_low_pfn prints only in some cases: each must appear
# exactly when the recomputation says so.
_NOTE_SHAPES = (
    r"Warning only 4GB will be used\.",
    r"Use a PAE enabled kernel\.",
    r"only \d+MB highmem pages available, ignoring highmem size of \d+MB\.",
    r"highmem size specified \(\d+MB\) is bigger than pages available \(\d+MB\)!\.",
    r"highmem size \d+MB results in smaller than 64MB lowmem, ignoring it\.",
)


def check(text: str, cmdline: str = "") -> list[str]:
    """Why the memory report in a log does not follow from its e820 map and
    highmem=; empty if it does."""
    entries = last_map(text)
    if entries is None:
        return ["memory report: no e820 map (' BIOS-e820:' lines) in the log"]
    report = compute(entries, highmem_param(cmdline))
    lines = [strip_timestamp(line).strip() for line in text.splitlines()]
    reasons = []
    for shape, want in expected_lines(report):
        found = [line for line in lines if re.fullmatch(shape, line)]
        if not found:
            reasons.append(f"memory report: expected '{want}', not printed")
        elif found[-1] != want:
            reasons.append(f"memory report: expected '{want}', printed '{found[-1]}'")
    for shape in _NOTE_SHAPES:
        want = [note for note in report.notes if re.fullmatch(shape, note)]
        found = [line for line in lines if re.fullmatch(shape, line)]
        if want and not found:
            reasons.append(f"memory report: expected '{want[0]}', not printed")
        elif want and found[-1] != want[0]:
            reasons.append(f"memory report: expected '{want[0]}', printed '{found[-1]}'")
        elif found and not want:
            reasons.append(f"memory report: unexpected '{found[-1]}'")
    return reasons
