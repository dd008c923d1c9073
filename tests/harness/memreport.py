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

The same goes for what mem_init() and free_initmem() print once the boot
allocator is retired (arch/i386/mm/init.c): the ``Memory:`` line (its total
is max_mapnr = max_pfn pages, its highmem the RAM pages between
max_low_pfn and max_pfn), one ``/proc/buddyinfo`` line per non-empty zone,
and the closing ``accounting:`` census, whose RAM count is every whole page
inside a usable entry below max_pfn (2.4's page_is_ram()).  The report's
lines must also come in boot order.

A config that cuts holes out of RAM (GRUB cutmem, memmap=$) also checks
that the map shows each hole exactly where it was asked for (hole_reasons).

The constants are the kernel's (arch/x86/include/asm/pgtable*.h): RAM
used below 1 << MAX_PHYSMEM_BITS -- 4 GiB without PAE, 64 GiB with it
(make PAE=1) -- 896 MiB of low memory, 16 MiB of ZONE_DMA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ktap import strip_timestamp

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
# MAX_PHYSMEM_BITS of asm/pgtable-2level.h and asm/pgtable-3level.h.
PHYS_BITS = 32
PHYS_BITS_PAE = 36
MAXMEM_PFN = (896 << 20) >> PAGE_SHIFT          # 0x38000
MAX_DMA_PFN = (16 << 20) >> PAGE_SHIFT          # 0x1000
MIN_LOWMEM_PFN = (64 << 20) >> PAGE_SHIFT       # highmem= must leave this much

_MAP_HEADER = re.compile(r"^\s*(?:BIOS-provided|user-defined) physical RAM map:\s*$")
_MAP_LINE = re.compile(r"^\s*(BIOS-e820|user): ([0-9a-fA-F]{16}) - ([0-9a-fA-F]{16}) "
                       r"\(([^)]*)\)\s*$")
_USABLE = "usable"

ZONE_NAMES = ("DMA", "Normal", "HighMem")
MAX_ORDER = 10

# What mem_init(), free_initmem() and the accounting census print.
_MEMORY_SHAPE = re.compile(r"Memory: .*")
_MEMORY = re.compile(r"Memory: (\d+)k/(\d+)k available \((\d+)k kernel code, "
                     r"(\d+)k reserved, (\d+)k data, (\d+)k init, (\d+)k highmem\)")
_BUDDYINFO_SHAPE = re.compile(r"Node \d+, zone .*")
_BUDDYINFO = re.compile(r"Node (\d+), zone +(\S+)((?: +\d+)*)")
_FREEING = re.compile(r"Freeing unused kernel memory: \d+k freed")
_ACCOUNTING_SHAPE = re.compile(r"accounting: .*")
_ACCOUNTING = re.compile(r"accounting: ram (\d+) pages = free (\d+) \+ reserved (\d+) "
                         r"\((\w+)\)")
_TIMINGS = (
    ("mem_init timing", r"mem_init timing: memmap \d+ us, free_all_bootmem \d+ us, "
                        r"highmem \d+ us, total \d+ us"),
    ("free_initmem timing", r"free_initmem timing: \d+ us"),
)


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

    def zone_ranges(self) -> list[tuple[str, int, int]]:
        """(name, start pfn, end pfn) of every non-empty zone, in order:
        the zones /proc/buddyinfo shows."""
        ranges, start = [], 0
        for name, size in zip(ZONE_NAMES, self.zones):
            if size:
                ranges.append((name, start, start + size))
            start += size
        return ranges


@dataclass(frozen=True)
class MemoryLine:
    """mem_init()'s ``Memory:`` line, in KiB as printed."""

    available: int
    total: int
    code: int
    reserved: int
    data: int
    init: int
    highmem: int


@dataclass(frozen=True)
class Accounting:
    """The ``accounting:`` census at the end of boot, in pages."""

    ram: int
    free: int
    reserved: int
    verdict: str


@dataclass(frozen=True)
class ZoneFree:
    """One /proc/buddyinfo line: free blocks per order in one zone."""

    node: int
    zone: str
    counts: tuple[int, ...]

    @property
    def pages(self) -> int:
        return sum(count << order for order, count in enumerate(self.counts))

    def render(self) -> str:
        """The line as show_buddyinfo() formats it (``%8s``, ``%6lu``)."""
        return (f"Node {self.node}, zone {self.zone:>8} "
                + "".join(f"{count:6d} " for count in self.counts)).rstrip()


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


def _report_lines(text: str) -> list[str]:
    return [strip_timestamp(line).strip() for line in text.splitlines()]


def _buddyinfo_rows(lines: list[str]) -> list[tuple[int, ZoneFree]]:
    """(line index, zone) for the first buddyinfo table: the run of
    consecutive ``Node N, zone`` lines mem_init() prints.  A line that does
    not parse ends the table (the check reports it)."""
    rows: list[tuple[int, ZoneFree]] = []
    for index, line in enumerate(lines):
        match = _BUDDYINFO.fullmatch(line)
        if match:
            rows.append((index, ZoneFree(int(match.group(1)), match.group(2),
                                         tuple(int(n) for n in match.group(3).split()))))
        elif rows:
            break
    return rows


def buddyinfo(text: str) -> list[ZoneFree]:
    """The first buddyinfo table in the log, one entry per line."""
    return [zone for _, zone in _buddyinfo_rows(_report_lines(text))]


def format_buddyinfo(table: list[ZoneFree]) -> str:
    """A table as printed, one line per zone, for failure messages."""
    return "\n".join(zone.render() for zone in table) if table else "(no buddyinfo lines)"


def memory_line(text: str) -> MemoryLine | None:
    """mem_init()'s ``Memory:`` line, or None if it is missing or misshapen."""
    printed = _first(_MEMORY_SHAPE, _report_lines(text))
    match = _MEMORY.fullmatch(printed) if printed is not None else None
    return MemoryLine(*map(int, match.groups())) if match else None


def accounting(text: str) -> Accounting | None:
    """The ``accounting:`` census, or None if it is missing or misshapen."""
    printed = _first(_ACCOUNTING_SHAPE, _report_lines(text))
    match = _ACCOUNTING.fullmatch(printed) if printed is not None else None
    return Accounting(*map(int, match.groups()[:3]), match.group(4)) if match else None


def memparse(text: str) -> int:
    """The kernel's memparse_safe(): a number in base 0, then K/M/G/T/P/E.
    (The kernel refuses junk after the suffix and values past 2^64 - 1;
    such boots panic before the report, so only the prefix matters here.)"""
    match = re.match(r"0[xX]([0-9a-fA-F]+)", text)
    if match:
        value, rest = int(match.group(1), 16), text[match.end():]
    else:
        match = re.match(r"0[0-7]*" if text.startswith("0") else r"[0-9]*", text)
        digits = match.group(0)
        value = int(digits, 8 if text.startswith("0") else 10) if digits else 0
        rest = text[match.end():]
    shift = {"k": 10, "m": 20, "g": 30, "t": 40, "p": 50, "e": 60}.get(rest[:1].lower(), 0)
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

def compute(entries: list[Entry], highmem_pages: int | None = None,
            phys_bits: int = PHYS_BITS, cpu_phys_bits: int | None = None) -> Report:
    """find_max_pfn(), find_max_low_pfn() and zone_sizes_init() for a map,
    by a kernel whose page tables name physical addresses of phys_bits, on
    a CPU decoding cpu_phys_bits (None: at least phys_bits)."""
    limit = 1 << phys_bits
    max_pfn = 0
    above_4g = False
    for e in entries:
        if e.kind != _USABLE:
            continue
        if e.end > limit:
            above_4g = True
        end = min(e.end, limit)
        if e.start >= end:
            continue
        start_pfn = -(-e.start // PAGE_SIZE)
        end_pfn = end // PAGE_SIZE
        if start_pfn < end_pfn and end_pfn > max_pfn:
            max_pfn = end_pfn

    notes = []
    if cpu_phys_bits is not None and max_pfn > 1 << (cpu_phys_bits - PAGE_SHIFT):
        max_pfn = 1 << (cpu_phys_bits - PAGE_SHIFT)
        notes.append(f"Warning only {1 << (cpu_phys_bits - 30)}GB will be used: "
                     f"the CPU has {cpu_phys_bits} physical address bits.")
    if above_4g:
        notes.append(f"Warning only {limit >> 30}GB will be used.")
        if phys_bits < PHYS_BITS_PAE:
            notes.append("Use a PAE enabled kernel.")
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


def ram_pages(entries: list[Entry], start_pfn: int, end_pfn: int) -> int:
    """Whole pages of usable RAM in [start_pfn, end_pfn): 2.4's page_is_ram()
    (a usable entry's start rounded up, its end rounded down) summed over
    the range, counting a page in overlapping entries once."""
    runs = sorted((max(-(-e.start // PAGE_SIZE), start_pfn), min(e.end // PAGE_SIZE, end_pfn))
                  for e in entries if e.kind == _USABLE)
    total, covered = 0, start_pfn
    for first, last in runs:
        first = max(first, covered)
        if first < last:
            total += last - first
            covered = last
    return total


# --- the check -------------------------------------------------------------------

def hole_reasons(entries: list[Entry], holes: tuple[tuple[int, int], ...]) -> list[str]:
    """Why a map does not show each hole [start, end) exactly: usable RAM
    inside it, or no usable entry ending at start or beginning at end (the
    loader or the kernel moved, shrank or rounded the hole)."""
    usable = [e for e in entries if e.kind == _USABLE]
    reasons = []
    for start, end in holes:
        where = f"hole {start:#x}-{end:#x}"
        reasons += [f"{where}: usable RAM {e.start:#x}-{e.end:#x} overlaps it"
                    for e in usable if e.start < end and start < e.end]
        if not any(e.end == start for e in usable):
            reasons.append(f"{where}: no usable RAM in the map ends at {start:#x}")
        if not any(e.start == end for e in usable):
            reasons.append(f"{where}: no usable RAM in the map begins at {end:#x}")
    return reasons


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
    r"Warning only \d+GB will be used\.",
    r"Warning only \d+GB will be used: the CPU has \d+ physical address bits\.",
    r"Use a PAE enabled kernel\.",
    r"only \d+MB highmem pages available, ignoring highmem size of \d+MB\.",
    r"highmem size specified \(\d+MB\) is bigger than pages available \(\d+MB\)!\.",
    r"highmem size \d+MB results in smaller than 64MB lowmem, ignoring it\.",
)


def check(text: str, cmdline: str = "", phys_bits: int = PHYS_BITS,
          cpu_phys_bits: int | None = None) -> list[str]:
    """Why the memory report in a log does not follow from its e820 map and
    highmem=, for a kernel using RAM below 1 << phys_bits on a CPU that
    decodes cpu_phys_bits; empty if it does."""
    entries = last_map(text)
    if entries is None:
        return ["memory report: no e820 map (' BIOS-e820:' lines) in the log"]
    report = compute(entries, highmem_param(cmdline), phys_bits, cpu_phys_bits)
    lines = _report_lines(text)
    return (_size_reasons(report, lines) + _memory_line_reasons(entries, report, lines)
            + _buddyinfo_reasons(entries, report, lines)
            + _accounting_reasons(entries, report, lines)
            + _timing_reasons(lines) + _order_reasons(lines))


def _size_reasons(report: Report, lines: list[str]) -> list[str]:
    """HIGHMEM/LOWMEM, totalpages, the zone sizes and find_max_low_pfn's notes."""
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


def _first(pattern: re.Pattern, lines: list[str]) -> str | None:
    return next((line for line in lines if pattern.fullmatch(line)), None)


def _memory_line_reasons(entries: list[Entry], report: Report,
                         lines: list[str]) -> list[str]:
    """mem_init()'s totals: max_mapnr and the highmem RAM it released."""
    printed = _first(_MEMORY_SHAPE, lines)
    if printed is None:
        return ["memory report: no 'Memory:' line (mem_init() did not finish?)"]
    match = _MEMORY.fullmatch(printed)
    if not match:
        return [f"memory report: 'Memory:' line not in 2.4's shape: '{printed}'"]
    line = MemoryLine(*map(int, match.groups()))
    total = report.max_pfn << (PAGE_SHIFT - 10)
    highmem = ram_pages(entries, report.max_low_pfn, report.max_pfn) << (PAGE_SHIFT - 10)
    reasons = []
    if line.total != total:
        reasons.append(f"memory report: 'Memory:' total {line.total}k, expected {total}k "
                       f"(max_pfn {report.max_pfn} pages)")
    if line.highmem != highmem:
        reasons.append(f"memory report: 'Memory:' highmem {line.highmem}k, expected "
                       f"{highmem}k (RAM pages from max_low_pfn {report.max_low_pfn} "
                       f"to max_pfn {report.max_pfn})")
    return reasons


def _buddyinfo_reasons(entries: list[Entry], report: Report,
                       lines: list[str]) -> list[str]:
    """One line per non-empty zone, in zone order, in /proc/buddyinfo's
    format, and no zone with more free pages than it has RAM pages (for
    HighMem: no more than the highmem RAM mem_init() released)."""
    rows = _buddyinfo_rows(lines)
    ranges = report.zone_ranges()
    want = [name for name, _, _ in ranges]
    if not rows:
        shown = _first(_BUDDYINFO_SHAPE, lines)
        if shown is not None:
            return [f"memory report: buddyinfo line not in /proc/buddyinfo's format: '{shown}'"]
        return [f"memory report: no buddyinfo lines (expected {', '.join(want)})"]
    reasons = []
    for index, zone in rows:
        if len(zone.counts) != MAX_ORDER:
            reasons.append(f"memory report: buddyinfo for {zone.zone} has "
                           f"{len(zone.counts)} orders, expected {MAX_ORDER}")
        elif zone.node != 0:
            reasons.append(f"memory report: buddyinfo for node {zone.node}, expected node 0")
        elif lines[index] != zone.render():
            reasons.append(f"memory report: buddyinfo line not in /proc/buddyinfo's "
                           f"format: '{lines[index]}'")
    table = [zone for _, zone in rows]
    printed = [zone.zone for zone in table]
    if printed != want:
        reasons.append(f"memory report: buddyinfo zones {', '.join(printed)}, expected "
                       f"{', '.join(want)} (one line per non-empty zone)")
    ram = {name: ram_pages(entries, lo, hi) for name, lo, hi in ranges}
    for zone in table:
        if zone.zone in ram and zone.pages > ram[zone.zone]:
            reasons.append(f"memory report: buddyinfo {zone.zone} holds {zone.pages} free "
                           f"pages, more than its {ram[zone.zone]} RAM pages")
    return reasons


def _accounting_reasons(entries: list[Entry], report: Report,
                        lines: list[str]) -> list[str]:
    """The end-of-boot census: every RAM page below max_pfn is free or reserved."""
    printed = _first(_ACCOUNTING_SHAPE, lines)
    if printed is None:
        return ["memory report: no 'accounting:' line (boot did not reach the census?)"]
    match = _ACCOUNTING.fullmatch(printed)
    if not match:
        return [f"memory report: 'accounting:' line not in its shape: '{printed}'"]
    census = Accounting(*map(int, match.groups()[:3]), match.group(4))
    ram = ram_pages(entries, 0, report.max_pfn)
    reasons = []
    if census.verdict != "ok":
        reasons.append(f"memory report: accounting says ({census.verdict}): '{printed}'")
    if census.ram != ram:
        reasons.append(f"memory report: accounting counts ram {census.ram} pages, "
                       f"expected {ram} (RAM pages below max_pfn {report.max_pfn})")
    if census.free + census.reserved != census.ram:
        reasons.append(f"memory report: accounting free {census.free} + reserved "
                       f"{census.reserved} = {census.free + census.reserved}, "
                       f"not ram {census.ram}")
    return reasons


def _timing_reasons(lines: list[str]) -> list[str]:
    return [f"memory report: no '{name}:' line" for name, shape in _TIMINGS
            if not any(re.fullmatch(shape, line) for line in lines)]


# The report in boot order; other output (KTAP) may come in between.
_STAGES = (
    ("e820 map", _MAP_LINE, False),
    ("HIGHMEM/LOWMEM", re.compile(r"-?\d+MB (?:HIGH|LOW)MEM available\."), False),
    ("zone lines", re.compile(r"zone\(\d\): \d+ pages\."), False),
    ("Memory:", _MEMORY_SHAPE, True),
    ("buddyinfo", None, False),
    ("Freeing unused kernel memory", _FREEING, True),
    ("accounting", _ACCOUNTING_SHAPE, True),
)


def _order_reasons(lines: list[str]) -> list[str]:
    """Each stage of the report must end before the next begins.  A stage
    printed once counts at its first line; the buddyinfo stage is the first
    table.  Missing stages are reported by the other checks, not here."""
    spans = []
    for name, pattern, once in _STAGES:
        if pattern is None:
            at = [index for index, _ in _buddyinfo_rows(lines)]
        else:
            at = [i for i, line in enumerate(lines) if pattern.fullmatch(line)]
            at = at[:1] if once else at
        if at:
            spans.append((name, at[0], at[-1]))
    reasons = []
    for (before, _, last), (after, first, _) in zip(spans, spans[1:]):
        if first < last:
            reasons.append(f"memory report: {after} ('{lines[first]}') printed before "
                           f"the end of {before} ('{lines[last]}')")
    return reasons
