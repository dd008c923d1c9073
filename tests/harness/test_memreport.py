"""Self-tests of memreport.py: the kernel's memory report (e820 map,
zones, Memory: line, buddyinfo, accounting, holes, NUMA nodes) redone
from the map and checked against recorded logs."""

from __future__ import annotations

import re
import unittest
from dataclasses import replace

from scripts.hvlib.log import strip_log

from . import configs, memreport, run_tests
from . import judge as judge_module
from .fixtures import BY_NAME, log
from .judge import judge


class MemReportParseTest(unittest.TestCase):
    def test_map_lines(self):
        entries = memreport.last_map(log("memreport-3G.log"))
        self.assertEqual(len(entries), 6)
        self.assertEqual(entries[3], memreport.Entry(0x100000, 0xbffe0000, "usable"))
        self.assertEqual(entries[5].kind, "reserved")

    def test_last_map_wins(self):
        maps = memreport.parse_maps(log("memreport-mem-512M.log"))
        self.assertEqual(len(maps), 2)
        self.assertEqual(maps[0][3].end, 0xbffe0000)
        self.assertEqual(memreport.last_map(log("memreport-mem-512M.log"))[3].end,
                         0x20000000)

    def test_no_map(self):
        self.assertIsNone(memreport.last_map(log("nested.log")))
        self.assertEqual(memreport.check(log("nested.log")),
                         ["memory report: no e820 map (' BIOS-e820:' lines) in the log"])

    def test_memparse(self):
        self.assertEqual(memreport.memparse("512M"), 512 << 20)
        self.assertEqual(memreport.memparse("4g"), 4 << 30)
        self.assertEqual(memreport.memparse("0x2000000"), 0x2000000)
        self.assertEqual(memreport.memparse("100K"), 100 << 10)
        self.assertEqual(memreport.memparse("010"), 8)
        self.assertEqual(memreport.memparse("12junk"), 12)
        self.assertEqual(memreport.memparse(""), 0)

    def test_highmem_param(self):
        self.assertIsNone(memreport.highmem_param("mem=512M"))
        self.assertEqual(memreport.highmem_param("highmem=512M"), 131072)
        self.assertEqual(memreport.highmem_param("highmem=1M x highmem=100M"), 25600)
        self.assertEqual(memreport.highmem_param("highmem"), 0)
        self.assertEqual(memreport.highmem_param("/boot/highmem=1M"), None)


def _qemu_map(top: int, above_4g: int = 0) -> list:
    """The map QEMU gives a pc guest with RAM up to top (and above 4 GiB)."""
    Entry = memreport.Entry
    entries = [Entry(0, 0x9fc00, "usable"), Entry(0x9fc00, 0xa0000, "reserved"),
               Entry(0xf0000, 0x100000, "reserved"), Entry(0x100000, top - 0x20000, "usable"),
               Entry(top - 0x20000, top, "reserved"), Entry(0xfffc0000, 1 << 32, "reserved")]
    if above_4g:
        entries.append(Entry(1 << 32, (1 << 32) + above_4g, "usable"))
    return entries


class MemReportComputeTest(unittest.TestCase):
    def test_3g_known_good(self):
        report = memreport.compute(memreport.last_map(log("memreport-3G.log")))
        self.assertEqual((report.highmem_mb, report.lowmem_mb), (2175, 896))
        self.assertEqual(report.zones, (4096, 225280, 557024))
        self.assertEqual(report.totalpages, 786400)
        self.assertEqual(report.notes, ())

    def test_16m_is_all_dma(self):
        report = memreport.compute(_qemu_map(16 << 20))
        self.assertEqual(report.zones, (4064, 0, 0))
        self.assertEqual((report.highmem_mb, report.lowmem_mb), (0, 15))

    def test_ram_above_4g_is_dropped_with_a_warning(self):
        report = memreport.compute(_qemu_map(3 << 30, above_4g=3 << 30))
        self.assertEqual(report.max_pfn, 0xbffe0)
        self.assertEqual(report.notes[0], "Warning only 4GB will be used.")

    def test_pae_keeps_ram_above_4g_as_highmem(self):
        # -m 8G: 3 GiB below the PCI hole, 5 GiB from 4 GiB up (issue 12).
        report = memreport.compute(_qemu_map(3 << 30, above_4g=5 << 30),
                                   phys_bits=memreport.PHYS_BITS_PAE)
        self.assertEqual(report.max_pfn, 0x240000)
        self.assertEqual((report.highmem_mb, report.lowmem_mb), (8320, 896))
        self.assertEqual(report.notes, ())

    def test_pae_caps_at_64g_without_the_pae_advice(self):
        entries = [memreport.Entry(0, 0x9fc00, "usable"),
                   memreport.Entry(0x100000, 80 << 30, "usable")]
        report = memreport.compute(entries, phys_bits=memreport.PHYS_BITS_PAE)
        self.assertEqual(report.max_pfn, 1 << 24)
        self.assertEqual(report.notes, ("Warning only 64GB will be used.",))

    def test_pae_on_a_32_bit_cpu_stops_at_4g(self):
        report = memreport.compute(_qemu_map(3 << 30, above_4g=3 << 30),
                                   phys_bits=memreport.PHYS_BITS_PAE, cpu_phys_bits=32)
        self.assertEqual(report.max_pfn, 1 << 20)
        self.assertEqual(report.notes, ("Warning only 4GB will be used: the CPU has 32 "
                                        "physical address bits.",))

    def test_ram_crossing_4g_is_capped(self):
        entries = [memreport.Entry(0, 0x9fc00, "usable"),
                   memreport.Entry(0x100000, 0x140000000, "usable")]
        self.assertEqual(memreport.compute(entries).max_pfn, 0x100000)

    def test_partial_pages_do_not_count(self):
        entries = [memreport.Entry(0, 0x9fc00, "usable"),
                   memreport.Entry(0x100000, 0x2000800, "usable")]
        self.assertEqual(memreport.compute(entries).max_pfn, 0x2000)

    def test_highmem_above_896m_caps_ram(self):
        report = memreport.compute(_qemu_map(3 << 30), highmem_pages=131072)
        self.assertEqual((report.highmem_mb, report.lowmem_mb), (512, 896))
        self.assertEqual(report.zones, (4096, 225280, 131072))

    def test_highmem_above_896m_too_big(self):
        report = memreport.compute(_qemu_map(3 << 30), highmem_pages=(4 << 30) >> 12)
        self.assertEqual(report.highmem_mb, 2175)
        self.assertEqual(report.notes, ("only 2175MB highmem pages available, "
                                        "ignoring highmem size of 4096MB.",))

    def test_highmem_below_896m_moves_the_line(self):
        report = memreport.compute(_qemu_map(512 << 20), highmem_pages=25600)
        self.assertEqual((report.highmem_mb, report.lowmem_mb), (100, 411))
        self.assertEqual(report.zones, (4096, 101344, 25600))
        self.assertEqual(report.totalpages, 131040)

    def test_highmem_below_896m_ignored(self):
        bigger = memreport.compute(_qemu_map(512 << 20), highmem_pages=(600 << 20) >> 12)
        self.assertEqual(bigger.notes, ("highmem size specified (600MB) is bigger than "
                                        "pages available (511MB)!.",))
        small = memreport.compute(_qemu_map(512 << 20), highmem_pages=(480 << 20) >> 12)
        self.assertEqual(small.notes, ("highmem size 480MB results in smaller than "
                                       "64MB lowmem, ignoring it.",))
        for report in (bigger, small):
            self.assertEqual((report.highmem_mb, report.lowmem_mb), (0, 511))


