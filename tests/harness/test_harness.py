"""Unit tests for the harness itself: KTAP parsing, judging, commands.

They run on hand-written logs in tests/harness/logs/ and never start QEMU,
so a broken parser or judge is caught before it can bless a broken kernel.
run_tests.py runs them in-process and counts each test in its totals.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
from dataclasses import replace
from pathlib import Path
from unittest import mock

HARNESS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HARNESS_DIR))

import configs  # noqa: E402
import isa  # noqa: E402
import ktap  # noqa: E402
import memreport  # noqa: E402
import qemu  # noqa: E402
import walkthrough  # noqa: E402
import judge as judge_module  # noqa: E402
import run_tests  # noqa: E402
from configs import CONFIGS, FREE_LISTS_LINE, Config  # noqa: E402
from judge import judge  # noqa: E402

LOGS = HARNESS_DIR / "logs"
BY_NAME = {c.name: c for c in CONFIGS}
KERNEL = BY_NAME["kernel-128M"]


def log(name: str) -> str:
    return (LOGS / name).read_text(encoding="utf-8")


def report_128m() -> str:
    """The memory report of a 128M boot without its KTAP document: what a
    boot config's judge needs before any other output is judged."""
    lines = log("passing.log").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.endswith("] KTAP version 1\n"))
    end = next(i for i, line in enumerate(lines) if "# Totals:" in line)
    return "".join(lines[:start] + lines[end + 1:])


def leaf_statuses(document: ktap.Document) -> dict[str, str]:
    return {name: case.status for name, case in document.leaves()}


class TimestampTest(unittest.TestCase):
    def test_strips_prefix_but_keeps_ktap_indent(self):
        self.assertEqual(ktap.strip_timestamp("[    0.003130]     1..3"), "    1..3")

    def test_large_timestamps_and_crlf(self):
        self.assertEqual(ktap.strip_timestamp("[12345.000001] ok 1 a\r\n"), "ok 1 a")

    def test_line_without_prefix_is_unchanged(self):
        self.assertEqual(ktap.strip_timestamp("    ok 1 a"), "    ok 1 a")


class ParsePassingTest(unittest.TestCase):
    def test_complete_and_all_pass(self):
        document = ktap.parse(log("passing.log"))
        self.assertTrue(document.found)
        self.assertTrue(document.complete)
        self.assertEqual(document.counts(), ktap.Counts(passed=9))
        self.assertEqual(document.warnings, [])

    def test_leaf_names_are_dotted(self):
        names = list(leaf_statuses(ktap.parse(log("passing.log"))))
        self.assertEqual(names[:3], ["bootmem.alloc_respects_goal",
                                     "bootmem.reserve_twice_warns",
                                     "bootmem.free_all_returns_pages"])
        self.assertEqual(len(names), 9)

    def test_same_tree_with_and_without_timestamps(self):
        with_ts = ktap.parse(log("passing.log"))
        without = ktap.parse(log("no-timestamps.log"))
        self.assertNotIn("[    0.", log("no-timestamps.log"))
        self.assertEqual(with_ts, without)

    def test_interleaved_kernel_output_is_ignored(self):
        document = ktap.parse(log("passing.log"))
        bootmem = document.tests[0]
        self.assertEqual([c.name for c in bootmem.children],
                         ["alloc_respects_goal", "reserve_twice_warns",
                          "free_all_returns_pages"])

    def test_suite_summary_is_a_suite_diagnostic(self):
        bootmem = ktap.parse(log("passing.log")).tests[0]
        self.assertIn("bootmem: pass:3 fail:0 skip:0 total:3", bootmem.diagnostics)
        self.assertEqual(bootmem.plan, 3)

    def test_totals_line_is_a_document_diagnostic(self):
        document = ktap.parse(log("passing.log"))
        self.assertEqual(document.diagnostics, ["Totals: pass:9 fail:0 skip:0 total:9"])


class ParseFailingTest(unittest.TestCase):
    def setUp(self):
        self.document = ktap.parse(log("failing.log"))

    def test_statuses(self):
        self.assertEqual(leaf_statuses(self.document), {
            "bootmem.alloc_respects_goal": ktap.PASS,
            "bootmem.reserve_twice_warns": ktap.FAIL,
            "buddy": ktap.SKIP,
        })
        self.assertTrue(self.document.complete)

    def test_diagnostics_belong_to_the_failed_case(self):
        case = self.document.tests[0].children[1]
        self.assertEqual(case.diagnostics, [
            "bootmem_test.c:40: Expected a == b, but",
            "    a == 5 (0x5)",
            "    b == 6 (0x6)",
        ])
        self.assertEqual(self.document.tests[0].children[0].diagnostics, [])

    def test_skip_reason(self):
        buddy = self.document.tests[1]
        self.assertEqual((buddy.name, buddy.skip_reason), ("buddy", "no highmem"))

    def test_failures_list_only_the_case(self):
        self.assertEqual([n for n, _ in self.document.failures()],
                         ["bootmem.reserve_twice_warns"])


class ParseCrashTest(unittest.TestCase):
    def test_truncated_log_reports_missing_cases_as_crashed(self):
        document = ktap.parse(log("truncated.log"))
        self.assertTrue(document.found)
        self.assertFalse(document.complete)
        statuses = leaf_statuses(document)
        self.assertEqual(statuses["buddy.alloc_max_order"], ktap.PASS)
        self.assertEqual(statuses["buddy.<missing case 3>"], ktap.CRASHED)
        self.assertEqual(statuses["buddy.<missing case 4>"], ktap.CRASHED)
        self.assertEqual(statuses["<missing case 3>"], ktap.CRASHED)
        self.assertEqual(document.counts(), ktap.Counts(passed=5, crashed=3))
        self.assertEqual(document.tests[1].status, ktap.CRASHED)

    def test_panic_inside_suite(self):
        document = ktap.parse(log("panicking.log"))
        self.assertFalse(document.complete)
        self.assertEqual(document.counts(), ktap.Counts(passed=1, crashed=3))
        # The "#PF:" kernel lines end up as the crashed suite's diagnostics.
        self.assertIn("#PF: supervisor write access in kernel mode",
                      document.tests[0].diagnostics)

    def test_no_document_at_all(self):
        document = ktap.parse(log("crash-null_deref.log"))
        self.assertFalse(document.found)
        self.assertFalse(document.complete)
        self.assertEqual(document.counts().total, 0)

    def test_header_only(self):
        document = ktap.parse("[    0.1] KTAP version 1\n")
        self.assertTrue(document.found)
        self.assertFalse(document.complete)

    def test_suite_without_plan_crashed_before_any_case(self):
        document = ktap.parse("KTAP version 1\n1..1\n    KTAP version 1\n"
                              "    # Subtest: early\n")
        self.assertEqual(leaf_statuses(document), {"early": ktap.CRASHED})


class ParseNestedTest(unittest.TestCase):
    def setUp(self):
        self.document = ktap.parse(log("nested.log"))

    def test_three_levels(self):
        statuses = leaf_statuses(self.document)
        self.assertEqual(statuses["mm.buddy.alloc_orders.order 1"], ktap.PASS)
        self.assertEqual(statuses["mm.buddy.alloc_orders.order 10"], ktap.FAIL)
        self.assertEqual(statuses["mm.bootmem.reserve_twice_warns"], ktap.PASS)
        self.assertTrue(self.document.complete)

    def test_empty_suite_counts_as_itself(self):
        statuses = leaf_statuses(self.document)
        self.assertEqual(statuses["vsprintf"], ktap.SKIP)
        self.assertEqual(self.document.counts(),
                         ktap.Counts(passed=5, failed=1, skipped=1))

    def test_deep_diagnostic(self):
        mm = self.document.tests[0]
        order10 = mm.children[1].children[0].children[2]
        self.assertEqual(order10.diagnostics,
                         ["alloc_orders: order 10 is larger than this zone"])

    def test_failures_point_at_the_leaf(self):
        self.assertEqual([n for n, _ in self.document.failures()],
                         ["mm.buddy.alloc_orders.order 10"])


class ParseSkipTest(unittest.TestCase):
    def test_skips(self):
        document = ktap.parse(log("skip.log"))
        self.assertEqual(document.counts(), ktap.Counts(passed=1, skipped=3))
        self.assertTrue(document.complete)
        reserve = document.tests[1].children[1]
        self.assertEqual(reserve.skip_reason, "PAE is not enabled")

    def test_not_ok_with_skip_is_a_skip(self):
        document = ktap.parse("KTAP version 1\n1..1\nnot ok 1 a # SKIP later\n")
        self.assertEqual(leaf_statuses(document), {"a": ktap.SKIP})


class ParseEdgeCasesTest(unittest.TestCase):
    def test_dash_and_other_directives(self):
        document = ktap.parse("KTAP version 1\n1..2\nok 1 - first\n"
                              "not ok 2 second # TODO not done\n")
        self.assertEqual([c.name for c in document.tests],
                         ["first", "second # TODO not done"])
        self.assertEqual(document.tests[1].status, ktap.FAIL)

    def test_output_before_document_is_ignored(self):
        document = ktap.parse("ok 1 bogus\n1..7\nKTAP version 1\n1..1\nok 1 real\n")
        self.assertEqual(leaf_statuses(document), {"real": ktap.PASS})

    def test_stray_comment_does_not_end_suite(self):
        text = ("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n"
                "    1..2\n    ok 1 a\n#PF: recovered fault\n    ok 2 b\nok 1 s\n")
        document = ktap.parse(text)
        self.assertTrue(document.complete)
        self.assertEqual(document.counts(), ktap.Counts(passed=2))

    def test_output_after_document_is_ignored(self):
        text = ("KTAP version 1\n1..1\nok 1 a\n"
                "    #0 0x4f5a in main test.c:5\n    #1 0x4f6b in start\n")
        document = ktap.parse(text)
        self.assertTrue(document.complete)
        self.assertEqual(leaf_statuses(document), {"a": ktap.PASS})

    def test_crlf_serial_output(self):
        text = log("failing.log").replace("\n", "\r\n")
        self.assertEqual(ktap.parse(text), ktap.parse(log("failing.log")))

    def test_extra_results_warn(self):
        document = ktap.parse("KTAP version 1\n1..1\nok 1 a\nok 2 b\n")
        self.assertTrue(document.warnings)

    def test_suite_not_ok_over_passing_cases_is_a_failure(self):
        text = ("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n"
                "    1..1\n    ok 1 a\nnot ok 1 s\n")
        self.assertEqual([n for n, _ in ktap.parse(text).failures()], ["s"])


