#!/usr/bin/env python3
"""Self-tests for tests/bench/bench.py's parsers and arithmetic (no QEMU).

    python3 -m unittest tests.bench.test_bench    (from the top of the tree)
"""

import csv
import unittest
from pathlib import Path

from . import bench

OURS = """\
[    0.000000] handover version 0.1 (i686, Multiboot)
[    0.021456] tsc: Detected 2605.192 MHz processor
[    0.123695] Memory: 3129612k/3145600k available (30k kernel code, 15600k reserved, 18k data, 104k init, 2228096k highmem)
[    0.124095] mem_init timing: memmap 38692 us, free_all_bootmem 2145 us, highmem 4634 us, total 45471 us
[    0.141524] free_initmem timing: 18780 us
[    0.158204] # bench: tsc_khz 2604243
[    0.175489] # bench: order0_pair_cycles 408 (cold zone 1224)
[    0.190249] # bench: order3_pair_cycles 457 (cold zone 958)
[    0.226715] # bench: mixed_op_cycles 268
[    0.226877] # bench: slowest_op_cycles 141726
[    0.280315] # bench: pages 786400 struct_page_bytes 20
[    0.280493] # bench: meminit_us 74086 (memmap 66574 + free_all_bootmem 2142 + highmem 5369)
[    0.280646] # bench: bare_struct_page_loop_us 41680
[    0.280804] # bench: meminit_over_bare_loop 1.77
"""

# The same boot with boot_allocator=memblock: the timing line names
# memblock_free_all in free_all_bootmem's slot (arch/x86/mm/meminit_report.c).
OURS_MEMBLOCK = OURS.replace(
    "[    0.123695] Memory:",
    "[    0.036876] memblock: top-down, memory 0x00000000bff7f000 in 2 regions, "
    "reserved 0x0000000000067000 in 3 regions\n[    0.123695] Memory:").replace(
    "mem_init timing: memmap 38692 us, free_all_bootmem 2145 us, highmem 4634 us, total 45471 us",
    "mem_init timing: memmap 348 us, memblock_free_all 3474 us, highmem 4098 us, total 7920 us")

LINUX = """\
[    0.000000] Linux version 6.1.0-50-686-pae (debian-kernel@lists.debian.org)
[    0.000000] tsc: Fast TSC calibration using PIT
[    0.000000] tsc: Detected 2596.142 MHz processor
[    0.030652] Initmem setup node 0 [mem 0x0000000000001000-0x00000000bffdffff]
[    0.031620] On node 0, zone DMA: 1 pages in unavailable ranges
[    0.078134] Initializing HighMem for node 0 (00036ffe:000bffe0)
[    0.554305] Initializing Movable for node 0 (00000000:00000000)
[    0.558987] Memory: 3096828K/3145208K available (9423K kernel code, 1265K rwdata, 3188K rodata, 928K init, 476K bss, 48380K reserved, 0K cma-reserved, 2244488K highmem)
"""