class MemReportCheckTest(unittest.TestCase):
    def test_recorded_logs_pass(self):
        for name, cmdline in (("memreport-3G.log", ""), ("memreport-6G.log", ""),
                              ("memreport-mem-512M.log", "mem=512M"),
                              ("memreport-highmem-512M.log", "highmem=512M"),
                              ("memreport-highmem-100M.log", "highmem=100M"),
                              ("passing.log", "")):
            with self.subTest(log=name):
                self.assertEqual(memreport.check(strip_log(log(name)), cmdline), [])

    def test_wrong_zone_is_caught(self):
        text = log("memreport-3G.log").replace("zone(1): 225280 pages.",
                                               "zone(1): 225281 pages.")
        self.assertEqual(memreport.check(text), [
            "memory report: expected 'zone(1): 225280 pages.', "
            "printed 'zone(1): 225281 pages.'"])

    def test_missing_line_is_caught(self):
        text = log("memreport-3G.log").replace("zone(2): 557024 pages.", "")
        self.assertEqual(memreport.check(text), [
            "memory report: expected 'zone(2): 557024 pages.', not printed"])

    def test_wrong_sizes_are_caught(self):
        text = (log("memreport-3G.log").replace("2175MB HIGHMEM", "2176MB HIGHMEM")
                .replace("totalpages: 786400", "totalpages: 786401"))
        reasons = memreport.check(text)
        self.assertEqual(len(reasons), 2)
        self.assertIn("expected '2175MB HIGHMEM available.'", reasons[0])
        self.assertIn("printed 'On node 0 totalpages: 786401'", reasons[1])

    def test_highmem_param_is_honoured(self):
        text = log("memreport-highmem-512M.log")
        self.assertEqual(memreport.check(text, "highmem=512M"), [])
        self.assertTrue(memreport.check(text, ""))

    def test_4g_warning_must_match_the_map(self):
        without = log("memreport-6G.log").replace("Warning only 4GB will be used.", "")
        self.assertEqual(memreport.check(without), [
            "memory report: expected 'Warning only 4GB will be used.', not printed"])
        spurious = log("memreport-3G.log") + "[    0.1] Warning only 4GB will be used.\n"
        self.assertEqual(memreport.check(spurious), [
            "memory report: unexpected 'Warning only 4GB will be used.'"])

    def test_judge_runs_the_check(self):
        config = BY_NAME["kernel-3G"]
        self.assertTrue(judge(config, 33, log("memreport-3G.log")).ok)
        bad = log("memreport-3G.log").replace("zone(0): 4096", "zone(0): 4095")
        verdict = judge(config, 33, bad)
        self.assertFalse(verdict.ok)
        self.assertIn("memory report: expected 'zone(0): 4096 pages.'", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (30, 1))

    def test_judge_needs_a_map_only_when_asked(self):
        text = log("nested.log")
        self.assertIn("no e820 map", judge(BY_NAME["kernel-3G"], 35, text).reason)
        off = replace(BY_NAME["kernel-3G"], check_memory_report=False)
        self.assertNotIn("memory report", judge(off, 35, text).reason)


def _edit(name: str, old: str, new: str) -> str:
    """A recorded log with one piece of text changed (it must be there)."""
    text = log(name)
    if old not in text:
        raise AssertionError(f"{old!r} not in {name}")
    return text.replace(old, new, 1)


_MEMORY_3G = ("Memory: 3129596k/3145600k available (34k kernel code, 15616k reserved, "
              "18k data, 104k init, 2228096k highmem)")
_ACCOUNTING_3G = "accounting: ram 786303 pages = free 782425 + reserved 3878 (ok)"
_HIGHMEM_3G = ("Node 0, zone  HighMem      0      0      0      0      0      1      1"
               "      1      1   1087")


class MemReportRamTest(unittest.TestCase):
    def test_ram_pages_3g(self):
        entries = memreport.last_map(log("memreport-3G.log"))
        self.assertEqual(memreport.ram_pages(entries, 0, 0xbffe0), 786303)
        self.assertEqual(memreport.ram_pages(entries, 0x38000, 0xbffe0), 557024)
        self.assertEqual(memreport.ram_pages(entries, 0, 0x1000), 159 + 0xf00)

    def test_ram_pages_round_inwards_and_skip_holes(self):
        Entry = memreport.Entry
        entries = [Entry(0x800, 0x3800, "usable"), Entry(0x3800, 0x5000, "reserved"),
                   Entry(0x5000, 0x8000, "usable")]
        self.assertEqual(memreport.ram_pages(entries, 0, 16), 2 + 3)  # pfns 1-2 and 5-7
        self.assertEqual(memreport.ram_pages(entries, 2, 6), 1 + 1)   # pfns 2 and 5

    def test_ram_pages_counts_overlaps_once(self):
        Entry = memreport.Entry
        entries = [Entry(0, 0x4000, "usable"), Entry(0x2000, 0x6000, "usable")]
        self.assertEqual(memreport.ram_pages(entries, 0, 16), 6)

    def test_hole_map(self):
        """memmap= holes in ZONE_NORMAL: RAM below max_pfn drops by their pages."""
        entries = memreport.last_map(log("retire-batch-hole-1G.log"))
        report = memreport.compute(entries)
        self.assertEqual(report.max_pfn, 0x3ffe0)
        holes = (5 << 20 >> 12) + (300 << 10 >> 12)
        self.assertEqual(memreport.ram_pages(entries, 0, report.max_pfn),
                         0x3ffe0 - 0x100 + 159 - holes)
        self.assertEqual(memreport.ram_pages(entries, report.max_low_pfn, report.max_pfn),
                         32736)

    def test_zone_ranges_skip_empty_zones(self):
        report = memreport.compute(_qemu_map(128 << 20))
        self.assertEqual(report.zone_ranges(), [("DMA", 0, 4096), ("Normal", 4096, 32736)])
        report = memreport.compute(_qemu_map(16 << 20))
        self.assertEqual([name for name, _, _ in report.zone_ranges()], ["DMA"])


