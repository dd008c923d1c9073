"""make report's reading of memdump logs (docs/memdump.md), without matplotlib.

The parser on the recorded dumps (logs/), and on those dumps broken in
every way the spec names: cut short, malformed, of an unknown version.
Then what the report draws from them (scripts/hvlib/memdump_layout.py),
its web page's plumbing (scripts/hvlib/memdump_html.py), and the command
line's exit statuses with --no-draw.

    python3 -m unittest tests.report.test_memdump    (from the top of the tree)
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from scripts.hvlib import memdump_html
from scripts.hvlib import memdump_layout as ml
from scripts.hvlib.memdump_parse import STAGES, MemdumpError, parse_lines, parse_log

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

LOGS = HERE / "logs"
# Boots of the kernel (make report's boot.log): MEM=3G; MEM=3G NUMA=1G,2G; MEM=8G PAE=1.
REAL_UMA = LOGS / "memdump-3G.log"
REAL_NUMA = LOGS / "memdump-numa-1G-2G.log"
REAL_PAE = LOGS / "memdump-pae-8G.log"
# MEM=512M, 'memmap=6K$0x2001000 memmap=64K#0x3000000 mem=400M': holes in RAM, ACPI data.
REAL_MEMMAP = LOGS / "memdump-memmap-512M.log"
# MEM=2G, numa=fake=4: four nodes, two with a boot allocator (and a bitmap).
REAL_FAKE4 = LOGS / "memdump-numa-fake4-2G.log"
# Written from the spec by synth.py: another layout (the bitmap after the
# image, a mem_map per node), and the base the malformed logs are cut from.
UMA = LOGS / "synthetic-3G.log"
NUMA = LOGS / "synthetic-numa-1G-2G.log"
PAE = LOGS / "synthetic-pae-8G.log"
SCRIPT = REPO / "scripts" / "memory-report.py"


def lines(path=UMA):
    return path.read_text().splitlines()


def replace(log, old, new):
    """The log with the first line containing old replaced by new."""
    i = next(n for n, text in enumerate(log) if old in text)
    return log[:i] + [new] + log[i + 1:]


def up_to(log, marker, extra=0):
    """The log cut after the first line containing marker, plus extra lines."""
    i = next(n for n, text in enumerate(log) if marker in text)
    return log[:i + 1 + extra]


def content(m):
    """A parse's dumps without their line numbers."""
    return {s: dataclasses.replace(d, begin_line=0, end_line=0) for s, d in m.dumps.items()}


def recorded_logs():
    return sorted(LOGS.glob("*.log"))


class RecordedDumps(unittest.TestCase):
    def test_every_recorded_log_has_four_whole_stages(self):
        for path in recorded_logs():
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                self.assertEqual(list(m.dumps), list(STAGES))
                self.assertEqual(m.warnings(), [])

    def test_every_recorded_log_agrees_with_its_counts(self):
        for path in recorded_logs():
            with self.subTest(log=path.name):
                rows, bad = ml.counts_table(parse_log(str(path)))
                self.assertEqual(bad, [])
                self.assertEqual([r[0] for r in rows], list(STAGES))

    def test_records_land_in_their_stage(self):
        m = parse_log(str(UMA))
        self.assertEqual([e.type for e in m.stage("map").e820][:2], ["usable", "reserved"])
        setup = m.stage("setup_arch")
        self.assertEqual(len(setup.bitmaps), 1)
        self.assertIn("kernel code", [r.reason for r in setup.resv])
        self.assertFalse(setup.free)
        mem_init = m.stage("mem_init")
        self.assertTrue(all(f.order < 10 for f in mem_init.free))
        self.assertEqual(mem_init.count.ram, mem_init.count.free + mem_init.count.reserved)

    def test_reasons_keep_their_spaces(self):
        m = parse_log(str(UMA))
        self.assertIn("boot loader data", [r.reason for r in m.stage("setup_arch").resv])

    def test_timestamps_are_optional(self):
        bare = [re.sub(r"^\[[^]]*\] ", "", text) for text in lines()]
        self.assertEqual(parse_lines(bare).dumps, parse_lines(lines()).dumps)

    def test_crlf_from_the_serial_port(self):
        m = parse_lines((UMA.read_text().replace("\n", "\r\n")).split("\n"))
        self.assertEqual(m.stage("setup_arch").resv, parse_log(str(UMA)).stage("setup_arch").resv)

    def test_numa_nodes(self):
        for path in (NUMA, REAL_NUMA):
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                self.assertEqual(ml.node_count(m), 2)
                self.assertEqual({f.nid for f in m.stage("mem_init").free}, {0, 1})
                self.assertEqual([z.nid for z in m.stage("setup_arch").zones if z.name == "HighMem"],
                                 [0, 1])
                # Node 1 is high memory only: no boot allocator, no bitmap.
                self.assertEqual([b.nid for b in m.stage("setup_arch").bitmaps], [0])

    def test_the_kernel_spells_e820_types_as_its_map_lines_do(self):
        log = replace(lines(REAL_UMA), "e820 bffe0000 c0000000 reserved",
                      "memdump: e820 bffe0000 c0000000 ACPI data")
        log = replace(log, "e820 fffc0000 100000000 reserved",
                      "memdump: e820 fffc0000 100000000 type 12")
        self.assertEqual([e.type for e in parse_lines(log).stage("map").e820][-2:], ["ACPI", "12"])

    def test_other_kernel_lines_are_ignored(self):
        log = lines()
        noise = ["[    0.1] BIOS-e820: 0 - 9fc00 (usable)", "memdumps: nothing", "x memdump: free"]
        noisy = log[:3] + noise + log[3:]
        self.assertEqual(content(parse_lines(noisy)), content(parse_lines(log)))