class ParseOurs(unittest.TestCase):
    def test_fields(self):
        r = bench.parse_ours(OURS)
        self.assertEqual((r.memmap_us, r.fab_us, r.highmem_us, r.total_us),
                         (38692, 2145, 4634, 45471))
        self.assertEqual(r.free_k, 3129612)
        self.assertEqual(r.highmem_k, 2228096)
        self.assertEqual(r.tsc_khz, 2604243)
        self.assertEqual(r.bench["pages"], 786400)
        self.assertEqual(r.bench["struct_page_bytes"], 20)
        self.assertEqual(r.bench["order0_pair_cycles"], 408)
        self.assertEqual(r.bench["order0_pair_cycles_cold"], 1224)
        self.assertEqual(r.bench["order3_pair_cycles_cold"], 958)
        self.assertAlmostEqual(r.bench["meminit_over_bare_loop"], 1.77)
        self.assertAlmostEqual(r.release_ms, 6.779)

    def test_free_initmem(self):
        r = bench.parse_ours(OURS)
        self.assertEqual(r.free_initmem_us, 18780)
        self.assertAlmostEqual(r.free_initmem_ms, 18.78)
        r.scale = 0.5
        self.assertAlmostEqual(r.free_initmem_ms, 9.39)
        gone = bench.parse_ours(OURS.replace("free_initmem timing: 18780 us", "free_initmem"))
        self.assertIsNone(gone.free_initmem_ms)

    def test_meminit(self):
        """memmap + free_all_bootmem + highmem of the timing line."""
        self.assertAlmostEqual(bench.parse_ours(OURS).meminit_ms, 45.471)

    def test_repeated_bare_loop(self):
        r = bench.parse_ours(OURS_REPEATED)
        self.assertEqual(r.bench["bare_struct_page_loop_us"], 3742)
        self.assertEqual(r.bench["bare_struct_page_loop_median_us"], 3811)
        self.assertEqual(r.bench["bare_struct_page_loop_passes"], 5)
        self.assertAlmostEqual(r.bare_loop_ms, 3.742)
        self.assertAlmostEqual(r.bare_loop_median_ms, 3.811)

    def test_single_pass_bare_loop(self):
        """An older kernel's one pass: its figure, and no median."""
        r = bench.parse_ours(OURS)
        self.assertAlmostEqual(r.bare_loop_ms, 41.68)
        self.assertIsNone(r.bare_loop_median_ms)

    def test_bare_loop_without_memory(self):
        r = bench.parse_ours(OURS_REPEATED.replace(
            "bare_struct_page_loop_us 3742 (min of 5 passes after 1 warm-up; median 3811)",
            "bare_struct_page_loop_us 0 (no memory for it)"))
        self.assertIsNone(r.bare_loop_ms)
        self.assertIsNone(r.bare_loop_median_ms)

    def test_rescaled(self):
        r = bench.parse_ours(OURS)
        r.scale = bench.tsc_scale(3000000, 2500000)
        self.assertAlmostEqual(r.release_ms, 6.779 * 1.2)

    def test_lowmem_phase(self):
        """bootmem's free_all_bootmem or memblock's memblock_free_all, named."""
        r = bench.parse_ours(OURS)
        self.assertEqual(r.lowmem_phase, "free_all_bootmem")
        self.assertAlmostEqual(r.lowmem_ms, 2.145)
        m = bench.parse_ours(OURS_MEMBLOCK)
        self.assertEqual(m.lowmem_phase, "memblock_free_all")
        self.assertEqual((m.memmap_us, m.fab_us, m.highmem_us, m.total_us),
                         (348, 3474, 4098, 7920))
        self.assertAlmostEqual(m.lowmem_ms, 3.474)
        self.assertAlmostEqual(m.release_ms, 7.572)
        m.scale = 2.0
        self.assertAlmostEqual(m.lowmem_ms, 6.948)

    def test_unknown_lowmem_phase(self):
        with self.assertRaisesRegex(ValueError, "memblock_free_all N us"):
            bench.parse_ours(OURS.replace("free_all_bootmem 2145", "free_all_memblock 2145"))

    def test_missing_lines(self):
        with self.assertRaisesRegex(ValueError, "mem_init timing"):
            bench.parse_ours(OURS.replace("mem_init timing", "mem_init"))
        no_bench = "\n".join(l for l in OURS.splitlines() if "# bench" not in l)
        with self.assertRaisesRegex(ValueError, "# bench:"):
            bench.parse_ours(no_bench)


LINUX_8G = """\
[    0.000000] tsc: Detected 2596.146 MHz processor
[    0.030851] Zone ranges:
[    0.031165] Initmem setup node 0 [mem 0x0000000000001000-0x000000023fffffff]
[    0.180473] On node 0, zone HighMem: 262176 pages in unavailable ranges
[    0.547614] Initializing HighMem for node 0 (00036ffe:00240000)
[    2.087573] Initializing Movable for node 0 (00000000:00000000)
[    2.092040] Memory: 8212124K/8388088K available (9423K kernel code, 1265K rwdata, 3188K rodata, 928K init, 476K bss, 175964K reserved, 0K cma-reserved, 7487368K highmem)
"""

# The bare loop as kernel/bench.c prints it now: the fastest of several passes.
OURS_REPEATED = OURS.replace(
    "# bench: bare_struct_page_loop_us 41680",
    "# bench: bare_struct_page_loop_us 3742 (min of 5 passes after 1 warm-up; median 3811)")


