"""Self-tests of ktap.py: KTAP documents parsed from recorded logs
(logs/*.log), passing, failing, crashed, nested, skipped, filtered."""

from __future__ import annotations

import unittest
from dataclasses import replace

from . import ktap
from .fixtures import log, leaf_statuses, FILTERED_LOG


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
