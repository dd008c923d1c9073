"""Synthetic memdump logs, written from docs/memdump.md before the kernel
printed any: `python3 -m tests.report.synth` (from the top of the tree) rewrites logs/synthetic-*.log.

A boot here is QEMU's e820 map for -m MEM, the kernel image at 1 MiB with
its bootmem bitmap and page tables after it, mem_map above 16 MiB, and a
buddy allocator whose free blocks are what the greedy, aligned split of the
free pages gives.  Numbers are plausible, not the kernel's: the recorded
logs of real boots (logs/*.log without `synthetic-`) are the kernel's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripts.hvlib.constants import MAX_ORDER
from scripts.hvlib.memdump_layout import GIB, MIB, intersect, merge, pages, subtract

LOGS = Path(__file__).resolve().parent / "logs"
# The image of README's sample boot: 46k code, 36k data, 112k init.
KERNEL = (("kernel code", 0x101, 0x10d), ("kernel rodata", 0x10d, 0x112),
          ("kernel data", 0x112, 0x11b), ("kernel init", 0x11b, 0x137),
          ("kernel bss", 0x137, 0x150), ("kernel symbols", 0x150, 0x156))


@dataclass
class Boot:
    mem_gib: float
    nodes_gib: tuple = ()           # NUMA=1G,2G: sizes of the nodes, in order
    pae: bool = False
    lines: list = field(default_factory=list)
    clock: float = 0.02

    # ---- the machine ----
    def e820(self):
        """QEMU's pc map: 3 GiB at most below 4 GiB, the rest above."""
        mem = int(self.mem_gib * GIB) << 12
        low = min(mem, 0xC0000000)
        out = [(0, 0x9FC00, "usable"), (0x9FC00, 0xA0000, "reserved"), (0xF0000, 0x100000, "reserved"),
               (0x100000, low - 0x20000, "usable"), (low - 0x20000, low, "reserved"),
               (0xFFFC0000, 0x100000000, "reserved")]
        if mem > low:
            out.append((0x100000000, 0x100000000 + mem - low, "usable"))
        return out

    def ram(self):
        return merge((-(-s >> 12), e >> 12) for s, e, t in self.e820() if t == "usable")

    def limits(self):
        top = self.ram()[-1][1]
        max_pfn = min(top, (64 if self.pae else 4) * GIB)
        return max_pfn, min(max_pfn, 896 * MIB)

    def node_spans(self):
        max_pfn = self.limits()[0]
        sizes = self.nodes_gib or (max_pfn / GIB,)
        spans, start = [], 0
        for size in sizes:
            end = min(start + int(size * GIB), max_pfn)
            spans.append((start, end))
            start = end
        ram = intersect(self.ram(), (0, max_pfn))
        # A node spans its first RAM page to its last.
        return [(r[0][0], r[-1][1]) for r in (intersect(ram, s) for s in spans)]

    # ---- what setup_arch() reserved ----
    def reservations(self):
        max_pfn, max_low = self.limits()
        per_page = 20 if not self.pae else 32
        out = [(0, 1, "page 0"), (0x9, 0xB, "boot loader data")]
        out += [(s, e, why) for why, s, e in KERNEL]
        out.append((0x15D, 0x15F + (4 if self.pae else 0), "page tables"))
        start = 16 * MIB
        for nstart, nend in self.node_spans():
            n = -(-(nend - nstart) * per_page // 4096)
            out.append((start, start + n, "mem_map"))
            start += n
        return merge_named(out)

    def bitmaps(self):
        """Node 0's bitmap after the image; a highmem-only node has none."""
        max_low = self.limits()[1]
        out, at = [], 0x156
        for nid, (s, e) in enumerate(self.node_spans()):
            if s < max_low:
                n = -(-(min(e, max_low) - s) // 8 // 4096)
                out.append((nid, at, at + n))
                at += n
        return out

    def held(self):
        max_low = self.limits()[1]
        holes = subtract([(0, max_low)], self.ram())
        taken = [(s, e) for s, e, _ in self.reservations()] + [(s, e) for _, s, e in self.bitmaps()]
        return merge(holes + [r for r in taken if r[0] < max_low])

    # ---- the buddy allocator ----
    def zones(self):
        max_pfn, max_low = self.limits()
        out = []
        for nid, (s, e) in enumerate(self.node_spans()):
            bounds = (("DMA", 0, 16 * MIB), ("Normal", 16 * MIB, max_low), ("HighMem", max_low, max_pfn))
            for name, lo, hi in bounds:
                if max(s, lo) < min(e, hi):
                    out.append((nid, name, max(s, lo), min(e, hi)))
        return out

    def free_runs(self, kept):
        """(nid, zone, order, start, end): each zone's free pages split greedily
        into aligned blocks, runs of one order merged."""
        free = subtract(intersect(self.ram(), (0, self.limits()[0])), kept)
        runs = []
        for nid, zone, zs, ze in self.zones():
            for s, e in intersect(free, (zs, ze)):
                for order, bs, be in split(s, e):
                    if runs and runs[-1][:3] == (nid, zone, order) and runs[-1][4] == bs:
                        runs[-1] = (nid, zone, order, runs[-1][3], be)
                    else:
                        runs.append((nid, zone, order, bs, be))
        return sorted(runs, key=lambda r: r[3])

    # ---- the log ----
    def say(self, text):
        self.clock += 0.000011
        self.lines.append(f"[{self.clock:12.6f}] {text}")

    def record(self, text):
        self.say(f"memdump: {text}")

    def dump(self, stage, body):
        self.record(f"begin 1 {stage}")
        max_pfn, max_low = self.limits()
        self.record(f"limits {max_pfn:x} {max_low:x}")
        body()
        self.record(f"end {stage}")

    def stage_map(self):
        for s, e, t in self.e820():
            self.record(f"e820 {s:x} {e:x} {t}")

    def nodes_and_zones(self):
        ram = self.ram()
        for nid, (s, e) in enumerate(self.node_spans()):
            self.record(f"node {nid:x} {s:x} {e:x} {pages(intersect(ram, (s, e))):x}")
        for nid, name, s, e in self.zones():
            self.record(f"zone {nid:x} {name} {s:x} {e:x}")

    def stage_setup_arch(self):
        self.nodes_and_zones()
        for nid, s, e in self.bitmaps():
            self.record(f"bitmap {nid:x} {s:x} {e:x}")
        for s, e in self.held():
            self.record(f"held {self.nid_of(s):x} {s:x} {e:x}")
        for s, e, why in self.reservations():
            self.record(f"resv {s:x} {e:x} {why}")

    def stage_buddy(self, freed_init):
        self.nodes_and_zones()
        resv = [r for r in self.reservations() if not (freed_init and r[2] == "kernel init")]
        runs = self.free_runs([(s, e) for s, e, _ in resv])
        for nid, zone, order, s, e in runs:
            self.record(f"free {nid:x} {zone} {order:x} {s:x} {e:x}")
        for s, e, why in resv:
            self.record(f"resv {s:x} {e:x} {why}")
        max_pfn, max_low = self.limits()
        ram = pages(intersect(self.ram(), (0, max_pfn)))
        free = sum(e - s for *_, s, e in runs)
        high = sum(e - s for _, z, _, s, e in runs if z == "HighMem")
        self.record(f"count {ram} {free} {ram - free} {high}")

    def nid_of(self, pfn):
        spans = self.node_spans()
        return next(i for i, (s, e) in enumerate(spans) if s <= pfn < e or i == len(spans) - 1)

    def log(self):
        self.lines = []
        self.say("handover version 0.1 (i486, Multiboot) -- a synthetic memdump log "
                 "(tests/report/synth.py)")
        self.dump("map", self.stage_map)
        self.say("Kernel command line: memdump")
        self.dump("setup_arch", self.stage_setup_arch)
        self.say("Memory: (synthetic)")
        self.dump("mem_init", lambda: self.stage_buddy(False))
        self.say("Freeing unused kernel memory: 112k freed")
        self.dump("free_initmem", lambda: self.stage_buddy(True))
        self.say("handover: boot complete")
        return "\n".join(self.lines) + "\n"


def merge_named(ranges):
    """Page tables come one page at a time: coalesce same-named neighbours, sort."""
    out = []
    for s, e, why in sorted(ranges):
        if out and out[-1][2] == why and out[-1][1] == s:
            out[-1] = (out[-1][0], e, why)
        else:
            out.append((s, e, why))
    return out


def split(start, end):
    """(order, start, end) of the largest aligned blocks covering [start, end)."""
    out = []
    while start < end:
        order = MAX_ORDER - 1
        while start % (1 << order) or start + (1 << order) > end:
            order -= 1
        out.append((order, start, start + (1 << order)))
        start += 1 << order
    return out


BOOTS = {
    "synthetic-3G.log": Boot(3),
    "synthetic-numa-1G-2G.log": Boot(3, nodes_gib=(1, 2)),
    "synthetic-pae-8G.log": Boot(8, pae=True),
}


def main():
    LOGS.mkdir(exist_ok=True)
    for name, boot in BOOTS.items():
        (LOGS / name).write_text(boot.log())
        print(f"wrote {LOGS / name}")


if __name__ == "__main__":
    main()