class ParseLinux(unittest.TestCase):
    def test_interval(self):
        r = bench.parse_linux(LINUX)
        self.assertAlmostEqual(r.release_ms, 480.853)
        self.assertAlmostEqual(r.highmem_only_ms, 476.171)
        self.assertEqual(r.highmem_k, 2244488)
        self.assertEqual(r.tsc_khz, 2596142)

    def test_clock_not_running(self):
        r = bench.parse_linux(LINUX.replace("0.078134", "0.000000").replace(
            "0.554305", "0.000000").replace("0.558987", "0.000000").replace(
            "0.030652", "0.000000"))
        self.assertEqual(r.memory_ts, 0)
        self.assertIsNone(r.meminit_ms)

    def test_initmem_to_memory_span(self):
        """Linux's whole memory init: the first 'Initmem setup node' line to
        'Memory: ... available', rescaled like every other interval."""
        r = bench.parse_linux(LINUX)
        self.assertAlmostEqual(r.initmem_ts, 0.030652)
        self.assertAlmostEqual(r.meminit_ms, 528.335)
        r.scale = 1.1
        self.assertAlmostEqual(r.meminit_ms, 528.335 * 1.1)
        # a second node's line does not move the start
        two = LINUX.replace("[    0.031620] On node 0",
                            "[    0.031000] Initmem setup node 1 [mem 0x1-0x2]\n"
                            "[    0.031620] On node 0")
        self.assertAlmostEqual(bench.parse_linux(two).meminit_ms, 528.335)

    def test_initmem_clock_not_up_yet(self):
        """An Initmem setup line stamped 0 (the early clock not running) gives
        no span rather than one from boot."""
        r = bench.parse_linux(LINUX.replace("0.030652", "0.000000"))
        self.assertIsNone(r.meminit_ms)
        self.assertAlmostEqual(r.release_ms, 480.853)

    def test_no_initmem_line(self):
        r = bench.parse_linux("\n".join(l for l in LINUX.splitlines() if "Initmem" not in l))
        self.assertIsNone(r.meminit_ms)

    def test_real_8g_log(self):
        """A PAE-size boot as Linux 6.1 prints it (shared/reference's 8G log)."""
        r = bench.parse_linux(LINUX_8G)
        self.assertAlmostEqual(r.meminit_ms, (2.092040 - 0.031165) * 1000)
        self.assertAlmostEqual(r.release_ms, (2.092040 - 0.547614) * 1000)
        self.assertEqual(r.highmem_k, 7487368)

    def test_tsc_khz_given(self):
        text = LINUX.replace("[    0.000000] tsc: Detected 2596.142 MHz processor\n",
                             "[    0.000000] tsc: Detected 2999.000 MHz processor\n"
                             "[    0.000000] tsc: Detected 2596.154 MHz TSC\n")
        self.assertEqual(bench.parse_linux(text).tsc_khz, 2596154)

    def test_no_memory_line(self):
        self.assertIsNone(bench.parse_linux(LINUX.splitlines()[0]))

    def test_no_highmem(self):
        r = bench.parse_linux("[    0.1] Memory: 1K/2K available (0K highmem)\n")
        self.assertIsNone(r.release_ms)


class Sizes(unittest.TestCase):
    def test_size(self):
        self.assertEqual(bench.size_mib("3G"), 3072)
        self.assertEqual(bench.size_mib("512M"), 512)
        with self.assertRaises(ValueError):
            bench.size_mib("3GB")

    def test_zero_size_refused(self):
        # QEMU boots -m 0G with its default 128 MiB: never a row called 0G.
        for size in ("0G", "0M", "00G"):
            with self.assertRaises(ValueError):
                bench.size_mib(size)
        with self.assertRaises(ValueError):
            bench.plan_rows("1G 0G")
        with self.assertRaises(ValueError):
            bench.plan_rows("", "0G")

    def test_above_4g(self):
        self.assertEqual(bench.above_4g_mib("3G"), 0)
        self.assertEqual(bench.above_4g_mib("4G"), 1024)
        self.assertEqual(bench.above_4g_mib("8G"), 5120)



class Rows(unittest.TestCase):
    """Which of our kernels boots where: --sizes rows the non-PAE kernel,
    --pae-sizes rows and SIZE-pae the PAE one, on -cpu max."""

    def test_plan(self):
        rows = bench.plan_rows("1G 3g 8G-pae", "8G 16G")
        self.assertEqual([(r.size, r.pae) for r in rows],
                         [("1G", False), ("3G", False), ("8G", True), ("16G", True)])
        self.assertEqual([r.name for r in rows], ["1G", "3G", "8G-pae", "16G-pae"])
        self.assertEqual(rows[2].label, "8G PAE")
        self.assertEqual(bench.plan_rows("3G", ""), [bench.Row("3G")])
        self.assertEqual(bench.plan_rows("", "32G-PAE"), [bench.Row("32G", True)])
        self.assertEqual(bench.plan_rows("8G", "8G"), [bench.Row("8G"), bench.Row("8G", True)])
        for bad in ("8GB", "8G-pea", "pae", "8G-pae-pae"):
            with self.assertRaises(ValueError, msg=bad):
                bench.plan_rows(bad)

    def test_kernel_for(self):
        self.assertEqual(bench.kernel_for(bench.Row("8G", True), "k.elf", "k-pae.elf"),
                         "k-pae.elf")
        self.assertEqual(bench.kernel_for(bench.Row("8G"), "k.elf", "k-pae.elf"), "k.elf")

    def test_cpu(self):
        self.assertEqual(bench.machine_args(bench.Row("8G", True), True)[:2], ["-cpu", "max"])
        self.assertNotIn("-cpu", bench.machine_args(bench.Row("3G"), True))

    def test_ignored_ram(self):
        """Only the non-PAE kernel leaves RAM above 4 GiB unused."""
        self.assertEqual(bench.ignored_mib(bench.Row("8G")), 5120)
        self.assertEqual(bench.ignored_mib(bench.Row("8G", True)), 0)

    def test_timeout_grows_with_size(self):
        self.assertGreater(bench.timeout_for(bench.Row("32G", True)),
                           bench.timeout_for(bench.Row("1G")))


