"""report_check.py's reading of a screenshot: its PNG decoder on every
scanline filter, and its verdicts on a blank page and on a drawn one."""

from __future__ import annotations

import struct
import tempfile
import unittest
import zlib
from pathlib import Path

from . import report_check as rc


def predictor(kind, a, b, c):
    if kind == 1:
        return a
    if kind == 2:
        return b
    if kind == 3:
        return (a + b) >> 1
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def encode_png(rows, width, bpp=3, filtered=True):
    """A PNG of RGB(A) rows, scanline y filtered with filter type y % 5 (or none)."""
    raw, prev = bytearray(), bytes(width * bpp)
    for y, row in enumerate(rows):
        kind = y % 5 if filtered else 0
        raw.append(kind)
        if not kind:
            raw += row
        for i, v in enumerate(row if kind else ()):
            a = row[i - bpp] if i >= bpp else 0
            c = prev[i - bpp] if i >= bpp else 0
            raw.append((v - predictor(kind, a, prev[i], c)) & 255)
        prev = row

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2 if bpp == 3 else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw)))
            + chunk(b"IEND", b""))


class ScreenshotReading(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, rows, width, bpp=3, filtered=True):
        path = Path(self.tmp.name) / "shot.png"
        path.write_bytes(encode_png(rows, width, bpp, filtered))
        return path

    def test_every_filter_decodes(self):
        width = 7
        rows = [bytes((x * 37 + y * 91 + ch * 13) % 256 for x in range(width) for ch in range(3))
                for y in range(10)]
        self.assertEqual(rc.read_png(self.write(rows, width)), (width, 10, rows, 3))
        rgba = [bytes((x * 5 + y * 3 + ch) % 256 for x in range(width) for ch in range(4)) for y in range(6)]
        self.assertEqual(rc.read_png(self.write(rgba, width, 4))[2], rgba)

    def test_blank_page_fails(self):
        width, height = rc.WINDOW
        rows = [b"\xff" * (width * 3)] * height
        with self.assertRaisesRegex(rc.CheckError, "blank"):
            rc.check_screenshot(self.write(rows, width, filtered=False))

    def test_wrong_size_fails(self):
        with self.assertRaisesRegex(rc.CheckError, "not 1400x1600"):
            rc.check_screenshot(self.write([b"\xff" * 30] * 10, 10))

    def test_a_page_without_the_picture_fails(self):
        width, height = rc.WINDOW
        grey_text = bytes(v for x in range(width) for v in (x % 256,) * 3)
        rows = [grey_text if y % 2 else b"\xff" * (width * 3) for y in range(height)]
        with self.assertRaisesRegex(rc.CheckError, "non-grey"):
            rc.check_screenshot(self.write(rows, width, filtered=False))


if __name__ == "__main__":
    unittest.main()
