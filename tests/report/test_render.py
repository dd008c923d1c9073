"""make report's drawing: scripts/memory-report.py run on the recorded dumps.

Needs matplotlib, which is Debian's python3-matplotlib: the tests run the
script under a python3 that imports it (this one, or Debian's own) and are
skipped where there is none (`make test`'s usual case; `make report-check`
installs it and runs them).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parents[1] / "scripts" / "memory-report.py"
LOGS = HERE / "logs"


def matplotlib_python():
    """A python3 that imports matplotlib, or None."""
    for python in (sys.executable, "/usr/bin/python3"):
        if os.access(python, os.X_OK) and subprocess.run(
                [python, "-c", "import matplotlib"], capture_output=True).returncode == 0:
            return python
    return None


PYTHON = matplotlib_python()


def png_size(path: Path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@unittest.skipIf(PYTHON is None, "no python3 with matplotlib (Debian: python3-matplotlib)")
class Render(unittest.TestCase):
    def report(self, log: Path):
        """(exit status, stderr, out dir) of the script on log."""
        out = Path(self.tmp.name) / log.stem
        r = subprocess.run([PYTHON, str(SCRIPT), "-o", str(out), str(log)],
                           capture_output=True, text=True, timeout=300)
        return r.returncode, r.stderr, out

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_every_recorded_log_draws(self):
        for log in sorted(LOGS.glob("*.log")):
            with self.subTest(log=log.name):
                status, err, out = self.report(log)
                self.assertEqual(status, 0, err)
                width, height = png_size(out / "memory.png")
                self.assertEqual(width, 1600)
                self.assertGreater(height, 900)
                svg = (out / "memory.svg").read_text()
                page = (out / "index.html").read_text()
                self.assertIn(svg[svg.index("<svg"):], page)
                self.assertNotIn("<script", page)
                self.check_tooltips(svg)

    def check_tooltips(self, svg: str):
        titles = re.findall(r'<g id="mr\d+">\s*<title>([^<]*)</title>', svg)
        self.assertGreater(len(titles), 50)
        self.assertEqual(len(titles), len(re.findall(r'<g id="mr\d+"', svg)))
        text = "\n".join(titles)
        for words in ("mem_init: reserved: kernel code\npfn 0x", "setup_arch: node 0&#x27;s bootmem bitmap",
                      "free_initmem: given back since mem_init: was kernel init",
                      "mem_init: given back since setup_arch: was node 0&#x27;s bootmem bitmap",
                      "order 9 (2 MiB each)", "hole:"):
            self.assertTrue(words in text, words)
        if "zone HighMem" in text:
            self.assertTrue("setup_arch: high memory: no boot allocator" in text)

    def test_numa_draws_a_strip_per_node(self):
        status, err, out = self.report(LOGS / "memdump-numa-1G-2G.log")
        self.assertEqual(status, 0, err)
        svg = (out / "memory.svg").read_text()
        self.assertEqual(len(re.findall(r"<title>\w+: node 1, \d+ pages present", svg)), 3)

    def test_cut_short_stage_is_drawn_as_such(self):
        log = Path(self.tmp.name) / "cut.log"
        text = (LOGS / "memdump-3G.log").read_text()
        log.write_text(text[:text.index("memdump: end free_initmem")])
        status, err, out = self.report(log)
        self.assertEqual(status, 1)
        self.assertIn("stage free_initmem was cut short", err)
        page = (out / "index.html").read_text()
        self.assertIn('<p class="warn">stage free_initmem was cut short', page)
        self.assertNotIn("<td>free_initmem</td>", page)
        self.assertTrue((out / "memory.png").exists())


if __name__ == "__main__":
    unittest.main()
