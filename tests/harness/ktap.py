"""KTAP version 1 parser for handover's serial logs and host test output.

The kernel reports its self-tests in KUnit's KTAP format (see Linux's
Documentation/dev-tools/ktap.rst).  The harness only ever sees the document
embedded in a whole serial log, so this module:

  * strips the printk timestamp prefix (``[    0.123456] ``) that every
    kernel line carries, while keeping the KTAP indentation that follows it;
  * starts at the first ``KTAP version 1`` line and ignores everything that
    is not KTAP-shaped (interleaved kernel messages, panic output);
  * uses indentation (4 spaces per level, any depth) to build the tree;
  * turns every planned-but-missing result into a "crashed" case, because a
    plan the kernel never finished means it died in the middle of a test.

The result is a tree of TestCase nodes under a Document.  Only the leaves
count as tests: a suite's cases count, a suite without cases counts as
itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from scripts.hvlib.log import strip_timestamp

PASS = "pass"
FAIL = "fail"
SKIP = "skip"
CRASHED = "crashed"

_VERSION = re.compile(r"^K?TAP version (\d+)\s*$")
_FIRST_VERSION = "KTAP version 1"
_PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#.*)?$")
_RESULT = re.compile(r"^(ok|not ok)\s+(\d+)\b\s*(?:-\s+)?(.*)$")
_SUBTEST = re.compile(r"^#\s*Subtest:\s*(.*?)\s*$")
_SKIP_DIRECTIVE = re.compile(r"^SKIP\b\s*(.*)$", re.IGNORECASE)


@dataclass
class TestCase:
    """One result line (or one missing result) and everything nested under it.

    ``diagnostics`` holds the ``#`` lines printed just before the result line
    at the same level, which is where KUnit puts a failed expectation.
    ``children`` is non-empty only for suites; ``plan`` is the suite's own
    ``1..N`` line, kept so that a short suite can be recognised.
    """

    name: str
    number: int
    status: str
    skip_reason: str = ""
    diagnostics: list[str] = field(default_factory=list)
    children: list["TestCase"] = field(default_factory=list)
    plan: int | None = None

    def leaves(self, prefix: str = "") -> Iterator[tuple[str, "TestCase"]]:
        """Yield (dotted name, case) for each countable test under this node."""
        full = f"{prefix}.{self.name}" if prefix else self.name
        if not self.children:
            yield full, self
            return
        for child in self.children:
            yield from child.leaves(full)


@dataclass
class Counts:
    """Leaf-case tallies; crashed cases are kept apart from plain failures
    so reports can say the kernel died rather than that an assertion failed."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    crashed: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.skipped + self.crashed

    @property
    def bad(self) -> int:
        """Cases that make a run fail: real failures plus crashes."""
        return self.failed + self.crashed


@dataclass
class Document:
    """A parsed KTAP document, or the record that none was found.

    ``found`` is False when no ``KTAP version 1`` line appeared at all, which
    for the kernel means it never reached its self-tests.  ``complete`` is
    False when any plan, at any level, was not fulfilled.
    """

    found: bool
    tests: list[TestCase] = field(default_factory=list)
    plan: int | None = None
    diagnostics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        if not self.found or self.plan is None:
            return False
        return not any(case.status == CRASHED for _, case in self.walk())

    def walk(self) -> Iterator[tuple[str, TestCase]]:
        """Yield (dotted name, node) for every node, suites included."""
        def visit(prefix: str, case: TestCase):
            full = f"{prefix}.{case.name}" if prefix else case.name
            yield full, case
            for child in case.children:
                yield from visit(full, child)
        for case in self.tests:
            yield from visit("", case)

    def leaves(self) -> Iterator[tuple[str, TestCase]]:
        for case in self.tests:
            yield from case.leaves()

    def counts(self) -> Counts:
        counts = Counts()
        for _, case in self.leaves():
            if case.status == PASS:
                counts.passed += 1
            elif case.status == SKIP:
                counts.skipped += 1
            elif case.status == CRASHED:
                counts.crashed += 1
            else:
                counts.failed += 1
        return counts

    def failures(self) -> list[tuple[str, TestCase]]:
        """Failed or crashed nodes, leaves first-class, suites only when none
        of their own cases failed (a suite that says "not ok" over passing
        cases, e.g. a failing suite init, must not go unnoticed)."""
        bad = []
        for name, case in self.walk():
            if case.status not in (FAIL, CRASHED):
                continue
            if case.children and any(
                    leaf.status in (FAIL, CRASHED) for _, leaf in case.leaves()):
                continue
            bad.append((name, case))
        return bad


@dataclass
class _Line:
    indent: int
    text: str


def _is_ktap(text: str) -> bool:
    """Whether a dedented line is part of KTAP rather than other kernel output."""
    return bool(text.startswith("#") or _VERSION.match(text)
                or _PLAN.match(text) or _RESULT.match(text))


def _ktap_lines(log: str) -> list[_Line] | None:
    """The KTAP-shaped lines from the first ``KTAP version 1`` on, or None."""
    lines = [strip_timestamp(line) for line in log.splitlines()]
    start = next((i for i, line in enumerate(lines)
                  if line.strip() == _FIRST_VERSION), None)
    if start is None:
        return None
    out = []
    for line in lines[start:]:
        text = line.lstrip(" ")
        if text and _is_ktap(text.rstrip()):
            out.append(_Line(len(line) - len(text), text.rstrip()))
    return out


