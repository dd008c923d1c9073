#!/usr/bin/env python3
"""make report-check (part of make test-full): does the report page render?

Runs the report tests with matplotlib (test_render.py too), draws a report
from a recorded dump, opens its index.html in headless Chromium, takes a
screenshot and checks it: a PNG of the window's size, not blank, with the
picture's colours in it (the kernel image, the bitmap, free blocks, high
memory waiting) -- so the page's inline SVG was drawn, not only its text.

What it lacks (Debian's python3-matplotlib and chromium-headless-shell) it
installs through scripts/install-deps.sh, the project's one installer.
Prints its verdict last; exits non-zero on a failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPT = REPO / "scripts" / "memory-report.py"
DEFAULT_LOG = HERE / "logs" / "memdump-numa-1G-2G.log"
WINDOW = (1400, 1600)
# Colours of scripts/memory-report.py that the screenshot must show.
SIGNATURE = {"kernel code": (0xD6, 0x27, 0x28), "bootmem bitmap": (0xFF, 0xC4, 0x00),
             "kernel init": (0x7B, 0x1F, 0xA2), "high memory waiting": (0xD1, 0xC4, 0xE9)}
BROWSERS = (("chromium-headless-shell", []), ("chromium", ["--headless"]))


class CheckError(Exception):
    pass


def matplotlib_ok() -> bool:
    return any(os.access(p, os.X_OK) and subprocess.run([p, "-c", "import matplotlib"],
                                                        capture_output=True).returncode == 0
               for p in (sys.executable, "/usr/bin/python3"))


def browser():
    """(binary, its extra flags) of the first headless Chromium on PATH, or None."""
    return next(((shutil.which(b), flags) for b, flags in BROWSERS if shutil.which(b)), None)


def install_missing():
    if matplotlib_ok() and browser():
        return
    print("report-check: installing matplotlib / headless Chromium (scripts/install-deps.sh)", flush=True)
    subprocess.run(["bash", str(REPO / "scripts" / "install-deps.sh"), "report", "browser"], check=False)
    if not matplotlib_ok() or not browser():
        raise CheckError("could not install python3-matplotlib and chromium-headless-shell")


def run_tests():
    r = subprocess.run([sys.executable, "-m", "unittest", "discover", "-q",
                        "-s", str(HERE), "-t", str(REPO)], cwd=REPO)
    if r.returncode:
        raise CheckError("the report tests failed")


def draw(log: Path, out: Path):
    r = subprocess.run([sys.executable, str(SCRIPT), "-o", str(out), str(log)],
                       capture_output=True, text=True, timeout=300)
    if r.returncode:
        raise CheckError(f"memory-report.py exited {r.returncode}: {r.stderr.strip()}")


def screenshot(page: Path, shot: Path):
    binary, flags = browser()
    shot.unlink(missing_ok=True)
    # --no-sandbox: Chromium's sandbox refuses to start as root (CI runs as root).
    cmd = [binary, *flags, "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--force-device-scale-factor=1", f"--window-size={WINDOW[0]},{WINDOW[1]}",
           f"--screenshot={shot}", page.resolve().as_uri()]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if not shot.exists():
        raise CheckError(f"{binary} wrote no screenshot (status {r.returncode}): {r.stderr[-800:]}")


# ---- reading the screenshot, with the standard library only ----

def png_chunks(data: bytes):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise CheckError("the screenshot is not a PNG")
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def unfilter(line: bytearray, prev: bytes, kind: int, bpp: int):
    """Undo one scanline's PNG filter in place (RFC 2083, 6.3)."""
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255


def read_png(path: Path):
    """(width, height, rows of RGB(A) bytes, bytes per pixel): 8-bit truecolour only,
    as Chromium writes its screenshots."""
    chunks = list(png_chunks(path.read_bytes()))
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour not in (2, 6) or interlace:
        raise CheckError(f"unexpected PNG format (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows, prev, stride = [], bytes(width * bpp), width * bpp
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1:start + 1 + stride])
        if raw[start]:
            unfilter(line, prev, raw[start], bpp)
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def colour_census(rows, bpp):
    """{(r, g, b): pixels} of the whole image."""
    census = Counter()
    for row in rows:
        census.update(zip(row[0::bpp], row[1::bpp], row[2::bpp]))
    return census


def near(a, b, tolerance=6):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def check_screenshot(shot: Path):
    width, height, rows, bpp = read_png(shot)
    if (width, height) != WINDOW:
        raise CheckError(f"screenshot is {width}x{height}, not {WINDOW[0]}x{WINDOW[1]}")
    census = colour_census(rows, bpp)
    white = census.get((255, 255, 255), 0)
    if white > 0.97 * width * height:
        raise CheckError(f"screenshot is blank ({white} of {width * height} pixels white)")
    # Text alone antialiases into greys: count colours that are not grey.
    chromatic = [c for c in census if max(c) - min(c) > 40]
    if len(chromatic) < 50:
        raise CheckError(f"only {len(chromatic)} distinct non-grey colours: the picture is not drawn")
    missing = [name for name, rgb in SIGNATURE.items()
               if sum(n for c, n in census.items() if near(c, rgb)) < 30]
    if missing:
        raise CheckError(f"the screenshot lacks the colours of: {', '.join(missing)}")
    return f"{width}x{height}, {len(census)} colours ({len(chromatic)} not grey)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(REPO / "build" / "report-check"), help="directory for the report")
    ap.add_argument("--log", default=str(DEFAULT_LOG), help="recorded memdump log to draw")
    ap.add_argument("--no-tests", action="store_true", help="skip the unittest run")
    args = ap.parse_args(argv)
    out = Path(args.out)
    try:
        install_missing()
        if not args.no_tests:
            run_tests()
        draw(Path(args.log), out)
        screenshot(out / "index.html", out / "screenshot.png")
        verdict = check_screenshot(out / "screenshot.png")
    except (CheckError, subprocess.TimeoutExpired) as e:
        print(f"report-check: FAILED: {e}", file=sys.stderr)
        return 1
    print(f"report-check: ok: {out / 'index.html'} rendered in headless Chromium: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