class Prealloc(unittest.TestCase):
    MEMINFO = "MemTotal:       24684084 kB\nMemFree:  1 kB\nMemAvailable:   23812648 kB\n"

    def test_mem_available(self):
        self.assertEqual(bench.mem_available_mib(self.MEMINFO), 23254)
        self.assertIsNone(bench.mem_available_mib("MemTotal: 1 kB\n"))

    def test_decision(self):
        avail = bench.mem_available_mib(self.MEMINFO)   # a quiet 24 GiB machine
        self.assertTrue(bench.can_prealloc(3072, avail))
        self.assertTrue(bench.can_prealloc(8192, avail))
        self.assertTrue(bench.can_prealloc(16384, avail))
        self.assertFalse(bench.can_prealloc(32768, avail))
        # the margin: 2 GiB, or an eighth of a large guest
        self.assertTrue(bench.can_prealloc(16384, 16384 + 2048))
        self.assertFalse(bench.can_prealloc(16384, 16384 + 2047))
        self.assertFalse(bench.can_prealloc(20480, 20480 + 2048 + 511))
        self.assertTrue(bench.can_prealloc(20480, 20480 + 2560))
        self.assertFalse(bench.can_prealloc(1024, None))

    def test_qemu_args(self):
        self.assertEqual(bench.qemu_mem_args("8G", True), ["-m", "8G", "-mem-prealloc"])
        self.assertEqual(bench.qemu_mem_args("8G", False), ["-m", "8G"])
        big = bench.qemu_mem_args("32G", False)
        self.assertNotIn("-mem-prealloc", big)
        self.assertIn("memory-backend-ram,id=ram0,size=32G,reserve=off", big)

    def test_boot_row_decides_per_boot_and_falls_back(self):
        """-mem-prealloc when MemAvailable covers the guest now; a QEMU that
        prints nothing with it is booted again without, and says so."""
        from unittest import mock
        import tempfile
        calls = []

        def fake_boot(args, logfile, stop=None, timeout=0):
            calls.append(args)
            logfile.write_text("x")
            if "-mem-prealloc" in args:
                return 1, "qemu-system-i386: cannot allocate memory\n", 0.1
            return 33, "[    0.1] ok\n", 0.2

        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(bench, "boot", side_effect=fake_boot), \
                mock.patch.object(bench, "mem_available_mib", return_value=23000), \
                mock.patch.object(bench, "log") as said:
            b = bench.boot_row([], bench.Row("8G", True), Path(d) / "a.log", True)
            self.assertFalse(b.prealloc)
            self.assertEqual(len(calls), 2)
            self.assertIn("-mem-prealloc", calls[0])
            self.assertNotIn("-mem-prealloc", calls[1])
            self.assertTrue((Path(d) / "a.prealloc-failed.log").exists())
            self.assertIn("again without it", said.call_args[0][0])
            calls.clear()
            b = bench.boot_row([], bench.Row("32G", True), Path(d) / "b.log", True)
            self.assertEqual((b.prealloc, len(calls)), (False, 1))
            self.assertIn("memory-backend=ram0", calls[0])
            calls.clear()
            b = bench.boot_row([], bench.Row("8G", True), Path(d) / "c.log", False)
            self.assertEqual((b.prealloc, len(calls)), (False, 1))


class BootOurs(unittest.TestCase):
    """Each of our kinds boots with its arguments, and a boot whose timing
    line names the other allocator's phase is a failed boot, not a figure
    filed under the wrong allocator."""

    def boot(self, mode, text):
        import tempfile
        from unittest import mock
        seen = []

        def fake_row(common, row, logfile, want_prealloc, stop=None):
            seen.append(common)
            return bench.Booted(bench.SUCCESS, text, 1.0, True, 20000)

        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(bench, "boot_row", side_effect=fake_row):
            run, _ = bench.boot_ours("k.elf", bench.Row("3G"), mode, "tcg", Path(d) / "x.log")
        return run, seen[0]

    def test_memblock_arguments_and_phase(self):
        run, args = self.boot("memblock", OURS_MEMBLOCK)
        self.assertEqual(args[args.index("-append") + 1],
                         "bench selftest=off boot_allocator=memblock")
        self.assertEqual(run.lowmem_phase, "memblock_free_all")
        _, args = self.boot("batch", OURS)
        self.assertEqual(args[args.index("-append") + 1], "bench selftest=off")

    def test_wrong_allocator_is_a_failed_boot(self):
        # a kernel that ignored boot_allocator=memblock
        with self.assertRaisesRegex(bench.BenchError, "names free_all_bootmem, not memblock_free_all"):
            self.boot("memblock", OURS)
        with self.assertRaisesRegex(bench.BenchError, "not free_all_bootmem"):
            self.boot("page", OURS_MEMBLOCK)


