"""Self-tests of configs.py: the boot configurations and what each
expects (loaders, holes, CPUs, NUMA, selftest= globs)."""

from __future__ import annotations

import contextlib
import io
import re
import unittest
from unittest import mock
from dataclasses import replace
from pathlib import Path

from . import configs, qemu, run_tests
from . import judge as judge_module
from .configs import CONFIGS, FREE_LISTS_LINE, Config
from .fixtures import BY_NAME, KERNEL, log, FILTERED_LOG
from .judge import judge


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
        pairs = {c.name: c.same_buddyinfo_as for c in CONFIGS
                 if c.same_buddyinfo_as and not c.same_totals_as}
        hole_pairs = {f"{c.name}-page": c.name for c in CONFIGS
                      if c.holes and not c.name.endswith("-page") and not c.same_totals_as}
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
        batches = [c for c in CONFIGS if c.holes and not c.name.endswith("-page")
                   and not c.same_totals_as]
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
        bootmem = [c for c in CONFIGS if not c.same_totals_as]
        quick = {c.name for c in bootmem if c.holes and c.quick}
        self.assertEqual(quick, {"cutmem-subpage-128M", "memmap-896M-3G", "cutmem-16M-896M-1G"})
        self.assertEqual(len([c for c in bootmem if c.holes and not c.quick]), 27)
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


class MemblockConfigsTest(unittest.TestCase):
    """The memblock twins (issue 24) are made from CONFIGS, not by hand."""

    def test_every_twinnable_boot_has_a_twin(self):
        originals = [c for c in CONFIGS if configs.memblock_twinnable(c)]
        self.assertGreater(len(originals), 100)
        for config in originals:
            with self.subTest(name=config.name):
                twin = BY_NAME[config.name + configs.MEMBLOCK_SUFFIX]
                self.assertEqual(twin.same_totals_as, config.name)
                self.assertEqual(twin.cmdline.split()[-1], configs.MEMBLOCK)
                self.assertEqual(twin.quick, config.name in configs.MEMBLOCK_QUICK)
                self.assertIsNone(twin.same_buddyinfo_as)
                self.assertIn(configs.MEMBLOCK_TIMING, twin.expect_text)
                self.assertFalse(any("bootmem" in p for p in twin.expect_text))
                self.assertEqual((twin.mem, twin.boot, twin.numa, twin.modules, twin.holes,
                                  twin.pae), (config.mem, config.boot, config.numa,
                                              config.modules, config.holes, config.pae))

    def test_not_twinned(self):
        for name in ("crash-bug", "pae-pentium-refused", "retire-page-3G", "cmdline-2047-kernel",
                     "boot-allocator-unknown", "kernel-3G-memblock"):
            with self.subTest(name=name):
                self.assertFalse(configs.memblock_twinnable(BY_NAME[name]))
                self.assertNotIn(name + configs.MEMBLOCK_SUFFIX, BY_NAME)

    def test_bottomup_twins_compare_buddyinfo(self):
        for name in (*configs.MEMBLOCK_BOTTOMUP_QUICK, *configs.MEMBLOCK_BOTTOMUP_FULL):
            with self.subTest(name=name):
                twin = BY_NAME[name + configs.BOTTOMUP_SUFFIX]
                self.assertEqual((twin.same_buddyinfo_as, twin.same_totals_as), (name, name))
                self.assertTrue(twin.cmdline.endswith(f"{configs.MEMBLOCK} "
                                                      f"{configs.MEMBLOCK_BOTTOMUP}"))
                self.assertIn(FREE_LISTS_LINE, twin.expect_text)
                self.assertEqual(twin.quick, name in configs.MEMBLOCK_BOTTOMUP_QUICK)

    def test_modules_twins_held_to_the_memblock_boot_without_modules(self):
        twin = BY_NAME["modules-40-multiboot2-memblock"]
        self.assertEqual(twin.reserved_like, "modules-0-kernel-memblock")
        self.assertTrue(BY_NAME["modules-0-kernel-memblock"].quick)

    def test_a_name_that_is_not_a_boot_is_refused(self):
        with mock.patch.object(configs, "MEMBLOCK_QUICK", ("crash-bug",)):
            with self.assertRaisesRegex(ValueError, "not twinnable boots: crash-bug"):
                configs.memblock_twins(CONFIGS)

    def test_same_totals_as_checked(self):
        with self.assertRaisesRegex(ValueError, "same_totals_as 'nowhere' is not a config"):
            configs.check_twins([Config(name="x", same_totals_as="nowhere")])
        with self.assertRaisesRegex(ValueError, "same_totals_as names the config itself"):
            Config(name="x", same_totals_as="x")
