#!/usr/bin/env python3
"""Self-tests for tests/bench/bench.py's parsers and arithmetic (no QEMU).

    python3 -m unittest discover -s tests/bench -p 'test_*.py'
"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

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

LINUX = """\
[    0.000000] Linux version 6.1.0-50-686-pae (debian-kernel@lists.debian.org)
[    0.000000] tsc: Fast TSC calibration using PIT
[    0.000000] tsc: Detected 2596.142 MHz processor
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

    def test_rescaled(self):
        r = bench.parse_ours(OURS)
        r.scale = bench.tsc_scale(3000000, 2500000)
        self.assertAlmostEqual(r.release_ms, 6.779 * 1.2)

    def test_missing_lines(self):
        with self.assertRaisesRegex(ValueError, "mem_init timing"):
            bench.parse_ours(OURS.replace("mem_init timing", "mem_init"))
        no_bench = "\n".join(l for l in OURS.splitlines() if "# bench" not in l)
        with self.assertRaisesRegex(ValueError, "# bench:"):
            bench.parse_ours(no_bench)


class ParseLinux(unittest.TestCase):
    def test_interval(self):
        r = bench.parse_linux(LINUX)
        self.assertAlmostEqual(r.release_ms, 480.853)
        self.assertAlmostEqual(r.highmem_only_ms, 476.171)
        self.assertEqual(r.highmem_k, 2244488)
        self.assertEqual(r.tsc_khz, 2596142)

    def test_clock_not_running(self):
        r = bench.parse_linux(LINUX.replace("0.078134", "0.000000").replace(
            "0.554305", "0.000000").replace("0.558987", "0.000000"))
        self.assertEqual(r.memory_ts, 0)

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

    def test_above_4g(self):
        self.assertEqual(bench.above_4g_mib("3G"), 0)
        self.assertEqual(bench.above_4g_mib("4G"), 1024)
        self.assertEqual(bench.above_4g_mib("8G"), 5120)


class PlotAndNoise(unittest.TestCase):
    """The plot is extra: without matplotlib bench says so and the tables
    stand; a row whose bare loop ran far above its minimum is flagged."""

    SUMMARY = [dict(size="3G", linux_release_ms=500.0, ours_batch_release_ms=7.0,
                    ours_page_release_ms=200.0)]

    def test_noisy_flags_a_busy_host(self):
        self.assertTrue(bench.noisy({"bare_loop_min_us": 4000,
                                     "micro_bare_struct_page_loop_us": 9000}))
        self.assertFalse(bench.noisy({"bare_loop_min_us": 4000,
                                      "micro_bare_struct_page_loop_us": 4500}))
        self.assertFalse(bench.noisy({"bare_loop_min_us": None,
                                      "micro_bare_struct_page_loop_us": 4500}))

    def test_missing_plotter_is_a_bench_error_not_a_crash(self):
        import tempfile
        from unittest import mock
        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(bench, "plot_png", side_effect=ImportError("no matplotlib")), \
                mock.patch.object(bench.shutil, "which", return_value="/nonexistent/python3"):
            with self.assertRaises(bench.BenchError) as err:
                bench.plot(Path(d), self.SUMMARY, True)
            self.assertIn("matplotlib", str(err.exception))


if __name__ == "__main__":
    unittest.main()