def ours(memmap, fab, high, bare, bare_median=None, free_initmem=2000, scale=1.0):
    r = bench.OursRun(memmap, fab, high, memmap + fab + high, 1, 1,
                      {"bare_struct_page_loop_us": bare, "pages": 786400,
                       "struct_page_bytes": 20,
                       **({"bare_struct_page_loop_median_us": bare_median}
                          if bare_median else {})},
                      free_initmem)
    r.scale = scale
    return r


def linux(initmem_ts, highmem_ts, memory_ts, lowmem=0.004):
    return bench.LinuxRun(highmem_ts, memory_ts - lowmem, memory_ts, 7487368, 2596000,
                          initmem_ts)


def memblock(memmap, fab, high, bare=5000):
    r = ours(memmap, fab, high, bare)
    r.lowmem_phase = "memblock_free_all"
    return r


class MemblockTable(unittest.TestCase):
    """Issue 24's comparison: ours memblock_free_all against ours batch
    free_all_bootmem and Linux's Initializing Movable -> Memory: span."""

    def setUp(self):
        self.b = [ours(500, 2000, 3000, 4000), ours(500, 2400, 3100, 4000),
                  ours(500, 2200, 2900, 4000)]                 # lowmem 2.0/2.2/2.4 ms
        self.mb = [memblock(400, 2500, 3000), memblock(400, 2300, 3200),
                   memblock(400, 3000, 3100)]                  # lowmem 2.3/2.5/3.0 ms
        self.lin = [linux(0.03, 0.5, 2.0, 0.0046), linux(0.03, 0.5, 2.2, 0.0050),
                    linux(0.03, 0.5, 2.1, 0.0044)]            # lowmem 4.4/4.6/5.0 ms

    def summary(self, row=bench.Row("3G")):
        return bench.summarize(row, self.lin, self.b, [], [True] * 9, [0.5], 0, self.mb)

    def test_figures(self):
        s = self.summary()
        self.assertEqual(s["memblock_n"], 3)
        self.assertAlmostEqual(s["ours_memblock_lowmem_ms"], 2.5)
        self.assertAlmostEqual(s["ours_memblock_lowmem_min_ms"], 2.3)
        self.assertAlmostEqual(s["ours_memblock_lowmem_max_ms"], 3.0)
        self.assertAlmostEqual(s["ours_batch_lowmem_ms"], 2.2)
        self.assertAlmostEqual(s["linux_memblock_free_all_ms"], 4.6)
        self.assertAlmostEqual(s["linux_memblock_free_all_min_ms"], 4.4)
        self.assertAlmostEqual(s["linux_memblock_free_all_max_ms"], 5.0)
        self.assertAlmostEqual(s["ours_memblock_release_ms"], 5.5)     # 2.5+3.0, 2.3+3.2, 3.0+3.1
        self.assertAlmostEqual(s["ours_batch_release_all_ms"], 5.1)
        self.assertAlmostEqual(s["memblock_over_batch"], 2.5 / 2.2)
        self.assertAlmostEqual(s["memblock_over_batch_release"], 5.5 / 5.1)
        self.assertAlmostEqual(s["memblock_over_linux"], 2.5 / 4.6)

    def test_goals(self):
        g = bench.memblock_goals(self.summary())
        self.assertEqual(g, ["memblock/batch 1.14x (goal <= 1.1x): not met "
                             "(of the minimums 1.15x)",
                             "memblock/Linux 0.54x (goal <= 0.5x): not met "
                             "(of the minimums 0.52x)"])
        self.mb = [memblock(400, 2200, 3000)]
        g = bench.memblock_goals(self.summary())
        self.assertEqual(g, ["memblock/batch 1.00x (goal <= 1.1x): met (of the minimums 1.10x)",
                             "memblock/Linux 0.48x (goal <= 0.5x): met (of the minimums 0.50x)"])
        self.lin = []
        self.assertEqual(bench.memblock_goals(self.summary())[1],
                         "memblock/Linux n/a (goal <= 0.5x): n/a")

    def test_no_memblock_boots(self):
        self.mb = []
        s = self.summary()
        self.assertEqual(s["memblock_n"], 0)
        self.assertIsNone(s["memblock_over_batch"])
        text = "\n".join(bench.render([s], [], [], None))
        self.assertNotIn("memblock against bootmem", text)

    def test_render(self):
        text = bench.render([self.summary(), self.summary(bench.Row("8G", True))], [], [], None)
        i = text.index("## memblock against bootmem and Linux (ms, median (min-max) over n boots)")
        body = "\n".join(text[i:i + 16])
        self.assertIn("| 3G     | 3/3/3 |       2.50 (2.30-3.00) |", body)
        self.assertIn("2.20 (2.00-2.40)", body)
        self.assertIn("4.60 (4.40-5.00)", body)
        self.assertIn("1.14x (not met)", body)
        self.assertIn("0.54x (not met)", body)
        self.assertIn("5.50 (5.50-6.10)", body)                    # with highmem
        self.assertIn("| 8G PAE ", body)
        self.assertIn("- 3G: memblock/batch 1.14x (goal <= 1.1x): not met (of the minimums 1.15x)",
                      "\n".join(text))