class CutShort(unittest.TestCase):
    def test_begin_without_end_at_the_end_of_the_log(self):
        m = parse_lines(up_to(lines(), "begin 1 free_initmem", extra=5))
        self.assertEqual(list(m.dumps), ["map", "setup_arch", "mem_init"])
        self.assertIn("free_initmem", m.cut_short)
        self.assertIn("without `memdump: end free_initmem`", m.warnings()[0])

    def test_a_record_broken_off_by_the_end_of_the_log(self):
        m = parse_lines(up_to(lines(), "begin 1 mem_init", extra=3) + ["[    0.2] memdump: free 0 Nor"])
        self.assertIn("in the middle of a record", m.cut_short["mem_init"].why)
        self.assertEqual(m.missing(), ["free_initmem"])
        self.assertEqual(len(m.warnings()), 2)

    def test_a_panic_after_the_last_record(self):
        log = up_to(lines(), "begin 1 setup_arch", extra=4) + ["[    0.3] Kernel panic - not syncing: x"]
        m = parse_lines(log)
        self.assertEqual(list(m.dumps), ["map"])
        self.assertEqual(list(m.cut_short), ["setup_arch"])

    def test_a_begin_inside_a_dump_cuts_the_open_one(self):
        log = [t for t in lines() if "memdump: end setup_arch" not in t]
        m = parse_lines(log)
        self.assertIn("setup_arch", m.cut_short)
        self.assertIn("next `begin`", m.cut_short["setup_arch"].why)
        self.assertEqual(list(m.dumps), ["map", "mem_init", "free_initmem"])

    def test_no_memdump_at_all(self):
        m = parse_lines(["[    0.0] handover version 0.1", "Kernel command line: "])
        self.assertEqual(m.dumps, {})
        self.assertEqual(m.missing(), list(STAGES))


