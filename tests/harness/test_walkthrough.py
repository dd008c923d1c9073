"""Self-tests of walkthrough.py: the docs' quoted serial lines against
logs."""

from __future__ import annotations

import unittest
from dataclasses import replace
from pathlib import Path

from . import walkthrough
from .configs import CONFIGS
from .fixtures import log


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