class Summary(unittest.TestCase):
    def setUp(self):
        self.b = [ours(4000, 2000, 3000, 6000, 6100, 2500),    # 9 ms / 6 ms = 1.5
                  ours(5000, 2000, 3000, 5000, 5200, 2900),    # 10 / 5 = 2.0
                  ours(4000, 2000, 4000, 8000, 8300, 2700)]    # 10 / 8 = 1.25
        self.p = [ours(4000, 50000, 150000, 6000)]
        self.lin = [linux(0.03, 0.5, 2.0), linux(0.03, 0.5, 2.2), linux(0.03, 0.6, 1.9)]

    def summary(self, row=bench.Row("8G", True), **kw):
        return bench.summarize(row, self.lin, self.b, self.p, **kw)

    def test_ratio_of_medians_with_n_and_range(self):
        s = self.summary()
        self.assertAlmostEqual(s["ours_meminit_ms"], 10.0)
        self.assertAlmostEqual(s["bare_loop_ms"], 6.0)
        self.assertAlmostEqual(s["bare_loop_min_ms"], 5.0)
        self.assertAlmostEqual(s["meminit_over_bare_loop"], 10 / 6)
        self.assertEqual(s["meminit_over_bare_loop_n"], 3)
        self.assertAlmostEqual(s["meminit_over_bare_loop_lo"], 1.25)
        self.assertAlmostEqual(s["meminit_over_bare_loop_hi"], 2.0)

    def test_free_initmem_median_and_min(self):
        s = self.summary()
        self.assertAlmostEqual(s["free_initmem_ms"], 2.7)
        self.assertAlmostEqual(s["free_initmem_min_ms"], 2.5)
        self.assertAlmostEqual(s["free_initmem_max_ms"], 2.9)

    def test_linux_ratios(self):
        s = self.summary()
        self.assertAlmostEqual(s["linux_release_ms"], 1500.0)
        self.assertAlmostEqual(s["linux_meminit_ms"], 1970.0)
        self.assertAlmostEqual(s["ours_batch_release_ms"], 5.0)
        self.assertAlmostEqual(s["linux_over_ours"], 300.0)
        self.assertAlmostEqual(s["linux_over_ours_meminit"], 197.0)
        self.assertEqual((s["linux_n"], s["batch_n"], s["page_n"]), (3, 3, 1))

    def test_no_boots(self):
        s = bench.summarize(bench.Row("3G"), [], [], [])
        self.assertIsNone(s["meminit_over_bare_loop"])
        self.assertIsNone(s["linux_over_ours"])
        self.assertIsNone(s["ns_per_page"])

    def test_targets(self):
        s = self.summary()
        t = bench.targets(s)
        self.assertEqual(len(t), 2)
        self.assertIn("release Linux/ours 300x (target >= 100x): met", t[0])
        self.assertIn("memory init Linux/ours 197x (target >= 30x): met", t[1])
        self.assertFalse(any("free_initmem" in line for line in t))
        self.lin = [linux(0.03, 0.5, 0.6)]
        self.assertIn("MISSED", bench.targets(self.summary())[0])
        s3 = self.summary(bench.Row("3G"))
        t3 = bench.targets(s3)
        self.assertEqual(len(t3), 1)
        self.assertIn("memory init / bare loop 1.67x (target <= 1.5x): MISSED", t3[0])

    def test_marks(self):
        s = self.summary(prealloc=[True, True, False], loads=[0.5])
        self.assertTrue(bench.not_preallocated(s))
        self.assertEqual(bench.row_label(s, 2), "8G PAE†")
        s = self.summary(bench.Row("4G"), prealloc=[True] * 3, loads=[0.5])
        self.assertEqual(bench.row_label(s, 2), "4G*")