class Malformed(unittest.TestCase):
    def refused(self, log, *words):
        with self.assertRaises(MemdumpError) as cm:
            parse_lines(log)
        for word in words:
            self.assertIn(word, str(cm.exception))
        return str(cm.exception)

    def test_bad_number_names_its_line_and_text(self):
        log = replace(lines(), "memdump: held 0 9f 100", "[    0.1] memdump: held 0 9g 100")
        n = next(i for i, t in enumerate(log, 1) if "9g" in t)
        self.refused(log, f"line {n}:", "'9g' is not a hexadecimal number", "memdump: held 0 9g 100")

    def test_unknown_record(self):
        self.refused(replace(lines(), "memdump: held 0 9f 100", "memdump: kept 0 9f 100"),
                     "unknown record 'kept'")

    def test_record_of_another_stage(self):
        self.refused(replace(lines(), "memdump: held 0 9f 100", "memdump: free 0 DMA 0 9f a0"),
                     "has no place in stage setup_arch")

    def test_wrong_number_of_fields(self):
        self.refused(replace(lines(), "memdump: limits", "memdump: limits bffe0"),
                     "limits wants 2 fields")

    def test_resv_without_reason(self):
        self.refused(replace(lines(), "memdump: resv 0 1 page 0", "memdump: resv 0 1"),
                     "resv wants 3 fields")

    def test_empty_and_backwards_ranges(self):
        self.refused(replace(lines(), "memdump: held 0 9f 100", "memdump: held 0 100 9f"),
                     "runs backwards")
        self.refused(replace(lines(), "memdump: held 0 9f 100", "memdump: held 0 9f 9f"), "empty")

    def test_free_run_of_partial_blocks(self):
        log = lines()
        run = next(t for t in log if re.search(r"memdump: free 0 \w+ 9 ", t))
        nid, zone, order, start, end = run.split("memdump: free ")[1].split()
        broken = f"memdump: free {nid} {zone} {order} {start} {int(end, 16) - 1:x}"
        self.refused(replace(log, run, broken), "not a whole number of order-9 blocks")

    def test_order_beyond_max_order(self):
        log = lines()
        run = next(t for t in log if "memdump: free 0 DMA 0 " in t)
        self.refused(replace(log, run, "memdump: free 0 DMA a 400 800"), "not below MAX_ORDER")

    def test_count_is_decimal(self):
        log = lines()
        count = next(t for t in log if "memdump: count" in t)
        self.refused(replace(log, count, "memdump: count bff7f 1 1 0"), "not a decimal number")

    def test_unknown_zone_and_e820_type(self):
        self.refused(replace(lines(), "zone 0 DMA", "memdump: zone 0 DMA32 0 1000"), "zone 'DMA32'")
        self.refused(replace(lines(), "e820 0 9fc00", "memdump: e820 0 9fc00 ram"), "e820 type 'ram'")

    def test_record_outside_a_dump(self):
        self.refused(["memdump: limits 1 1"], "line 1:", "outside any dump")

    def test_end_of_another_stage(self):
        self.refused(replace(lines(), "memdump: end map", "memdump: end setup_arch"),
                     "closes the dump of stage map")

    def test_end_without_begin(self):
        self.refused(["memdump: end map"], "an `end` with no `begin`")

    def test_unknown_version_is_refused(self):
        msg = self.refused(replace(lines(), "begin 1 map", "memdump: begin 2 map"), "version '2'")
        self.assertIn("version 1 only", msg)

    def test_unknown_stage(self):
        self.refused(replace(lines(), "begin 1 map", "memdump: begin 1 paging_init"), "unknown stage")

    def test_a_stage_twice(self):
        log = lines()
        self.refused(log + log, "a second dump of stage map")

    def test_dump_without_limits(self):
        self.refused([t for t in lines() if "limits" not in t], "has no `limits` record")

    def test_two_counts(self):
        log = lines()
        count = next(t for t in log if "memdump: count" in t)
        i = log.index(count)
        self.refused(log[:i] + [count] + log[i:], "a second count record")