def _parse_result(text: str) -> tuple[str, int, str, str]:
    """Split a result line into (status, number, name, skip reason)."""
    match = _RESULT.match(text)
    ok, number, rest = match.group(1), int(match.group(2)), match.group(3)
    name, hash_mark, directive = rest.partition("#")
    skip = _SKIP_DIRECTIVE.match(directive.strip()) if hash_mark else None
    if hash_mark and not skip:
        # Not a SKIP directive (e.g. TODO): keep the text as part of the name.
        name = rest
    status = SKIP if skip else (PASS if ok == "ok" else FAIL)
    name = name.strip() or f"<unnamed case {number}>"
    return status, number, name, skip.group(1).strip() if skip else ""


def _is_stray_comment(text: str) -> bool:
    """Whether a ``#`` line off the current level is just a comment.

    Kernel messages such as ``#PF: supervisor read access`` start at column 0
    in the middle of a suite; letting them close the suite would turn every
    later result into a bogus crash.  Only ``# Subtest:`` may change level.
    """
    return text.startswith("#") and not _SUBTEST.match(text)


def _diagnostic(text: str) -> str:
    """The text of a ``#`` line, without the marker and its single space."""
    body = text[1:]
    return body[1:] if body.startswith(" ") else body


class _Parser:
    """Recursive descent over indentation levels.

    Each call to ``body`` consumes one level: an optional version line, an
    optional ``# Subtest:`` name, the plan, and result lines with their
    diagnostics.  A deeper line opens a nested level whose result line is the
    next result at this level; a shallower line closes this level.
    """

    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self.pos = 0
        self.warnings: list[str] = []

    def body(self, indent: int) -> tuple[TestCase, list[str]]:
        """Parse one level; return a node holding it and its trailing
        diagnostics (the lines after its last result, e.g. a suite summary)."""
        node = TestCase(name="", number=0, status=PASS)
        pending: list[str] = []
        child: TestCase | None = None
        seen_version = seen_content = False
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if line.indent != indent and _is_stray_comment(line.text):
                pending.append(line.text)
                self.pos += 1
                continue
            if line.indent < indent:
                break
            if line.indent > indent:
                done = node.plan is not None and len(node.children) >= node.plan
                if done or child is not None:
                    break  # output after a finished plan, or a stray level
                child = self._nested(line.indent, node)
                continue
            text = line.text
            self.pos += 1
            if _VERSION.match(text):
                if seen_version or seen_content:
                    self.pos -= 1
                    break  # a second document at this level
                seen_version = True
            elif (sub := _SUBTEST.match(text)) and not seen_content and not node.name:
                node.name = sub.group(1)
            elif (plan := _PLAN.match(text)) and node.plan is None:
                node.plan = int(plan.group(1))
                seen_content = True
            elif _RESULT.match(text):
                node.children.append(self._result(text, pending, child, node))
                pending, child = [], None
                seen_content = True
            else:
                pending.append(_diagnostic(text) if text.startswith("#") else text)
        if child is not None:
            node.children.append(child)
        self._fill_missing(node)
        return node, pending

    def _nested(self, indent: int, parent: TestCase) -> TestCase:
        """Parse a deeper level and wrap it as the parent's next case.

        It stays "crashed" unless the parent's next result line arrives and
        gives it its real name and status.
        """
        number = len(parent.children) + 1
        inner, trailing = self.body(indent)
        name = inner.name or f"<missing case {number}>"
        return TestCase(name=name, number=number, status=CRASHED,
                        diagnostics=trailing, children=inner.children,
                        plan=inner.plan)

    def _result(self, text: str, pending: list[str], child: TestCase | None,
                parent: TestCase) -> TestCase:
        """Build the case for a result line, adopting the level just parsed."""
        status, number, name, reason = _parse_result(text)
        expected = len(parent.children) + 1
        if number != expected:
            self.warnings.append(
                f"{_where(parent)}: result {number} {name!r} where {expected} was expected")
        case = TestCase(name=name, number=number, status=status,
                        skip_reason=reason, diagnostics=pending)
        if child is not None:
            if not child.name.startswith("<") and child.name != name:
                self.warnings.append(
                    f"{_where(parent)}: result {name!r} closes subtest {child.name!r}")
            case.children, case.plan = child.children, child.plan
            case.diagnostics = pending + child.diagnostics
        return case

    def _fill_missing(self, node: TestCase) -> None:
        """Add a crashed case for every planned result that never came."""
        if node.plan is None:
            return
        if len(node.children) > node.plan:
            self.warnings.append(
                f"{_where(node)}: {len(node.children)} results but plan was 1..{node.plan}")
        for number in range(len(node.children) + 1, node.plan + 1):
            node.children.append(TestCase(
                name=f"<missing case {number}>", number=number, status=CRASHED))


def _where(node: TestCase) -> str:
    """A level's name for warnings; the document itself has none."""
    return node.name or "top level"


def parse(log: str) -> Document:
    """Parse the first KTAP document in a serial log or program output."""
    lines = _ktap_lines(log)
    if lines is None:
        return Document(found=False)
    parser = _Parser(lines)
    root, trailing = parser.body(lines[0].indent)
    warnings = parser.warnings
    if root.plan is None:
        warnings.append("no top-level plan (1..N): output stopped early")
    return Document(found=True, tests=root.children, plan=root.plan,
                    diagnostics=trailing, warnings=warnings)