class PlotAndNoise(unittest.TestCase):
    """The plot is extra: without matplotlib bench says so and the tables
    stand; a row whose bare loop ran far above its minimum, or whose host was
    loaded, is flagged."""

    SUMMARY = [dict(size="3G", linux_release_ms=500.0, ours_batch_release_ms=7.0,
                    ours_page_release_ms=200.0)]

    def test_noisy_across_boots(self):
        self.assertTrue(bench.noisy({"bare_loop_min_ms": 4.0, "bare_loop_ms": 9.0}))
        self.assertFalse(bench.noisy({"bare_loop_min_ms": 4.0, "bare_loop_ms": 4.5}))
        self.assertFalse(bench.noisy({"bare_loop_min_ms": None, "bare_loop_ms": 4.5}))

    def test_noisy_within_a_boot(self):
        self.assertTrue(bench.noisy({"bare_loop_inboot_spread": 2.0}))
        self.assertFalse(bench.noisy({"bare_loop_inboot_spread": 1.02}))

    def test_noisy_tsc_calibration(self):
        self.assertTrue(bench.noisy({"tsc_skew_max": 0.36}))
        self.assertFalse(bench.noisy({"tsc_skew_max": 0.02}))
        b = [ours(4000, 2000, 3000, 5000, scale=1.0), ours(4000, 2000, 3000, 5000, scale=0.7)]
        s = bench.summarize(bench.Row("3G"), [], b, [], [True] * 2, [0.5])
        self.assertAlmostEqual(s["tsc_skew_max"], 0.3)
        self.assertIn("TSC", bench.noisy_reasons(s, 2)[0])

    def test_noisy_load(self):
        self.assertTrue(bench.noisy({"max_loadavg": 3.2}, ncpu=2))
        self.assertFalse(bench.noisy({"max_loadavg": 1.1}, ncpu=2))
        self.assertIn("load average", bench.noisy_reasons({"max_loadavg": 3.2}, ncpu=2)[0])

    def test_summary_flags_a_busy_row(self):
        b = [ours(4000, 2000, 3000, 5000), ours(4000, 2000, 3000, 9000),
             ours(4000, 2000, 3000, 9500)]
        s = bench.summarize(bench.Row("3G"), [], b, [], [True] * 3, [0.9])
        self.assertTrue(bench.noisy(s, 2))
        self.assertTrue(bench.row_label(s, 2).endswith("!"))

    def test_missing_plotter_is_a_bench_error_not_a_crash(self):
        import tempfile
        from unittest import mock
        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(bench, "plot_png", side_effect=ImportError("no matplotlib")), \
                mock.patch.object(bench.shutil, "which", return_value="/nonexistent/python3"):
            with self.assertRaises(bench.BenchError) as err:
                bench.plot(Path(d), self.SUMMARY, True)
            self.assertIn("matplotlib", str(err.exception))


class Machine(unittest.TestCase):
    def test_host_cpu(self):
        info = ("processor\t: 0\nvendor_id\t: GenuineIntel\n"
                "model name\t: Intel(R) Xeon(R) CPU @ 2.60GHz\nflags\t: fpu\n")
        self.assertEqual(bench.host_cpu(info), "Intel(R) Xeon(R) CPU @ 2.60GHz")
        self.assertEqual(bench.host_cpu("processor : 0\n"), "?")


