"""README.md and `make help` against the tree: the layout section names
every directory `git ls-files` has (to three levels) and no other, and
`make help` (and README's target tables) name every target of the
Makefile and the .mk files it includes."""

from __future__ import annotations

import re
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
LAYOUT_DEPTH = 3
# `make TARGET` in help's or README's text; `make [all]` is all.
MAKE_WORD = re.compile(r"\bmake \[?([a-z][\w-]*)")
RULE = re.compile(r"^([a-z][\w-]*)\s*:(?!=)", re.M)
PHONY = re.compile(r"^\.PHONY\s*:(.*)$", re.M)
INCLUDE = re.compile(r"^-?include\s+(\S+\.mk)\s*$", re.M)


def layout_dirs(readme: str) -> list[str]:
    """The directories of README's "## Layout" block: its lines' first words."""
    section = ("\n" + readme).split("\n## Layout", 1)[1]
    block = section.split("```\n", 2)[1]
    return [line.split()[0].rstrip("/") for line in block.splitlines()
            if line and not line[0].isspace()]


def tracked_dirs(files: list[str], depth: int = LAYOUT_DEPTH) -> set[str]:
    """Every directory holding a tracked file, down to depth levels."""
    dirs = set()
    for name in files:
        parts = name.split("/")[:-1]
        for n in range(1, min(len(parts), depth) + 1):
            dirs.add("/".join(parts[:n]))
    return dirs


def make_targets(root: Path = ROOT) -> set[str]:
    """The targets a user runs: every rule named by a plain word in the
    Makefile and the .mk files it includes, and every .PHONY one."""
    texts = [(root / "Makefile").read_text()]
    texts += [(root / mk).read_text() for mk in INCLUDE.findall(texts[0])]
    targets = set()
    for text in texts:
        targets.update(RULE.findall(text))
        for line in PHONY.findall(text):
            targets.update(line.split())
    return targets - {"FORCE"}


class LayoutTest(unittest.TestCase):
    def setUp(self):
        try:
            out = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True,
                                 text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.skipTest(f"git: {error}")
        if out.returncode:
            self.skipTest(f"not a git tree: {out.stderr.strip()}")
        self.files = out.stdout.splitlines()
        self.listed = layout_dirs(README.read_text())

    def test_every_directory_is_listed(self):
        missing = sorted(tracked_dirs(self.files) - set(self.listed))
        self.assertEqual(missing, [], "directories README's layout section does not list")

    def test_every_listed_directory_exists(self):
        gone = [d for d in self.listed if not (ROOT / d).is_dir()]
        self.assertEqual(gone, [], "directories README's layout section lists that do not exist")

    def test_listed_once(self):
        self.assertEqual(len(self.listed), len(set(self.listed)))


class LayoutParseTest(unittest.TestCase):
    def test_first_words_of_the_block(self):
        text = ("## Layout: x\n\nprose\n\n```\nmm/     a.c\n        more of mm\n"
                "mm/x/   b.c\n```\n\n## Next\n")
        self.assertEqual(layout_dirs(text), ["mm", "mm/x"])

    def test_tracked_dirs_to_depth(self):
        self.assertEqual(tracked_dirs(["Makefile", "a/b/c/d/e.c", "a/f.c"], 3),
                         {"a", "a/b", "a/b/c"})


class MakeHelpTest(unittest.TestCase):
    def test_targets_found(self):
        targets = make_targets()
        for name in ("all", "test", "host-test", "fuzz-smoke", "bench-host", "help"):
            self.assertIn(name, targets)

    def test_help_names_every_target(self):
        try:
            out = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(ROOT), "help"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.skipTest(f"make: {error}")
        self.assertEqual(out.returncode, 0, out.stderr)
        missing = sorted(make_targets() - set(MAKE_WORD.findall(out.stdout)))
        self.assertEqual(missing, [], "targets make help does not name")

    def test_readme_names_every_target(self):
        missing = sorted(make_targets() - set(MAKE_WORD.findall(README.read_text())))
        self.assertEqual(missing, [], "targets README.md does not name")
