"""What the memory report draws, worked out without drawing anything.

scripts/memory-report.py turns each stage of a parsed memdump (see
memdump_parse.py) into coloured ranges along the physical address axis.
Everything that needs no matplotlib lives here, so `make test` checks it:
the broken axis (pfn -> fraction of the width), the ranges each stage
paints and the words their tooltips carry, the ranges named at one stage
and given back by the next, the close-up's windows onto the small ones,
and the table of page counts.

Ranges are half-open pfn ranges, [start, end), as the dump's are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constants import PAGE_SHIFT
from .memdump_parse import STAGES, Dump, Memdump

MIB = 1 << (20 - PAGE_SHIFT)        # pages in a MiB
GIB = 1024 * MIB

# The broken axis: each stretch of physical memory gets a fixed share of
# the width, so the first MiB (page 0, the BIOS hole) and the last GiB of a
# PAE machine both read.  The stretches end where the 2.4 kernel's own
# boundaries are: real-mode memory, ZONE_DMA, the end of the direct
# mapping (896 MiB) and the 32-bit limit.
SEGMENTS = ((0, MIB, 0.10), (MIB, 16 * MIB, 0.16), (16 * MIB, 896 * MIB, 0.30),
            (896 * MIB, 4 * GIB, 0.29), (4 * GIB, None, 0.15))

STAGE_TITLES = {
    "map": "the e820 map",
    "setup_arch": "bootmem holds low RAM",
    "mem_init": "buddy owns memory",
    "free_initmem": ".init given back",
}


# ---- ranges ----

def merge(ranges):
    """Sorted, coalesced copy of (start, end) ranges."""
    out = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def subtract(ranges, cuts):
    """The parts of ranges outside every cut."""
    out = []
    cuts = merge(cuts)
    for start, end in merge(ranges):
        for cstart, cend in cuts:
            if cend <= start or cstart >= end:
                continue
            if cstart > start:
                out.append((start, cstart))
            start = max(start, cend)
        if start < end:
            out.append((start, end))
    return out


def intersect(ranges, within):
    """The parts of ranges inside within."""
    lo, hi = within
    return [(max(s, lo), min(e, hi)) for s, e in merge(ranges) if s < hi and e > lo]


def pages(ranges) -> int:
    return sum(end - start for start, end in merge(ranges))


# ---- words ----

def size_text(npages: int) -> str:
    """Pages as the largest binary unit that keeps it short: 4 KiB, 1.5 MiB, 3 GiB."""
    size = npages << PAGE_SHIFT
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            value = size / (1 << shift)
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} B"


def addr_text(pfn: int) -> str:
    """An address on the axis: 640K, 16M, 896M, 4G."""
    size = pfn << PAGE_SHIFT
    for unit, shift in (("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return "0" if size == 0 else f"{size:#x}"


def range_text(start: int, end: int) -> str:
    """What a tooltip says of any range: pfns, pages and size, addresses."""
    n = end - start
    return (f"pfn {start:#x}-{end:#x} ({n} page{'s' if n != 1 else ''}, {size_text(n)})\n"
            f"phys {start << PAGE_SHIFT:#010x}-{(end << PAGE_SHIFT) - 1:#010x}")


# ---- the broken axis ----

class Scale:
    """pfn -> fraction of the axis width, piecewise linear.

    The main picture's axis is broken() over SEGMENTS; the close-up's is
    windows(): stretches of a few pages, at one pace, with gaps between."""

    def __init__(self, pieces):
        self.pieces = pieces            # (start, stop, x0, x1), ascending
        self.end = pieces[-1][1]

    @classmethod
    def broken(cls, end: int) -> "Scale":
        segs = [(s, min(e or end, end), share) for s, e, share in SEGMENTS if s < end]
        return cls(cls._lay(segs, 0.0))

    @classmethod
    def windows(cls, windows, gap: float = 0.03) -> "Scale":
        """Each window as wide as its pages at one pace, `gap` between two."""
        room = 1.0 - gap * (len(windows) - 1)
        total = sum(hi - lo for lo, hi in windows)
        return cls(cls._lay([(lo, hi, room * (hi - lo) / total) for lo, hi in windows], gap))

    @staticmethod
    def _lay(segs, gap):
        total = sum(share for _, _, share in segs) + gap * (len(segs) - 1)
        pieces, x = [], 0.0
        for start, stop, share in segs:
            pieces.append((start, stop, x, x + share / total))
            x += (share + gap) / total
        return pieces

    def x(self, pfn: float) -> float:
        for start, stop, x0, x1 in self.pieces:
            if pfn <= stop:
                return x0 + (x1 - x0) * (max(pfn, start) - start) / (stop - start)
        return 1.0

    def breaks(self) -> list[float]:
        """Where the axis changes pace or jumps, as x, for the broken-axis marks."""
        return [(a[3] + b[2]) / 2 for a, b in zip(self.pieces, self.pieces[1:])]

    def ticks(self) -> list[tuple[int, str]]:
        out = [(0, "0"), (640 // 4, "640K"), (MIB, "1M"), (4 * MIB, "4M"), (8 * MIB, "8M"),
               (16 * MIB, "16M"), (256 * MIB, "256M"), (512 * MIB, "512M"), (896 * MIB, "896M"),
               (2 * GIB, "2G"), (3 * GIB, "3G"), (4 * GIB, "4G")]
        step = 4 * GIB if self.end <= 16 * GIB else 8 * GIB if self.end <= 32 * GIB else 16 * GIB
        out += [(p, addr_text(p)) for p in range(4 * GIB + step, self.end + 1, step)]
        return [(p, label) for p, label in out if p <= self.end]


def axis_end(memdump: Memdump) -> int:
    """The last pfn any stage speaks of: the map's end, max_pfn, a node's end."""
    end = 0
    for dump in memdump.dumps.values():
        end = max([end, dump.limits.max_pfn] + [-(-e.end >> PAGE_SHIFT) for e in dump.e820]
                  + [n.end for n in dump.nodes])
    return max(end, 1)


# ---- what each stage paints ----

@dataclass(frozen=True)
class Piece:
    """One coloured range of a stage's band, painted over those before it."""
    start: int
    end: int
    kind: str           # the colour's key: "hole", "resv:kernel code", "free:9", ...
    title: str          # the tooltip


