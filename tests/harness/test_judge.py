"""Self-tests of judge.py: a boot's verdict from its log and exit
status, and the buddyinfo and free-list comparisons of twin configs."""

from __future__ import annotations

import re
import unittest
from dataclasses import replace
from pathlib import Path

from scripts.hvlib.log import strip_log

from . import configs, memreport, qemu
from . import judge as judge_module
from .fixtures import BY_NAME, KERNEL, log, report_128m
from .judge import judge


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
        rows = memreport.free_lists(strip_log(self.batch))
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
        row = memreport.free_lists(strip_log(self.batch))[0]
        changed = self.batch.replace(f"digest {row.digest}", "digest 00000000")
        reasons = judge_module.compare_buddyinfo(self.page, self.mine, changed)
        self.assertEqual(len(reasons), 1)
        self.assertIn("0:DMA", reasons[0])

    def test_lines_missing_from_one(self):
        cut = "\n".join(line for line in self.batch.splitlines() if "free lists:" not in line)
        self.assertEqual(judge_module.compare_buddyinfo(self.page, self.mine, cut),
                         ["free lists: cannot compare with kernel-3G: no 'free lists:' lines "
                          "from kernel-3G"])


class MemblockTwinTest(unittest.TestCase):
    """bootmem and memblock on the same machine (issue 24): recorded boots
    of kernel-3G, memdump-3G and numa-1G-2G with each allocator."""

    def setUp(self):
        self.bootmem = log("allocators-kernel-3G.log")
        self.bottomup = log("allocators-kernel-3G-memblock-bottomup.log")
        self.config = BY_NAME["kernel-3G-memblock-bottomup"]

    def test_twins_pass_their_own_checks(self):
        for name, text in (("kernel-3G", self.bootmem),
                           ("kernel-3G-memblock-bottomup", self.bottomup),
                           ("memdump-3G", log("allocators-memdump-3G.log")),
                           ("memdump-3G-memblock", log("allocators-memdump-3G-memblock.log")),
                           ("numa-1G-2G", log("allocators-numa-1G-2G.log")),
                           ("numa-1G-2G-memblock", log("allocators-numa-1G-2G-memblock.log"))):
            with self.subTest(name=name):
                verdict = judge(BY_NAME[name], 33, text)
                self.assertTrue(verdict.ok, verdict.reason)

    def test_a_memblock_twin_that_ran_bootmem_fails(self):
        verdict = judge(BY_NAME["kernel-3G-memblock"], 33, self.bootmem)
        self.assertIn("does not name memblock_free_all()", verdict.reason)
        self.assertIn("expected text not found: /^memblock: top-down", verdict.reason)

    def test_bottomup_same_buddyinfo_and_lists_outside_the_bitmap_zone(self):
        self.assertEqual(judge_module.compare_buddyinfo(self.config, self.bottomup,
                                                        self.bootmem), [])
        # Not vacuous: ZONE_DMA's order really differs (bootmem frees its
        # bitmap pages last), and only ZONE_DMA's.
        mine = memreport.free_lists(strip_log(self.bottomup))
        theirs = memreport.free_lists(strip_log(self.bootmem))
        self.assertEqual([a.zone for a, b in zip(mine, theirs) if a != b], ["DMA"])
        self.assertEqual(len(mine), 3)

    def test_bottomup_fails_on_another_normal_list(self):
        row = next(r for r in memreport.free_lists(strip_log(self.bottomup))
                   if r.zone == "Normal")
        tampered = self.bottomup.replace(f"digest {row.digest}", "digest 00000000")
        reasons = judge_module.compare_buddyinfo(self.config, tampered, self.bootmem)
        self.assertEqual(len(reasons), 1)
        self.assertIn("free list order differs from kernel-3G", reasons[0])
        self.assertIn("0:Normal 00000000", reasons[0])
        self.assertNotIn("DMA", reasons[0])

    def test_bottomup_fails_on_other_dma_counts(self):
        tampered = self.bottomup.replace("zone      DMA      4      3", "zone      DMA      5      3")
        self.assertNotEqual(tampered, self.bottomup)
        reasons = judge_module.compare_buddyinfo(self.config, tampered, self.bootmem)
        self.assertIn("buddyinfo differs from kernel-3G", reasons[0])

    def test_bootmem_twins_still_compare_every_zone(self):
        """Between two bootmem boots (bootmem_retire=page) no zone is skipped."""
        self.assertEqual(judge_module._bitmap_zones(strip_log(self.bootmem),
                                                    strip_log(self.bootmem)), set())
        self.assertEqual(judge_module._bitmap_zones(strip_log(self.bottomup),
                                                    strip_log(self.bootmem)), {(0, "DMA")})

    def test_bitmap_zones_on_numa(self):
        self.assertEqual(memreport.bootmem_bitmap_zones(strip_log(log("numa-fake-4-1G.log"))),
                         {(0, "DMA"), (1, "Normal"), (2, "Normal"), (3, "Normal")})
        # Node 1's bitmap stays on node 0 (below 16 MiB), node 2's moves home.
        self.assertEqual(memreport.bootmem_bitmap_zones(
            strip_log(log("numa-modules-16M-16M-96M.log"))), {(0, "DMA"), (2, "Normal")})

    def test_same_totals(self):
        self.assertEqual(judge_module.compare_totals(self.config, self.bottomup, self.bootmem), [])
        config = BY_NAME["numa-1G-2G-memblock"]
        self.assertEqual(judge_module.compare_totals(
            config, log("allocators-numa-1G-2G-memblock.log"),
            log("allocators-numa-1G-2G.log")), [])

    def test_other_totals_fail_with_both_lines(self):
        tampered = self.bootmem.replace("free 782386 + reserved 3917", "free 782385 + reserved 3918")
        self.assertNotEqual(tampered, self.bootmem)
        reasons = judge_module.compare_totals(self.config, self.bottomup, tampered)
        self.assertIn("totals differ from kernel-3G: accounting: kernel-3G-memblock-bottomup "
                      "'accounting: ram 786303 pages = free 782386 + reserved 3917 (ok)', "
                      "kernel-3G 'accounting: ram 786303 pages = free 782385 + reserved "
                      "3918 (ok)'", reasons[0])
        self.assertIn("no per-reason reserved pages in a boot without memdump", reasons[1])
        self.assertEqual(judge_module.compare_totals(self.config, self.bottomup, None),
                         ["totals: cannot compare with kernel-3G: it did not run"])

    def test_longer_command_line_set_aside(self):
        """One page more of boot loader data (a command line longer by the
        twin's boot_allocator=memblock) is set aside and named; one page more
        reserved for anything else is not."""
        longer = (self.bottomup
                  .replace("boot loader data 2 pages", "boot loader data 3 pages")
                  .replace("free 782386 + reserved 3917", "free 782385 + reserved 3918")
                  .replace("Memory: 3129432k/", "Memory: 3129428k/")
                  .replace("15780k reserved", "15784k reserved"))
        self.assertNotEqual(longer, self.bottomup)
        self.assertEqual(judge_module.compare_totals(self.config, longer, self.bootmem), [])
        self.assertEqual(judge_module.totals_note(self.config, longer, self.bootmem),
                         "boot loader data 3 vs 2 pages, set aside: the command lines differ "
                         "in length")
        self.assertEqual(judge_module.totals_note(self.config, self.bottomup, self.bootmem), "")
        other = longer.replace("boot loader data 3 pages", "boot loader data 2 pages")
        self.assertTrue(judge_module.compare_totals(self.config, other, self.bootmem))

    def test_mem_map_on_another_node_set_aside(self):
        """Node 1 has no room for its mem_map: bootmem puts it on node 0 (the
        first with room), memblock top-down on node 2 (the highest).  The
        nodes' totals differ by its pages, named; any other page fails."""
        config = BY_NAME["numa-modules-16M-16M-96M-memblock"]
        memblock = log("allocators-numa-modules-16M-16M-96M-memblock.log")
        bootmem = log("allocators-numa-modules-16M-16M-96M.log")
        self.assertEqual(judge_module.compare_totals(config, memblock, bootmem), [])
        self.assertEqual(judge_module.totals_note(config, memblock, bootmem),
                         "node 1's mem_map (20 pages) on node 2 vs node 0, set aside: no room "
                         "on its own node")
        tampered = re.sub(r"(accounting: node 2: ram \d+ pages = free )(\d+)",
                          lambda m: m.group(1) + str(int(m.group(2)) - 1), memblock)
        self.assertNotEqual(tampered, memblock)
        self.assertTrue(judge_module.compare_totals(config, tampered, bootmem))

    def test_pages_moved_between_nodes_set_aside(self):
        """Page tables, bound to no node, land on node 0 under one allocator
        and node 1 under the other: the nodes' censuses differ by the same
        pages both ways and the machine's agrees -- named, not failed.  A
        page gone from one node only is a failure."""
        config = BY_NAME["numa-1G-2G-memblock"]
        bootmem = log("allocators-numa-1G-2G.log")
        memblock = log("allocators-numa-1G-2G-memblock.log")
        moved = (memblock
                 .replace("node 0: ram 262047 pages = free 258130 + reserved 3917",
                          "node 0: ram 262047 pages = free 258133 + reserved 3914")
                 .replace("node 1: ram 524256 pages = free 524256 + reserved 0",
                          "node 1: ram 524256 pages = free 524253 + reserved 3"))
        self.assertNotEqual(moved, memblock)
        self.assertEqual(judge_module.compare_totals(config, moved, bootmem), [])
        self.assertIn("node 0 reserved 3914 vs 3917, node 1 reserved 3 vs 0, set aside",
                      judge_module.totals_note(config, moved, bootmem))
        lost = moved.replace("node 1: ram 524256 pages = free 524253 + reserved 3",
                             "node 1: ram 524256 pages = free 524256 + reserved 0")
        self.assertTrue(judge_module.compare_totals(config, lost, bootmem))

    def test_other_node_totals_fail(self):
        config = BY_NAME["numa-1G-2G-memblock"]
        tampered = log("allocators-numa-1G-2G-memblock.log").replace(
            "node 0: ram 262047 pages = free 258130 + reserved 3917",
            "node 0: ram 262047 pages = free 258129 + reserved 3918")
        reasons = judge_module.compare_totals(config, tampered, log("allocators-numa-1G-2G.log"))
        self.assertIn("accounting node 0: numa-1G-2G-memblock 'accounting: node 0: ram 262047 "
                      "pages = free 258129 + reserved 3918 (ok)'", reasons[0])

    def test_reserved_by_reason_named(self):
        config = BY_NAME["memdump-3G-memblock"]
        bootmem, memblock = log("allocators-memdump-3G.log"), log("allocators-memdump-3G-memblock.log")
        self.assertEqual(judge_module.compare_totals(config, memblock, bootmem), [])
        # The same reasons and pages, in other places (mem_map top-down).
        by_reason = memreport.reserved_by_reason(strip_log(memblock))
        self.assertEqual(by_reason["mem_init"], memreport.reserved_by_reason(strip_log(bootmem))["mem_init"])
        self.assertEqual(by_reason["mem_init"]["mem_map"], 3840)
        tampered = memblock.replace("memdump: resv 37100 38000 mem_map",
                                    "memdump: resv 37100 38001 mem_map")
        reasons = judge_module.compare_totals(config, tampered, bootmem)
        self.assertIn("reserved by reason at memdump stage setup_arch differs from memdump-3G "
                      "(pages, memdump-3G-memblock vs memdump-3G): mem_map 3841 vs 3840", reasons)