class Ranges(unittest.TestCase):
    def test_merge_subtract_intersect(self):
        self.assertEqual(ml.merge([(5, 8), (0, 2), (2, 3), (7, 9)]), [(0, 3), (5, 9)])
        self.assertEqual(ml.subtract([(0, 10)], [(2, 3), (5, 12)]), [(0, 2), (3, 5)])
        self.assertEqual(ml.intersect([(0, 4), (6, 10)], (3, 8)), [(3, 4), (6, 8)])
        self.assertEqual(ml.pages([(0, 4), (2, 6)]), 6)

    def test_words(self):
        self.assertEqual(ml.size_text(1), "4 KiB")
        self.assertEqual(ml.size_text(384), "1.5 MiB")
        self.assertEqual(ml.addr_text(640 // 4), "640K")
        self.assertEqual(ml.addr_text(4 * ml.GIB), "4G")
        self.assertIn("pfn 0x100-0x101 (1 page, 4 KiB)", ml.range_text(0x100, 0x101))


class BrokenAxis(unittest.TestCase):
    def test_ends_and_pace(self):
        scale = ml.Scale.broken(4 * ml.GIB)
        self.assertEqual(scale.x(0), 0)
        self.assertAlmostEqual(scale.x(4 * ml.GIB), 1)
        self.assertEqual(scale.breaks(), [scale.x(p) for p in (ml.MIB, 16 * ml.MIB, 896 * ml.MIB)])
        xs = [scale.x(p) for p in range(0, 4 * ml.GIB, ml.MIB // 3)]
        self.assertEqual(xs, sorted(xs))
        # The first MiB gets as much width as about a third of the rest of low memory.
        self.assertGreater(scale.x(ml.MIB), 0.05)

    def test_above_4g_gets_its_own_stretch(self):
        scale = ml.Scale.broken(8 * ml.GIB)
        self.assertEqual(len(scale.pieces), 5)
        self.assertIn((8 * ml.GIB, "8G"), scale.ticks())
        self.assertLess(scale.x(4 * ml.GIB), 0.9)

    def test_closeup_windows_share_one_pace(self):
        scale = ml.Scale.windows([(0, 16), (0xFC, 0x154)], gap=0.05)
        (_, _, a0, a1), (_, _, b0, b1) = scale.pieces
        self.assertAlmostEqual((a1 - a0) / 16, (b1 - b0) / 0x58)
        self.assertAlmostEqual(b0 - a1, 0.05)
        self.assertAlmostEqual(scale.x(0x154), 1)
        self.assertEqual(len(scale.breaks()), 1)

    def test_small_machine(self):
        scale = ml.Scale.broken(64 * ml.MIB)
        self.assertEqual(len(scale.pieces), 3)
        self.assertAlmostEqual(scale.x(64 * ml.MIB), 1)
        self.assertNotIn(256 * ml.MIB, [p for p, _ in scale.ticks()])


class Painting(unittest.TestCase):
    def setUp(self):
        self.m = parse_log(str(UMA))
        self.end = ml.axis_end(self.m)

    def kinds(self, stage):
        return {p.kind for p in ml.stage_pieces(self.m, stage, self.end)}

    def test_axis_reaches_the_bios_rom(self):
        self.assertEqual(self.end, 4 * ml.GIB)

    def test_what_each_stage_paints(self):
        self.assertLessEqual({"e820:usable", "e820:reserved", "hole"}, self.kinds("map"))
        setup = self.kinds("setup_arch")
        self.assertLessEqual({"bitmap", "bootmem-free", "highmem-waiting", "resv:kernel code",
                              "resv:kernel init", "hole"}, setup)
        self.assertFalse(any(k.startswith("free:") for k in setup))
        mem_init = self.kinds("mem_init")
        self.assertIn("free:9", mem_init)
        self.assertNotIn("bitmap", mem_init)
        self.assertIn("resv:kernel init", mem_init)
        self.assertNotIn("resv:kernel init", self.kinds("free_initmem"))

    def test_what_is_given_back(self):
        bitmap = self.m.stage("setup_arch").bitmaps[0]
        back = ml.given_back(self.m, "mem_init")
        self.assertEqual([(p.start, p.end) for p in back], [(bitmap.start, bitmap.end)])
        self.assertIn("was node 0's bootmem bitmap", back[0].title)
        init = next(r for r in self.m.stage("mem_init").resv if r.reason == "kernel init")
        back = ml.given_back(self.m, "free_initmem")
        self.assertEqual([(p.start, p.end, p.title.split("\n")[0]) for p in back],
                         [(init.start, init.end, "given back since mem_init: was kernel init")])
        self.assertEqual(ml.given_back(self.m, "setup_arch"), [])

    def test_highmem_waits_then_is_free(self):
        lim = self.m.stage("setup_arch").limits
        pieces = ml.stage_pieces(self.m, "setup_arch", self.end)
        waiting = [p for p in pieces if p.kind == "highmem-waiting"]
        self.assertEqual([(p.start, p.end) for p in waiting], [(lim.max_low_pfn, lim.max_pfn)])
        free_high = [f for f in self.m.stage("mem_init").free if f.start >= lim.max_low_pfn]
        self.assertEqual(sum(f.end - f.start for f in free_high),
                         self.m.stage("mem_init").count.highmem_free)

    def test_tooltips_say_pfns_size_and_reason_or_order(self):
        pieces = ml.stage_pieces(self.m, "mem_init", self.end)
        code = next(p for p in pieces if p.kind == "resv:kernel code")
        self.assertRegex(code.title, r"reserved: kernel code\npfn 0x\w+-0x\w+ \(\d+ pages, [\d.]+ KiB\)")
        free = next(p for p in pieces if p.kind == "free:9")
        self.assertRegex(free.title, r"order 9 \(2 MiB each\), node 0 zone \w+")

    def test_ram_above_max_pfn_is_marked_unused(self):
        log = [t.replace("limits bffe0 38000", "limits 80000 38000") for t in lines()]
        m = parse_lines(log)
        pieces = ml.stage_pieces(m, "map", ml.axis_end(m))
        self.assertIn((0x80000, 0xbffe0), [(p.start, p.end) for p in pieces if p.kind == "unused"])

    def test_closeup_holds_the_image_and_the_bitmap(self):
        for path in (UMA, REAL_UMA, REAL_PAE):
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                windows = ml.closeup_windows(m)
                bitmap = m.stage("setup_arch").bitmaps[0]
                code = next(r for r in m.stage("setup_arch").resv if r.reason == "kernel code")
                for r in (bitmap, code):
                    self.assertTrue(any(lo < r.start and r.end < hi for lo, hi in windows), r)
                # mem_map, 14 MiB away and as big, stays in the main picture only.
                self.assertLess(sum(hi - lo for lo, hi in windows), 512)

    def test_closeup_shows_holes_punched_in_ram(self):
        m = parse_log(str(REAL_MEMMAP))
        self.assertEqual([e.type for e in m.stage("map").e820 if e.start == 0x3000000], ["ACPI"])
        windows = ml.closeup_windows(m)
        for hole in ((0x2001, 0x2003), (0x3000, 0x3010)):
            self.assertTrue(any(lo < hole[0] and hole[1] < hi for lo, hi in windows), hole)
        holes = [(p.start, p.end) for p in ml.stage_pieces(m, "mem_init", ml.axis_end(m)) if p.kind == "hole"]
        self.assertIn((0x2001, 0x2003), holes)      # 0x2002 is only half usable: not RAM

    def test_zone_bounds(self):
        self.assertEqual(ml.zone_bounds(self.m), [(0, "DMA"), (0x1000, "Normal"), (0x38000, "HighMem")])

    def test_pae_axis(self):
        m = parse_log(str(PAE))
        self.assertEqual(ml.axis_end(m), m.stage("map").limits.max_pfn)
        self.assertGreater(ml.axis_end(m), 4 * ml.GIB)


class RealBoots(unittest.TestCase):
    """What a reader must see, on the kernel's own dumps."""

    def test_bitmap_held_then_given_back(self):
        for path in (REAL_UMA, REAL_NUMA, REAL_PAE):
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                bitmap = m.stage("setup_arch").bitmaps[0]
                back = [(p.start, p.end) for p in ml.given_back(m, "mem_init")]
                self.assertIn((bitmap.start, bitmap.end), back)
                free = [(f.start, f.end) for f in m.stage("mem_init").free]
                self.assertEqual(ml.subtract([(bitmap.start, bitmap.end)], free), [])

    def test_every_node_bitmap_given_back(self):
        m = parse_log(str(REAL_FAKE4))
        self.assertEqual(ml.node_count(m), 4)
        bitmaps = m.stage("setup_arch").bitmaps
        self.assertEqual([b.nid for b in bitmaps], [0, 1])
        back = {p.title.split("\n")[0] for p in ml.given_back(m, "mem_init")}
        self.assertEqual(back, {f"given back since setup_arch: was node {n}'s bootmem bitmap"
                                for n in (0, 1)})
        windows = ml.closeup_windows(m)
        for b in bitmaps:
            self.assertTrue(any(lo < b.start and b.end < hi for lo, hi in windows), b)

    def test_init_reserved_then_free(self):
        for path in (REAL_UMA, REAL_NUMA, REAL_PAE):
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                init = next(r for r in m.stage("mem_init").resv if r.reason == "kernel init")
                back = ml.given_back(m, "free_initmem")
                self.assertEqual([(p.start, p.end) for p in back], [(init.start, init.end)])
                free = [(f.start, f.end) for f in m.stage("free_initmem").free]
                self.assertEqual(ml.subtract([(init.start, init.end)], free), [])

    def test_highmem_free_after_mem_init(self):
        for path in (REAL_UMA, REAL_PAE):
            with self.subTest(log=path.name):
                m = parse_log(str(path))
                lim = m.stage("mem_init").limits
                ram = ml.intersect(ml.ram_ranges(m), (lim.max_low_pfn, lim.max_pfn))
                free = [(f.start, f.end) for f in m.stage("mem_init").free]
                self.assertEqual(ml.subtract(ram, free), [])
                setup = ml.stage_pieces(m, "setup_arch", ml.axis_end(m))
                waiting = [(p.start, p.end) for p in setup if p.kind == "highmem-waiting"]
                self.assertEqual(ml.pages(waiting), ml.pages(ram))

    def test_pae_8g_reaches_past_4g(self):
        m = parse_log(str(REAL_PAE))
        self.assertEqual(ml.axis_end(m), 0x240000)
        self.assertEqual(m.stage("mem_init").count.highmem_free, 1867744)


class Counts(unittest.TestCase):
    def test_setup_arch_row_says_what_bootmem_holds(self):
        m = parse_log(str(UMA))
        row, bad = ml.stage_counts(m, "setup_arch")
        held = sum(h.end - h.start for h in m.stage("setup_arch").held)
        holes_held = 0x100 - 0x9f
        self.assertEqual(row, ["setup_arch", "786303", "-", "-", "-", str(held - holes_held)])
        self.assertEqual(bad, [])

    def test_a_count_that_disagrees_is_shown_and_said(self):
        log = lines()
        count = [t for t in log if "memdump: count" in t][0]
        ram, free, reserved, high = count.split("count ")[1].split()
        wrong = f"memdump: count {ram} {int(free) + 5} {int(reserved) - 5} {high}"
        rows, bad = ml.counts_table(parse_lines(replace(log, count, wrong)))
        self.assertEqual(rows[2][2], f"{int(free) + 5} (counted {free})")
        self.assertIn(f"mem_init: count says free {int(free) + 5}, the dump's ranges give {free}", bad)


class Html(unittest.TestCase):
    SVG = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<svg>\n<g id="mr0">\n<path/>\n</g>'
           '<g id="patch_1"><path/></g></svg>')

    def test_titles_go_into_their_groups(self):
        svg = memdump_html.add_titles(self.SVG, {"mr0": "kernel <init> & co"})
        self.assertIn('<g id="mr0">\n  <title>kernel &lt;init&gt; &amp; co</title>', svg)
        self.assertIn('<g id="patch_1"><path/>', svg)

    def test_inline_svg_has_no_prolog(self):
        self.assertTrue(memdump_html.inline_svg(self.SVG).startswith("<svg>"))

    def test_page(self):
        page = memdump_html.page("t", ["log: x"], ["stage free_initmem was cut short: y"], self.SVG,
                                 [["map", "1", "-", "-", "-", "-"]])
        self.assertIn('<p class="warn">stage free_initmem was cut short: y</p>', page)
        self.assertIn("<td>map</td>", page)
        self.assertNotIn("<?xml", page)
        self.assertNotIn("<script", page)


class CommandLine(unittest.TestCase):
    """The exit statuses, through the script itself (--no-draw: no matplotlib)."""

    def run_report(self, log_lines):
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "boot.log"
            log.write_text("\n".join(log_lines) + "\n")
            return subprocess.run([sys.executable, str(SCRIPT), "--no-draw", str(log)],
                                  capture_output=True, text=True, timeout=60)

    def test_whole_log(self):
        r = self.run_report(lines())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"free_initmem\s+786303\s+\d+")

    def test_cut_short_still_reports(self):
        r = self.run_report(up_to(lines(), "begin 1 free_initmem", extra=2))
        self.assertEqual(r.returncode, 1)
        self.assertIn("warning: stage free_initmem was cut short", r.stderr)
        self.assertIn("mem_init", r.stdout)

    def test_malformed(self):
        log = replace(lines(), "memdump: held 0 9f 100", "memdump: held 0 9f")
        r = self.run_report(log)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr, r"line \d+: held wants 3 fields, has 2: memdump: held 0 9f")

    def test_nothing_whole(self):
        r = self.run_report(up_to(lines(), "begin 1 map", extra=2))
        self.assertEqual(r.returncode, 2)
        self.assertIn("no stage dumped whole", r.stderr)

    def test_no_memdump(self):
        r = self.run_report(["[    0.0] handover version 0.1"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("was `memdump` on the kernel command line?", r.stderr)

    def test_unknown_version(self):
        r = self.run_report(replace(lines(), "begin 1 map", "memdump: begin 7 map"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("this tool reads version 1 only", r.stderr)


if __name__ == "__main__":
    unittest.main()