def _whole_pages(e):
    """The pages wholly inside an e820 entry."""
    return -(-e.start >> PAGE_SHIFT), e.end >> PAGE_SHIFT


def _usable(dump: Dump):
    """Whole pages inside usable e820 entries: RAM, as 2.4's page_is_ram() says."""
    return merge(r for r in (_whole_pages(e) for e in dump.e820 if e.type == "usable") if r[0] < r[1])


def ram_ranges(memdump: Memdump):
    """The machine's RAM, or None without a map stage to say where the holes are."""
    dump = memdump.stage("map")
    return None if dump is None else _usable(dump)


def _ram(memdump: Memdump, dump: Dump):
    """RAM for painting a stage: without the map, all of it up to max_pfn (no holes drawn)."""
    ram = ram_ranges(memdump)
    return ram if ram is not None else [(0, dump.limits.max_pfn)]


def _ram_pieces(ram, dump: Dump, low_kind: str, low_title: str, high_kind: str, high_title: str):
    """RAM below max_low_pfn, RAM between it and max_pfn: the base coat."""
    lim = dump.limits
    out = [Piece(s, e, low_kind, f"{low_title}\n{range_text(s, e)}")
           for s, e in intersect(ram, (0, lim.max_low_pfn))]
    out += [Piece(s, e, high_kind, f"{high_title}\n{range_text(s, e)}")
            for s, e in intersect(ram, (lim.max_low_pfn, lim.max_pfn))]
    return out


def _top_coat(ram, dump: Dump, end: int):
    """Holes and RAM the kernel does not use, painted over everything."""
    out = [Piece(s, e, "hole", f"hole: no usable RAM here\n{range_text(s, e)}")
           for s, e in subtract([(0, end)], ram)]
    out += [Piece(s, e, "unused", f"RAM above max_pfn ({dump.limits.max_pfn:#x}): not used\n"
                  f"{range_text(s, e)}") for s, e in intersect(ram, (dump.limits.max_pfn, end))]
    return out


def _resv_pieces(dump: Dump):
    return [Piece(r.start, r.end, f"resv:{r.reason}",
                  f"reserved: {r.reason}\n{range_text(r.start, r.end)}") for r in dump.resv]