class FreesByOrderTest(unittest.TestCase):
    def test_both_allocators_add_up(self):
        for name in ("allocators-kernel-3G.log", "allocators-kernel-3G-memblock-bottomup.log"):
            lines = memreport._report_lines(strip_log(log(name)))
            self.assertEqual(memreport._frees_reasons(lines), [], name)
            self.assertEqual(set(memreport.frees_by_order(lines)),
                             {"highmem", memreport.retire_slot(strip_log(log(name)))})

    def test_a_wrong_count_fails(self):
        text = strip_log(log("allocators-kernel-3G.log")).replace(
            "frees by order: free_all_bootmem 0:10 ", "frees by order: free_all_bootmem 0:11 ")
        reasons = memreport._frees_reasons(memreport._report_lines(text))
        self.assertEqual(reasons, ["memory report: 'mem_init frees by order: free_all_bootmem' "
                                   "adds up to 463 calls for 225335 pages, 'mem_init frees:' "
                                   "says 462 calls for 225334 pages"])

    def test_a_missing_order_fails(self):
        text = strip_log(log("allocators-kernel-3G.log")).replace(" 9:1087", "")
        reasons = memreport._frees_reasons(memreport._report_lines(text))
        self.assertIn("gives orders [0, 1, 2, 3, 4, 5, 6, 7, 8], expected 0 to 9", reasons[0])

    def test_numa_memblock_has_no_bootmem_lines(self):
        text = strip_log(log("allocators-numa-1G-2G-memblock.log"))
        text = text.replace("Initializing HighMem for node 1",
                            "Node 0: free_all_bootmem_node: 225334 pages\nInitializing HighMem for node 1")
        reasons = memreport.check(text, "boot_allocator=memblock")
        self.assertIn("NUMA: boot_allocator=memblock, but bootmem's 'Node 0: "
                      "free_all_bootmem_node: 225334 pages'", reasons)