class EndToEnd(unittest.TestCase):
    """main() with QEMU replaced: the tables are written and it exits 0 even
    when a boot failed and the plot could not be drawn; no boot at all is 1."""

    def run_main(self, fail_ours=False, extra=()):
        import io
        import tempfile
        from contextlib import redirect_stdout, redirect_stderr
        from unittest import mock
        booted = []

        def fake_linux(vmlinuz, row, accel, logfile, extra="", prealloc=True):
            booted.append(("linux", row, "linux"))
            return linux(0.03, 0.5, 2.0), bench.Booted("stopped", "", 1.0, row.mib < 20000, 20000)

        def fake_ours(kernel, row, mode, accel, logfile, prealloc=True):
            booted.append((kernel, row, mode))
            if fail_ours or (mode == "page" and row.size == "3G"):
                raise bench.BenchError(f"handover {row.label} ({mode}): QEMU timed out")
            r = memblock(400, 2600, 3000, 6000) if mode == "memblock" else \
                ours(4000, 2000, 3000, 6000, 6100)
            return r, bench.Booted(33, "", 1.0, row.mib < 20000, 20000)

        with tempfile.TemporaryDirectory() as d:
            k, kp, vm = Path(d, "k.elf"), Path(d, "kp.elf"), Path(d, "vmlinuz")
            for f in (k, kp, vm):
                f.write_bytes(b"x")
            out = Path(d, "out")
            err = io.StringIO()
            with mock.patch.object(bench, "boot_linux", side_effect=fake_linux), \
                    mock.patch.object(bench, "boot_ours", side_effect=fake_ours), \
                    mock.patch.object(bench.shutil, "which", return_value="/bin/true"), \
                    mock.patch.object(bench, "plot", side_effect=bench.BenchError("no plot")), \
                    redirect_stdout(io.StringIO()), redirect_stderr(err):
                rc = bench.main(["--sizes", "3G", "--pae-sizes", "32G", "--runs", "2",
                                 "--kernel", str(k), "--pae-kernel", str(kp),
                                 "--linux", str(vm), "--out", str(out), "--tsc-khz", "0",
                                 *extra])
            txt = (out / "bench.txt").read_text() if (out / "bench.txt").exists() else ""
            csvs = (out / "bench.csv").is_file() and (out / "runs.csv").is_file()
            if csvs:
                csvs = {f: list(csv.DictReader((out / f).read_text().splitlines()))
                        for f in ("bench.csv", "runs.csv")}
            return rc, txt, booted, err.getvalue(), csvs

    def test_tables_and_exit_0(self):
        rc, txt, booted, err, csvs = self.run_main()
        self.assertEqual(rc, 0, err)
        self.assertIn("no plot", err)
        # the PAE row booted the PAE kernel's copy, the other row the other's
        self.assertEqual({Path(b[0]).name for b in booted if b[0] != "linux" and b[1].pae},
                         {"kernel-pae.elf"})
        self.assertEqual({Path(b[0]).name for b in booted
                          if b[0] != "linux" and not b[1].pae}, {"kernel.elf"})
        self.assertIn("| 32G PAE†", txt)            # not preallocated: marked
        self.assertIn("without -mem-prealloc", txt)
        self.assertIn("## Failed boots", txt)
        self.assertIn("3G page 1/2", txt)
        self.assertIn("Linux Initmem setup -> Memory:", txt)
        self.assertIn("free_initmem", txt)
        self.assertIn("1.50 (n=2)", txt)           # memory init / bare loop, ratio of medians
        self.assertIn("- host CPU: ", txt)
        self.assertTrue(csvs)

    def test_memblock_boots_in_every_row(self):
        rc, txt, booted, err, csvs = self.run_main()
        self.assertEqual(rc, 0, err)
        self.assertEqual(sorted((b[1].name, b[2]) for b in booted if b[0] != "linux"
                                and b[2] == "memblock"),
                         [("32G-pae", "memblock")] * 2 + [("3G", "memblock")] * 2)
        self.assertIn("## memblock against bootmem and Linux", txt)
        # 2.6 ms against batch's 2.0 and Linux's 4.0 (Movable -> Memory:)
        self.assertIn("1.30x (not met)", txt)
        self.assertIn("0.65x (not met)", txt)
        row = {r["row"]: r for r in csvs["bench.csv"]}["3G"]
        self.assertEqual(row["memblock_n"], "2")
        self.assertAlmostEqual(float(row["memblock_over_batch"]), 1.3)
        self.assertAlmostEqual(float(row["linux_memblock_free_all_ms"]), 4.0)
        mb = [r for r in csvs["runs.csv"] if r["kernel"] == "memblock"]
        self.assertEqual({r["lowmem_phase"] for r in mb}, {"memblock_free_all"})
        self.assertEqual({r["memblock_free_all_ms"] for r in mb}, {"2.6"})
        self.assertEqual({r["free_all_bootmem_ms"] for r in mb}, {""})

    def test_no_memblock(self):
        rc, txt, booted, err, _ = self.run_main(extra=["--no-memblock"])
        self.assertEqual(rc, 0, err)
        self.assertFalse([b for b in booted if b[2] == "memblock"])
        self.assertNotIn("memblock against bootmem", txt)

    def test_only_linux_booted(self):
        """Every boot of ours failed: Linux's figures still make tables."""
        rc, txt, *_ = self.run_main(fail_ours=True)
        self.assertEqual(rc, 0)
        self.assertIn("n/a", txt)

    def test_no_boot_at_all_is_1(self):
        rc, txt, *_ = self.run_main(fail_ours=True, extra=["--no-linux"])
        self.assertEqual((rc, txt), (1, ""))


if __name__ == "__main__":
    unittest.main()