def _entry_pages(e):
    """The pages an e820 entry is drawn on: usable ones' whole pages (what
    the kernel counts as RAM), any other's every page it touches."""
    return _whole_pages(e) if e.type == "usable" else (e.start >> PAGE_SHIFT, -(-e.end >> PAGE_SHIFT))


def map_pieces(dump: Dump, end: int):
    out = []
    for e in dump.e820:
        start, stop = _entry_pages(e)
        if start < stop:
            out.append(Piece(start, stop, f"e820:{e.type}",
                             f"e820 {e.type}: bytes {e.start:#x}-{e.end:#x}\n{range_text(start, stop)}"))
    covered = [(p.start, p.end) for p in out]
    out += [Piece(s, e, "hole", f"hole: in no e820 entry\n{range_text(s, e)}")
            for s, e in subtract([(0, end)], covered)]
    usable = _usable(dump)
    out += [Piece(s, e, "unused", f"usable, but above max_pfn ({dump.limits.max_pfn:#x}): not used\n"
                  f"{range_text(s, e)}") for s, e in intersect(usable, (dump.limits.max_pfn, end))]
    return out


def setup_arch_pieces(memdump: Memdump, dump: Dump, end: int):
    ram = _ram(memdump, dump)
    out = _ram_pieces(ram, dump, "bootmem-free", "free in the boot allocator",
                      "highmem-waiting", "high memory: no boot allocator; given to the buddy "
                      "allocator by mem_init() (one_highpage_init)")
    out += [Piece(h.start, h.end, "unnamed", f"held by node {h.nid}'s boot allocator, no reason named\n"
                  f"{range_text(h.start, h.end)}") for h in dump.held]
    out += [Piece(b.start, b.end, "bitmap", f"node {b.nid}'s bootmem bitmap "
                  f"(freed when bootmem retires)\n{range_text(b.start, b.end)}") for b in dump.bitmaps]
    return out + _resv_pieces(dump) + _top_coat(ram, dump, end)


def buddy_pieces(memdump: Memdump, dump: Dump, end: int):
    """mem_init and free_initmem: a RAM page in no free run is reserved."""
    ram = _ram(memdump, dump)
    out = _ram_pieces(ram, dump, "unnamed", "reserved, no reason named",
                      "unnamed", "reserved, no reason named")
    out += [Piece(f.start, f.end, f"free:{f.order}",
                  f"free: {f.blocks} block{'s' if f.blocks != 1 else ''} of order {f.order} "
                  f"({size_text(1 << f.order)} each), node {f.nid} zone {f.zone}\n"
                  f"{range_text(f.start, f.end)}") for f in dump.free]
    return out + _resv_pieces(dump) + _top_coat(ram, dump, end)


def stage_pieces(memdump: Memdump, stage: str, end: int):
    dump = memdump.stage(stage)
    if stage == "map":
        return map_pieces(dump, end)
    if stage == "setup_arch":
        return setup_arch_pieces(memdump, dump, end)
    return buddy_pieces(memdump, dump, end)


def named(dump: Dump):
    """(start, end, name) of what a stage holds by name: bitmaps and reservations."""
    return ([(b.start, b.end, f"node {b.nid}'s bootmem bitmap") for b in dump.bitmaps]
            + [(r.start, r.end, r.reason) for r in dump.resv])


def given_back(memdump: Memdump, stage: str):
    """Ranges the stage before named and this one no longer does: what the
    hand-over gave back (the bitmap at mem_init, .init at free_initmem)."""
    i = STAGES.index(stage)
    before, now = (memdump.stage(STAGES[i - 1]) if i else None), memdump.stage(stage)
    if before is None or now is None:
        return []
    kept = set(named(now))
    return [Piece(s, e, "given-back", f"given back since {before.stage}: was {what}\n{range_text(s, e)}")
            for s, e, what in named(before) if (s, e, what) not in kept]


# ---- the close-up ----

def _islands(memdump: Memdump):
    """Non-RAM e820 entries inside RAM above 1 MiB (memmap=$ or # holes):
    a few pages the main picture cannot show."""
    dump = memdump.stage("map")
    if dump is None:
        return []
    spans = [_entry_pages(e) for e in dump.e820 if e.type != "usable"]
    return [(s, e) for s, e in spans if s >= MIB and e <= dump.limits.max_pfn]


