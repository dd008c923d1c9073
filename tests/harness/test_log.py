"""Self-tests of scripts/hvlib/log.py: printk's timestamp, stripped."""

from __future__ import annotations

import unittest

from scripts.hvlib.log import strip_timestamp



class TimestampTest(unittest.TestCase):
    def test_strips_prefix_but_keeps_ktap_indent(self):
        self.assertEqual(strip_timestamp("[    0.003130]     1..3"), "    1..3")

    def test_large_timestamps_and_crlf(self):
        self.assertEqual(strip_timestamp("[12345.000001] ok 1 a\r\n"), "ok 1 a")

    def test_line_without_prefix_is_unchanged(self):
        self.assertEqual(strip_timestamp("    ok 1 a"), "    ok 1 a")