class BuddyinfoParseTest(unittest.TestCase):
    def test_table(self):
        table = memreport.buddyinfo(log("memreport-3G.log"))
        self.assertEqual([zone.zone for zone in table], ["DMA", "Normal", "HighMem"])
        self.assertEqual(table[2].counts, (0, 0, 0, 0, 0, 1, 1, 1, 1, 1087))
        self.assertEqual(table[2].pages, 557024)
        self.assertEqual(table[2].render(), _HIGHMEM_3G)

    def test_only_the_first_table(self):
        text = log("passing.log") + "[    0.9] Node 0, zone      DMA" + "      0" * 10 + "\n"
        self.assertEqual(len(memreport.buddyinfo(text)), 2)
        self.assertEqual(memreport.buddyinfo(text)[0].counts[0], 4)

    def test_no_table(self):
        self.assertEqual(memreport.buddyinfo(log("nested.log")), [])
        self.assertEqual(memreport.format_buddyinfo([]), "(no buddyinfo lines)")


class MemReportMemInitTest(unittest.TestCase):
    """The report mem_init(), free_initmem() and the census print: each rule
    on a recorded boot, and each broken on purpose."""

    def test_recorded_boots_pass(self):
        for name, cmdline in (("memreport-3G.log", ""), ("retire-page-hole-1G.log", ""),
                              ("retire-batch-hole-1G.log", ""), ("passing.log", ""),
                              ("memreport-highmem-100M.log", "highmem=100M")):
            with self.subTest(log=name):
                self.assertEqual(memreport.check(log(name), cmdline), [])

    def test_memory_line_missing(self):
        text = _edit("memreport-3G.log", _MEMORY_3G, "")
        self.assertIn("memory report: no 'Memory:' line (mem_init() did not finish?)",
                      memreport.check(text))

    def test_memory_line_shape(self):
        text = _edit("memreport-3G.log", "2228096k highmem)", "2228096K highmem)")
        self.assertEqual(memreport.check(text), [
            "memory report: 'Memory:' line not in 2.4's shape: '"
            + _MEMORY_3G.replace("2228096k", "2228096K") + "'"])

    def test_memory_total_is_max_pfn(self):
        text = _edit("memreport-3G.log", "/3145600k", "/3145596k")
        self.assertEqual(memreport.check(text), [
            "memory report: 'Memory:' total 3145596k, expected 3145600k "
            "(max_pfn 786400 pages)"])

    def test_memory_highmem_is_highmem_ram(self):
        text = _edit("memreport-3G.log", "2228096k highmem", "2228092k highmem")
        self.assertIn("memory report: 'Memory:' highmem 2228092k, expected 2228096k "
                      "(RAM pages from max_low_pfn 229376 to max_pfn 786400)",
                      memreport.check(text))

    def test_memory_reserved_is_low_ram_not_free(self):
        """The reserved count is the low RAM not free right after mem_init()."""
        line = next(l for l in log("memreport-3G.log").splitlines() if "Memory: " in l)
        reserved = re.search(r"(\d+)k reserved", line).group(1)
        text = _edit("memreport-3G.log", f"{reserved}k reserved", f"{int(reserved) + 4}k reserved")
        reasons = memreport.check(text)
        self.assertEqual(len(reasons), 1, reasons)
        self.assertIn(f"'Memory:' reserved {int(reserved) + 4}k, but low RAM", reasons[0])

    def test_memory_highmem_zero_without_highmem(self):
        text = _edit("passing.log", "0k highmem)", "4k highmem)")
        self.assertIn("memory report: 'Memory:' highmem 4k, expected 0k "
                      "(RAM pages from max_low_pfn 32736 to max_pfn 32736)",
                      memreport.check(text))

    def test_memory_highmem_follows_highmem_param(self):
        text = log("memreport-highmem-100M.log")
        self.assertIn("102400k highmem)", text)
        self.assertIn("memory report: 'Memory:' highmem 102400k, expected 0k "
                      "(RAM pages from max_low_pfn 131040 to max_pfn 131040)",
                      memreport.check(text, ""))

    def test_accounting_missing(self):
        text = _edit("memreport-3G.log", _ACCOUNTING_3G, "")
        self.assertEqual(memreport.check(text), [
            "memory report: no 'accounting:' line (boot did not reach the census?)"])

    def test_accounting_mismatch(self):
        bad = _ACCOUNTING_3G.replace("(ok)", "(MISMATCH)")
        text = _edit("memreport-3G.log", _ACCOUNTING_3G, bad)
        self.assertEqual(memreport.check(text), [
            f"memory report: accounting says (MISMATCH): '{bad}'"])

    def test_accounting_ram_from_the_map(self):
        text = _edit("memreport-3G.log", _ACCOUNTING_3G,
                     "accounting: ram 786304 pages = free 782426 + reserved 3878 (ok)")
        self.assertEqual(memreport.check(text), [
            "memory report: accounting counts ram 786304 pages, expected 786303 "
            "(RAM pages below max_pfn 786400)"])

    def test_accounting_free_plus_reserved(self):
        text = _edit("memreport-3G.log", "free 782425", "free 782424")
        self.assertEqual(memreport.check(text), [
            "memory report: accounting free 782424 + reserved 3878 = 786302, "
            "not ram 786303"])

    def test_accounting_shape(self):
        text = _edit("memreport-3G.log", "3878 (ok)", "3878 ok")
        self.assertEqual(memreport.check(text), [
            "memory report: 'accounting:' line not in its shape: "
            "'accounting: ram 786303 pages = free 782425 + reserved 3878 ok'"])

    def test_buddyinfo_missing(self):
        text = log("memreport-3G.log")
        for zone in memreport.buddyinfo(text):
            text = text.replace(zone.render(), "")
        self.assertEqual(memreport.check(text), [
            "memory report: no buddyinfo lines (expected DMA, Normal, HighMem)"])

    def test_buddyinfo_zone_missing(self):
        text = _edit("memreport-3G.log", _HIGHMEM_3G, "")
        self.assertEqual(memreport.check(text), [
            "memory report: buddyinfo zones DMA, Normal, expected DMA, Normal, HighMem "
            "(one line per non-empty zone)"])

    def test_buddyinfo_empty_zone_printed(self):
        empty = "Node 0, zone  HighMem" + "      0" * 10 + " "
        text = _edit("passing.log", "      2     54 \n",
                     "      2     54 \n[    0.000000] " + empty + "\n")
        self.assertEqual(memreport.check(text), [
            "memory report: buddyinfo zones DMA, Normal, HighMem, expected DMA, Normal "
            "(one line per non-empty zone)"])

    def test_buddyinfo_zone_order(self):
        text = log("memreport-3G.log")
        dma, normal, _ = memreport.buddyinfo(text)
        text = (text.replace(dma.render(), "@DMA@").replace(normal.render(), dma.render())
                .replace("@DMA@", normal.render()))
        self.assertEqual(memreport.check(text), [
            "memory report: buddyinfo zones Normal, DMA, HighMem, expected DMA, Normal, "
            "HighMem (one line per non-empty zone)"])

    def test_buddyinfo_highmem_not_above_highmem_ram(self):
        too_many = _HIGHMEM_3G.replace("   1087", "   1088")
        text = _edit("memreport-3G.log", _HIGHMEM_3G, too_many)
        self.assertEqual(memreport.check(text), [
            "memory report: buddyinfo HighMem holds 557536 free pages, more than its "
            "557024 RAM pages"])

    def test_buddyinfo_format(self):
        squashed = " ".join(_HIGHMEM_3G.split())
        text = _edit("memreport-3G.log", _HIGHMEM_3G, squashed)
        self.assertEqual(memreport.check(text), [
            f"memory report: buddyinfo line not in /proc/buddyinfo's format: '{squashed}'"])

    def test_buddyinfo_orders(self):
        short = _HIGHMEM_3G[:-len("   1087")]
        text = _edit("memreport-3G.log", _HIGHMEM_3G, short)
        self.assertEqual(memreport.check(text), [
            "memory report: buddyinfo for HighMem has 9 orders, expected 10"])

    def test_buddyinfo_unparsable(self):
        text = log("memreport-3G.log")
        for zone in memreport.buddyinfo(text):
            text = text.replace(zone.render(), zone.render().replace("      ", "\tx"))
        reasons = memreport.check(text)
        self.assertEqual(len(reasons), 1)
        self.assertTrue(reasons[0].startswith(
            "memory report: buddyinfo line not in /proc/buddyinfo's format: 'Node 0, zone"))

    def test_timing_lines(self):
        text = _edit("memreport-3G.log", "mem_init timing:", "mem_init took:")
        text = text.replace("free_initmem timing:", "free_initmem took:")
        self.assertEqual(memreport.check(text), [
            "memory report: no 'mem_init timing:' line",
            "memory report: no 'free_initmem timing:' line"])

    def test_order_memory_before_zones(self):
        text = _edit("memreport-3G.log", _MEMORY_3G, "bootmem up")
        text = text.replace("zone(0): 4096 pages.", _MEMORY_3G + "\n[    0.1] zone(0): 4096 pages.")
        self.assertEqual(memreport.check(text), [
            f"memory report: Memory: ('{_MEMORY_3G}') printed before the end of "
            "zone lines ('zone(2): 557024 pages.')"])

    def test_order_accounting_before_freeing(self):
        freeing = "Freeing unused kernel memory: 104k freed"
        text = _edit("memreport-3G.log", _ACCOUNTING_3G, "census")
        text = text.replace(freeing, _ACCOUNTING_3G + "\n[    0.3] " + freeing)
        self.assertEqual(memreport.check(text), [
            f"memory report: accounting ('{_ACCOUNTING_3G}') printed before the end of "
            f"Freeing unused kernel memory ('{freeing}')"])

    def test_order_buddyinfo_after_freeing(self):
        freeing = "Freeing unused kernel memory: 104k freed"
        text = log("memreport-3G.log")
        table = memreport.buddyinfo(text)
        for zone in table:
            text = text.replace(zone.render(), "")
        moved = "".join(f"\n[    0.3] {zone.render()} " for zone in table)
        text = text.replace(freeing, freeing + moved)
        self.assertEqual(memreport.check(text), [
            f"memory report: Freeing unused kernel memory ('{freeing}') printed before "
            f"the end of buddyinfo ('{_HIGHMEM_3G}')"])

    def test_ktap_between_report_lines_is_fine(self):
        text = log("memreport-3G.log")
        self.assertLess(text.index("Node 0, zone"), text.index("# Subtest: buddy"))
        self.assertLess(text.index("# Subtest: buddy"), text.index("Freeing unused"))
        self.assertEqual(memreport.check(text), [])

    def test_judge_reports_the_new_rules(self):
        text = _edit("memreport-3G.log", "/3145600k", "/3145596k")
        verdict = judge(BY_NAME["kernel-3G"], 33, text)
        self.assertFalse(verdict.ok)
        self.assertIn("'Memory:' total 3145596k, expected 3145600k", verdict.reason)