def closeup_windows(memdump: Memdump, small: int = 256, reach: int = 64, pad: int = 4, most: int = 4):
    """The stretches of pages the close-up shows one by one: the named
    ranges too small for the main picture (page 0, the bitmap, the kernel
    image, page tables...) and small holes punched in RAM, those within
    `reach` pages of each other together, padded.  Clusters holding the
    image or a bitmap come first when there are more than `most`."""
    spans = {(s, e) for d in memdump.dumps.values() for s, e, _ in named(d)}
    spans = sorted((s, e) for s, e in spans | set(_islands(memdump)) if e - s <= small)
    clusters = []
    for s, e in spans:
        if clusters and s <= clusters[-1][1] + reach:
            clusters[-1] = (clusters[-1][0], max(clusters[-1][1], e))
        else:
            clusters.append((s, e))
    key = {(s, e) for d in memdump.dumps.values() for s, e, what in named(d)
           if what.startswith("kernel ") or what.endswith("bitmap")}
    def first(c):
        return not any(c[0] <= s and e <= c[1] for s, e in key)
    chosen = sorted(sorted(clusters, key=first)[:most])
    windows = []
    for lo, hi in chosen:
        lo = max(lo - pad, windows[-1][1] if windows else 0)
        windows.append((lo, hi + pad))
    return windows


# ---- zones and nodes ----

def zone_bounds(memdump: Memdump):
    """(pfn, name) where each zone starts, from any stage's zone records;
    without them, 2.4's: 16 MiB and max_low_pfn."""
    for stage in reversed(STAGES):
        dump = memdump.stage(stage)
        if dump is not None and dump.zones:
            starts = {}
            for z in dump.zones:
                starts[z.name] = min(starts.get(z.name, z.start), z.start)
            return sorted((p, name) for name, p in starts.items())
    dump = next(iter(memdump.dumps.values()))
    return [(0, "DMA"), (16 * MIB, "Normal"), (dump.limits.max_low_pfn, "HighMem")]


def node_count(memdump: Memdump) -> int:
    return max([len({n.nid for n in d.nodes}) for d in memdump.dumps.values()] + [1])


# ---- counts ----

COUNT_COLUMNS = ("stage", "RAM", "free", "reserved", "highmem free", "held by bootmem")


def _cell(from_dump, computed) -> str:
    """The dump's count, with ours beside it when the two disagree."""
    if from_dump is None:
        return "-" if computed is None else str(computed)
    if computed is None or computed == from_dump:
        return str(from_dump)
    return f"{from_dump} (counted {computed})"


def stage_counts(memdump: Memdump, stage: str):
    """One row of the table: (cells, mismatches)."""
    dump = memdump.stage(stage)
    ram_r = ram_ranges(memdump)
    ram = pages(intersect(ram_r, (0, dump.limits.max_pfn))) if ram_r is not None else None
    free = high = held = None
    if dump.free or stage in ("mem_init", "free_initmem"):
        free = pages((f.start, f.end) for f in dump.free)
        high = pages((f.start, f.end) for f in dump.free if f.zone == "HighMem")
    if stage == "setup_arch":
        held_r = [(h.start, h.end) for h in dump.held]
        held = pages(held_r if ram_r is None else [r for rr in ram_r for r in intersect(held_r, rr)])
    reserved = ram - free if ram is not None and free is not None else None
    count = dump.count
    ours = (ram, free, reserved, high)
    theirs = (count.ram, count.free, count.reserved, count.highmem_free) if count else (None,) * 4
    cells = [_cell(t, o) for t, o in zip(theirs, ours)] + [_cell(None, held)]
    bad = [f"{stage}: count says {col} {t}, the dump's ranges give {o}"
           for col, t, o in zip(COUNT_COLUMNS[1:], theirs, ours) if None not in (t, o) and t != o]
    return [stage] + cells, bad


def counts_table(memdump: Memdump):
    """(rows, mismatches) for every complete stage, in boot order."""
    rows, bad = [], []
    for stage in STAGES:
        if memdump.stage(stage) is not None:
            row, wrong = stage_counts(memdump, stage)
            rows.append(row)
            bad += wrong
    return rows, bad
