"""Self-tests of qemu.py: the QEMU command lines and the process
handling, without booting."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import unittest
from dataclasses import replace
from pathlib import Path
from unittest import mock

from . import qemu
from .configs import Config
from .fixtures import BY_NAME


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
