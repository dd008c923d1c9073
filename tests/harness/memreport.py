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

A NUMA boot (nodes from the ACPI SRAT, or numa=fake=N) prints its nodes'
ranges (``ACPI: SRAT: Node`` / ``NUMA: Faking node`` lines), then per node
the RAM it got (``Early memory node ranges``), its span (``Initmem setup
node``), its ``On node N totalpages`` and three zone lines, its buddyinfo
rows and its own ``accounting: node N:`` line before the machine's.  All of
that follows from the node ranges, the map and the same max_pfn and
max_low_pfn (numa_reasons): a node's RAM is the map's whole pages below
max_pfn inside its ranges, its span runs from its first RAM page to its
last, and its zones split that span at 16 MiB and at max_low_pfn.

The constants are the kernel's (arch/x86/include/asm/pgtable*.h): RAM
used below 1 << MAX_PHYSMEM_BITS -- 4 GiB without PAE, 64 GiB with it
(make PAE=1) -- 896 MiB of low memory, 16 MiB of ZONE_DMA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.hvlib.constants import MAX_ORDER, PAGE_SHIFT, PAGE_SIZE, ZONE_NAMES
from scripts.hvlib.log import strip_timestamp

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

# What mem_init(), free_initmem() and the accounting census print.
_MEMORY_SHAPE = re.compile(r"Memory: .*")
_MEMORY = re.compile(r"Memory: (\d+)k/(\d+)k available \((\d+)k kernel code, "
                     r"(\d+)k reserved, (\d+)k data, (\d+)k init, (\d+)k highmem\)")
_BUDDYINFO_SHAPE = re.compile(r"Node \d+, zone .*")
_BUDDYINFO = re.compile(r"Node (\d+), zone +(\S+)((?: +\d+)*)")
_FREEING = re.compile(r"Freeing unused kernel memory: \d+k freed")
_FREE_LISTS = re.compile(r"free lists: Node (\d+), zone +(\S+) digest ([0-9a-f]{8}), heads"
                         r"((?: +(?:[0-9a-f]+|-))*)")
_ACCOUNTING_SHAPE = re.compile(r"accounting: .*")
# The machine's census, not a node's (those come first on a NUMA boot).
_ACCOUNTING_TOTAL_SHAPE = re.compile(r"accounting: (?!node ).*")
_ACCOUNTING = re.compile(r"accounting: ram (\d+) pages = free (\d+) \+ reserved (\d+) "
                         r"\((\w+)\)")