class JudgeKernelTest(unittest.TestCase):
    def test_passing(self):
        verdict = judge(KERNEL, 33, log("passing.log"))
        self.assertTrue(verdict.ok, verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (9, 0))

    def test_without_timestamps(self):
        verdict = judge(KERNEL, 33, log("no-timestamps.log"))
        self.assertTrue(verdict.ok, verdict.reason)
        self.assertEqual(verdict.passed, 9)

    def test_wrong_status_fails_even_with_clean_ktap(self):
        verdict = judge(KERNEL, 35, log("passing.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("exit status 35", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (9, 1))

    def test_timeout(self):
        verdict = judge(KERNEL, -9, log("passing.log"), timed_out=True)
        self.assertFalse(verdict.ok)
        self.assertIn("timed out after 120 s", verdict.reason)

    def test_failing_case(self):
        verdict = judge(KERNEL, 35, log("failing.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("bootmem.reserve_twice_warns", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed, verdict.skipped), (1, 1, 1))

    def test_failing_case_fails_even_with_success_status(self):
        verdict = judge(KERNEL, 33, log("failing.log"))
        self.assertFalse(verdict.ok)
        self.assertEqual(verdict.reasons, ["1 case(s) failed: bootmem.reserve_twice_warns"])

    def test_truncated(self):
        verdict = judge(KERNEL, 0, log("truncated.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("crashed in buddy", verdict.reason)
        self.assertIn("triple-faulted", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (5, 3))

    def test_panicking(self):
        verdict = judge(KERNEL, 35, log("panicking.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("forbidden text /Kernel panic/", verdict.reason)
        self.assertIn("forbidden text /Oops/", verdict.reason)
        self.assertEqual(verdict.failed, 3)

    def test_nested_failure(self):
        verdict = judge(BY_NAME["kernel-3G"], 35, log("nested.log"))
        self.assertFalse(verdict.ok)
        self.assertEqual((verdict.passed, verdict.failed, verdict.skipped), (5, 1, 1))

    def test_skips_do_not_fail(self):
        verdict = judge(KERNEL, 33, log("skip.log"))
        self.assertTrue(verdict.ok, verdict.reason)
        self.assertEqual((verdict.passed, verdict.skipped), (1, 3))

    def test_no_ktap(self):
        verdict = judge(KERNEL, 33, "[    0.000000] handover version 0.1.0\n")
        self.assertFalse(verdict.ok)
        self.assertIn("no KTAP output", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (0, 1))

    def test_forbidden_text_after_clean_run(self):
        text = log("passing.log") + "[    0.007000] BUG: Bad page state in process swapper\n"
        verdict = judge(KERNEL, 33, text)
        self.assertFalse(verdict.ok)
        self.assertIn("Bad page state", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (9, 1))


class JudgeSpecialConfigsTest(unittest.TestCase):
    def test_crash_config_expects_the_oops(self):
        config = BY_NAME["crash-null_deref"]
        verdict = judge(config, 35, log("crash-null_deref.log"))
        self.assertTrue(verdict.ok, verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (1, 0))

    def test_crash_config_needs_failure_status(self):
        verdict = judge(BY_NAME["crash-null_deref"], 33, log("crash-null_deref.log"))
        self.assertFalse(verdict.ok)

    def test_crash_config_needs_the_right_function(self):
        verdict = judge(BY_NAME["crash-null_deref"], 35, log("panicking.log"))
        self.assertFalse(verdict.ok)
        self.assertIn("expected text not found: /EIP:.*lkdtm_null_deref/", verdict.reason)
        self.assertIn("BUG: kernel NULL pointer dereference", verdict.reason)

    def test_selftest_off(self):
        config = BY_NAME["selftest-off"]
        text = report_128m() + "[    0.002000] selftests skipped (selftest=off)\n"
        self.assertTrue(judge(config, 33, text).ok)
        missing = judge(config, 33, report_128m() + "[    0.002000] nothing here\n")
        self.assertFalse(missing.ok)
        self.assertEqual((missing.passed, missing.failed), (0, 1))

    def test_bad_input_configs(self):
        config = BY_NAME["too-little-ram-8M"]
        self.assertEqual((config.expect_status, config.expect_ktap, config.forbid_text,
                          config.check_memory_report), (35, False, ("MISMATCH",), False))
        text = ("[    0.023770] 7MB LOWMEM available.\n[    0.023912] Kernel panic - not "
                "syncing: Too little RAM: 7679k usable low memory, handover needs at "
                "least 12288k\n")
        self.assertTrue(judge(config, 35, text).ok)
        self.assertFalse(judge(config, 33, text).ok)

    def test_panic_address_must_be_formatted(self):
        """A vsprintf without '#' prints the format itself: not a pass."""
        config = BY_NAME["module-not-in-ram"]
        good = ("[    0.026022] Kernel panic - not syncing: Boot module at "
                "0x125000-0x925000 is not in usable RAM\n")
        self.assertTrue(judge(config, 35, good).ok)
        raw = good.replace("0x125000-0x925000", "%#llx-%#llx")
        self.assertFalse(judge(config, 35, raw).ok)

    def test_unknown_param(self):
        config = BY_NAME["unknown-param"]
        text = log("passing.log").replace(
            "[    0.000000] Command line: /boot/kernel.elf\n",
            "[    0.000000] Command line: /boot/kernel.elf frobnicate=1\n"
            "[    0.000000] Unknown kernel command line parameters \"frobnicate=1\"\n")
        self.assertTrue(judge(config, 33, text).ok)
        self.assertFalse(judge(config, 33, log("passing.log")).ok)

    def test_host_binary_sanitizer_report(self):
        config = configs.host_config(Path("/tmp/test_bootmem"))
        stdout = log("no-timestamps.log")
        stderr = ("bootmem.c:88:12: runtime error: shift exponent 32 is too large\n"
                  "    #0 0x4f5a in bootmem_alloc bootmem.c:88\n")
        verdict = judge(config, 0, stdout + stderr, ktap_text=stdout)
        self.assertFalse(verdict.ok)
        self.assertIn("runtime error:", verdict.reason)
        self.assertEqual((verdict.passed, verdict.failed), (9, 1))

    def test_host_binary_clean_and_nonzero_exit(self):
        config = configs.host_config(Path("/tmp/test_bootmem"))
        stdout = log("no-timestamps.log")
        self.assertTrue(judge(config, 0, stdout, ktap_text=stdout).ok)
        failed = judge(config, 1, stdout, ktap_text=stdout)
        self.assertEqual(failed.reasons, ["exit status 1, expected 0"])
        killed = judge(config, -11, stdout, ktap_text=stdout)
        self.assertIn("killed by signal 11", killed.reason)

    def test_host_config_cannot_boot(self):
        config = configs.host_config(Path("/tmp/test_bootmem"))
        with self.assertRaises(qemu.HarnessError):
            qemu.boot(config, Path("/nonexistent"), Path("/nonexistent"), "tcg")



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
                self.assertEqual(memreport.check(ktap.strip_log(log(name)), cmdline), [])

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


class CompareBuddyinfoTest(unittest.TestCase):
    def setUp(self):
        self.page = BY_NAME["retire-page-hole-1G"]

    def test_recorded_pair_matches(self):
        self.assertEqual(self.page.same_buddyinfo_as, "retire-batch-hole-1G")
        self.assertEqual(judge_module.compare_buddyinfo(
            self.page, log("retire-page-hole-1G.log"), log("retire-batch-hole-1G.log")), [])

    def test_difference_shows_both_tables(self):
        batch = log("retire-batch-hole-1G.log")
        normal = memreport.buddyinfo(batch)[1].render()
        changed = normal[:-len("    433")] + "    432"
        reasons = judge_module.compare_buddyinfo(
            self.page, log("retire-page-hole-1G.log"), batch.replace(normal, changed))
        self.assertEqual(reasons, [
            "buddyinfo differs from retire-batch-hole-1G: retire-page-hole-1G "
            "[DMA 3 2 4 1 2 1 2 1 0 7 | Normal 1 0 1 0 1 1 0 1 3 433 | "
            "HighMem 0 0 0 0 0 1 1 1 1 63]; retire-batch-hole-1G "
            "[DMA 3 2 4 1 2 1 2 1 0 7 | Normal 1 0 1 0 1 1 0 1 3 432 | "
            "HighMem 0 0 0 0 0 1 1 1 1 63]"])

    def test_missing_zone_differs(self):
        one_zone = memreport.buddyinfo(log("retire-batch-hole-1G.log"))[2].render()
        reasons = judge_module.compare_buddyinfo(
            self.page, log("retire-page-hole-1G.log"),
            log("retire-batch-hole-1G.log").replace(one_zone, ""))
        self.assertEqual(len(reasons), 1)
        self.assertIn("| Normal 1 0 1 0 1 1 0 1 3 433]", reasons[0])

    def test_twin_did_not_run(self):
        self.assertEqual(
            judge_module.compare_buddyinfo(self.page, log("retire-page-hole-1G.log"), None),
            ["buddyinfo: cannot compare with retire-batch-hole-1G: it did not run"])

    def test_no_table(self):
        reasons = judge_module.compare_buddyinfo(self.page, log("nested.log"),
                                                 log("retire-batch-hole-1G.log"))
        self.assertEqual(reasons, ["buddyinfo: cannot compare with retire-batch-hole-1G: "
                                   "no buddyinfo table from retire-page-hole-1G"])

    def test_config_without_twin(self):
        self.assertEqual(judge_module.compare_buddyinfo(KERNEL, "", None), [])

    def test_fail_keeps_the_counting_rules(self):
        verdict = judge(BY_NAME["retire-batch-hole-1G"], 33, log("retire-batch-hole-1G.log"))
        self.assertEqual((verdict.ok, verdict.passed, verdict.failed), (True, 30, 0))
        judge_module.fail(verdict, ["buddyinfo differs"])
        self.assertEqual((verdict.ok, verdict.passed, verdict.failed), (False, 30, 1))
        self.assertEqual(verdict.reasons, ["buddyinfo differs"])
        plain = judge(BY_NAME["selftest-off"], 33,
                      report_128m() + "[    0.002000] selftests skipped (selftest=off)\n")
        judge_module.fail(plain, ["x"])
        self.assertEqual((plain.passed, plain.failed), (0, 1))
        judge_module.fail(plain, [])
        self.assertEqual(plain.reasons, ["x"])


class CompareFreeListsTest(unittest.TestCase):
    """Real boots at -m 3G: bootmem_retire=page against the batch default,
    and against a batch kernel that still listed each highmem block at the
    head of its list (the same buddyinfo, other lists)."""

    def setUp(self):
        self.page = BY_NAME["retire-page-3G"]
        self.batch = log("free-lists-kernel-3G.log")
        self.mine = log("free-lists-retire-page-3G.log")

    def test_lines_parsed(self):
        rows = memreport.free_lists(ktap.strip_log(self.batch))
        self.assertEqual([(row.node, row.zone) for row in rows],
                         [(0, "DMA"), (0, "Normal"), (0, "HighMem")])
        self.assertEqual(rows[2].heads[:5], (None,) * 5)
        self.assertEqual(rows[2].heads[9], 0x38000)
        for row in rows:
            self.assertIn(row.render(), self.batch)

    def test_same_lists(self):
        self.assertEqual(judge_module.compare_buddyinfo(self.page, self.mine, self.batch), [])

    def test_same_counts_other_order(self):
        old = log("free-lists-kernel-3G-highmem-at-head.log")
        self.assertEqual(memreport.buddyinfo(old), memreport.buddyinfo(self.batch))
        reasons = judge_module.compare_buddyinfo(self.page, self.mine, old)
        self.assertEqual(len(reasons), 1)
        self.assertIn("free list order differs from kernel-3G", reasons[0])
        self.assertIn("0:HighMem", reasons[0])
        self.assertNotIn("0:Normal", reasons[0])

    def test_one_digest_changed(self):
        row = memreport.free_lists(ktap.strip_log(self.batch))[0]
        changed = self.batch.replace(f"digest {row.digest}", "digest 00000000")
        reasons = judge_module.compare_buddyinfo(self.page, self.mine, changed)
        self.assertEqual(len(reasons), 1)
        self.assertIn("0:DMA", reasons[0])

    def test_lines_missing_from_one(self):
        cut = "\n".join(line for line in self.batch.splitlines() if "free lists:" not in line)
        self.assertEqual(judge_module.compare_buddyinfo(self.page, self.mine, cut),
                         ["free lists: cannot compare with kernel-3G: no 'free lists:' lines "
                          "from kernel-3G"])


class CompareTwinsTest(unittest.TestCase):
    """run_tests' step after every boot: compare, fail, show both tables."""

    def _outcomes(self, batch_log: str | None):
        page, batch = BY_NAME["retire-page-hole-1G"], BY_NAME["retire-batch-hole-1G"]
        outcomes = [run_tests.Outcome(name=page.name, seconds=0.3,
                                      verdict=judge(page, 35, log("retire-page-hole-1G.log")),
                                      log=log("retire-page-hole-1G.log"))]
        if batch_log is not None:
            outcomes.append(run_tests.Outcome(name=batch.name, seconds=0.3,
                                              verdict=judge(batch, 33, batch_log), log=batch_log))
        return [page, batch], outcomes

    def test_same_tables(self):
        configs_, outcomes = self._outcomes(log("retire-batch-hole-1G.log"))
        comparisons = run_tests.compare_twins(configs_, outcomes)
        self.assertEqual(len(comparisons), 1)
        self.assertEqual(run_tests.comparison_line(comparisons[0]),
                         "retire-page-hole-1G: buddyinfo same as retire-batch-hole-1G ... ok")
        self.assertTrue(outcomes[1].verdict.ok)

    def test_different_tables_fail_the_config(self):
        batch = log("retire-batch-hole-1G.log").replace("      3    433 ", "      3    432 ")
        configs_, outcomes = self._outcomes(batch)
        before = outcomes[0].verdict.reasons[:]
        comparison, = run_tests.compare_twins(configs_, outcomes)
        self.assertEqual(outcomes[0].verdict.reasons[:len(before)], before)
        self.assertIn("buddyinfo differs from retire-batch-hole-1G", outcomes[0].verdict.reason)
        self.assertTrue(outcomes[1].verdict.ok)
        self.assertTrue(run_tests.comparison_line(comparison).startswith(
            "retire-page-hole-1G: buddyinfo same as retire-batch-hole-1G ... FAIL: buddyinfo "
            "differs"))
        self.assertIn("--- buddyinfo of retire-page-hole-1G ---", comparison.tables)
        self.assertIn("| Node 0, zone   Normal      1      0      1      0      1      1      0"
                      "      1      3    432", comparison.tables)

    def test_twin_missing_fails_clearly(self):
        configs_, outcomes = self._outcomes(None)
        comparison, = run_tests.compare_twins(configs_, outcomes)
        self.assertEqual(comparison.reasons,
                         ["buddyinfo: cannot compare with retire-batch-hole-1G: it did not run"])
        self.assertIn("(did not run)", comparison.tables)
        self.assertFalse(outcomes[0].verdict.ok)


class ConfigsTest(unittest.TestCase):
    def test_required_configs_exist(self):
        for name in ("kernel-128M", "kernel-3G", "multiboot-3G", "multiboot2-3G",
                     "multiboot2-128M", "selftest-off", "crash-null_deref", "unknown-param",
                     "retire-page-3G", "retire-page-hole-1G", "retire-batch-hole-1G"):
            self.assertIn(name, BY_NAME)

    def test_3g_report_through_every_loader(self):
        for name in ("kernel-3G", "multiboot-3G", "multiboot2-3G", "retire-page-3G"):
            config = BY_NAME[name]
            self.assertIn(r"2228096k highmem\)", config.expect_text, name)
            self.assertTrue(config.check_memory_report and config.quick, name)
        self.assertEqual(BY_NAME["multiboot2-3G"].boot, "multiboot2")
        text = log("memreport-3G.log")
        self.assertTrue(judge(BY_NAME["kernel-3G"], 33, text).ok)
        verdict = judge(BY_NAME["kernel-3G"], 33, text.replace("2228096k highmem",
                                                               "2228092k highmem"))
        self.assertIn("expected text not found: /2228096k highmem\\)/", verdict.reason)

    def test_retire_pairs(self):
        pairs = {c.name: c.same_buddyinfo_as for c in CONFIGS if c.same_buddyinfo_as}
        hole_pairs = {f"{c.name}-page": c.name for c in CONFIGS
                      if c.holes and not c.name.endswith("-page")}
        self.assertEqual(pairs, {"retire-page-3G": "kernel-3G",
                                 "retire-page-hole-1G": "retire-batch-hole-1G",
                                 "pae-retire-8G-page": "pae-retire-8G",
                                 "numa-4x256M-page": "numa-4x256M",
                                 "pae-retire-page-5G": "pae-retire-batch-5G",
                                 "numa-retire-1G-2G-page": "numa-retire-1G-2G",
                                 "pae-numa-retire-3G-3G-page": "pae-numa-retire-3G-3G",
                                 **hole_pairs})
        for name in ("retire-page-3G", "pae-retire-page-5G", "numa-retire-1G-2G-page"):
            self.assertIn(FREE_LISTS_LINE, BY_NAME[name].expect_text, name)
        holes = "memmap=5M$0x3400000 memmap=300K$0x7f00000"
        self.assertEqual(BY_NAME["retire-page-3G"].cmdline, "bootmem_retire=page")
        self.assertEqual(BY_NAME["retire-page-hole-1G"].cmdline, f"bootmem_retire=page {holes}")
        self.assertEqual(BY_NAME["retire-batch-hole-1G"].cmdline,
                         f"bootmem_retire=batch {holes}")
        for name in ("retire-page-3G", "retire-page-hole-1G", "pae-retire-page-5G"):
            config = BY_NAME[name]
            self.assertTrue(config.quick and BY_NAME[pairs[name]].quick, name)
        self.assertTrue(judge(BY_NAME["retire-batch-hole-1G"], 33,
                              log("retire-batch-hole-1G.log")).ok)

    def test_large_guests_get_ram_without_a_reservation(self):
        self.assertEqual(qemu.mem_bytes("128"), 128 << 20)
        self.assertEqual(qemu.mem_bytes("8G"), 8 << 30)
        self.assertNotIn("-object", qemu.base_command("16G", "tcg"))
        command = qemu.base_command("32G", "tcg")
        self.assertEqual(command[command.index("-object") + 1],
                         "memory-backend-ram,id=ram0,size=32G,reserve=off")
        self.assertEqual(command[command.index("-object") + 3], "memory-backend=ram0")
        self.assertEqual(BY_NAME["pae-32G"].mem, "32G")

    def test_twin_must_exist_and_boot(self):
        with self.assertRaises(ValueError):
            Config(name="x", same_buddyinfo_as="x")
        with self.assertRaises(ValueError):
            Config(name="x", same_buddyinfo_as="y", expect_status=configs.STATUS_FAILURE)
        with self.assertRaises(ValueError):
            configs.check_twins([Config(name="x", same_buddyinfo_as="nowhere")])
        with self.assertRaises(ValueError):
            configs.check_twins([Config(name="x", same_buddyinfo_as="crash-bug"),
                                 BY_NAME["crash-bug"]])
        configs.check_twins([Config(name="x", same_buddyinfo_as="kernel-3G"),
                             BY_NAME["kernel-3G"]])

    def test_crash_configs_match_recorded_panics(self):
        """Each crash= config against the tail of a real boot with it."""
        for kind in ("bootmem_after_retire", "double_free", "free_reserved",
                     "wrong_order_free", "call_freed_init", "bug", "null_deref"):
            with self.subTest(kind=kind):
                config = BY_NAME[f"crash-{kind}"]
                self.assertEqual((config.cmdline, config.expect_status, config.quick),
                                 (f"crash={kind}", 35, True))
                self.assertIn(configs.PANIC, "".join(config.expect_text))
                text = log(f"crash-{kind}.log")
                self.assertTrue(judge(config, 35, text).ok, judge(config, 35, text).reason)
                self.assertFalse(judge(config, 33, text).ok)

    def test_crash_configs_need_their_own_panic(self):
        """A recorded panic of one kind does not pass for another."""
        kinds = ("double_free", "free_reserved", "wrong_order_free")
        for kind in kinds:
            for other in kinds:
                if other != kind:
                    with self.subTest(kind=kind, log=other):
                        verdict = judge(BY_NAME[f"crash-{kind}"], 35, log(f"crash-{other}.log"))
                        self.assertFalse(verdict.ok)
        verdict = judge(BY_NAME["crash-call_freed_init"], 35,
                        log("crash-call_freed_init.log").replace("start_kernel+0x1/",
                                                                 "start_kernel+0x2/"))
        self.assertIn(r"expected text not found: /EIP: start_kernel\+0x1//", verdict.reason)

    def test_names_are_unique(self):
        self.assertEqual(len(BY_NAME), len(CONFIGS))
        with self.assertRaises(ValueError):
            configs.check_unique([KERNEL, KERNEL])

    def test_boot_matrix_fields(self):
        config = BY_NAME["multiboot2-128M"]
        self.assertEqual((config.boot, config.mem), ("multiboot2", "128M"))
        self.assertEqual(config.forbid_text, configs.DEFAULT_FORBID)

    def test_crash_config_defaults(self):
        config = BY_NAME["crash-null_deref"]
        self.assertEqual((config.cmdline, config.expect_status, config.expect_ktap),
                         ("crash=null_deref", 35, False))
        self.assertEqual(config.forbid_text, ("MISMATCH",))

    def test_memory_matrix(self):
        quick = {"16M", "128M", "896M", "1G", "3G"}
        full = {"17M", "64M", "255M", "256M", "895M", "897M", "2G", "3584M", "4G", "6G"}
        for mem in quick | full:
            config = BY_NAME[f"kernel-{mem}"]
            self.assertEqual((config.mem, config.quick, config.check_memory_report),
                             (mem, mem in quick, True))
        self.assertIn(r"^Warning only 4GB will be used\.$", BY_NAME["kernel-6G"].expect_text)

    def test_panicking_configs_skip_the_report(self):
        for config in CONFIGS:
            if config.expect_status == configs.STATUS_FAILURE:
                self.assertFalse(config.check_memory_report, config.name)
                self.assertEqual(config.forbid_text, ("MISMATCH",), config.name)

    def test_invalid_configs_are_rejected(self):
        with self.assertRaises(ValueError):
            Config(name="x", boot="pxe")
        with self.assertRaises(ValueError):
            Config(name="x", mem="lots")
        with self.assertRaises(ValueError):
            Config(name="bad name")
        with self.assertRaises(ValueError):
            Config(name="x", boot=configs.HOST, modules=(4096,))
        with self.assertRaises(ValueError):
            Config(name="x", modules=(0,))
        for boot in configs.BOOT_METHODS:  # every loader takes modules
            self.assertEqual(Config(name="x", boot=boot, modules=(1,)).modules, (1,))


class QemuCommandTest(unittest.TestCase):
    def test_kernel_boot_command(self):
        config = BY_NAME["unknown-param"]
        command = qemu.qemu_command(config, "tcg", kernel=Path("/k.elf"))
        self.assertEqual(command, [
            "qemu-system-i386", "-nodefaults", "-no-reboot", "-display", "none",
            "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-m", "64M", "-accel", "tcg", "-kernel", "/k.elf",
            "-append", "frobnicate=1"])

    def test_modules_go_to_initrd(self):
        config = BY_NAME["module-not-in-ram"]
        command = qemu.qemu_command(config, "tcg", kernel=Path("/k.elf"),
                                    modules=[Path("/m0"), Path("/m1")])
        self.assertEqual(command[-6:], ["-kernel", "/k.elf", "-append",
                                        "memmap=4K$0x800000", "-initrd", "/m0,/m1"])

    def test_module_files(self):
        config = replace(BY_NAME["module-in-ram"], modules=(5000, 4096))
        with tempfile.TemporaryDirectory() as tmp:
            paths = qemu.module_files(config, Path(tmp))
            self.assertEqual([p.stat().st_size for p in paths], [5000, 4096])
            first = paths[0].read_bytes()
            self.assertEqual(first[:4096], bytes(range(256)) * 16)
            self.assertEqual(qemu.module_files(config, Path(tmp)), paths)
            self.assertEqual(paths[0].read_bytes(), first)
            with self.assertRaises(qemu.HarnessError):
                qemu.module_files(config, Path(tmp, "a,b"))
            # No two modules alike: the pattern turns with the index.
            self.assertEqual(paths[1].read_bytes()[:3], bytes([1, 2, 3]))
            self.assertEqual(paths[1].read_bytes()[255], 0)

    def test_grub_cfg_lists_modules(self):
        for boot, command in (("multiboot", "module"), ("multiboot2", "module2")):
            with self.subTest(boot=boot):
                config = Config(name="m", boot=boot, modules=(10, 20))
                self.assertEqual(qemu.grub_cfg(config), (
                    'set timeout=0\nset default=0\nmenuentry "handover m" {\n'
                    f"\t{boot} /boot/kernel.elf\n"
                    f"\t{command} /boot/modules/module0\n"
                    f"\t{command} /boot/modules/module1\n\tboot\n}}\n"))

    def test_iso_key_follows_modules(self):
        with tempfile.TemporaryDirectory() as tmp:
            kernel = Path(tmp, "kernel.elf")
            kernel.write_bytes(b"\x7fELF")
            config = Config(name="m", boot="multiboot", modules=(4096, 4096))
            resized = replace(config, modules=(4096, 8192))
            self.assertNotEqual(qemu.iso_path(config, kernel, Path(tmp)),
                                qemu.iso_path(resized, kernel, Path(tmp)))

    def test_build_iso_copies_modules(self):
        """The module files land where grub.cfg looks for them."""
        seen = {}

        def fake_mkrescue(output, root):
            seen.update({str(p.relative_to(root)): p.read_bytes()
                         for p in root.rglob("*") if p.is_file()})
            output.write_bytes(b"iso")

        config = Config(name="m", boot="multiboot2", modules=(5, 3000))
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(qemu, "_run_mkrescue", fake_mkrescue), \
                mock.patch.object(qemu.shutil, "which", return_value="/bin/true"):
            kernel = Path(tmp, "kernel.elf")
            kernel.write_bytes(b"\x7fELF")
            modules = qemu.module_files(config, Path(tmp, "modules"))
            iso = qemu.build_iso(config, kernel, Path(tmp, "iso"), modules)
            self.assertEqual(iso.read_bytes(), b"iso")
            self.assertEqual(seen["boot/modules/module0"], modules[0].read_bytes())
            self.assertEqual(len(seen["boot/modules/module1"]), 3000)
            self.assertIn("module2 /boot/modules/module1", seen["boot/grub/grub.cfg"].decode())
            with self.assertRaises(qemu.HarnessError):  # files missing
                qemu.build_iso(replace(config, name="n"), kernel, Path(tmp, "iso"), [])

    def test_grub_boot_uses_cdrom(self):
        command = qemu.qemu_command(BY_NAME["multiboot-3G"], "kvm", iso=Path("/a.iso"))
        self.assertEqual(command[-4:], ["-accel", "kvm", "-cdrom", "/a.iso"])
        self.assertIn("3G", command)

    def test_grub_cfg(self):
        config = replace(BY_NAME["multiboot2-128M"], cmdline="selftest=off",
                         grub_pre="cutmem 0x2000000 0x3000000")
        self.assertEqual(qemu.grub_cfg(config), (
            "set timeout=0\nset default=0\ncutmem 0x2000000 0x3000000\n"
            'menuentry "handover multiboot2-128M" {\n'
            "\tmultiboot2 /boot/kernel.elf selftest=off\n\tboot\n}\n"))

    def test_iso_key_follows_cfg_and_kernel(self):
        with tempfile.TemporaryDirectory() as tmp:
            kernel = Path(tmp, "kernel.elf")
            kernel.write_bytes(b"\x7fELF")
            config = BY_NAME["multiboot-3G"]
            first = qemu.iso_path(config, kernel, Path(tmp))
            self.assertEqual(first, qemu.iso_path(config, kernel, Path(tmp)))
            other = replace(config, cmdline="selftest=off")
            self.assertNotEqual(first, qemu.iso_path(other, kernel, Path(tmp)))
            os.utime(kernel, ns=(0, 10**9))
            self.assertNotEqual(first, qemu.iso_path(config, kernel, Path(tmp)))
            self.assertTrue(first.name.startswith("multiboot-3G-"))

    def test_probe_image_is_valid_multiboot(self):
        image = qemu.probe_image()
        magic, flags, checksum = (int.from_bytes(image[i:i + 4], "little")
                                  for i in (0, 4, 8))
        self.assertEqual(magic, 0x1BADB002)
        self.assertEqual((magic + flags + checksum) & 0xFFFFFFFF, 0)
        self.assertIn(bytes([0xB0, 0x10, 0xE6, 0xF4]), image[32:])  # out 0xf4, 0x10
        self.assertIn(bytes([0x0F, 0x22, 0xC0]), image[32:])  # mov cr0, eax

    def test_explicit_accel_is_not_probed(self):
        self.assertEqual(qemu.resolve_accel("tcg"), "tcg")
        self.assertEqual(qemu.resolve_accel("kvm"), "kvm")


class LoaderConfigsTest(unittest.TestCase):
    """Issue 10: boot modules however many, the command line to its limit."""

    MODULE_LINE = "[    0.030000] multiboot: {} modules, {} pages reserved; boot loader data 2 pages\n"

    def test_module_counts_around_every_limit(self):
        counts = {(c.boot, len(c.modules)): c for c in configs._LOADER_CONFIGS
                  if c.modules and c.expect_status == configs.STATUS_SUCCESS}
        self.assertEqual(set(counts), {("kernel", n) for n in (16, 17, 33, 100, 300)}
                         | {("multiboot", 20), ("multiboot2", 40), ("multiboot2", 200)})
        for boot in configs.BOOT_METHODS:
            self.assertTrue(any(c.quick for (b, _), c in counts.items() if b == boot), boot)
        for config in counts.values():
            self.assertEqual(config.mem, "64M", config.name)
            self.assertTrue(config.check_memory_report and config.expect_ktap, config.name)
            self.assertTrue(all(0 < size <= 3 * 4096 for size in config.modules))
        self.assertFalse(counts[("kernel", 300)].quick)

    def test_module_pages(self):
        self.assertEqual(configs.module_pages((1, 4096, 4097, 12288)), 1 + 1 + 2 + 3)
        self.assertEqual(configs.module_pages(BY_NAME["modules-17-kernel"].modules), 33)

    def test_module_line_is_checked(self):
        config = BY_NAME["modules-17-kernel"]
        self.assertEqual(judge_module.module_reasons(config, self.MODULE_LINE.format(17, 33)
                                                     .split("] ", 1)[1]), [])
        self.assertEqual(judge_module.module_reasons(config, "multiboot2: 17 modules, 33 pages "
                                                     "reserved; boot loader data 0 pages"), [])
        self.assertEqual(judge_module.module_reasons(config, "multiboot: 16 modules, 31 pages "
                                                     "reserved; boot loader data 2 pages"),
                         ["modules: the kernel took 16 modules, the loader was given 17",
                          "modules: 31 pages reserved for them, expected 33"])
        self.assertIn("no 'multiboot: N modules", judge_module.module_reasons(config, "")[0])

    def test_judge_needs_the_module_line(self):
        config = replace(KERNEL, modules=(5000,))
        text = log("passing.log")
        self.assertTrue(judge(KERNEL, 33, text).ok)
        self.assertTrue(judge(config, 33, text + self.MODULE_LINE.format(1, 2)).ok)
        verdict = judge(config, 33, text + self.MODULE_LINE.format(1, 1))
        self.assertIn("modules: 1 pages reserved for them, expected 2", verdict.reason)
        self.assertIn("no 'multiboot: N modules", judge(config, 33, text).reason)
        # A boot that must panic is not asked for it.
        self.assertEqual(BY_NAME["module-not-in-ram"].expect_status, configs.STATUS_FAILURE)
        self.assertTrue(judge(BY_NAME["module-table-no-room"], 35,
                              "[    0.02] Kernel panic - not syncing: Boot modules: 1, but "
                              "their table (1 KiB) fits nowhere in usable RAM below the 16MB "
                              "mapped at boot\n").ok)

    CENSUS = "[    0.070000] accounting: ram 16255 pages = free {} + reserved {} (ok)\n"

    def _census(self, modules: int, pages: int, data: int, reserved: int) -> str:
        return (self.MODULE_LINE.format(modules, pages).replace("data 2 pages", f"data {data} pages")
                + self.CENSUS.format(16255 - reserved, reserved))

    def test_reserved_like_the_boot_without_modules(self):
        base = BY_NAME["modules-0-kernel"]
        self.assertTrue(base.quick and not base.modules and base.reserved_like is None)
        for config in configs._LOADER_CONFIGS:
            if config.modules and config.expect_status == configs.STATUS_SUCCESS:
                self.assertEqual(config.reserved_like, base.name, config.name)
        selected = run_tests.select_configs(CONFIGS, "modules-300-kernel", False)
        self.assertEqual([c.name for c in selected], ["modules-300-kernel", "modules-0-kernel"])
        with self.assertRaises(ValueError):
            Config(name="x", reserved_like="x")
        with self.assertRaises(ValueError):
            configs.check_twins([Config(name="x", reserved_like="nowhere")])
        with self.assertRaises(ValueError):
            configs.check_twins([Config(name="x", reserved_like="crash-bug"),
                                 BY_NAME["crash-bug"]])

    def test_compare_reserved(self):
        """The recorded figures of modules-17-kernel and modules-0-kernel:
        156 - 33 - 2 = 123 - 0 - 2.  A page kept for modules beyond their
        own (their table never freed, say) fails."""
        config = BY_NAME["modules-17-kernel"]
        base = self._census(0, 0, 2, 123)
        compare = judge_module.compare_reserved
        self.assertEqual(compare(config, self._census(17, 33, 2, 156), base), [])
        self.assertEqual(compare(config, self._census(17, 33, 3, 157), base), [])
        self.assertEqual(compare(config, self._census(17, 33, 2, 157), base),
                         ["reserved pages: 157 less 33 of modules and 2 of loader data leaves "
                          "122, modules-0-kernel leaves 121 (123 less 0 and 2)"])
        self.assertIn("it did not run", compare(config, self._census(17, 33, 2, 156), None)[0])
        self.assertIn("no accounting or module line from modules-0-kernel",
                      compare(config, self._census(17, 33, 2, 156), base.split("\n")[1])[0])
        self.assertEqual(compare(BY_NAME["modules-0-kernel"], "", None), [])

    def test_compare_twins_fails_on_reserved_pages(self):
        config, base = BY_NAME["modules-17-kernel"], BY_NAME["modules-0-kernel"]
        outcomes = [run_tests.Outcome(name=name, seconds=0.2, log=text,
                                      verdict=judge_module.Verdict(ok=True, passed=1))
                    for name, text in ((config.name, self._census(17, 33, 2, 158)),
                                       (base.name, self._census(0, 0, 2, 123)))]
        comparison, = run_tests.compare_twins([config, base], outcomes)
        self.assertFalse(outcomes[0].verdict.ok)
        self.assertTrue(outcomes[1].verdict.ok)
        self.assertTrue(run_tests.comparison_line(comparison).startswith(
            "modules-17-kernel: reserved pages (less modules, loader data) same as "
            "modules-0-kernel ... FAIL: reserved pages: 158 less 33"))

    def test_long_cmdline(self):
        for length in (2046, 2047, 2048, 5000):
            line = configs.long_cmdline(length, "mem=96M")
            self.assertEqual(len(line), length)
            self.assertTrue(line.startswith("pad=x") and line.endswith(" mem=96M"))
            self.assertEqual(len(line.split()), 2)
        with self.assertRaises(ValueError):
            configs.long_cmdline(10, "mem=96M")

    def test_cmdline_configs(self):
        cases = {(c.boot, len(c.cmdline)): c for c in configs._LOADER_CONFIGS
                 if c.name.startswith("cmdline-")}
        self.assertEqual(set(cases), {(boot, n) for boot in configs.BOOT_METHODS
                                      for n in (2046, 2047, 2048)} | {("kernel", 5000)})
        for boot in configs.BOOT_METHODS:
            self.assertTrue(any(c.quick for (b, _), c in cases.items() if b == boot), boot)
        for (boot, length), config in cases.items():
            self.assertEqual(config.expect_status,
                             configs.STATUS_SUCCESS if length <= 2047 else configs.STATUS_FAILURE)
            self.assertNotEqual(boot != "kernel", "$" in config.cmdline, config.name)

    def test_cmdline_refusal_names_the_lengths(self):
        config = BY_NAME["cmdline-2048-kernel"]
        panic = ("[    0.02] Kernel panic - not syncing: Kernel command line is {} bytes, longer "
                 "than the 2047 this kernel accepts (COMMAND_LINE_SIZE 2048)\n")
        self.assertTrue(judge(config, 35, panic.format(2048)).ok)
        self.assertFalse(judge(config, 35, panic.format(2047)).ok)
        self.assertFalse(judge(config, 33, panic.format(2048)).ok)
        self.assertTrue(judge(BY_NAME["cmdline-5000-kernel"], 35, panic.format(5000)).ok)

    def test_cmdline_taken_whole(self):
        """The tail's effect, the unknown padding word whole and the line
        printed whole: a line cut at 1023 bytes, as before, fails."""
        config = BY_NAME["cmdline-2047-kernel"]
        pad = config.cmdline.split()[0]
        lines = [f"Kernel command line: {config.cmdline}",
                 f'Unknown kernel command line parameters "{pad}", will be ignored.',
                 "user-defined physical RAM map:",
                 "  user: 0000000002000000 - 0000000006000000 (reserved)"]
        patterns = config.expect_text
        self.assertTrue(all(any(re.search(p, line) for line in lines) for p in patterns))
        cut = [line[:1023] for line in lines]
        self.assertFalse(all(any(re.search(p, line) for line in cut) for p in patterns))

    def test_spliced_before_the_full_only_configs(self):
        names = [c.name for c in CONFIGS]
        first = names.index(configs._LOADER_CONFIGS[0].name)
        self.assertEqual(names[first:first + len(configs._LOADER_CONFIGS)],
                         [c.name for c in configs._LOADER_CONFIGS])
        self.assertEqual(names[first + len(configs._LOADER_CONFIGS)], "kernel-17M")


class ProcessTest(unittest.TestCase):
    def test_timeout_kills_the_whole_group(self):
        with tempfile.TemporaryDirectory() as tmp:
            pid_file = Path(tmp, "pid")
            start = time.monotonic()
            status, timed_out = qemu.run_process(
                ["sh", "-c", f"sleep 30 & echo $! > {pid_file}; wait"],
                subprocess.DEVNULL, subprocess.DEVNULL, timeout=0.5)
            self.assertTrue(timed_out)
            self.assertLess(time.monotonic() - start, 10)
            child = int(pid_file.read_text())
            self.assertTrue(_gone(child), "background child survived the timeout")

    def test_exit_status_is_returned(self):
        status, timed_out = qemu.run_process(["sh", "-c", "exit 35"],
                                             subprocess.DEVNULL,
                                             subprocess.DEVNULL, timeout=10)
        self.assertEqual((status, timed_out), (35, False))


def _gone(pid: int) -> bool:
    """True once pid is dead (a zombie awaiting its reaper counts as dead)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


class CliTest(unittest.TestCase):
    def test_default_selection_is_quick(self):
        selected = run_tests.select_configs(CONFIGS, None, full=False)
        self.assertEqual(selected, [c for c in CONFIGS if c.quick])
        self.assertEqual(run_tests.select_configs(CONFIGS, None, full=True), CONFIGS)

    def test_only(self):
        slow = replace(KERNEL, name="slow", quick=False)
        selected = run_tests.select_configs(CONFIGS + [slow], "slow,kernel-3G", False)
        self.assertEqual([c.name for c in selected], ["slow", "kernel-3G"])

    def test_only_brings_the_twin(self):
        selected = run_tests.select_configs(CONFIGS, "retire-page-3G", False)
        self.assertEqual([c.name for c in selected], ["retire-page-3G", "kernel-3G"])
        both = run_tests.select_configs(CONFIGS, "retire-batch-hole-1G,retire-page-hole-1G",
                                        False)
        self.assertEqual([c.name for c in both], ["retire-batch-hole-1G", "retire-page-hole-1G"])

    def test_quick_set_holds_every_twin(self):
        for full in (False, True):
            selected = {c.name for c in run_tests.select_configs(CONFIGS, None, full)}
            for name in selected:
                twin = BY_NAME[name].same_buddyinfo_as
                self.assertTrue(twin is None or twin in selected, name)

    def test_slow_twin_is_brought_along(self):
        slow = replace(KERNEL, name="slow", quick=False)
        fast = replace(KERNEL, name="fast", same_buddyinfo_as="slow")
        self.assertEqual([c.name for c in run_tests.select_configs([slow, fast], None, False)],
                         ["fast", "slow"])

    def test_only_unknown_name(self):
        with self.assertRaises(run_tests.UsageError):
            run_tests.select_configs(CONFIGS, "kernel-9G", False)

    def test_progress_line(self):
        outcome = run_tests.Outcome(name="kernel-3G", seconds=1.94,
                                    verdict=judge(KERNEL, 33, log("passing.log")))
        self.assertEqual(run_tests.progress_line(3, 7, outcome),
                         "[ 3/7] kernel-3G ... ok (1.9 s, 9 cases)")

    def test_progress_line_failure(self):
        outcome = run_tests.Outcome(name="kernel-128M", seconds=2.0,
                                    verdict=judge(KERNEL, 35, log("failing.log")))
        line = run_tests.progress_line(4, 7, outcome)
        self.assertTrue(line.startswith("[ 4/7] kernel-128M ... FAIL: exit status 35"))
        self.assertNotIn("\n", line)

    def test_totals(self):
        outcomes = [run_tests.Outcome(name=n, seconds=0, verdict=judge(KERNEL, s, log(n)))
                    for n, s in (("passing.log", 33), ("failing.log", 35))]
        self.assertEqual(run_tests.totals(outcomes), (10, 1, 1))
        self.assertIn("passing.log", run_tests.summary_table(outcomes))

    def test_missing_kernel_is_one_line(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = run_tests.main(["--kernel", "/nonexistent/kernel.elf",
                                     "--only", "kernel-128M"])
        self.assertEqual(status, 2)
        self.assertEqual(len(err.getvalue().splitlines()), 1)
        self.assertIn("not found", err.getvalue())

    def test_missing_pae_kernel_named_only_when_booted(self):
        err = io.StringIO()
        with tempfile.TemporaryDirectory() as tmp:
            elf = Path(tmp) / "kernel.elf"
            elf.write_bytes(b"\x7fELF")
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                status = run_tests.main(["--kernel", str(elf), "--kernel-pae",
                                         "/nonexistent/kernel-pae.elf", "--logs", tmp,
                                         "--only", "pae-max-8G"])
        self.assertEqual(status, 2)
        self.assertIn("make PAE=1, or pass --kernel-pae", err.getvalue())
        args = run_tests.parse_args(["--kernel-pae", "/nonexistent/kernel-pae.elf"])
        self.assertEqual(run_tests.kernels_needed(args, [BY_NAME["kernel-128M"]]),
                         [(args.kernel, "--kernel")])

    def test_pae_configs_boot_the_pae_kernel(self):
        args = run_tests.parse_args(["--kernel", "/k.elf", "--kernel-pae", "/k-pae.elf",
                                     "--jobs", "1"])
        booted = {}

        def fake_run(config, kernel, logs, accel):
            booted[config.name] = kernel
            return run_tests.Outcome(name=config.name, seconds=0.0,
                                     verdict=judge(KERNEL, 33, log("passing.log")))
        with mock.patch.object(run_tests, "run_config", side_effect=fake_run), \
                mock.patch.object(run_tests, "report"):
            run_tests.boot_all([BY_NAME["kernel-128M"], BY_NAME["pae-max-8G"]], args, 1, 2)
        self.assertEqual(booted, {"kernel-128M": Path("/k.elf"),
                                  "pae-max-8G": Path("/k-pae.elf")})
        self.assertTrue(BY_NAME["pae-max-8G"].pae and not BY_NAME["kernel-128M"].pae)

# --- holes in the middle of RAM, mem= with highmem=, KVM runs, page columns ---

_HOLE_LOGS = ("cutmem-subpage-128M", "memmap-subpage-128M", "cutmem-896M-3G")


class HoleConfigsTest(unittest.TestCase):
    """The holes of the matrix: where each is cut and how, and that each is
    booted with both ways of retiring bootmem."""

    def test_cutmem_holes(self):
        want = {  # name: (loader, -m, the top-level grub.cfg line)
            "cutmem-dma-64M": ("multiboot", "64M", "cutmem 0x500000 0x700000"),
            "cutmem-unaligned-128M": ("multiboot", "128M", "cutmem 0x1234000 0x1567000"),
            "cutmem-subpage-128M": ("multiboot2", "128M", "cutmem 0x2000800 0x20ff800"),
            "cutmem-896M-1G": ("multiboot", "1G", "cutmem 0x37000000 0x39000000"),
            "cutmem-896M-3G": ("multiboot", "3G", "cutmem 0x37000000 0x39000000"),
        }
        for name, (boot, mem, line) in want.items():
            with self.subTest(name=name):
                config = BY_NAME[name]
                self.assertEqual((config.boot, config.mem, config.grub_pre), (boot, mem, line))
                start, end = (int(word, 16) for word in line.split()[1:])
                self.assertEqual(config.holes, ((start, end),))
                cfg = qemu.grub_cfg(config)
                self.assertLess(cfg.index(f"\n{line}\n"), cfg.index("menuentry"))

    def test_memmap_holes(self):
        want = {  # name: (-m, memmap=, the hole it makes)
            "memmap-subpage-128M": ("128M", "memmap=0x5800$0x2001400", (0x2001400, 0x2006c00)),
            "memmap-896M-3G": ("3G", "memmap=32M$0x37000000", (0x37000000, 0x39000000)),
            "memmap-dma-64M": ("64M", "memmap=2M$0x500000", (0x500000, 0x700000)),
            "memmap-16M-64M": ("64M", "memmap=2M$0xf00000", (0xf00000, 0x1100000)),
        }
        for name, (mem, memmap, hole) in want.items():
            with self.subTest(name=name):
                config = BY_NAME[name]
                self.assertEqual((config.boot, config.mem, config.holes), ("kernel", mem, (hole,)))
                self.assertEqual(config.cmdline, f"bootmem_retire=batch {memmap}")
                command = qemu.qemu_command(config, "tcg", kernel=Path("/k.elf"))
                self.assertEqual(command[-2:], ["-append", config.cmdline])

    def test_every_hole_with_both_retirements(self):
        batches = [c for c in CONFIGS if c.holes and not c.name.endswith("-page")]
        self.assertEqual(len(batches), 15)
        for config in batches:
            with self.subTest(name=config.name):
                page = BY_NAME[f"{config.name}-page"]
                self.assertEqual(page.same_buddyinfo_as, config.name)
                self.assertTrue(config.cmdline.startswith("bootmem_retire=batch"))
                self.assertEqual(page.cmdline, config.cmdline.replace("=batch", "=page", 1))
                self.assertEqual(page.expect_text, (*config.expect_text, FREE_LISTS_LINE))
                self.assertEqual(replace(page, name=config.name, cmdline=config.cmdline,
                                         same_buddyinfo_as=None, quick=config.quick,
                                         expect_text=config.expect_text), config)
                self.assertFalse(page.quick)

    def test_quick_holes_are_few(self):
        quick = {c.name for c in CONFIGS if c.holes and c.quick}
        self.assertEqual(quick, {"cutmem-subpage-128M", "memmap-896M-3G", "cutmem-16M-896M-1G"})
        self.assertEqual(len([c for c in CONFIGS if c.holes and not c.quick]), 27)
        self.assertTrue(BY_NAME["mem-2G-highmem-256M-at-3G"].quick)

    def test_grub_cannot_take_a_dollar(self):
        with self.assertRaises(ValueError):
            Config(name="x", boot="multiboot", cmdline="memmap=1M$0x800000")
        with self.assertRaises(ValueError):
            Config(name="x", boot="multiboot2", cmdline="memmap=1M$0x800000")
        Config(name="x", cmdline="memmap=1M$0x800000")

    def test_bad_holes_are_rejected(self):
        for hole in ((0x2000, 0x1000), (0x1000, 0x1000), (-1, 5), (0, (1 << 32) + 1)):
            with self.subTest(hole=hole), self.assertRaises(ValueError):
                Config(name="x", holes=(hole,))


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


class KvmRunsTest(unittest.TestCase):
    """"KVM when available, TCG always", without booting anything: the
    probe's answer is patched in (KVM does not run this kernel everywhere)."""

    ALSO_KVM = {"kernel-128M", "kernel-3G", "multiboot-3G"}

    def setUp(self):
        for patch in (mock.patch.dict(qemu._accel_cache, clear=True),
                      mock.patch.object(qemu, "probe_kernel", None)):
            patch.start()
            self.addCleanup(patch.stop)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)

    def _choose(self, accel: str, kvm_works: bool, full: bool = False):
        args = run_tests.parse_args(["--accel", accel, "--logs", str(self.tmp),
                                     "--kernel", str(self.tmp / "none.elf")])
        selected = run_tests.select_configs(CONFIGS, None, full)
        with mock.patch.object(qemu, "kvm_works", return_value=kvm_works) as probe:
            configs_, note = run_tests.choose_accel(args, selected)
        return args, selected, configs_, note, probe

    def test_the_configs_marked(self):
        self.assertEqual({c.name for c in CONFIGS if c.also_kvm}, self.ALSO_KVM)
        self.assertTrue(all(BY_NAME[name].quick for name in self.ALSO_KVM))

    def test_kvm_not_usable_changes_nothing(self):
        args, selected, configs_, note, probe = self._choose("auto", False)
        self.assertEqual(configs_, selected)
        self.assertEqual((args.accel, note), ("tcg", "tcg (auto: kvm not usable)"))
        probe.assert_called_once()

    def test_kvm_usable_adds_kvm_runs(self):
        for full in (False, True):
            with self.subTest(full=full):
                qemu._accel_cache.clear()
                (self.tmp / "accel-probe.json").unlink(missing_ok=True)
                args, selected, configs_, note, _ = self._choose("auto", True, full)
                added = [c for c in configs_ if c not in selected]
                self.assertEqual({c.name for c in added}, {f"{n}@kvm" for n in self.ALSO_KVM})
                self.assertEqual([c for c in configs_ if c in selected], selected)
                self.assertEqual((args.accel, note), ("tcg", "tcg (auto), kvm also for 3 configs"))
                for config in configs_:
                    accel = qemu.resolve_accel(config.accel or args.accel)
                    self.assertEqual(accel, "kvm" if config in added else "tcg", config.name)
                for kvm in added:
                    base = configs_[configs_.index(kvm) - 1]
                    self.assertEqual(kvm.name, base.name + "@kvm")
                    self.assertEqual(kvm.same_buddyinfo_as, base.name)

    def test_explicit_accel_adds_nothing(self):
        for accel in ("kvm", "tcg"):
            with self.subTest(accel=accel):
                args, selected, configs_, note, probe = self._choose(accel, True)
                self.assertEqual((configs_, args.accel, note), (selected, accel, accel))
                probe.assert_not_called()

    def test_probe_verdict_is_cached(self):
        cache = self.tmp / "accel-probe.json"
        with mock.patch.object(qemu, "kvm_works", return_value=True):
            self.assertEqual(qemu.resolve_accel("auto", cache), "kvm")
        qemu._accel_cache.clear()
        with mock.patch.object(qemu, "kvm_works", side_effect=AssertionError("probed")):
            self.assertEqual(qemu.resolve_accel("auto", cache), "kvm")

    def test_kvm_config(self):
        base = BY_NAME["kernel-3G"]
        kvm = configs.kvm_config(base)
        self.assertEqual((kvm.name, kvm.accel, kvm.also_kvm, kvm.same_buddyinfo_as),
                         ("kernel-3G@kvm", "kvm", False, "kernel-3G"))
        self.assertEqual(replace(kvm, name=base.name, accel=None, also_kvm=True,
                                 same_buddyinfo_as=None), base)
        command = qemu.qemu_command(kvm, qemu.resolve_accel(kvm.accel or "tcg"),
                                    kernel=Path("/k.elf"))
        self.assertIn("kvm", command[command.index("-accel") + 1])
        with self.assertRaises(ValueError):
            configs.kvm_config(BY_NAME["kernel-16M"])

    def test_names_and_fields(self):
        Config(name="x@kvm")
        for name in ("x@tcg", "x@kvm@kvm", "@kvm"):
            with self.subTest(name=name), self.assertRaises(ValueError):
                Config(name=name)
        with self.assertRaises(ValueError):
            Config(name="x", also_kvm=True, accel="tcg")

    def test_only_names_a_kvm_run(self):
        selected = run_tests.select_configs(CONFIGS, "kernel-3G@kvm", False)
        self.assertEqual([c.name for c in selected], ["kernel-3G@kvm", "kernel-3G"])
        self.assertEqual(run_tests.add_kvm_runs(selected), selected)
        with self.assertRaises(run_tests.UsageError):
            run_tests.select_configs(CONFIGS, "kernel-16M@kvm", False)

    def _run(self, kvm_works: bool) -> tuple[int, list, str]:
        """run_tests.main() over two configs, booting recorded logs."""
        booted = []

        def fake_boot(config, kernel, logs_dir, accel):
            accel = qemu.resolve_accel(config.accel or accel)
            booted.append((config.name, accel))
            return qemu.RunResult(status=33, log=log("passing.log"), seconds=0.1,
                                  timed_out=False, accel=accel)

        selftests = run_tests.Outcome(name="harness-selftests", seconds=0.0,
                                      verdict=judge_module.Verdict(ok=True, passed=1))
        isa_check = run_tests.Outcome(name="isa-i486", seconds=0.0,
                                      verdict=judge_module.Verdict(ok=True, passed=1))
        out = io.StringIO()
        with mock.patch.object(qemu, "kvm_works", return_value=kvm_works), \
                mock.patch.object(qemu, "boot", fake_boot), \
                mock.patch.object(run_tests, "preflight"), \
                mock.patch.object(run_tests, "lock_logs"), \
                mock.patch.object(run_tests, "run_self_tests", return_value=selftests), \
                mock.patch.object(run_tests, "run_isa_check", return_value=isa_check), \
                contextlib.redirect_stdout(out):
            status = run_tests.main(["--kernel", str(self.tmp / "k.elf"), "--logs",
                                     str(self.tmp / "logs"), "--only", "kernel-128M,kernel-16M"])
        return status, sorted(booted), out.getvalue()

    def test_run_with_kvm(self):
        status, booted, output = self._run(True)
        self.assertEqual(status, 0, output)
        self.assertEqual(booted, [("kernel-128M", "tcg"), ("kernel-128M@kvm", "kvm"),
                                  ("kernel-16M", "tcg")])
        self.assertIn("accel tcg (auto), kvm also for 1 config,", output)
        self.assertIn("kernel-128M@kvm: buddyinfo same as kernel-128M ... ok", output)
        row = next(line for line in output.splitlines() if line.startswith("kernel-128M@kvm "))
        self.assertEqual(row.split()[1:3], ["kvm", "kernel"])

    def test_run_without_kvm(self):
        status, booted, output = self._run(False)
        self.assertEqual(status, 0, output)
        self.assertEqual(booted, [("kernel-128M", "tcg"), ("kernel-16M", "tcg")])
        self.assertIn("accel tcg (auto: kvm not usable),", output)
        self.assertNotIn("@kvm", output)


class PageColumnsTest(unittest.TestCase):
    """The summary's free / reserved / highmem pages."""

    def test_parsed_lines(self):
        text = log("memreport-3G.log")
        self.assertEqual(memreport.accounting(text),
                         memreport.Accounting(786303, 782425, 3878, "ok"))
        self.assertEqual(memreport.memory_line(text).highmem, 2228096)
        self.assertIsNone(memreport.accounting(log("nested.log")))
        self.assertIsNone(memreport.memory_line(text.replace("k highmem)", "K highmem)")))

    def test_columns(self):
        self.assertEqual(run_tests.page_columns(log("memreport-3G.log")),
                         {"free": "782425", "reserved": "3878", "highmem": "557024"})
        self.assertEqual(run_tests.page_columns(log("cutmem-896M-3G.log")),
                         {"free": "774232", "reserved": "3879", "highmem": "552928"})
        self.assertEqual(run_tests.page_columns(log("passing.log"))["highmem"], "0")
        self.assertEqual(run_tests.page_columns(log("crash-double_free.log")), {})

    def test_summary_table(self):
        verdict = judge(BY_NAME["kernel-3G"], 33, log("memreport-3G.log"))
        outcomes = [run_tests.Outcome(name="kernel-3G", verdict=verdict, seconds=1.94,
                                      accel="tcg", boot="kernel", mem="3G", status="33",
                                      **run_tests.page_columns(log("memreport-3G.log"))),
                    run_tests.Outcome(name="too-little", verdict=verdict, seconds=0.1)]
        lines = run_tests.summary_table(outcomes).splitlines()
        self.assertEqual(lines[0].split(), ["config", "accel", "boot", "mem", "status", "pass",
                                            "fail", "skip", "free", "reserved", "highmem",
                                            "time", "result"])
        self.assertEqual(lines[2].split()[8:], ["782425", "3878", "557024", "1.9s", "ok"])
        self.assertEqual(lines[3].split()[8:11], ["-", "-", "-"])
        self.assertTrue(lines[2].endswith("  ok"))

    def test_list_shows_holes_and_kvm(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(run_tests.main(["--list", "--full"]), 0)
        lines = {line.split()[1]: line for line in out.getvalue().splitlines()
                 if line.startswith("* ")}
        self.assertIn("[grub: cutmem 0x2000800 0x20ff800]", lines["cutmem-subpage-128M"])
        self.assertTrue(lines["kernel-3G"].endswith("[+kvm]"))
        self.assertNotIn("[+kvm]", lines["kernel-16M"])
        self.assertTrue(lines["modules-300-kernel"].endswith("[300 modules, 1989K]"))
        self.assertTrue(lines["module-table-no-room"].endswith(
            "memmap=0x9e000$0x1000 [module 15360K]"))
        self.assertIn(" pad=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (2047 bytes)",
                      lines["cmdline-2047-kernel"])


# --- CPUs (issue 10) ----------------------------------------------------------

def objdump_text(*functions: tuple[str, list[str]], section: str = ".text",
                 base: int = 0xc0101000) -> str:
    """objdump -d -M intel output for (symbol, [instruction text]) pairs."""
    lines = ["", "k.elf:     file format elf32-i386", "", "",
             f"Disassembly of section {section}:", ""]
    address = base
    for symbol, instructions in functions:
        lines += [f"{address:08x} <{symbol}>:"]
        for text in instructions:
            lines.append(f"{address:x}:\t90                   \t{text}")
            address += 1
        lines.append("")
    return "\n".join(lines)


GUARDED = [("verify_cpu", ["push   ebx"]), ("verify_cpu.has_cpuid", ["cpuid"]),
           ("get_cycles", ["rdtsc", "ret"])]


class IsaCheckTest(unittest.TestCase):
    def check(self, *functions):
        return isa.check(isa.parse(objdump_text(*GUARDED, *functions)))

    def test_guarded_uses_pass(self):
        report = self.check(("read_cr4_safe", ["mov    eax,cr4"]),
                            ("cr4_set_bits", ["mov    cr4,eax"]),
                            ("memset", ["rep stos DWORD PTR es:[edi],eax", "ret"]),
                            ("xchg_lock", ["lock cmpxchg DWORD PTR [edx],ecx", "bswap  eax",
                                           "xadd   eax,ebx", "invlpg BYTE PTR [eax]"]),
                            ("lkdtm_null_deref", ["ud2"]),
                            ("free_reserved_range", ["tzcnt  ecx,eax"]))
        self.assertTrue(report.ok, [str(v) for v in report.violations] + report.missing)
        self.assertEqual(report.allowed[("cpuid", "verify_cpu.has_cpuid")], 1)
        self.assertIn("rdtsc in get_cycles", report.summary())

    def test_cmov_anywhere_fails(self):
        report = self.check(("strchr", ["cmovne eax,edx"]))
        self.assertFalse(report.ok)
        self.assertEqual([v.instruction.symbol for v in report.violations], ["strchr"])
        self.assertIn("cmovne is not an i486 instruction", str(report.violations[0]))

    def test_rdtsc_and_cpuid_only_where_guarded(self):
        report = self.check(("pairs.constprop.0", ["rdtsc"]), ("setup_arch", ["cpuid"]),
                            ("get_cycles.part.0", ["rdtsc"]))
        self.assertEqual(sorted(v.instruction.symbol for v in report.violations),
                         ["get_cycles.part.0", "pairs.constprop.0", "setup_arch"])

    def test_guarded_uses_must_be_found(self):
        report = isa.check(isa.parse(objdump_text(("start_kernel", ["ret"]))))
        self.assertEqual(report.violations, [])
        self.assertFalse(report.ok)
        self.assertEqual(len(report.missing), 2)
        self.assertFalse(isa.check([]).ok)

    def test_cr4_outside_its_helpers_fails(self):
        report = self.check(("paging_init", ["mov    eax,cr4"]), ("show_regs", ["mov    cr4,edx"]),
                            ("load_cr3", ["mov    cr3,eax"]))
        self.assertEqual([v.instruction.symbol for v in report.violations],
                         ["paging_init", "show_regs"])

    def test_multibyte_nop_fails_one_byte_nop_passes(self):
        report = self.check(("pad", ["nop", "xchg   ax,ax",
                                     "nop    DWORD PTR [eax+eax*1+0x0]",
                                     "cs nop WORD PTR [eax+eax*1+0x0]"]))
        self.assertEqual(len(report.violations), 2)
        self.assertIn("multi-byte NOP", str(report.violations[0]))

    def test_other_post_i486_instructions_fail(self):
        report = self.check(("f", ["sysenter", "fcomi  st,st(1)", "rdmsr", "endbr32",
                                   "cmpxchg8b QWORD PTR [esi]", "pause", "(bad)"]))
        self.assertEqual(len(report.violations), 7)

    def test_parse(self):
        text = objdump_text(("mb2_header", ["add    BYTE PTR [eax],al"]), section=".boot",
                            base=0x100000)
        text += "\n100001:\t00 00 \n" + objdump_text(("startup_32", ["cli"]),
                                                   section=".boot", base=0x100010)
        instructions = isa.parse(text, start=0x100010)
        self.assertEqual([(i.section, i.address, i.symbol, i.text) for i in instructions],
                         [(".boot", 0x100010, "startup_32", "cli")])
        self.assertEqual(isa.mnemonic(isa.Instruction(".text", 0, "f", "repz cmps BYTE PTR")),
                         ("cmps", "BYTE PTR"))

    def test_entry_point(self):
        with tempfile.TemporaryDirectory() as tmp:
            elf = Path(tmp, "k.elf")
            elf.write_bytes(b"\x7fELF\x01\x01\x01" + bytes(17) + (0x10000c).to_bytes(4, "little"))
            self.assertEqual(isa.entry_point(elf), 0x10000c)
            elf.write_bytes(b"\x7fELF\x02" + bytes(40))
            with self.assertRaises(ValueError):
                isa.entry_point(elf)


class CpuConfigsTest(unittest.TestCase):
    REFUSAL = ("This kernel requires an i486 CPU, but only detected an i386 CPU. "
               "Unable to boot - please use a kernel appropriate for your CPU.\n")

    def test_quick_cpu_configs(self):
        expected = {"cpu-486-64M": ("486", None), "cpu-pentium-64M": ("pentium", None),
                    "cpu-base-64M": ("base", None),
                    "cpu-qemu32-nocmov-128M": ("qemu32,-cmov", None),
                    "cpu-qemu32-notsc-128M": ("qemu32,-tsc", None),
                    "machine-isapc-64M": (None, "isapc"),
                    "machine-pc-2.4-64M": (None, "pc-i440fx-2.4"),
                    "cpu-486-family3-refused": ("486,family=3", None)}
        for name, (cpu, machine) in expected.items():
            config = BY_NAME[name]
            self.assertEqual((config.cpu, config.machine, config.quick), (cpu, machine, True))
            self.assertIn(config.mem, ("64M", "128M"))
            if name != "cpu-486-family3-refused":
                self.assertEqual(config.expect_status, configs.STATUS_SUCCESS)
                self.assertTrue(config.expect_ktap and config.check_memory_report, name)

    def test_cpu_configs_are_spliced_in_before_full_only(self):
        names = [c.name for c in CONFIGS]
        first = names.index(configs._CPU_CONFIGS[0].name)
        self.assertEqual(names[first:first + len(configs._CPU_CONFIGS)],
                         [c.name for c in configs._CPU_CONFIGS])
        self.assertTrue(all(c.quick for c in configs._CPU_CONFIGS))
        # before the --full only sizes, whatever other lists sit between
        self.assertLess(first + len(configs._CPU_CONFIGS), names.index("kernel-17M"))

    def test_refusal_words(self):
        self.assertEqual(configs.refusal_text(3), self.REFUSAL)
        config = BY_NAME["cpu-486-family3-refused"]
        self.assertEqual((config.exact_log, config.expect_status), (self.REFUSAL, 35))

    def test_refusal_log(self):
        config = BY_NAME["cpu-486-family3-refused"]
        self.assertTrue(judge(config, 35, log("cpu-486-family3-refused.log")).ok)
        self.assertFalse(judge(config, 33, log("cpu-486-family3-refused.log")).ok)
        more = log("cpu-486-family3-refused.log") + "[    0.000000] handover version 0.1\r\n"
        verdict = judge(config, 35, more)
        self.assertFalse(verdict.ok)
        self.assertIn("output goes on after the expected text", verdict.reason)
        verdict = judge(config, 35, self.REFUSAL.replace("i386", "i286"))
        self.assertIn("output differs at line 1", verdict.reason)
        verdict = judge(config, 35, self.REFUSAL.split("\n")[0])
        self.assertIn("output stops before the end of the expected text", verdict.reason)
        self.assertFalse(judge(config, 35, "").ok)

    def test_recorded_cpu_boots_pass(self):
        self.assertTrue(judge(BY_NAME["cpu-486-64M"], 33, log("cpu-486-64M.log")).ok)
        self.assertTrue(judge(BY_NAME["cpu-base-64M"], 33, log("cpu-base-64M.log")).ok)
        # The base CPU has no PSE: a log claiming 4MB pages is wrong for it.
        wrong = log("cpu-base-64M.log").replace("with 4KB pages", "with 4MB pages")
        self.assertIn("4KB pages", judge(BY_NAME["cpu-base-64M"], 33, wrong).reason)
        # A 486 has no TSC: a TSC clock on it is wrong.
        wrong = log("cpu-486-64M.log").replace("clocksource pit (no TSC)", "clocksource tsc")
        self.assertFalse(judge(BY_NAME["cpu-486-64M"], 33, wrong).ok)

    def test_cpu_and_machine_are_checked(self):
        for cpu in ("486", "qemu32,-tsc", "486,family=3", "Skylake-Client-v4,+pae"):
            Config(name="x", cpu=cpu)
        for bad in ("", "486 -smp 2", "486,,", "486;reboot", "qemu32,-tsc,"):
            with self.assertRaises(ValueError, msg=bad):
                Config(name="x", cpu=bad)
        with self.assertRaises(ValueError):
            Config(name="x", cpu="host")
        Config(name="x", cpu="host", accel="kvm")
        Config(name="x", machine="isapc")
        Config(name="x", machine="pc,accel=tcg")
        for bad in ("", "isapc -S", "pc,accel"):
            with self.assertRaises(ValueError, msg=bad):
                Config(name="x", machine=bad)
        with self.assertRaises(ValueError):
            replace(configs.host_config(Path("t")), cpu="486")
        with self.assertRaises(ValueError):
            Config(name="x", exact_log="only this\n")  # KTAP expected too

    def test_qemu_command_passes_cpu_and_machine(self):
        config = Config(name="x", cpu="qemu32,-tsc", machine="isapc")
        command = qemu.qemu_command(config, "tcg", kernel=Path("k.elf"))
        self.assertEqual(command[command.index("-cpu") + 1], "qemu32,-tsc")
        self.assertEqual(command[command.index("-machine") + 1], "isapc")
        command = qemu.qemu_command(Config(name="y"), "tcg", kernel=Path("k.elf"))
        self.assertNotIn("-cpu", command)
        self.assertNotIn("-machine", command)


CPU_HELP = """Available CPUs:
x86 486                   (alias configured by machine type)
x86 486-v1
x86 Opteron_G1            (alias configured by machine type)
x86 base                  base CPU model type with no features enabled
x86 host                  KVM processor with all supported host features

Recognized CPUID flags:
  3dnow 3dnowext 3dnowprefetch
x86 notamodel
"""


def cpu_model(name: str, **props) -> configs.CpuModel:
    return configs.CpuModel(name, "", tuple(sorted(props.items())))


class CpuMatrixTest(unittest.TestCase):
    def test_parse_cpu_help(self):
        self.assertEqual(qemu.parse_cpu_help(CPU_HELP), [
            ("486", "(alias configured by machine type)"), ("486-v1", ""),
            ("Opteron_G1", "(alias configured by machine type)"),
            ("base", "base CPU model type with no features enabled"),
            ("host", "KVM processor with all supported host features")])

    def test_model_expectations(self):
        i486 = configs.cpu_model_config(cpu_model("486", family=4, model=8, stepping=0,
                                                  level=1, tsc=False, pse=True))
        self.assertEqual((i486.name, i486.cpu, i486.mem, i486.quick), ("cpu-486", "486", "64M", False))
        self.assertIn(configs.CLOCK_PIT, i486.expect_text)
        self.assertIn(configs.PAGES_4M, i486.expect_text)
        self.assertTrue(judge(i486, 33, log("cpu-486-64M.log")).ok)
        # QEMU's model numbers must be what verify_cpu decoded.
        other = configs.cpu_model_config(cpu_model("486", family=4, model=9, stepping=0,
                                                   level=1, tsc=False, pse=True))
        self.assertIn("model: 0x9", judge(other, 33, log("cpu-486-64M.log")).reason)
        opteron = configs.cpu_model_config(cpu_model("Opteron_G1", family=15, model=6,
                                                     stepping=1, level=5, tsc=True, pse=True))
        self.assertIn(configs.CLOCK_TSC, opteron.expect_text)
        self.assertIn(r"\(family: 0xf, model: 0x6, stepping: 0x1\), CPUID level 5$",
                      opteron.expect_text[0])

    def test_level_0_hides_the_features(self):
        base = cpu_model("base", family=0, model=0, stepping=0, level=0, tsc=True, pse=True)
        self.assertEqual(base.detected_family, 4)
        config = configs.cpu_model_config(base)
        self.assertEqual(config.expect_status, 33)
        self.assertIn(configs.CLOCK_PIT, config.expect_text)
        self.assertIn(configs.PAGES_4K, config.expect_text)
        self.assertTrue(judge(config, 33, log("cpu-base-64M.log")).ok)

    def test_below_i486_is_refused(self):
        config = configs.cpu_model_config(cpu_model("old", family=3, model=0, stepping=0,
                                                    level=1))
        self.assertEqual((config.expect_status, config.expect_ktap), (35, False))
        self.assertEqual(config.exact_log, configs.refusal_text(3))
        self.assertTrue(judge(config, 35, log("cpu-486-family3-refused.log")).ok)

    def test_host_is_skipped_without_kvm(self):
        models = [cpu_model("486", family=4, level=1), cpu_model("host")]
        matrix, skipped = configs.cpu_matrix_configs(models, "tcg")
        self.assertEqual([c.name for c in matrix], ["cpu-486"])
        self.assertEqual([name for name, _ in skipped], ["host"])
        self.assertIn("needs KVM", skipped[0][1])
        matrix, skipped = configs.cpu_matrix_configs(models, "kvm")
        self.assertEqual([(c.name, c.accel) for c in matrix],
                         [("cpu-486", None), ("cpu-host", "kvm")])

    def _run(self, argv):
        models = [cpu_model("486", family=4, model=8, stepping=0, level=1, tsc=False,
                            pse=True),
                  cpu_model("old", family=3, model=0, stepping=0, level=1),
                  cpu_model("host")]
        booted = []

        def fake_boot(config, kernel, logs_dir, accel):
            booted.append(config.name)
            name = "cpu-486-64M.log" if config.cpu == "486" else "cpu-486-family3-refused.log"
            return qemu.RunResult(status=33 if config.cpu == "486" else 35, log=log(name),
                                  seconds=0.1, timed_out=False, accel="tcg")

        ok = run_tests.Outcome(name="stub", seconds=0.0,
                               verdict=judge_module.Verdict(ok=True, passed=1))
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.object(qemu, "query_cpu_models", return_value=models), \
                mock.patch.object(qemu, "boot", fake_boot), \
                mock.patch.object(run_tests, "preflight"), \
                mock.patch.object(run_tests, "lock_logs"), \
                mock.patch.object(run_tests, "run_self_tests", return_value=ok), \
                mock.patch.object(run_tests, "run_isa_check", return_value=ok), \
                contextlib.redirect_stdout(out):
            status = run_tests.main(["--kernel", "k.elf", "--logs", tmp, "--accel", "tcg",
                                     *argv])
            matrix = Path(tmp, "cpu-matrix.json")
            rows = json.loads(matrix.read_text()) if matrix.exists() else None
        return status, sorted(booted), out.getvalue(), rows

    def test_cpus_boots_the_matrix_only(self):
        status, booted, output, rows = self._run(["--cpus"])
        self.assertEqual(status, 0, output)
        self.assertEqual(booted, ["cpu-486", "cpu-old"])
        self.assertIn("cpu-host ... skipped: needs KVM", output)
        self.assertEqual([(r["name"], r["result"]) for r in rows["models"]],
                         [("486", "boots"), ("old", "refused"), ("host", "skipped")])
        self.assertEqual((rows["models"][0]["clock"], rows["models"][0]["pages"]),
                         ("pit", "4MB"))

    def test_cpus_only(self):
        status, booted, output, rows = self._run(["--cpus", "--only", "cpu-old"])
        self.assertEqual((status, booted), (0, ["cpu-old"]), output)
        self.assertEqual([r["result"] for r in rows["models"]], ["not run", "refused", "not run"])
        with contextlib.redirect_stderr(io.StringIO()) as err:
            status, booted, _, _ = self._run(["--cpus", "--only", "cpu-nope"])
        self.assertEqual((status, booted), (2, []))
        self.assertIn("unknown CPU matrix config cpu-nope", err.getvalue())

    def test_cpus_and_full_exclude_each_other(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            run_tests.parse_args(["--cpus", "--full"])

    def test_matrix_row_fail(self):
        outcome = run_tests.Outcome(name="cpu-x", seconds=1.0, status="0",
                                    verdict=judge_module.Verdict(ok=False, reasons=["triple"]))
        row = run_tests.matrix_row(cpu_model("x", family=6, level=1), outcome)
        self.assertEqual((row["result"], row["reason"], row["props"]["family"]),
                         ("FAIL", "triple", 6))


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
    return memreport.check(ktap.strip_log(text), cmdline, nodes=nodes)


def _drop_lines(text: str, *needles: str) -> str:
    """The log without every line containing one of needles (each must be there)."""
    for needle in needles:
        if needle not in text:
            raise AssertionError(f"{needle!r} not in the log")
    return "".join(line for line in text.splitlines(keepends=True)
                   if not any(needle in line for needle in needles))


class NumaConfigsTest(unittest.TestCase):
    def test_numa_fields_are_checked(self):
        Config(name="x", mem="3G", numa=("1G", "2G"))
        Config(name="x", mem="3072", numa=("1024M", "2G"))
        bad = [dict(mem="3G", numa=("1G", "1G")),                 # not the sum
               dict(mem="512M", numa=("256", "256M")),            # bytes to a backend
               dict(mem="1G", numa=("0M", "1G")),
               dict(mem="1G", numa_dist=((0, 1, 20),)),           # no nodes
               dict(mem="1G", numa=("512M", "512M"), numa_dist=((0, 0, 10),)),
               dict(mem="1G", numa=("512M", "512M"), numa_dist=((0, 2, 20),)),
               dict(mem="1G", numa=("512M", "512M"), numa_dist=((0, 1, 9),)),
               dict(mem="1G", numa=("512M", "512M"), numa_dist=((0, 1, 256),)),
               dict(mem="1G", numa=("512M", "512M"), numa_dist=((0, 1, 20), (0, 1, 21))),
               dict(mem="768M", numa=("256M",) * 3, numa_dist=((0, 1, 20), (1, 2, 20))),
               dict(mem="1G", expect_nodes=-1),
               dict(mem="129M", numa=("1M",) * 129)]
        for fields in bad:
            with self.subTest(fields=fields), self.assertRaises(ValueError):
                Config(name="x", **fields)
        with self.assertRaises(ValueError):
            replace(configs.host_config(Path("/bin/true")), numa=("128M",))
        # One direction of each pair is enough; both may differ.
        Config(name="x", mem="1G", numa=("512M", "512M"), numa_dist=((0, 1, 15), (1, 0, 25)))

    def test_nodes_expected(self):
        self.assertEqual(BY_NAME["numa-1G-2G"].nodes, 2)
        self.assertEqual(BY_NAME["numa-4x256M"].nodes, 4)
        self.assertEqual(BY_NAME["numa-8x256M"].nodes, 8)
        self.assertEqual(BY_NAME["numa-off-2G"].nodes, 0)
        self.assertEqual(BY_NAME["numa-fake-4-1G"].nodes, 4)
        self.assertIsNone(BY_NAME["kernel-3G"].nodes)
        self.assertEqual(Config(name="x", cmdline="numa=fake=2 numa=off").nodes, 0)
        self.assertEqual(Config(name="x", cmdline="numa=off numa=fake=2").nodes, 2)
        self.assertEqual(Config(name="x", mem="1G", numa=("512M", "512M"),
                                expect_nodes=1).nodes, 1)
        self.assertEqual(configs.numa_param("a numa=off b"), "off")
        self.assertIsNone(configs.numa_param("numactl=1"))

    def test_qemu_command(self):
        command = qemu.qemu_command(BY_NAME["numa-1G-2G"], "tcg", kernel=Path("/k.elf"))
        start = command.index("-smp")
        self.assertEqual(command[start:command.index("-kernel")], [
            "-smp", "2",
            "-object", "memory-backend-ram,id=m0,size=1G",
            "-object", "memory-backend-ram,id=m1,size=2G",
            "-numa", "node,memdev=m0,cpus=0,nodeid=0",
            "-numa", "node,memdev=m1,cpus=1,nodeid=1"])
        self.assertEqual(command[command.index("-m") + 1], "3G")
        self.assertNotIn("-machine", command)
        slit = qemu.qemu_command(BY_NAME["numa-slit-3x512M"], "tcg", kernel=Path("/k.elf"))
        self.assertEqual([slit[i + 1] for i, arg in enumerate(slit) if arg == "-numa"][3:],
                         ["dist,src=0,dst=1,val=15", "dist,src=0,dst=2,val=30",
                          "dist,src=1,dst=2,val=20"])
        eight = qemu.qemu_command(BY_NAME["numa-8x256M"], "tcg", kernel=Path("/k.elf"))
        self.assertEqual(eight[eight.index("-smp") + 1], "8")
        self.assertEqual(eight.count("-numa"), 8)
        grub = qemu.qemu_command(BY_NAME["numa-3-cutmem-2G"], "tcg", iso=Path("/x.iso"))
        self.assertEqual(grub[-2:], ["-cdrom", "/x.iso"])
        self.assertIn("memory-backend-ram,id=m1,size=1152M", grub)

    def test_large_numa_guests_reserve_per_node(self):
        """Above 16G each node's backend skips the reservation, and the
        machine gets no backend of its own: QEMU refuses both at once."""
        config = Config(name="x", mem="32G", numa=("16G", "16G"), pae=True)
        command = qemu.qemu_command(config, "tcg", kernel=Path("/k.elf"))
        self.assertIn("memory-backend-ram,id=m0,size=16G,reserve=off", command)
        self.assertIn("memory-backend-ram,id=m1,size=16G,reserve=off", command)
        self.assertNotIn("-machine", command)
        self.assertNotIn("memory-backend-ram,id=ram0,size=32G,reserve=off", command)
        # At 16G and below, no reservation is skipped.
        command = qemu.base_command("16G", "tcg", ("8G", "8G"))
        self.assertEqual(command[command.index("-smp"):], [
            "-smp", "2", "-object", "memory-backend-ram,id=m0,size=8G",
            "-object", "memory-backend-ram,id=m1,size=8G",
            "-numa", "node,memdev=m0,cpus=0,nodeid=0", "-numa", "node,memdev=m1,cpus=1,nodeid=1"])

    def test_quick_and_full_numa_configs(self):
        numa = {c.name: c for c in configs.NUMA_CONFIGS if c not in configs.NUMA_EDGE_CONFIGS}
        self.assertEqual({n for n, c in numa.items() if c.quick}, {"numa-1G-2G", "numa-4x256M"})
        self.assertEqual(set(numa), {
            "numa-1G-2G", "numa-4x256M", "numa-4x256M-page", "numa-3-cutmem-2G",
            "numa-3-cutmem-2G-page", "numa-3x1G", "numa-8M-248M", "numa-1016M-8M",
            "numa-8x256M", "numa-slit-3x512M", "numa-off-2G", "numa-fake-4-1G",
            "numa-modules-16M-16M-96M", "numa-pae-4G-4G", "numa-pae-3G-3G"})
        for config in numa.values():
            with self.subTest(name=config.name):
                self.assertTrue(config.check_memory_report and config.expect_ktap)
                self.assertEqual(config.expect_status, configs.STATUS_SUCCESS)
                if config.name not in ("numa-fake-4-1G",):
                    self.assertTrue(config.numa)
        self.assertEqual(numa["numa-4x256M-page"].same_buddyinfo_as, "numa-4x256M")
        self.assertEqual(numa["numa-3-cutmem-2G-page"].same_buddyinfo_as, "numa-3-cutmem-2G")
        self.assertEqual(numa["numa-3-cutmem-2G"].holes, ((0x37000000, 0x39000000),))
        self.assertEqual(numa["numa-3-cutmem-2G"].boot, "multiboot")
        for name in ("numa-pae-4G-4G", "numa-pae-3G-3G"):
            self.assertEqual((numa[name].pae, numa[name].cpu), (True, "max"))
        self.assertIn("Warning only", "".join(numa["numa-pae-4G-4G"].forbid_text))
        self.assertIn(r"^accounting: node ", numa["numa-off-2G"].forbid_text)

    def test_numa_edge_configs(self):
        """Issue 22's NUMA classes: two quick boots, the rest --full; one
        node set up where the others have no RAM in use; the mem_map caps
        skip only the memory report's model."""
        edge = {c.name: c for c in configs.NUMA_EDGE_CONFIGS}
        self.assertEqual({n for n, c in edge.items() if c.quick},
                         {"numa-highmem-hole-1G-2G", "numa-fake-1-512M"})
        for name in ("numa-fake-1-512M", "numa-memless-1G-0", "numa-mem-cut-512M-512M",
                     "numa-pae-highmem-cut-3G-5G"):
            self.assertEqual(edge[name].nodes, 1, name)
        self.assertEqual(edge["numa-memless-512M-0-1536M"].nodes, 2)
        for name, config in edge.items():
            with self.subTest(name=name):
                self.assertIn(configs.node_accounting_ok(0), config.expect_text)
                self.assertEqual(config.check_memory_report, "-memmap-" not in name)

    def test_memoryless_node_has_no_backend(self):
        """A node of size 0: its CPU, no memory-backend, no memdev=."""
        command = qemu.base_command("1G", "tcg", ("1G", "0"))
        self.assertEqual(command[command.index("-smp"):], [
            "-smp", "2", "-object", "memory-backend-ram,id=m0,size=1G",
            "-numa", "node,memdev=m0,cpus=0,nodeid=0", "-numa", "node,cpus=1,nodeid=1"])
        with self.assertRaises(ValueError):
            Config(name="x", mem="1G", numa=("1G", "0M"))

    def test_boot_allocators_expected(self):
        def count(name):
            """(free_all_bootmem_node lines, highmem-only lines) the config wants."""
            wanted = BY_NAME[name].expect_text
            return (sum("free_all_bootmem_node" in p for p in wanted),
                    sum("highmem only" in p for p in wanted))
        self.assertEqual(count("numa-4x256M"), (4, 0))
        self.assertEqual(count("numa-4x256M-page"), (4, 0))
        self.assertEqual(count("numa-1G-2G"), (1, 1))
        self.assertEqual(count("numa-8x256M"), (4, 4))
        self.assertEqual(count("numa-1016M-8M"), (1, 1))
        self.assertEqual(count("numa-3x1G"), (1, 2))
        self.assertIn(configs.bootmem_node(3), BY_NAME["numa-4x256M"].expect_text)
        for line in ("Node 1: highmem only, no boot allocator",
                     "Node 1: highmem only, no boot allocator to retire"):
            self.assertTrue(re.search(configs.highmem_node(1), line))
        self.assertTrue(re.search(configs.slit_row(0, (10, 15, 30)), "  0:  10  15  30"))
        self.assertTrue(re.search(configs.slit_row(0, (10, 15, 30)), "  0:  10  15  30 "))

    def test_spliced_before_the_full_only_configs(self):
        names = [c.name for c in CONFIGS]
        first = names.index(configs.NUMA_CONFIGS[0].name)
        self.assertEqual(names[first:first + len(configs.NUMA_CONFIGS)],
                         [c.name for c in configs.NUMA_CONFIGS])
        self.assertLess(first + len(configs.NUMA_CONFIGS), names.index("kernel-17M"))

    def test_list_shows_numa(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(run_tests.main(["--list"]), 0)
        lines = {line[2:].split()[0]: line for line in out.getvalue().splitlines()
                 if line[:2] in ("* ", "  ") and line[2:].strip()}
        self.assertTrue(lines["numa-1G-2G"].startswith("* "))
        self.assertTrue(lines["numa-1G-2G"].endswith("[numa 1G+2G]"))
        self.assertIn("[numa 4x256M]", lines["numa-4x256M"])
        self.assertTrue(lines["numa-slit-3x512M"].startswith("  "))
        self.assertTrue(lines["numa-slit-3x512M"].endswith(
            "[numa 3x512M] [dist 0-1:15 0-2:30 1-2:20]"))


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
                      "786400", memreport.check(ktap.strip_log(text), nodes=2))

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


class WalkthroughTest(unittest.TestCase):
    """docs/walkthrough.md's quotes against logs (walkthrough.py)."""

    DOC = ("text\n```log kernel-3G\n[    0.090784] Memory: 3129516k/3145600k available\n"
           "[    0.091033] mem_init timing: memmap 43330 us, total 51168 us\n```\n"
           "```sh\nnot a quote\n```\n```log numa-1G-2G\n[    0.1] Node 0: x\n```\n")
    LOG = ("[    1.000000] Memory: 3129516k/3145600k available\n"
           "[    1.000001] mem_init timing: memmap 9 us, total 12 us\n")

    def test_quotes_name_their_config_and_line(self):
        quotes = walkthrough.quotes(self.DOC)
        self.assertEqual([(q.config, q.line, q.number) for q in quotes], [
            ("kernel-3G", "Memory: 3129516k/3145600k available", 3),
            ("kernel-3G", "mem_init timing: memmap 43330 us, total 51168 us", 4),
            ("numa-1G-2G", "Node 0: x", 10)])

    def test_timestamps_and_durations_may_differ(self):
        matched, reasons, missing = walkthrough.check(self.DOC, {"kernel-3G": self.LOG})
        self.assertEqual((matched, reasons, missing), (2, [], ["numa-1G-2G"]))

    def test_a_changed_line_fails_naming_where(self):
        log = self.LOG.replace("3129516k", "3129512k")
        matched, reasons, _ = walkthrough.check(self.DOC, {"kernel-3G": log})
        self.assertEqual(matched, 1)
        self.assertEqual(len(reasons), 1)
        self.assertIn("docs/walkthrough.md:3: kernel-3G no longer prints", reasons[0])

    def test_the_real_walkthrough_quotes_quick_configs(self):
        """Every config README.md and the walkthrough quote is booted by make test."""
        root = Path(__file__).resolve().parents[2]
        quick = {c.name for c in CONFIGS if c.quick}
        named = {q.config for doc in ("README.md", "docs/walkthrough.md")
                 for q in walkthrough.quotes((root / doc).read_text())}
        self.assertTrue(named)
        self.assertLessEqual(named, quick)


# A boot with selftest=buddy.*count?rs*,bootmem.bootmem_alignment,buddy.*kmap
# (the selftest-glob-cases config), kernel messages between the suites kept:
# only the selected cases print, numbered and planned without the others.
FILTERED_LOG = """\
[    0.036731] KTAP version 1
[    0.036963] 1..2
[    0.037107]     KTAP version 1
[    0.037169]     # Subtest: bootmem
[    0.037257]     1..1
[    0.037451]     ok 1 bootmem_alignment
[    0.037527]     # bootmem: pass:1 fail:0 skip:0 total:1
[    0.037625] ok 1 bootmem
[    0.038000] Memory: 129508k/130944k available (48k kernel code, 1048k reserved)
[    0.041575]     KTAP version 1
[    0.041632]     # Subtest: buddy
[    0.041701]     1..2
[    0.041800]     ok 1 buddy_counters_agree
[    0.042114]     ok 2 buddy_highmem_through_kmap # SKIP no high memory to allocate from
[    0.042265]     # buddy: pass:1 fail:0 skip:1 total:2
[    0.042374] ok 2 buddy
[    0.071401] Freeing unused kernel memory: 112k freed
[    0.073161] # Totals: pass:2 fail:0 skip:1 total:3
"""


class FilteredKtapTest(unittest.TestCase):
    """The KTAP of a selftest= glob selection parses as a complete run."""

    def test_filtered_document_is_complete(self):
        document = ktap.parse(FILTERED_LOG)
        self.assertTrue(document.complete)
        self.assertEqual(document.warnings, [])
        self.assertEqual(document.plan, 2)
        self.assertEqual(leaf_statuses(document), {
            "bootmem.bootmem_alignment": ktap.PASS,
            "buddy.buddy_counters_agree": ktap.PASS,
            "buddy.buddy_highmem_through_kmap": ktap.SKIP})
        counts = document.counts()
        self.assertEqual((counts.passed, counts.skipped, counts.bad), (2, 1, 0))

    def test_a_case_numbered_as_if_unfiltered_is_caught(self):
        # Had the kernel kept the unfiltered numbers, the plan would not add up.
        bad = FILTERED_LOG.replace("    ok 1 buddy_counters_agree", "    ok 2 buddy_counters_agree")
        document = ktap.parse(bad)
        self.assertTrue(any("where 1 was expected" in w for w in document.warnings))

    def test_filtered_plan_cut_short_is_a_crash(self):
        cut = FILTERED_LOG.split("[    0.042114]")[0]
        document = ktap.parse(cut)
        self.assertFalse(document.complete)
        self.assertEqual(document.counts().crashed, 1)  # buddy's case 2, nothing else


class OnlyGlobTest(unittest.TestCase):
    def test_glob_picks_in_config_order(self):
        names = ["kernel-128M", "kernel-3G", "retire-page-3G", "kernel-3G@kvm"]
        self.assertEqual(run_tests.match_names("kernel-*", names),
                         (["kernel-128M", "kernel-3G"], []))
        self.assertEqual(run_tests.match_names("*@kvm,kernel-3G", names),
                         (["kernel-3G@kvm", "kernel-3G"], []))
        self.assertEqual(run_tests.match_names("kernel-?G, *retire*,kernel-3G", names),
                         (["kernel-3G", "retire-page-3G"], []))
        self.assertEqual(run_tests.match_names("nope-*,kernel-3G,kernel-9G", names),
                         (["kernel-3G"], ["nope-*", "kernel-9G"]))

    def test_select_configs_with_a_glob(self):
        selected = run_tests.select_configs(CONFIGS, "selftest-*", False)
        self.assertEqual([c.name for c in selected],
                         [c.name for c in CONFIGS if c.name.startswith("selftest-")])
        self.assertIn("selftest-unknown", [c.name for c in selected])
        with self.assertRaises(run_tests.UsageError) as raised:
            run_tests.select_configs(CONFIGS, "selftest-*,zzz-*", False)
        self.assertIn("unknown config zzz-*", str(raised.exception))

    def test_glob_brings_the_twin(self):
        selected = [c.name for c in run_tests.select_configs(CONFIGS, "retire-page-3?", False)]
        self.assertEqual(selected, ["retire-page-3G", "kernel-3G"])

    def test_make_test_only_runs_just_the_harness(self):
        """make test ONLY=...: the harness with --only, no host binaries or fuzzers;
        JSON= reaches it as --json."""
        repo = HARNESS_DIR.parent.parent
        try:
            out = subprocess.run(
                ["make", "-n", "--no-print-directory", "-o", "kernels", "-C", str(repo),
                 "test", "ONLY=selftest-*", "JSON=build/r.json"],
                capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.skipTest(f"make: {error}")
        self.assertEqual(out.returncode, 0, out.stderr)
        lines = [line for line in out.stdout.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, out.stdout)
        self.assertIn("run_tests.py", lines[0])
        self.assertIn("--only 'selftest-*'", lines[0])
        self.assertIn(f"--json '{repo / 'build/r.json'}'", lines[0])
        self.assertNotIn("--host", lines[0])


class JsonResultsTest(unittest.TestCase):
    def outcomes(self, tmp: Path) -> list:
        path = tmp / "selftest-glob-cases.log"
        path.write_text(FILTERED_LOG, encoding="utf-8")
        plain = replace(KERNEL, name="selftest-glob-cases", check_memory_report=False)
        booted = run_tests.Outcome(name=plain.name, seconds=1.25, accel="tcg",
                                   boot="kernel", mem="128M", status="33",
                                   verdict=judge(plain, 33, FILTERED_LOG), log_path=path)
        crashed = run_tests.Outcome(name="kernel-128M", seconds=2.0, accel="tcg",
                                    boot="kernel", mem="128M", status="35",
                                    verdict=judge(KERNEL, 35, log("truncated.log")))
        return [booted, crashed, run_tests.skipped_outcome("cpu-old", "too old")]

    def test_schema(self):
        with tempfile.TemporaryDirectory() as tmp:
            outcomes = self.outcomes(Path(tmp))
            path = Path(tmp) / "out" / "results.json"
            run_tests.write_json(outcomes, path)
            data = json.loads(path.read_text())
        self.assertEqual(data["version"], 1)
        self.assertEqual((data["passed"], data["failed"], data["skipped"]),
                         run_tests.totals(outcomes))
        booted, crashed, skipped = data["runs"]
        self.assertEqual({k: booted[k] for k in ("config", "accel", "boot", "mem", "status",
                                                 "result", "passed", "failed", "skipped")},
                         {"config": "selftest-glob-cases", "accel": "tcg", "boot": "kernel",
                          "mem": "128M", "status": "33", "result": "ok", "passed": 2,
                          "failed": 0, "skipped": 1})
        self.assertTrue(booted["log"].endswith("selftest-glob-cases.log"))
        self.assertEqual(booted["cases"], [
            {"suite": "bootmem", "case": "bootmem_alignment", "status": "ok",
             "crashed": False, "skip_reason": ""},
            {"suite": "buddy", "case": "buddy_counters_agree", "status": "ok",
             "crashed": False, "skip_reason": ""},
            {"suite": "buddy", "case": "buddy_highmem_through_kmap", "status": "skip",
             "crashed": False, "skip_reason": "no high memory to allocate from"}])
        self.assertEqual(crashed["result"], "FAIL")
        self.assertTrue(crashed["reasons"])
        self.assertIsNone(crashed["log"])
        self.assertIn({"not ok"}, [{c["status"] for c in crashed["cases"] if c["crashed"]}])
        self.assertEqual(skipped["result"], "skipped")
        self.assertEqual(skipped["cases"], [])

    def test_suite_without_cases(self):
        document = ktap.parse("KTAP version 1\n1..1\nnot ok 1 lonely\n")
        self.assertEqual(run_tests.json_cases(document), [
            {"suite": "lonely", "case": None, "status": "not ok", "crashed": False,
             "skip_reason": ""}])
        self.assertEqual(run_tests.json_cases(ktap.parse("no ktap here")), [])

    def test_docstring_documents_every_key(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = run_tests.results_json(self.outcomes(Path(tmp)))
        keys = set(data) | set(data["runs"][0]) | set(data["runs"][0]["cases"][0])
        for key in keys:
            self.assertIn(f'"{key}"', run_tests.__doc__, key)


class ParseLogTest(unittest.TestCase):
    def run_main(self, *argv: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = run_tests.main(list(argv))
        return status, out.getvalue()

    def test_plain_ktap_summary(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "boot.log"
            path.write_text(FILTERED_LOG, encoding="utf-8")
            status, out = self.run_main("--parse", str(path), "--json", f"{tmp}/r.json")
            data = json.loads(Path(f"{tmp}/r.json").read_text())
        self.assertEqual(status, 0)
        lines = out.splitlines()
        self.assertEqual(lines[:3], [
            "ok bootmem.bootmem_alignment", "ok buddy.buddy_counters_agree",
            "ok buddy.buddy_highmem_through_kmap # SKIP no high memory to allocate from"])
        self.assertIn("[ 1/1] boot ... ok (0.0 s, 3 cases, 1 skipped)", out)
        self.assertIn(run_tests.SKIPPED_FOOTNOTE, out)
        self.assertEqual(lines[-1], "2 passed, 0 failed")
        self.assertEqual(data["runs"][0]["config"], "boot")

    def test_plain_ktap_crash_fails(self):
        status, out = self.run_main("--parse", str(LOGS / "truncated.log"))
        self.assertEqual(status, 1)
        self.assertIn("FAIL: KTAP incomplete", out)
        self.assertIn("(crashed: no result)", out)
        self.assertRegex(out.splitlines()[-1], r"^\d+ passed, [1-9]\d* failed$")

    def test_judged_by_a_config(self):
        status, out = self.run_main("--parse", str(LOGS / "passing.log"),
                                    "--config", "kernel-128M")
        ok = run_tests.parse_log(LOGS / "passing.log", "kernel-128M")
        self.assertEqual(ok.verdict.reasons, judge(KERNEL, 33, log("passing.log")).reasons)
        wrong = run_tests.parse_log(LOGS / "passing.log", "kernel-128M", status=35)
        self.assertFalse(wrong.verdict.ok)
        self.assertIn("exit status 35", wrong.verdict.reason)
        self.assertEqual(status, 0 if ok.verdict.ok else 1)
        self.assertIn("kernel-128M", out)

    def test_usage(self):
        with contextlib.redirect_stderr(io.StringIO()):
            for argv in (["--config", "kernel-128M"], ["--parse", "x", "--status", "33"]):
                with self.assertRaises(SystemExit):
                    run_tests.parse_args(argv)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(run_tests.main(["--parse", str(LOGS / "passing.log"),
                                             "--config", "kernel-9G"]), 2)
            self.assertEqual(run_tests.main(["--parse", "/nonexistent.log"]), 2)
        self.assertIn("unknown config kernel-9G", err.getvalue())


class SkippedFootnoteTest(unittest.TestCase):
    def test_footnote_before_the_last_line(self):
        outcomes = [run_tests.Outcome(name="k", seconds=0, verdict=judge(KERNEL, 33,
                                                                         log("passing.log"))),
                    run_tests.skipped_outcome("cpu-old", "too old")]
        lines = run_tests.final_lines(outcomes, 1.0)
        skipped = run_tests.totals(outcomes)[2]
        self.assertGreaterEqual(skipped, 1)
        self.assertEqual(lines[-3], f"2 runs in 1.0 s; {skipped} skipped")
        self.assertIn("KTAP cases marked SKIP", lines[-2])
        self.assertIn("CPU models", lines[-2])
        self.assertEqual(lines[-1], "9 passed, 0 failed")


class SelftestGlobConfigsTest(unittest.TestCase):
    """The boots that hold selftest= globbing (lib/kunit/test.c) to its
    word, once configs.py has them."""

    def config(self, name: str) -> Config:
        if name not in BY_NAME:
            self.skipTest(f"{name} not in configs.py yet")
        return BY_NAME[name]

    def test_cases_config_judges_the_filtered_log(self):
        config = replace(self.config("selftest-glob-cases"), check_memory_report=False)
        self.assertIn("buddy.", config.cmdline)
        self.assertEqual(judge(config, 33, FILTERED_LOG).reasons, [])
        unfiltered = judge(config, 33, log("passing.log"))
        self.assertFalse(unfiltered.ok)

    def test_refusals_list_the_suites(self):
        for name in ("selftest-glob-unmatched", "selftest-glob-no-suite", "selftest-empty-case"):
            config = self.config(name)
            self.assertEqual(config.expect_status, configs.STATUS_FAILURE, name)
            self.assertTrue(any("the suites are" in t for t in config.expect_text), name)


if __name__ == "__main__":
    unittest.main()