# --- holes in the middle of RAM, mem= with highmem=, KVM runs, page columns ---

_HOLE_LOGS = ("cutmem-subpage-128M", "memmap-subpage-128M", "cutmem-896M-3G")


class HoleReportTest(unittest.TestCase):
    """Recorded boots with holes, against the memory report and the hole rule."""

    def test_recorded_hole_boots_pass(self):
        for name in _HOLE_LOGS:
            with self.subTest(name=name):
                verdict = judge(BY_NAME[name], 33, log(f"{name}.log"))
                self.assertTrue(verdict.ok, verdict.reason)
                self.assertEqual(verdict.cases, 30)

    def test_cutmem_map_keeps_the_odd_addresses(self):
        text = log("cutmem-subpage-128M.log")
        self.assertIn("via Multiboot2", text)
        self.assertIn(" BIOS-e820: 0000000000100000 - 0000000002000800 (usable)", text)
        self.assertIn(" BIOS-e820: 00000000020ff800 - 0000000007fe0000 (usable)", text)
        entries = memreport.last_map(text)
        self.assertEqual([(e.start, e.end) for e in entries if e.kind == "usable"],
                         [(0, 0x9f800), (0x100000, 0x2000800), (0x20ff800, 0x7fe0000)])

    def test_subpage_hole_rounds_inwards(self):
        """Pages 0x2000 (RAM up to 0x2000800) and 0x20ff (RAM from 0x20ff800)
        are only part RAM, so not RAM at all: the hole costs 256 pages, not
        254, and the kernel's census agrees."""
        Entry = memreport.Entry
        entries = memreport.last_map(log("cutmem-subpage-128M.log"))
        whole = [e for e in entries if e.start not in (0x100000, 0x20ff800)] \
            + [Entry(0x100000, 0x7fe0000, "usable")]
        top = memreport.compute(entries).max_pfn
        self.assertEqual(top, memreport.compute(whole).max_pfn)
        self.assertEqual(memreport.ram_pages(whole, 0, top)
                         - memreport.ram_pages(entries, 0, top), 0x2100 - 0x2000)
        for pfn, ram in ((0x1fff, 1), (0x2000, 0), (0x20ff, 0), (0x2100, 1)):
            self.assertEqual(memreport.ram_pages(entries, pfn, pfn + 1), ram, hex(pfn))
        self.assertEqual(memreport.accounting(log("cutmem-subpage-128M.log")).ram,
                         memreport.ram_pages(entries, 0, top))

    def test_memmap_subpage_hole_rounds_inwards(self):
        """memmap=0x5800$0x2001400 reserves 0x2001400-0x2006c00: six pages,
        0x2001 to 0x2006, of which only four lie wholly inside."""
        text = log("memmap-subpage-128M.log")
        self.assertIn(" user: 0000000002001400 - 0000000002006c00 (reserved)", text)
        entries = memreport.last_map(text)
        self.assertEqual(memreport.ram_pages(entries, 0x2000, 0x2008), 2)
        census = memreport.accounting(text)
        kernel_128m = memreport.accounting(log("passing.log"))
        self.assertEqual(kernel_128m.ram - census.ram, 6)

    def test_outward_rounding_is_caught(self):
        """A kernel that counted the two part pages as RAM fails the census check."""
        text = _edit("cutmem-subpage-128M.log", "ram 32383 pages = free 32184",
                     "ram 32385 pages = free 32186")
        self.assertEqual(memreport.check(text, "bootmem_retire=batch"), [
            "memory report: accounting counts ram 32385 pages, expected 32383 "
            "(RAM pages below max_pfn 32736)"])

    def test_hole_rule(self):
        entries = memreport.last_map(log("cutmem-subpage-128M.log"))
        self.assertEqual(memreport.hole_reasons(entries, ((0x2000800, 0x20ff800),)), [])
        # A loader that rounded the hole out to whole pages:
        self.assertEqual(memreport.hole_reasons(entries, ((0x2000000, 0x2100000),)), [
            "hole 0x2000000-0x2100000: usable RAM 0x100000-0x2000800 overlaps it",
            "hole 0x2000000-0x2100000: usable RAM 0x20ff800-0x7fe0000 overlaps it",
            "hole 0x2000000-0x2100000: no usable RAM in the map ends at 0x2000000",
            "hole 0x2000000-0x2100000: no usable RAM in the map begins at 0x2100000"])
        # A reserved entry is not RAM: memmap='s hole passes as GRUB's does.
        user = memreport.last_map(log("memmap-subpage-128M.log"))
        self.assertEqual(memreport.hole_reasons(user, ((0x2001400, 0x2006c00),)), [])

    def test_judge_fails_a_boot_without_its_hole(self):
        """cutmem ignored (or memmap= not applied): the map has no hole."""
        verdict = judge(BY_NAME["cutmem-subpage-128M"], 33, log("passing.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("hole 0x2000800-0x20ff800: usable RAM 0x100000-0x7fe0000 overlaps it",
                      verdict.reason)
        moved = log("memmap-subpage-128M.log").replace("0000000002006c00", "0000000002007000")
        verdict = judge(BY_NAME["memmap-subpage-128M"], 33, moved)
        self.assertIn("hole 0x2001400-0x2006c00: no usable RAM in the map begins at "
                      "0x2006c00", verdict.reason)
        no_map = judge(replace(BY_NAME["memmap-subpage-128M"], check_memory_report=False),
                       33, log("nested.log"))
        self.assertIn("holes: no e820 map in the log to find them in", no_map.reason)

    def test_hole_across_896m(self):
        """cutmem 0x37000000 0x39000000 at 3G: 4096 pages out of each of
        ZONE_NORMAL and ZONE_HIGHMEM; 896 MiB itself is in the hole."""
        text = log("cutmem-896M-3G.log")
        entries = memreport.last_map(text)
        report = memreport.compute(entries)
        self.assertEqual(report.zones, (4096, 225280, 557024))
        self.assertEqual(memreport.ram_pages(entries, 0x37000, 0x38000), 0)
        self.assertEqual(memreport.ram_pages(entries, 0x38000, report.max_pfn), 557024 - 4096)
        self.assertIn("2211712k highmem)", text)
        self.assertIn(r"2211712k highmem\)", BY_NAME["cutmem-896M-3G"].expect_text)
        self.assertIn(r"2211712k highmem\)", BY_NAME["memmap-896M-3G"].expect_text)
        self.assertIn(r"114560k highmem\)", BY_NAME["cutmem-896M-1G"].expect_text)


class MemAndHighmemTest(unittest.TestCase):
    """mem= and highmem= on one command line: mem= cuts the map, then
    find_max_low_pfn() applies highmem= to what is left."""

    @staticmethod
    def _report(name: str) -> memreport.Report:
        config = BY_NAME[name]
        limit = memreport.memparse(config.cmdline.split()[0].partition("=")[2])
        Entry = memreport.Entry
        entries = [Entry(0, 0x9fc00, "usable"), Entry(0x100000, limit, "usable")]
        return memreport.compute(entries, memreport.highmem_param(config.cmdline))

    def test_reports(self):
        for name, mb, notes in (
                ("mem-2G-highmem-256M-at-3G", (256, 896), ()),
                ("mem-1G-highmem-512M-at-3G", (128, 896),
                 ("only 128MB highmem pages available, ignoring highmem size of 512MB.",)),
                ("mem-512M-highmem-100M-at-3G", (100, 412), ())):
            with self.subTest(name=name):
                self.assertEqual(BY_NAME[name].mem, "3G")
                report = self._report(name)
                self.assertEqual(((report.highmem_mb, report.lowmem_mb), report.notes),
                                 (mb, notes))
                self.assertIn(rf"^{mb[0]}MB HIGHMEM available\.$",
                              BY_NAME[name].expect_text)

    def test_2g_with_256m_highmem(self):
        config = BY_NAME["mem-2G-highmem-256M-at-3G"]
        self.assertEqual(config.cmdline, "mem=2G highmem=256M")
        self.assertEqual(self._report(config.name).zones, (4096, 225280, 65536))
        self.assertIn(r"262144k highmem\)", config.expect_text)


# --- NUMA: nodes from the SRAT or numa=fake=, judged node by node ---------------

# numa-spec-1G-2G.log: a 3G boot with QEMU nodes of 1G and 2G written from
# the NUMA log formats (SRAT lines, 'Early memory node ranges', 'Initmem
# setup node', per-node totalpages, zones, buddyinfo and census) on top of
# a recorded UMA boot of the same map.  The numa-*.log files named after
# configs are recorded boots of the NUMA kernel (re-recorded with its bitmap moves).
_NUMA_SPEC = "numa-spec-1G-2G.log"
_NUMA_RECORDED = ("numa-fake-4-1G", "numa-3-cutmem-2G", "numa-off-2G", "numa-pae-4G-4G")
_NODE0_ACCT = "accounting: node 0: ram 262047 pages = free 258160 + reserved 3887 (ok)"
_NODE1_ACCT = "accounting: node 1: ram 524256 pages = free 524256 + reserved 0 (ok)"
_TOTAL_ACCT = "accounting: ram 786303 pages = free 782416 + reserved 3887 (ok)"


def _numa_check(text: str, nodes: int | None = 2, cmdline: str = "") -> list[str]:
    return memreport.check(strip_log(text), cmdline, nodes=nodes)


def _drop_lines(text: str, *needles: str) -> str:
    """The log without every line containing one of needles (each must be there)."""
    for needle in needles:
        if needle not in text:
            raise AssertionError(f"{needle!r} not in the log")
    return "".join(line for line in text.splitlines(keepends=True)
                   if not any(needle in line for needle in needles))


class NumaReportTest(unittest.TestCase):
    """Per-node judging on the spec log, each rule broken on purpose, and
    on recorded NUMA boots."""

    def test_spec_log_passes(self):
        self.assertEqual(_numa_check(log(_NUMA_SPEC)), [])
        verdict = judge(BY_NAME["numa-1G-2G"], 33, log(_NUMA_SPEC))
        self.assertTrue(verdict.ok, verdict.reason)

    def test_recorded_numa_boots_pass(self):
        for name in _NUMA_RECORDED:
            with self.subTest(name=name):
                verdict = judge(BY_NAME[name], 33, log(f"{name}.log"))
                self.assertTrue(verdict.ok, verdict.reason)

    def test_lodged_bitmap_checked_in_sum(self):
        """A bitmap that stayed on another node is freed there: node by node
        the retirement counts differ from the buddyinfo rows, but their sum
        must still match, and a changed count must fail."""
        name = "numa-modules-16M-16M-96M"
        text = log(f"{name}.log")
        self.assertTrue(judge(BY_NAME[name], 33, text).ok)
        line = next(l for l in text.splitlines() if "Node 0: free_all_bootmem_node:" in l)
        pages = int(line.rsplit(" ", 2)[-2])
        bad = text.replace(line, line.replace(f": {pages} pages", f": {pages - 1} pages"))
        verdict = judge(BY_NAME[name], 33, bad)
        self.assertFalse(verdict.ok)
        self.assertIn("free_all_bootmem_node() gave", verdict.reason)

    def test_node_ranges(self):
        source, ranges = memreport.node_ranges(log(_NUMA_SPEC))
        self.assertEqual(source, "SRAT")
        self.assertEqual([(r.node, r.start, r.end, r.pxm) for r in ranges],
                         [(0, 0, 0xa0000, 0), (0, 0x100000, 0x40000000, 0),
                          (1, 0x40000000, 0xc0000000, 1)])
        hot = memreport.node_ranges(
            "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug")[1][0]
        self.assertEqual((hot.start, hot.end, hot.hotplug), (1 << 32, 0x180000000, True))
        source, ranges = memreport.node_ranges(log("numa-fake-4-1G.log"))
        self.assertEqual((source, len(ranges), ranges[3].end), ("numa=fake", 4, 0x3ffe0000))

    def test_compute_nodes(self):
        text = log(_NUMA_SPEC)
        entries = memreport.last_map(text)
        report = memreport.compute(entries)
        nodes = memreport.compute_nodes(entries, report, memreport.node_ranges(text)[1])
        self.assertEqual(nodes[0].ram, ((0, 0x9f), (0x100, 0x40000)))
        self.assertEqual((nodes[0].pages, nodes[0].span, nodes[0].zones),
                         (262047, (0, 0x40000), (4096, 225280, 32768)))
        self.assertEqual((nodes[1].pages, nodes[1].span, nodes[1].zones),
                         (524256, (0x40000, 0xbffe0), (0, 0, 524256)))

    def test_node_ram_off_by_one_page(self):
        text = _edit(_NUMA_SPEC, "node   1: [mem 0x0000000040000000-0x00000000bffdffff]",
                     "node   1: [mem 0x0000000040000000-0x00000000bffdefff]")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: 'Early memory node ranges' give it [mem 0x40000000-0xbffdefff] "
            "(524255 pages), expected [mem 0x40000000-0xbffdffff] (524256 pages: the map's "
            "RAM in its ranges)"])
        text = _edit(_NUMA_SPEC, _NODE1_ACCT,
                     "accounting: node 1: ram 524255 pages = free 524255 + reserved 0 (ok)")
        reasons = _numa_check(text)
        self.assertIn("NUMA: node 1: accounting counts ram 524255 pages, expected 524256 "
                      "(its RAM pages in the map)", reasons)

    def test_ranges_not_whole_pages(self):
        text = _edit(_NUMA_SPEC, "0x00000000bffdffff]\n", "0x00000000bffdfffe]\n")
        self.assertIn("NUMA: 'Early memory node ranges' range is not whole pages: "
                      "'node   1: [mem 0x0000000040000000-0x00000000bffdfffe]'",
                      _numa_check(text))

    def test_missing_node(self):
        text = _drop_lines(log(_NUMA_SPEC), "node   1: [mem", "Initmem setup node 1",
                           _NODE1_ACCT)
        text = _edit_text(text, "On node 1 totalpages: 524256", "")
        reasons = _numa_check(text)
        self.assertIn("NUMA: the kernel set up 1 nodes (0), expected 2", reasons)
        self.assertIn("NUMA: node 1 has 524256 RAM pages ([mem 0x40000000-0xbffdffff]) in "
                      "its SRAT ranges, but the kernel did not set it up", reasons)

    def test_node_without_ram_in_the_srat(self):
        text = _drop_lines(log(_NUMA_SPEC), "ACPI: SRAT: Node 1 PXM 1")
        reasons = _numa_check(text)
        self.assertIn("NUMA: 524256 RAM pages below max_pfn 786400 are in no node's SRAT "
                      "range: [mem 0x40000000-0xbffdffff]", reasons)
        self.assertIn("NUMA: the SRAT ranges give RAM to 1 nodes (0), expected 2", reasons)
        self.assertIn("NUMA: node 1 set up, but its SRAT ranges hold no RAM below "
                      "max_pfn 786400", reasons)

    def test_overlapping_ranges(self):
        text = _edit(_NUMA_SPEC, "Node 1 PXM 1 [mem 0x40000000-", "Node 1 PXM 1 [mem 0x3ffff000-")
        self.assertIn("NUMA: SRAT ranges of nodes 0 and 1 overlap: 0x100000-0x3fffffff and "
                      "0x3ffff000-0xbfffffff", _numa_check(text))

    def test_free_plus_reserved_not_ram(self):
        text = _edit(_NUMA_SPEC, _NODE1_ACCT, _NODE1_ACCT.replace("reserved 0", "reserved 1"))
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: accounting free 524256 + reserved 1 = 524257, not ram 524256",
            "NUMA: the nodes' accounting reserved adds up to 3888 pages, the machine's is 3887"])

    def test_node_sums_not_total(self):
        text = _edit(_NUMA_SPEC, _TOTAL_ACCT, _TOTAL_ACCT.replace("free 782416 + reserved 3887",
                                                                  "free 782415 + reserved 3888"))
        self.assertEqual(_numa_check(text), [
            "NUMA: the nodes' accounting free adds up to 782416 pages, the machine's is 782415",
            "NUMA: the nodes' accounting reserved adds up to 3887 pages, the machine's is 3888"])

    def test_node_verdict(self):
        text = _edit(_NUMA_SPEC, _NODE0_ACCT, _NODE0_ACCT.replace("(ok)", "(MISMATCH)"))
        self.assertIn("NUMA: node 0: accounting says (MISMATCH): '"
                      + _NODE0_ACCT.replace("(ok)", "(MISMATCH)") + "'", _numa_check(text))

    def test_zone_split_wrong(self):
        text = log(_NUMA_SPEC).replace("zone(1): 225280 pages.", "zone(1): 225279 pages.")
        text = text.replace("zone(2): 32768 pages.", "zone(2): 32769 pages.")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 0: zone lines zone(0) 4096, zone(1) 225279, zone(2) 32769, expected "
            "zone(0) 4096, zone(1) 225280, zone(2) 32768 (its span split at 16 MiB and at "
            "max_low_pfn 0x38000)"])

    def test_zone_lines_missing(self):
        text = _edit(_NUMA_SPEC, "zone(1): 0 pages.\n", "")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: zone lines zone(0) 0, zone(2) 524256, expected zone(0) 0, "
            "zone(1) 0, zone(2) 524256 (its span split at 16 MiB and at max_low_pfn 0x38000)"])

    def test_span_and_totalpages(self):
        text = _edit(_NUMA_SPEC, "Initmem setup node 1 [mem 0x0000000040000000-",
                     "Initmem setup node 1 [mem 0x000000003ffff000-")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: expected 'Initmem setup node 1 [mem 0x0000000040000000-"
            "0x00000000bffdffff]', printed 'Initmem setup node 1 [mem 0x000000003ffff000-"
            "0x00000000bffdffff]'"])
        text = _edit(_NUMA_SPEC, "On node 0 totalpages: 262144", "On node 0 totalpages: 262047")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 0: expected 'On node 0 totalpages: 262144' (its span, pfn 0x0-0x3ffff), "
            "printed 'On node 0 totalpages: 262047'"])

    def test_buddyinfo_per_node(self):
        node1 = "Node 1, zone  HighMem" + "      0" * 5 + "      1" * 4 + "   1023"
        text = _edit(_NUMA_SPEC, node1, node1.replace("   1023", "   1022"))
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: accounting free 524256 pages, expected its buddyinfo's 523744"])
        node0 = "Node 0, zone  HighMem" + "      0" * 9 + "     64"
        text = _edit(_NUMA_SPEC, node0, node0.replace("     64", "     65"))
        self.assertEqual(_numa_check(text), [
            "NUMA: node 0: buddyinfo HighMem holds 33280 free pages, more than its 32768 "
            "RAM pages",
            "NUMA: node 0: accounting free 258160 pages, expected its buddyinfo's 258656 "
            "+ 16 freed after mem_init()"])
        text = _edit(_NUMA_SPEC, node0 + " \n", "")
        self.assertIn("NUMA: node 0: buddyinfo zones DMA, Normal, expected DMA, Normal, "
                      "HighMem (each zone of its span, in order)", _numa_check(text))
        # A highmem-only node's empty DMA and Normal rows may be left out.
        empty = "Node 1, zone   Normal" + "      0" * 10 + " \n"
        self.assertEqual(_numa_check(_edit(_NUMA_SPEC, empty, "")), [])

    def test_boot_allocator_per_node(self):
        retired = "Node 0: free_all_bootmem_node: 225376 pages"
        text = _edit(_NUMA_SPEC, retired, "Node 0: free_all_bootmem_node: 225375 pages")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 0: 'Node 0: free_all_bootmem_node: 225375 pages', but its "
            "low-memory buddyinfo rows hold 225376 free pages after mem_init()"])
        text = _edit(_NUMA_SPEC, retired, "Node 0: highmem only, no boot allocator")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 0: expected one 'Node 0: free_all_bootmem_node: N pages' line (it "
            "has low memory, so a boot allocator), printed 0"])
        text = _edit(_NUMA_SPEC, "Node 1: highmem only, no boot allocator",
                     "Node 1: free_all_bootmem_node: 0 pages")
        self.assertEqual(_numa_check(text), [
            "NUMA: node 1: no 'Node 1: highmem only, no boot allocator' line (it has no RAM "
            "below max_low_pfn 0x38000)",
            "NUMA: node 1: 'Node 1: free_all_bootmem_node: 0 pages', but it has no RAM below "
            "max_low_pfn 0x38000: no boot allocator"])

    def test_uma_and_numa_expectations(self):
        self.assertEqual(_numa_check(log(_NUMA_SPEC), nodes=0), [
            "NUMA: expected a UMA boot, but the kernel set up nodes: 'Early memory node ranges'"])
        self.assertEqual(_numa_check(log(_NUMA_SPEC), nodes=3), [
            "NUMA: the SRAT ranges give RAM to 2 nodes (0, 1), expected 3",
            "NUMA: the kernel set up 2 nodes (0, 1), expected 3"])
        self.assertEqual(_numa_check(log("memreport-3G.log"), nodes=2), [
            "NUMA: expected 2 nodes, but the kernel set up none (no 'Early memory node "
            "ranges', no 'accounting: node' lines)"])
        self.assertEqual(_numa_check(log("memreport-3G.log"), nodes=0), [])
        verdict = judge(BY_NAME["numa-off-2G"], 33,
                        log("numa-off-2G.log").replace(
                            "accounting: ram", "accounting: node 0: ram 1 pages = free 1 + "
                            "reserved 0 (ok)\n[    1.0] accounting: ram", 1))
        self.assertIn("forbidden text /^accounting: node / found", verdict.reason)
        self.assertIn("NUMA: expected a UMA boot", verdict.reason)

    def test_node_lines_checked_without_numa_config(self):
        """A config that sets no nodes still holds a NUMA log to its rules."""
        config = replace(BY_NAME["numa-1G-2G"], name="x", numa=(), mem="3G",
                         expect_text=(), forbid_text=configs.DEFAULT_FORBID)
        self.assertIsNone(config.nodes)
        self.assertTrue(judge(config, 33, log(_NUMA_SPEC)).ok)
        bad = _edit(_NUMA_SPEC, _NODE1_ACCT, _NODE1_ACCT.replace("reserved 0", "reserved 1"))
        verdict = judge(config, 33, bad)
        self.assertIn("NUMA: node 1: accounting free 524256 + reserved 1", verdict.reason)

    def test_census_order(self):
        text = _edit(_NUMA_SPEC, _NODE1_ACCT + "\n", "")
        text = _edit_text(text, _TOTAL_ACCT + "\n", _TOTAL_ACCT + "\n[    0.5] "
                          + _NODE1_ACCT + "\n")
        self.assertEqual(_numa_check(text), [
            f"NUMA: the machine's census ('{_TOTAL_ACCT}') printed before a node's "
            f"('{_NODE1_ACCT}')"])

    def test_misshapen_lines(self):
        text = _edit(_NUMA_SPEC, _NODE1_ACCT, _NODE1_ACCT.replace("(ok)", "ok"))
        self.assertIn("NUMA: 'accounting: node' line not in its shape: '"
                      + _NODE1_ACCT.replace("(ok)", "ok") + "'", _numa_check(text))
        text = _edit(_NUMA_SPEC, "ACPI: SRAT: Node 1 PXM 1 [mem",
                     "ACPI: SRAT: Node 1 PXM 1 [memory")
        self.assertIn("NUMA: SRAT line not in its shape: "
                      "'ACPI: SRAT: Node 1 PXM 1 [memory 0x40000000-0xbfffffff]'",
                      _numa_check(text))

    def test_machine_report_with_nodes(self):
        """The machine's lines stay checked: the census is the total line,
        HIGHMEM/LOWMEM and Memory: as on a UMA boot; zone lines are per node."""
        text = log(_NUMA_SPEC)
        self.assertEqual(memreport.accounting(text),
                         memreport.Accounting(786303, 782416, 3887, "ok"))
        self.assertEqual(run_tests.page_columns(text),
                         {"free": "782416", "reserved": "3887", "highmem": "557024"})
        self.assertEqual([a.node for a in memreport.node_accounting(text)], [0, 1])
        text = _edit(_NUMA_SPEC, "2175MB HIGHMEM", "2174MB HIGHMEM")
        self.assertEqual(_numa_check(text), [
            "memory report: expected '2175MB HIGHMEM available.', printed "
            "'2174MB HIGHMEM available.'"])
        text = _edit(_NUMA_SPEC, _TOTAL_ACCT, _TOTAL_ACCT.replace("ram 786303", "ram 786302"))
        self.assertIn("memory report: accounting counts ram 786302 pages, expected 786303 "
                      "(RAM pages below max_pfn 786400)", _numa_check(text))

    def test_fake_nodes(self):
        text = log("numa-fake-4-1G.log")
        self.assertEqual(_numa_check(text, nodes=4), [])
        self.assertIn("NUMA: the numa=fake ranges give RAM to 4 nodes (0, 1, 2, 3), expected 3",
                      _numa_check(text, nodes=3))
        moved = _edit("numa-fake-4-1G.log", "Faking node 3 at [mem 0x0000000030000000-",
                      "Faking node 3 at [mem 0x0000000030001000-")
        reasons = _numa_check(moved, nodes=4)
        self.assertIn("NUMA: 1 RAM pages below max_pfn 262112 are in no node's numa=fake "
                      "range: [mem 0x30000000-0x30000fff]", reasons)

    def test_pae_node_above_4g(self):
        text = log("numa-pae-4G-4G.log")
        entries = memreport.last_map(text)
        report = memreport.compute(entries, phys_bits=memreport.PHYS_BITS_PAE)
        nodes = memreport.compute_nodes(entries, report, memreport.node_ranges(text)[1])
        self.assertEqual(nodes[0].ram, ((0, 0x9f), (0x100, 0xbffe0), (0x100000, 0x140000)))
        self.assertEqual(nodes[0].zones, (4096, 225280, 0x140000 - 0x38000))
        self.assertEqual(nodes[1].ram, ((0x140000, 0x240000),))
        # The non-PAE kernel's 4 GiB limit would leave node 1 without RAM.
        self.assertIn("NUMA: node 1 set up, but its SRAT ranges hold no RAM below max_pfn "
                      "786400", memreport.check(strip_log(text), nodes=2))

    def test_compare_buddyinfo_names_nodes(self):
        config = BY_NAME["numa-4x256M-page"]
        spec = log(_NUMA_SPEC)
        changed = spec.replace("      1   1023 \n", "      1   1022 \n", 1)
        reasons = judge_module.compare_buddyinfo(config, changed, spec)
        self.assertEqual(len(reasons), 1)
        self.assertIn("| 1:HighMem 0 0 0 0 0 1 1 1 1 1022]", reasons[0])


def _edit_text(text: str, old: str, new: str) -> str:
    """text with one piece changed (it must be there)."""
    if old not in text:
        raise AssertionError(f"{old!r} not in the text")
    return text.replace(old, new, 1)