# The second slot names the boot allocator's hand-over: free_all_bootmem()
# (bootmem) or memblock_free_all() (boot_allocator=memblock, Linux 6.1).
RETIRE_SLOT = {"bootmem": "free_all_bootmem", "memblock": "memblock_free_all"}
_TIMINGS = (
    ("mem_init timing", r"mem_init timing: memmap \d+ us, "
                        r"(?:free_all_bootmem|memblock_free_all) \d+ us, "
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


@dataclass(frozen=True)
class ZoneLists:
    """One ``free lists:`` line (show_free_lists()): a digest of the order
    of every free list of a zone, and the pfn at the head of each order's
    list (None where it is empty)."""

    node: int
    zone: str
    digest: str
    heads: tuple[int | None, ...]

    def render(self) -> str:
        heads = "".join(f" {head:6x}" if head is not None else "      -"
                        for head in self.heads)
        return f"free lists: Node {self.node}, zone {self.zone:>8} digest {self.digest}, heads{heads}"


def free_lists(text: str) -> list[ZoneLists]:
    """The first run of ``free lists:`` lines (mem_init()'s report)."""
    rows: list[ZoneLists] = []
    for line in _report_lines(text):
        match = _FREE_LISTS.fullmatch(line)
        if match:
            rows.append(ZoneLists(int(match.group(1)), match.group(2), match.group(3),
                                  tuple(None if head == "-" else int(head, 16)
                                        for head in match.group(4).split())))
        elif rows:
            break
    return rows


def format_buddyinfo(table: list[ZoneFree]) -> str:
    """A table as printed, one line per zone, for failure messages."""
    return "\n".join(zone.render() for zone in table) if table else "(no buddyinfo lines)"


def memory_line(text: str) -> MemoryLine | None:
    """mem_init()'s ``Memory:`` line, or None if it is missing or misshapen."""
    printed = _first(_MEMORY_SHAPE, _report_lines(text))
    match = _MEMORY.fullmatch(printed) if printed is not None else None
    return MemoryLine(*map(int, match.groups())) if match else None


def accounting(text: str) -> Accounting | None:
    """The machine's ``accounting:`` census, or None if it is missing or
    misshapen (a NUMA boot's per-node lines are node_accounting())."""
    printed = _first(_ACCOUNTING_TOTAL_SHAPE, _report_lines(text))
    match = _ACCOUNTING.fullmatch(printed) if printed is not None else None
    return Accounting(*map(int, match.groups()[:3]), match.group(4)) if match else None


# mem_init()'s count of its __free_pages() calls, and the same calls by
# order (orders 0 to MAX_ORDER - 1): the boot allocator's hand-over, then
# highmem's.
_FREES = re.compile(r"mem_init frees: (\w+) (\d+) __free_pages\(\) calls for (\d+) pages, "
                    r"highmem (\d+) calls for (\d+) pages")
_FREES_BY_ORDER = re.compile(r"mem_init frees by order: (\w+)((?: \d+:\d+)+)")
_FREES_BY_ORDER_SHAPE = re.compile(r"mem_init frees by order: .*")


def boot_allocator_param(cmdline: str) -> str:
    """The boot allocator a command line asks for: the last
    boot_allocator= (mm/boot_allocator.c), else bootmem."""
    value = "bootmem"
    for word in cmdline.split():
        key, sep, rest = word.partition("=")
        if key == "boot_allocator" and sep:
            value = rest
    return value


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
          cpu_phys_bits: int | None = None, nodes: int | None = None) -> list[str]:
    """Why the memory report in a log does not follow from its e820 map and
    highmem=, for a kernel using RAM below 1 << phys_bits on a CPU that
    decodes cpu_phys_bits; empty if it does.  nodes: how many NUMA nodes
    the kernel must set up (0: none, a UMA boot; None: no rule).  A log
    that sets up nodes is checked node by node whatever nodes says."""
    entries = last_map(text)
    if entries is None:
        return ["memory report: no e820 map (' BIOS-e820:' lines) in the log"]
    report = compute(entries, highmem_param(cmdline), phys_bits, cpu_phys_bits)
    lines = _report_lines(text)
    numa = sets_up_nodes(lines)
    allocator = boot_allocator_param(cmdline)
    return (_size_reasons(report, lines, numa) + _memory_line_reasons(entries, report, lines)
            + _buddyinfo_reasons(entries, report, lines, numa)
            + _accounting_reasons(entries, report, lines)
            + numa_reasons(entries, report, lines, nodes, allocator)
            + _timing_reasons(lines, allocator) + _frees_reasons(lines)
            + _order_reasons(lines))


def _size_reasons(report: Report, lines: list[str], numa: bool = False) -> list[str]:
    """HIGHMEM/LOWMEM, totalpages, the zone sizes and find_max_low_pfn's notes.
    On a NUMA boot totalpages and the zones are per node (numa_reasons)."""
    reasons = []
    expected = expected_lines(report)
    if numa:
        expected = [(shape, want) for shape, want in expected
                    if not want.startswith(("On node", "zone("))]
    for shape, want in expected:
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
    # Right after mem_init() every highmem page is free, so the low RAM not
    # free is the reserved count -- however the kernel came by it.
    low_ram = ram_pages(entries, 0, report.max_low_pfn) << (PAGE_SHIFT - 10)
    if line.reserved != low_ram - (line.available - line.highmem):
        reasons.append(f"memory report: 'Memory:' reserved {line.reserved}k, but low RAM "
                       f"{low_ram}k less the {line.available - line.highmem}k free in it "
                       f"is {low_ram - (line.available - line.highmem)}k")
    return reasons


def _buddyinfo_reasons(entries: list[Entry], report: Report,
                       lines: list[str], numa: bool = False) -> list[str]:
    """One line per non-empty zone, in zone order, in /proc/buddyinfo's
    format, and no zone with more free pages than it has RAM pages (for
    HighMem: no more than the highmem RAM mem_init() released).  On a NUMA
    boot only the format is checked here; each node's zones are checked by
    numa_reasons."""
    rows = _buddyinfo_rows(lines)
    ranges = report.zone_ranges()
    want = [name for name, _, _ in ranges]
    if not rows:
        shown = _first(_BUDDYINFO_SHAPE, lines)
        if shown is not None:
            return [f"memory report: buddyinfo line not in /proc/buddyinfo's format: '{shown}'"]
        if numa:
            return ["memory report: no buddyinfo lines"]
        return [f"memory report: no buddyinfo lines (expected {', '.join(want)})"]
    reasons = []
    for index, zone in rows:
        if len(zone.counts) != MAX_ORDER:
            reasons.append(f"memory report: buddyinfo for {zone.zone} has "
                           f"{len(zone.counts)} orders, expected {MAX_ORDER}")
        elif zone.node != 0 and not numa:
            reasons.append(f"memory report: buddyinfo for node {zone.node}, expected node 0")
        elif lines[index] != zone.render():
            reasons.append(f"memory report: buddyinfo line not in /proc/buddyinfo's "
                           f"format: '{lines[index]}'")
    if numa:
        return reasons
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
    printed = _first(_ACCOUNTING_TOTAL_SHAPE, lines)
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


def _timing_reasons(lines: list[str], allocator: str = "bootmem") -> list[str]:
    """Both timing lines, the first naming the hand-over of the boot
    allocator the command line chose: a memblock boot that printed
    free_all_bootmem ran bootmem."""
    reasons = [f"memory report: no '{name}:' line" for name, shape in _TIMINGS
               if not any(re.fullmatch(shape, line) for line in lines)]
    slot = RETIRE_SLOT.get(allocator)
    timing = next((line for line in lines if re.fullmatch(_TIMINGS[0][1], line)), None)
    if slot is not None and timing is not None and f" {slot} " not in timing:
        reasons.append(f"memory report: boot_allocator={allocator}, but the timing line "
                       f"does not name {slot}(): '{timing}'")
    return reasons


def frees_by_order(text_or_lines) -> dict[str, dict[int, int]]:
    """The 'mem_init frees by order:' lines: {slot: {order: calls}}."""
    lines = (_report_lines(text_or_lines) if isinstance(text_or_lines, str)
             else text_or_lines)
    found = {}
    for match in map(_FREES_BY_ORDER.fullmatch, lines):
        if match:
            found[match.group(1)] = {int(o): int(n) for o, n in
                                     (pair.split(":") for pair in match.group(2).split())}
    return found


def _frees_reasons(lines: list[str]) -> list[str]:
    """The calls by order must add up to the 'mem_init frees:' line: for
    the boot allocator's hand-over and for highmem, as many calls as it
    counts, and 2^order pages each make its pages; every order below
    MAX_ORDER given once.  Logs from before the by-order lines have
    nothing to check."""
    reasons = [f"memory report: 'mem_init frees by order:' line not in its shape: '{line}'"
               for line in lines
               if _FREES_BY_ORDER_SHAPE.fullmatch(line) and not _FREES_BY_ORDER.fullmatch(line)]
    by_order = frees_by_order(lines)
    if not by_order:
        return reasons
    frees = next(filter(None, map(_FREES.fullmatch, lines)), None)
    if frees is None:
        return reasons + ["memory report: 'mem_init frees by order:' lines but no "
                          "'mem_init frees:' line to add them up to"]
    slot = frees.group(1)
    totals = {slot: (int(frees.group(2)), int(frees.group(3))),
              "highmem": (int(frees.group(4)), int(frees.group(5)))}
    for name, (calls, pages) in totals.items():
        orders = by_order.get(name)
        if orders is None:
            reasons.append(f"memory report: no 'mem_init frees by order: {name}' line")
            continue
        if sorted(orders) != list(range(MAX_ORDER)):
            reasons.append(f"memory report: 'mem_init frees by order: {name}' gives orders "
                           f"{sorted(orders)}, expected 0 to {MAX_ORDER - 1}")
        got_calls = sum(orders.values())
        got_pages = sum(n << order for order, n in orders.items())
        if (got_calls, got_pages) != (calls, pages):
            reasons.append(f"memory report: 'mem_init frees by order: {name}' adds up to "
                           f"{got_calls} calls for {got_pages} pages, 'mem_init frees:' "
                           f"says {calls} calls for {pages} pages")
    for name in sorted(set(by_order) - set(totals)):
        reasons.append(f"memory report: 'mem_init frees by order: {name}', but "
                       f"'mem_init frees:' names {slot} and highmem")
    return reasons


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


# --- NUMA: the nodes' ranges, and each node's part of the report ----------------

_HEX = r"(0x[0-9a-fA-F]+)"
# acpi_numa_memory_affinity_init(): %#010llx, end inclusive.
_SRAT = re.compile(rf"ACPI: SRAT: Node (\d+) PXM (\d+) \[mem {_HEX}-{_HEX}\]( hotplug)?")
_SRAT_SHAPE = re.compile(r"ACPI: SRAT: Node .*")
# numa=fake=N: %#018llx, end inclusive.
_FAKE = re.compile(rf"NUMA: Faking node (\d+) at \[mem {_HEX}-{_HEX}\]")
_FAKE_SHAPE = re.compile(r"NUMA: Faking node .*")
# Linux 6.1's free_area_init(): the header, then '  node %3d: [mem ...]'.
_EARLY_HEADER = "Early memory node ranges"
_EARLY = re.compile(rf"node +(\d+): \[mem {_HEX}-{_HEX}\]")
_EARLY_SHAPE = re.compile(r"node +\d+:.*")
_INITMEM = re.compile(rf"Initmem setup node (\d+) \[mem {_HEX}-{_HEX}\]")
_INITMEM_SHAPE = re.compile(r"Initmem setup node .*")
_NODE_TOTAL = re.compile(r"On node (\d+) totalpages: (\d+)")
_ZONE_LINE = re.compile(r"zone\((\d+)\): (\d+) pages\.")
_NODE_ACCOUNTING = re.compile(r"accounting: node (\d+): ram (\d+) pages = free (\d+) "
                              r"\+ reserved (\d+) \((\w+)\)")
_NODE_ACCOUNTING_SHAPE = re.compile(r"accounting: node .*")
_FREEING_KB = re.compile(r"Freeing unused kernel memory: (\d+)k freed")
# free_all_bootmem_node() for a node with low memory (a boot allocator);
# the other nodes, all highmem, say so instead (at set-up, and again when
# the boot allocators are retired).
_BOOTMEM_NODE = re.compile(r"Node (\d+): free_all_bootmem_node: (\d+) pages")
_BOOTMEM_NODE_SHAPE = re.compile(r"Node \d+: free_all_bootmem_node.*")
# A node's bitmap that had no room on the node (setup_arch()'s
# move_bootmem_bitmaps()): retired with the node, freed where it lies.
_BITMAP_LODGED = re.compile(r"Node \d+: bootmem .*\(no room on the node: it stays there\)")
_HIGHMEM_NODE = re.compile(r"Node (\d+): highmem only, no boot allocator(?: to retire)?")
_MODULES = re.compile(r"multiboot2?: (\d+) modules, \d+ pages reserved; .*")
# Where the loader puts the kernel image (Multiboot, 1 MiB): its node gets
# the freed .init pages back after mem_init().
KERNEL_PFN = (1 << 20) >> PAGE_SHIFT
# Lines that only a boot which set up nodes prints.
_NUMA_SETUP = re.compile(r"(?:Early memory node ranges|Initmem setup node .*"
                         r"|accounting: node .*|On node [1-9]\d* totalpages: .*)")


@dataclass(frozen=True)
class NodeRange:
    """One memory range of a node as the SRAT or numa=fake= gives it:
    bytes [start, end)."""

    node: int
    start: int
    end: int
    pxm: int | None = None
    hotplug: bool = False


@dataclass(frozen=True)
class NodeReport:
    """What the kernel must print for one node: its RAM as merged pfn runs
    [start, end), and its three zones."""

    node: int
    ram: tuple[tuple[int, int], ...]
    zones: tuple[int, int, int]

    @property
    def pages(self) -> int:
        return sum(end - start for start, end in self.ram)

    @property
    def span(self) -> tuple[int, int]:
        """[first RAM pfn, last RAM pfn + 1): the node's pg_data_t."""
        return self.ram[0][0], self.ram[-1][1]

    def zone_ranges(self, max_low_pfn: int) -> list[tuple[str, int, int]]:
        """(name, start pfn, end pfn) of each zone of the node that has a
        page of its span, in zone order."""
        first, end = self.span
        bounds = (0, min(max_low_pfn, MAX_DMA_PFN), max_low_pfn, end)
        ranges = []
        for index, name in enumerate(ZONE_NAMES):
            lo, hi = max(first, bounds[index]), min(end, bounds[index + 1])
            if lo < hi:
                ranges.append((name, lo, hi))
        return ranges


@dataclass(frozen=True)
class NodeAccounting:
    """One node's ``accounting: node N:`` line, in pages."""

    node: int
    ram: int
    free: int
    reserved: int
    verdict: str


def sets_up_nodes(lines: list[str]) -> bool:
    """Whether the log shows the kernel setting up NUMA nodes."""
    return any(_NUMA_SETUP.fullmatch(line) for line in lines)


def node_ranges(text_or_lines) -> tuple[str, list[NodeRange]]:
    """(where from, ranges) of the nodes the log names: the numa=fake=
    nodes if it fakes any (they replace the firmware's), else the SRAT's.
    The source is 'numa=fake' or 'SRAT' ('' if neither is printed)."""
    lines = (_report_lines(text_or_lines) if isinstance(text_or_lines, str)
             else text_or_lines)
    fake = [match for match in map(_FAKE.fullmatch, lines) if match]
    if fake:
        return "numa=fake", [NodeRange(int(m.group(1)), int(m.group(2), 16),
                                       int(m.group(3), 16) + 1) for m in fake]
    srat = [match for match in map(_SRAT.fullmatch, lines) if match]
    if srat:
        return "SRAT", [NodeRange(int(m.group(1)), int(m.group(3), 16),
                                  int(m.group(4), 16) + 1, int(m.group(2)),
                                  m.group(5) is not None) for m in srat]
    return "", []


def ram_runs(entries: list[Entry], start_pfn: int, end_pfn: int) -> list[tuple[int, int]]:
    """The whole pages of usable RAM in [start_pfn, end_pfn) as merged
    runs [first, end): ram_pages()'s pages, by where they are."""
    runs = sorted((max(-(-e.start // PAGE_SIZE), start_pfn), min(e.end // PAGE_SIZE, end_pfn))
                  for e in entries if e.kind == _USABLE)
    return _merge([(first, last) for first, last in runs if first < last])


def _merge(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs [first, end) sorted, with overlapping and touching ones joined."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return _merge([(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b
                   if max(x0, y0) < min(x1, y1)])


def compute_nodes(entries: list[Entry], report: Report,
                  ranges: list[NodeRange]) -> dict[int, NodeReport]:
    """Each node with RAM: the map's whole RAM pages below max_pfn inside
    its ranges, and its zones -- its span [first, last RAM page] split at
    16 MiB and at max_low_pfn."""
    ram = ram_runs(entries, 0, report.max_pfn)
    nodes = {}
    for node in sorted({r.node for r in ranges}):
        pfns = _merge([(-(-r.start // PAGE_SIZE), r.end // PAGE_SIZE)
                       for r in ranges if r.node == node and r.start < r.end])
        runs = tuple(_intersect(ram, pfns))
        if not runs:
            continue
        partial = NodeReport(node, runs, (0, 0, 0))
        sizes = dict.fromkeys(ZONE_NAMES, 0)
        for name, lo, hi in partial.zone_ranges(report.max_low_pfn):
            sizes[name] = hi - lo
        nodes[node] = NodeReport(node, runs, tuple(sizes[name] for name in ZONE_NAMES))
    return nodes


def node_accounting(text: str) -> list[NodeAccounting]:
    """The ``accounting: node N:`` lines that parse, in log order."""
    return [NodeAccounting(int(m.group(1)), *map(int, m.groups()[1:4]), m.group(5))
            for m in map(_NODE_ACCOUNTING.fullmatch, _report_lines(text)) if m]


def _show_runs(runs) -> str:
    """pfn runs as the byte ranges the kernel prints, end inclusive."""
    if not runs:
        return "no RAM"
    return "[mem " + ", ".join(f"{start << PAGE_SHIFT:#x}-{(end << PAGE_SHIFT) - 1:#x}"
                               for start, end in runs) + "]"


def _node_blocks(lines: list[str]) -> dict[int, list[tuple[str, int, list[tuple[int, int]]]]]:
    """Each ``On node N totalpages: T`` line with the zone lines that follow
    it (up to the next node's): node -> [(line, T, [(zone index, pages)])]."""
    blocks: dict[int, list] = {}
    current = None
    for line in lines:
        match = _NODE_TOTAL.fullmatch(line)
        if match:
            current = (line, int(match.group(2)), [])
            blocks.setdefault(int(match.group(1)), []).append(current)
            continue
        match = _ZONE_LINE.fullmatch(line)
        if match and current is not None:
            current[2].append((int(match.group(1)), int(match.group(2))))
    return blocks


def _early_ranges(lines: list[str]) -> tuple[dict[int, list[tuple[int, int]]], list[str]]:
    """The ``node N: [mem a-b]`` lines under 'Early memory node ranges'
    (bytes [a, b + 1) per node), and why any of them is not whole pages
    or not in that shape."""
    ranges: dict[int, list[tuple[int, int]]] = {}
    reasons = []
    inside = False
    for line in lines:
        if line == _EARLY_HEADER:
            inside = True
            continue
        if not inside:
            continue
        match = _EARLY.fullmatch(line)
        if not match:
            if _EARLY_SHAPE.fullmatch(line):
                reasons.append(f"NUMA: '{_EARLY_HEADER}' line not in its shape: '{line}'")
                continue
            inside = False
            continue
        start, end = int(match.group(2), 16), int(match.group(3), 16) + 1
        if start % PAGE_SIZE or end % PAGE_SIZE or start >= end:
            reasons.append(f"NUMA: '{_EARLY_HEADER}' range is not whole pages: '{line}'")
            continue
        ranges.setdefault(int(match.group(1)), []).append((start, end))
    return ranges, reasons


def _by_node(pattern: re.Pattern, shape: re.Pattern, what: str,
             lines: list[str]) -> tuple[dict[int, list[re.Match]], list[str]]:
    """Lines of one kind by node (group 1), and those not in their shape."""
    found: dict[int, list[re.Match]] = {}
    reasons = []
    for line in lines:
        match = pattern.fullmatch(line)
        if match:
            found.setdefault(int(match.group(1)), []).append(match)
        elif shape.fullmatch(line):
            reasons.append(f"NUMA: {what} line not in its shape: '{line}'")
    return found, reasons


def numa_reasons(entries: list[Entry], report: Report, lines: list[str],
                 nodes: int | None = None, allocator: str = "bootmem") -> list[str]:
    """Why a boot's nodes do not follow from its node ranges (SRAT or
    numa=fake=) and its map, or are not the nodes expected; empty if they
    do.  nodes: how many nodes the kernel must set up (0: a UMA boot, with
    no per-node lines; None: any number, a log without nodes passes).
    allocator: the boot allocator (boot_allocator=): bootmem retires node
    by node, memblock once for the machine (_memblock_retire_reasons)."""
    setup = [line for line in lines if _NUMA_SETUP.fullmatch(line)]
    if nodes == 0:
        return ([f"NUMA: expected a UMA boot, but the kernel set up nodes: '{setup[0]}'"]
                if setup else [])
    if not setup:
        return ([f"NUMA: expected {nodes} nodes, but the kernel set up none "
                 f"(no '{_EARLY_HEADER}', no 'accounting: node' lines)"] if nodes else [])
    source, ranges = node_ranges(lines)
    reasons = [f"NUMA: {what} line not in its shape: '{line}'"
               for what, pattern, shape in (("SRAT", _SRAT, _SRAT_SHAPE),
                                            ("fake node", _FAKE, _FAKE_SHAPE))
               for line in lines if shape.fullmatch(line) and not pattern.fullmatch(line)]
    if not ranges:
        return reasons + ["NUMA: the kernel set up nodes, but printed no node ranges "
                          "('ACPI: SRAT: Node' or 'NUMA: Faking node' lines) to check "
                          "them against"]
    reasons += _range_overlap_reasons(source, ranges)
    want = compute_nodes(entries, report, ranges)
    placed = _merge([run for node in want.values() for run in node.ram])
    lost = _subtract(ram_runs(entries, 0, report.max_pfn), placed)
    if lost:
        reasons.append(f"NUMA: {sum(end - start for start, end in lost)} RAM pages below "
                       f"max_pfn {report.max_pfn} are in no node's {source} range: "
                       f"{_show_runs(lost)}")
    if nodes is not None and len(want) != nodes:
        reasons.append(f"NUMA: the {source} ranges give RAM to {len(want)} nodes "
                       f"({', '.join(map(str, want)) or 'none'}), expected {nodes}")

    early, early_reasons = _early_ranges(lines)
    initmem, initmem_reasons = _by_node(_INITMEM, _INITMEM_SHAPE, "'Initmem setup node'",
                                        lines)
    census, census_reasons = _by_node(_NODE_ACCOUNTING, _NODE_ACCOUNTING_SHAPE,
                                      "'accounting: node'", lines)
    blocks = _node_blocks(lines)
    retired, retired_reasons = _by_node(_BOOTMEM_NODE, _BOOTMEM_NODE_SHAPE,
                                        "'free_all_bootmem_node'", lines)
    highmem_only = {int(m.group(1)) for m in map(_HIGHMEM_NODE.fullmatch, lines) if m}
    reasons += early_reasons + initmem_reasons + census_reasons + retired_reasons
    printed = set(early) | set(initmem) | set(census) | set(blocks)
    if nodes is not None and len(printed) != nodes:
        reasons.append(f"NUMA: the kernel set up {len(printed)} nodes "
                       f"({', '.join(map(str, sorted(printed)))}), expected {nodes}")
    for node in sorted(set(want) - printed):
        reasons.append(f"NUMA: node {node} has {want[node].pages} RAM pages "
                       f"({_show_runs(want[node].ram)}) in its {source} ranges, but the "
                       "kernel did not set it up")
    for node in sorted(printed - set(want)):
        reasons.append(f"NUMA: node {node} set up, but its {source} ranges hold no RAM "
                       f"below max_pfn {report.max_pfn}")
    rows = [zone for _, zone in _buddyinfo_rows(lines)]
    freed = _freed_after_mem_init(lines)
    # A node whose bitmap stayed on another node gives those pages back
    # there: node by node the counts then differ, and only the sum holds.
    lodged = any(_BITMAP_LODGED.fullmatch(line) for line in lines)
    for node in sorted(set(want) & printed):
        node_rows = [zone for zone in rows if zone.node == node]
        reasons += _node_reasons(want[node], report, early.get(node, []),
                                 initmem.get(node, []), blocks.get(node, []),
                                 census.get(node, []), node_rows,
                                 freed if _holds(want[node], KERNEL_PFN) else (0, True))
        if allocator != "memblock":
            reasons += _retire_reasons(want[node], report, retired.get(node, []),
                                       node in highmem_only, node_rows, lodged)
    if allocator == "memblock":
        reasons += _memblock_retire_reasons(lines, rows)
    elif lodged:
        reasons += _retire_sum_reasons(retired, rows)
    reasons += _census_sum_reasons(census, lines)
    reasons += _numa_order_reasons(lines)
    return reasons


def _holds(node: NodeReport, pfn: int) -> bool:
    return any(start <= pfn < end for start, end in node.ram)


def _subtract(runs: list[tuple[int, int]],
              cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of runs outside cut (both merged pfn runs)."""
    left = []
    for start, end in runs:
        for lo, hi in cut:
            if lo < end and start < hi:
                if start < lo:
                    left.append((start, lo))
                start = max(start, hi)
        if start < end:
            left.append((start, end))
    return left


def _freed_after_mem_init(lines: list[str]) -> tuple[int, bool]:
    """(pages free_initmem() gave back, exact): what the census may count
    free beyond buddyinfo in the kernel's node.  Not exact when the boot
    had modules: their table goes back at the end of boot too."""
    freeing = _first(_FREEING_KB, lines)
    pages = int(_FREEING_KB.fullmatch(freeing).group(1)) >> (PAGE_SHIFT - 10) if freeing else 0
    modules = _first(_MODULES, lines)
    return pages, not (modules and int(_MODULES.fullmatch(modules).group(1)))


def _range_overlap_reasons(source: str, ranges: list[NodeRange]) -> list[str]:
    reasons = []
    for index, a in enumerate(ranges):
        for b in ranges[index + 1:]:
            if a.node != b.node and a.start < b.end and b.start < a.end:
                reasons.append(f"NUMA: {source} ranges of nodes {a.node} and {b.node} "
                               f"overlap: {a.start:#x}-{a.end - 1:#x} and "
                               f"{b.start:#x}-{b.end - 1:#x}")
    return reasons


def _node_reasons(want: NodeReport, report: Report, early: list[tuple[int, int]],
                  initmem: list[re.Match], blocks: list, census: list[re.Match],
                  rows: list[ZoneFree], freed: tuple[int, bool]) -> list[str]:
    """One node's RAM, span, totalpages, zones, census and buddyinfo."""
    node = want.node
    where = f"NUMA: node {node}:"
    reasons = []
    # The RAM the kernel gave the node.
    if not early:
        reasons.append(f"{where} no line under '{_EARLY_HEADER}' (expected "
                       f"{_show_runs(want.ram)})")
    else:
        got = _merge([(start >> PAGE_SHIFT, end >> PAGE_SHIFT) for start, end in early])
        if tuple(got) != want.ram:
            pages = sum(end - start for start, end in got)
            reasons.append(f"{where} '{_EARLY_HEADER}' give it {_show_runs(got)} ({pages} "
                           f"pages), expected {_show_runs(want.ram)} ({want.pages} pages: "
                           "the map's RAM in its ranges)")
    # Its span.
    first, end = want.span
    span = f"[mem {first << PAGE_SHIFT:#018x}-{(end << PAGE_SHIFT) - 1:#018x}]"
    expect = f"Initmem setup node {node} {span}"
    if len(initmem) != 1:
        reasons.append(f"{where} expected '{expect}' once, printed {len(initmem)} times")
    elif (int(initmem[0].group(2), 16), int(initmem[0].group(3), 16) + 1) != \
            (first << PAGE_SHIFT, end << PAGE_SHIFT):
        reasons.append(f"{where} expected '{expect}', printed '{initmem[0].group(0)}'")
    # totalpages and the zones.
    total = f"On node {node} totalpages: {end - first}"
    if len(blocks) != 1:
        reasons.append(f"{where} expected '{total}' once, printed {len(blocks)} times")
    else:
        line, _, zones = blocks[0]
        if line != total:
            reasons.append(f"{where} expected '{total}' (its span, pfn {first:#x}-"
                           f"{end - 1:#x}), printed '{line}'")
        want_zones = list(enumerate(want.zones))
        if zones != want_zones:
            reasons.append(f"{where} zone lines {_show_zones(zones)}, expected "
                           f"{_show_zones(want_zones)} (its span split at 16 MiB and at "
                           f"max_low_pfn {report.max_low_pfn:#x})")
    # Its census.
    acct = None
    if len(census) != 1:
        reasons.append(f"{where} expected one 'accounting: node {node}:' line, printed "
                       f"{len(census)}")
    else:
        acct = NodeAccounting(node, *map(int, census[0].groups()[1:4]), census[0].group(5))
        if acct.verdict != "ok":
            reasons.append(f"{where} accounting says ({acct.verdict}): '{census[0].group(0)}'")
        if acct.ram != want.pages:
            reasons.append(f"{where} accounting counts ram {acct.ram} pages, expected "
                           f"{want.pages} (its RAM pages in the map)")
        if acct.free + acct.reserved != acct.ram:
            reasons.append(f"{where} accounting free {acct.free} + reserved {acct.reserved} "
                           f"= {acct.free + acct.reserved}, not ram {acct.ram}")
    reasons += _node_buddyinfo_reasons(want, report, rows, acct, freed)
    return reasons


def _retire_sum_reasons(retired: dict[int, list[re.Match]], rows: list[ZoneFree]) -> list[str]:
    """With a bitmap lodged on another node: every node's retirement
    together gave exactly the low-memory free pages of all nodes."""
    pages = sum(int(match.group(2)) for matches in retired.values() for match in matches)
    low = sum(zone.pages for zone in rows if zone.zone != "HighMem")
    if rows and pages != low:
        return [f"NUMA: free_all_bootmem_node() gave {pages} pages in all, but the "
                f"low-memory buddyinfo rows hold {low} free pages after mem_init()"]
    return []


def _memblock_retire_reasons(lines: list[str], rows: list[ZoneFree]) -> list[str]:
    """memblock has no allocator per node: memblock_free_all() walks every
    node's free ranges at once (Linux 6.1 mm/memblock.c), so no node
    prints bootmem's retirement, and what 'mem_init frees:' says it freed
    is the low-memory free pages of all nodes' buddyinfo rows together."""
    reasons = [f"NUMA: boot_allocator=memblock, but bootmem's '{line}'"
               for line in lines if _BOOTMEM_NODE_SHAPE.fullmatch(line)
               or _HIGHMEM_NODE.fullmatch(line)]
    frees = next(filter(None, map(_FREES.fullmatch, lines)), None)
    if frees is None or frees.group(1) != RETIRE_SLOT["memblock"]:
        return reasons + ["NUMA: boot_allocator=memblock, but no 'mem_init frees: "
                          "memblock_free_all' line"]
    pages = int(frees.group(3))
    low = sum(zone.pages for zone in rows if zone.zone != "HighMem")
    if rows and pages != low:
        reasons.append(f"NUMA: memblock_free_all() freed {pages} pages, but the low-memory "
                       f"buddyinfo rows of all nodes hold {low} free pages after mem_init()")
    return reasons


def _retire_reasons(want: NodeReport, report: Report, retired: list[re.Match],
                    highmem_only: bool, rows: list[ZoneFree], lodged: bool = False) -> list[str]:
    """A node with low memory has a boot allocator, retired once by
    free_all_bootmem_node() into exactly the low-memory free pages its
    buddyinfo rows show after mem_init(); a node without says it is
    highmem only."""
    where = f"NUMA: node {want.node}:"
    if want.span[0] >= report.max_low_pfn:
        reasons = [] if highmem_only else [
            f"{where} no 'Node {want.node}: highmem only, no boot allocator' line (it has "
            f"no RAM below max_low_pfn {report.max_low_pfn:#x})"]
        if retired:
            reasons.append(f"{where} '{retired[0].group(0)}', but it has no RAM below "
                           f"max_low_pfn {report.max_low_pfn:#x}: no boot allocator")
        return reasons
    if len(retired) != 1:
        return [f"{where} expected one 'Node {want.node}: free_all_bootmem_node: N pages' "
                f"line (it has low memory, so a boot allocator), printed {len(retired)}"]
    pages = int(retired[0].group(2))
    low = sum(zone.pages for zone in rows if zone.zone != "HighMem")
    if rows and pages != low and not lodged:
        return [f"{where} '{retired[0].group(0)}', but its low-memory buddyinfo rows hold "
                f"{low} free pages after mem_init()"]
    return []


def _show_zones(zones: list[tuple[int, int]]) -> str:
    return ", ".join(f"zone({index}) {pages}" for index, pages in zones) or "none"


def _node_buddyinfo_reasons(want: NodeReport, report: Report, rows: list[ZoneFree],
                            acct: NodeAccounting | None,
                            freed: tuple[int, bool]) -> list[str]:
    """The node's buddyinfo rows: every zone with pages in the node's span,
    in zone order (an empty zone below them may have a row, with nothing
    free: show_buddyinfo() prints a node's zones up to its last non-empty
    one); no zone with more free pages than its RAM; and, at the census,
    the node's free pages are its rows' pages -- plus, in the node holding
    the kernel, the .init pages freed after mem_init()."""
    where = f"NUMA: node {want.node}:"
    ranges = want.zone_ranges(report.max_low_pfn)
    names = [name for name, _, _ in ranges]
    if not rows:
        return [f"{where} no buddyinfo lines (expected {', '.join(names)})"]
    reasons = []
    printed = [zone.zone for zone in rows]
    allowed = ZONE_NAMES[:ZONE_NAMES.index(names[-1]) + 1]
    if [name for name in printed if name in names] != names \
            or any(name not in allowed for name in printed) \
            or printed != [name for name in allowed if name in printed]:
        reasons.append(f"{where} buddyinfo zones {', '.join(printed)}, expected "
                       f"{', '.join(names)} (each zone of its span, in order)")
    ram = {name: ram_pages(entries_of(want), lo, hi) for name, lo, hi in ranges}
    for zone in rows:
        if zone.pages > ram.get(zone.zone, 0):
            reasons.append(f"{where} buddyinfo {zone.zone} holds {zone.pages} free pages, "
                           f"more than its {ram.get(zone.zone, 0)} RAM pages")
    if acct is not None:
        pages, exact = freed
        buddy = sum(zone.pages for zone in rows)
        if (acct.free != buddy + pages) if exact else (acct.free < buddy + pages):
            more = f" + {pages} freed after mem_init()" if pages else ""
            reasons.append(f"{where} accounting free {acct.free} pages, expected its "
                           f"buddyinfo's {buddy}{more}"
                           + ("" if exact else " or more (boot modules)"))
    return reasons


def entries_of(node: NodeReport) -> list[Entry]:
    """A node's RAM as usable map entries, for ram_pages()."""
    return [Entry(start << PAGE_SHIFT, end << PAGE_SHIFT, _USABLE) for start, end in node.ram]


def _census_sum_reasons(census: dict[int, list[re.Match]], lines: list[str]) -> list[str]:
    """The nodes' censuses add up to the machine's."""
    printed = _first(_ACCOUNTING_TOTAL_SHAPE, lines)
    match = _ACCOUNTING.fullmatch(printed) if printed is not None else None
    if match is None or not census:
        return []  # the machine's line is reported missing by _accounting_reasons
    total = Accounting(*map(int, match.groups()[:3]), match.group(4))
    nodes = [NodeAccounting(node, *map(int, found[0].groups()[1:4]), found[0].group(5))
             for node, found in census.items()]
    reasons = []
    for field in ("ram", "free", "reserved"):
        summed = sum(getattr(node, field) for node in nodes)
        if summed != getattr(total, field):
            reasons.append(f"NUMA: the nodes' accounting {field} adds up to {summed} pages, "
                           f"the machine's is {getattr(total, field)}")
    return reasons


def _numa_order_reasons(lines: list[str]) -> list[str]:
    """Node ranges before the nodes' RAM; each node's census before the
    machine's."""
    reasons = []
    ranges = [i for i, line in enumerate(lines)
              if _SRAT_SHAPE.fullmatch(line) or _FAKE_SHAPE.fullmatch(line)]
    early = [i for i, line in enumerate(lines) if line == _EARLY_HEADER]
    if ranges and early and early[0] < ranges[-1]:
        reasons.append(f"NUMA: '{_EARLY_HEADER}' printed before the last node range "
                       f"('{lines[ranges[-1]]}')")
    nodes = [i for i, line in enumerate(lines) if _NODE_ACCOUNTING_SHAPE.fullmatch(line)]
    total = [i for i, line in enumerate(lines) if _ACCOUNTING_TOTAL_SHAPE.fullmatch(line)]
    if nodes and total and total[0] < nodes[-1]:
        reasons.append(f"NUMA: the machine's census ('{lines[total[0]]}') printed before "
                       f"a node's ('{lines[nodes[-1]]}')")
    return reasons


# --- what the two boot allocators leave behind: for comparing their runs -------

# memdump (docs/memdump.md): each stage's records between 'begin V STAGE'
# and 'end STAGE'; 'resv START END NAME' is a named reservation, pfns
# [START, END) in hex.
_MEMDUMP_BEGIN = re.compile(r"memdump: begin \d+ (\w+)")
_MEMDUMP_END = re.compile(r"memdump: end (\w+)")
_MEMDUMP_RESV = re.compile(r"memdump: resv ([0-9a-f]+) ([0-9a-f]+) (.+)")


def reserved_by_reason(text: str) -> dict[str, dict[str, int]]:
    """memdump's named reservations, pages per name, stage by stage
    ({stage: {name: pages}}); empty for a boot without memdump."""
    stages: dict[str, dict[str, int]] = {}
    stage = None
    for line in _report_lines(text):
        if (match := _MEMDUMP_BEGIN.fullmatch(line)):
            stage = match.group(1)
            stages.setdefault(stage, {})
        elif _MEMDUMP_END.fullmatch(line):
            stage = None
        elif stage is not None and (match := _MEMDUMP_RESV.fullmatch(line)):
            pages = int(match.group(2), 16) - int(match.group(1), 16)
            names = stages[stage]
            names[match.group(3)] = names.get(match.group(3), 0) + pages
    return stages


def retire_slot(text: str) -> str | None:
    """Which hand-over the boot ran, as its timing line names it
    (free_all_bootmem or memblock_free_all), or None without one."""
    match = re.search(r"^mem_init timing: memmap \d+ us, (\w+) ", "\n".join(_report_lines(text)),
                      re.MULTILINE)
    return match.group(1) if match else None


# setup_bootmem_numa()'s line per node (arch/x86/kernel/bootmem_setup.c),
# printed again where move_bootmem_bitmaps() moved the bitmap to its node.
_NODE_BOOTMEM = re.compile(rf"Node (\d+): bootmem \[mem {_HEX}-{_HEX}\], bitmap \d+ pages at "
                           rf"\[mem {_HEX}-{_HEX}\].*")
DMA_END = 16 << 20


def bootmem_bitmap_zones(text: str) -> set[tuple[int, str]]:
    """The (node, zone) pairs that held bootmem's bitmap in a bootmem boot:
    free_all_bootmem_core() frees the bitmap last, page by page, after the
    free ranges, so those zones' lists are in an order no other allocator
    repeats.  A UMA boot prints no bitmap line: setup_bootmem_uma() puts
    the bitmap below the 16 MiB mapped at boot (find_bootmap_start(...,
    BOOT_MAPPED_PAGES)), always in node 0's ZONE_DMA.  On NUMA every
    place a node's bitmap was (before and after move_bootmem_bitmaps())
    counts, in the zone of the node whose low memory holds it -- all
    bootmem bitmaps are in low memory."""
    lines = _report_lines(text)
    found = [match for match in map(_NODE_BOOTMEM.fullmatch, lines) if match]
    if not found:
        return {(0, "DMA")}
    spans = {int(m.group(1)): (int(m.group(2), 16), int(m.group(3), 16)) for m in found}
    zones = set()
    for match in found:
        start = int(match.group(4), 16)
        owner = next((node for node, (lo, hi) in spans.items() if lo <= start <= hi),
                     int(match.group(1)))
        zones.add((owner, "DMA" if start < DMA_END else "Normal"))
    return zones
