"""Self-tests of run_tests.py: its command line, summary, JSON results,
--parse, --only, the twin comparison, the KVM and CPU-matrix runs
(QEMU patched out)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import tempfile
import unittest
from dataclasses import replace
from pathlib import Path
from unittest import mock

from . import configs, ktap, memreport, qemu, run_tests
from . import judge as judge_module
from .configs import CONFIGS, Config
from .fixtures import LOGS, BY_NAME, KERNEL, log, FILTERED_LOG
from .judge import judge


@contextlib.contextmanager
def main_without_host(fake_boot, selftests: run_tests.Outcome, isa: run_tests.Outcome):
    """run_tests.main() with QEMU's boots faked and nothing of the host's
    touched: no preflight, no log lock, the self-tests and ISA check
    answered by the outcomes given."""
    with mock.patch.object(qemu, "boot", fake_boot), \
            mock.patch.object(run_tests, "preflight"), \
            mock.patch.object(run_tests, "lock_logs"), \
            mock.patch.object(run_tests, "run_self_tests", return_value=selftests), \
            mock.patch.object(run_tests, "run_isa_check", return_value=isa):
        yield


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


class CliTest(unittest.TestCase):
    def test_default_selection_is_quick(self):
        selected = run_tests.select_configs(CONFIGS, None, full=False)
        quick = [c for c in CONFIGS if c.quick]
        # A quick memblock twin brings its --full original along (the
        # modules that fill NUMA nodes, 300 modules): nothing else.
        brought = [c for c in CONFIGS if not c.quick
                   and any(c.name == q.same_totals_as for q in quick)]
        self.assertEqual({c.name for c in brought},
                         {"numa-modules-16M-16M-96M", "modules-300-kernel"})
        self.assertEqual(selected, quick + brought)
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
                main_without_host(fake_boot, selftests, isa_check), contextlib.redirect_stdout(out):
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
                main_without_host(fake_boot, ok, ok), contextlib.redirect_stdout(out):
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
        repo = Path(__file__).resolve().parents[2]
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
        self.assertIn("-m tests.harness.run_tests", lines[0])
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
