"""Decide whether one run (a QEMU boot or a host test binary) passed.

Kept apart from qemu.py so the rules can be unit-tested on recorded logs
without starting QEMU.  The verdict also says how many tests the run counts
for, so the final ``N passed, N failed`` line adds up across runs.  One rule
needs two runs: a config with ``same_buddyinfo_as``, ``reserved_like`` or
``same_totals_as`` is compared with its twin's log once both have finished
(compare_buddyinfo, compare_reserved, compare_totals, then fail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from scripts.hvlib.log import strip_log

from . import ktap, memreport
from .configs import HOST, STATUS_FAILURE, STATUS_SUCCESS, Config, module_pages

# Failed cases named in the one-line reason before it is cut short.
_NAMES_IN_REASON = 3


@dataclass
class Verdict:
    """The outcome of one run.

    ``reasons`` lists every broken condition (empty when the run passed);
    ``passed``/``failed``/``skipped`` are test counts: one per KTAP leaf case,
    or a single test for a run that does not expect KTAP.  A failing run
    always counts at least one failure, even if every case it ran passed
    (for instance a wrong exit status after a clean KTAP document).
    """

    ok: bool
    reasons: list[str] = field(default_factory=list)
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    document: ktap.Document | None = None

    @property
    def reason(self) -> str:
        """All reasons on one line, for the progress output."""
        return "; ".join(self.reasons)

    @property
    def cases(self) -> int:
        return self.passed + self.failed + self.skipped


def describe_status(status: int | None, boot: str = "kernel") -> str:
    """Explain an exit status in the terms of the debug-exit protocol (or,
    for a host binary, just the signal that killed it)."""
    if status is None:
        return "no exit status"
    if status < 0:
        return f"{status} (killed by signal {-status})"
    if boot == HOST:
        return str(status)
    if status == STATUS_SUCCESS:
        return f"{status} (kernel reported success)"
    if status == STATUS_FAILURE:
        return f"{status} (kernel reported failure or panic)"
    if status == 0:
        return "0 (no debug-exit write: guest shut down or triple-faulted)"
    if status == 1:
        return "1 (QEMU error)"
    return str(status)


def _status_reasons(config: Config, status: int | None,
                    timed_out: bool) -> list[str]:
    if timed_out:
        return [f"timed out after {config.timeout:g} s"]
    if status != config.expect_status:
        return [f"exit status {describe_status(status, config.boot)}, expected {config.expect_status}"]
    return []


def _text_reasons(config: Config, text: str) -> list[str]:
    """Required text that is missing and forbidden text that is present."""
    reasons = []
    for pattern in config.expect_text:
        if not re.search(pattern, text, re.MULTILINE):
            reasons.append(f"expected text not found: /{pattern}/")
    for pattern in config.forbid_text:
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            line = _line_at(text, match.start())
            reasons.append(f"forbidden text /{pattern}/ found: {line!r}")
    return reasons


def _line_at(text: str, offset: int) -> str:
    """The whole line containing offset, to show a match in context."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)].strip()


def _ktap_reasons(document: ktap.Document) -> list[str]:
    """Why a KTAP document does not show a clean, complete test run."""
    if not document.found:
        return ["no KTAP output (died before the self-tests?)"]
    reasons = []
    crashed = [name for name, case in document.failures()
               if case.status == ktap.CRASHED]
    failed = [name for name, case in document.failures()
              if case.status == ktap.FAIL]
    if document.plan is None:
        reasons.append("KTAP document has no top-level plan (output stopped early?)")
    if crashed:
        reasons.append(f"KTAP incomplete, {len(crashed)} case(s) never reported "
                       f"(crashed in {_first_suite(crashed[0])})")
    if failed:
        shown = ", ".join(failed[:_NAMES_IN_REASON])
        more = len(failed) - _NAMES_IN_REASON
        reasons.append(f"{len(failed)} case(s) failed: {shown}"
                       + (f" and {more} more" if more > 0 else ""))
    return reasons


def _first_suite(name: str) -> str:
    """The suite part of a dotted case name, or the name for a top-level one."""
    return name.rsplit(".", 1)[0] if "." in name else name


def _exact_log_reasons(expected: str, log: str) -> list[str]:
    """The serial output must be exactly ``expected`` (CR LF read as LF):
    else what is extra, missing or the first line that differs."""
    got = log.replace("\r\n", "\n")
    if got == expected:
        return []
    if got.startswith(expected):
        extra = got[len(expected):].split("\n")[0]
        return [f"output goes on after the expected text: {extra!r}"]
    if expected.startswith(got):
        missing = expected[len(got):].split("\n")[0]
        return [f"output stops before the end of the expected text: {missing!r} missing"]
    got_lines, want_lines = got.split("\n"), expected.split("\n")
    number, have, want = next((n, a, b) for n, (a, b) in
                              enumerate(zip(got_lines, want_lines), 1) if a != b)
    return [f"output differs at line {number}: got {have!r}, expected {want!r}"]


def _hole_reasons(config: Config, text: str) -> list[str]:
    """Each of the config's holes, exactly as asked, in the last printed map."""
    entries = memreport.last_map(text)
    if entries is None:
        return ["holes: no e820 map in the log to find them in"]
    return memreport.hole_reasons(entries, config.holes)


# What print_boot_loader_data() says was kept (arch/x86/kernel/boot_modules.c).
_MODULE_LINE = re.compile(r"^multiboot2?: (\d+) modules, (\d+) pages reserved; "
                          r"boot loader data (\d+) pages$", re.MULTILINE)


def module_reasons(config: Config, text: str) -> list[str]:
    """Every module of the config reserved, page for page: the kernel's
    count of modules, and of the pages it reserved for them, against the
    module sizes (each module starts on a page of its own)."""
    match = _MODULE_LINE.search(text)
    if match is None:
        return ["modules: no 'multiboot: N modules, M pages reserved' line"]
    count, pages = int(match.group(1)), int(match.group(2))
    want_count, want_pages = len(config.modules), module_pages(config.modules)
    reasons = []
    if count != want_count:
        reasons.append(f"modules: the kernel took {count} modules, the loader was given "
                       f"{want_count}")
    if pages != want_pages:
        reasons.append(f"modules: {pages} pages reserved for them, expected {want_pages}")
    return reasons


def judge(config: Config, status: int | None, log: str, timed_out: bool = False,
          ktap_text: str | None = None) -> Verdict:
    """Judge one run from its exit status and output.

    ``ktap_text`` is where to look for KTAP when it differs from ``log``
    (host binaries: stdout only, so that sanitizer stack frames such as
    ``#0 0x...`` on stderr are not mistaken for KTAP diagnostics).
    """
    text = strip_log(log)
    reasons = _status_reasons(config, status, timed_out)
    document = None
    if config.expect_ktap:
        document = ktap.parse(log if ktap_text is None else ktap_text)
        reasons += _ktap_reasons(document)
    reasons += _text_reasons(config, text)
    if config.exact_log is not None:
        reasons += _exact_log_reasons(config.exact_log, log)
    if config.check_memory_report:
        reasons += memreport.check(text, config.cmdline,
                                   memreport.PHYS_BITS_PAE if config.pae else memreport.PHYS_BITS,
                                   config.cpu_phys_bits, config.nodes)
    if config.holes:
        reasons += _hole_reasons(config, text)
    if config.modules and config.expect_status == STATUS_SUCCESS:
        reasons += module_reasons(config, text)
    verdict = Verdict(ok=not reasons, reasons=reasons, document=document)
    _count(verdict)
    return verdict


def compare_buddyinfo(config: Config, log: str, twin_log: str | None) -> list[str]:
    """Why a run's buddyinfo table differs from its twin's (the config named
    by ``same_buddyinfo_as``); empty when they match.  ``twin_log`` None
    means the twin never produced a log.  Both tables go into the reason,
    one zone per ``|``, so the one-line progress output shows the whole
    difference."""
    twin = config.same_buddyinfo_as
    if twin is None:
        return []
    if twin_log is None:
        return [f"buddyinfo: cannot compare with {twin}: it did not run"]
    mine = memreport.buddyinfo(strip_log(log))
    theirs = memreport.buddyinfo(strip_log(twin_log))
    if not mine or not theirs:
        missing = " and ".join(name for name, table in ((config.name, mine), (twin, theirs))
                               if not table)
        return [f"buddyinfo: cannot compare with {twin}: no buddyinfo table from {missing}"]
    if mine != theirs:
        return [f"buddyinfo differs from {twin}: {config.name} {_one_line(mine)}; "
                f"{twin} {_one_line(theirs)}"]
    return _compare_free_lists(config.name, log, twin, twin_log)


def _bitmap_zones(log: str, twin_log: str) -> set[tuple[int, str]]:
    """The zones whose free-list order bootmem alone decides, when one boot
    is bootmem's and the other memblock's (else none).  free_all_bootmem_core()
    frees the free ranges first and its own bitmap pages last, one by one
    (mm/bootmem.c, as 2.4); memblock has no bitmap, and memblock_free_all()
    frees the same pages in the ranges' order.  So in the zones that held a
    bitmap the same blocks sit at other places on the lists: their counts
    (buddyinfo) must match, their order cannot.  Every other zone's lists
    must be identical, block for block."""
    slots = {memreport.retire_slot(log): log, memreport.retire_slot(twin_log): twin_log}
    bootmem = slots.get(memreport.RETIRE_SLOT["bootmem"])
    if bootmem is None or memreport.RETIRE_SLOT["memblock"] not in slots:
        return set()
    return memreport.bootmem_bitmap_zones(bootmem)


def _compare_free_lists(name: str, log: str, twin: str, twin_log: str) -> list[str]:
    """The same counts are not the same lists: the order of every list
    (its digest, and the block at its head) must match too, or the two
    boots hand out different pages -- except, between bootmem and memblock,
    in the zones that held bootmem's bitmap (_bitmap_zones)."""
    log, twin_log = strip_log(log), strip_log(twin_log)
    skip = _bitmap_zones(log, twin_log)
    mine = [row for row in memreport.free_lists(log) if (row.node, row.zone) not in skip]
    theirs = [row for row in memreport.free_lists(twin_log)
              if (row.node, row.zone) not in skip]
    if not mine and not theirs:
        return []   # logs recorded before the kernel printed them (tests/harness/logs)
    if not mine or not theirs:
        missing = " and ".join(who for who, rows in ((name, mine), (twin, theirs)) if not rows)
        return [f"free lists: cannot compare with {twin}: no 'free lists:' lines from {missing}"]
    differ = [f"{a.node}:{a.zone} {a.digest} heads {_heads(a)} vs {b.digest} heads {_heads(b)}"
              for a, b in zip(mine, theirs) if a != b]
    if len(mine) != len(theirs):
        differ.append(f"{len(mine)} zones vs {len(theirs)}")
    if not differ:
        return []
    return [f"free list order differs from {twin} ({name} vs {twin}): " + "; ".join(differ)]


def _heads(lists: memreport.ZoneLists) -> str:
    return " ".join("-" if head is None else f"{head:x}" for head in lists.heads)


def _one_line(table: list[memreport.ZoneFree]) -> str:
    """``[DMA 2 4 3 ... | Normal ...]``: a buddyinfo table on one line; with
    several nodes each zone is named with its node (``1:HighMem``)."""
    nodes = any(zone.node != 0 for zone in table)
    return "[" + " | ".join(" ".join([f"{zone.node}:{zone.zone}" if nodes else zone.zone,
                                      *map(str, zone.counts)])
                            for zone in table) + "]"


def compare_reserved(config: Config, log: str, twin_log: str | None) -> list[str]:
    """Why a boot with modules does not reserve exactly its module and
    loader-data pages more than its reserved_like twin (both from the
    kernel's module line, less each census's reserved total); empty when
    it does."""
    twin = config.reserved_like
    if twin is None:
        return []
    if twin_log is None:
        return [f"reserved pages: cannot compare with {twin}: it did not run"]
    rest = []
    for who, text in ((config.name, log), (twin, twin_log)):
        text = strip_log(text)
        census, line = memreport.accounting(text), _MODULE_LINE.search(text)
        if census is None or line is None:
            return [f"reserved pages: cannot compare with {twin}: no accounting or "
                    f"module line from {who}"]
        rest.append((census.reserved, int(line.group(2)), int(line.group(3))))
    (mine, mods, data), (theirs, mods0, data0) = rest
    if mine - mods - data == theirs - mods0 - data0:
        return []
    return [f"reserved pages: {mine} less {mods} of modules and {data} of loader data "
            f"leaves {mine - mods - data}, {twin} leaves {theirs - mods0 - data0} "
            f"({theirs} less {mods0} and {data0})"]


def _census_line(census) -> str:
    """The census as the kernel prints it."""
    node = f"node {census.node}: " if isinstance(census, memreport.NodeAccounting) else ""
    return (f"'accounting: {node}ram {census.ram} pages = free {census.free} + reserved "
            f"{census.reserved} ({census.verdict})'")


def _totals(text: str) -> dict[str, object]:
    """What must come out the same whichever allocator booted: the census of
    the machine and of each node, mem_init()'s Memory: line and the boot
    loader's modules line."""
    modules = _MODULE_LINE.search(text)
    return {"accounting": memreport.accounting(text),
            **{f"accounting node {n.node}": n for n in memreport.node_accounting(text)},
            "Memory:": memreport.memory_line(text),
            "modules": modules.group(0) if modules else None}


def _show_total(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (memreport.Accounting, memreport.NodeAccounting)):
        return _census_line(value)
    if isinstance(value, memreport.MemoryLine):
        return (f"Memory: {value.available}k/{value.total}k ({value.code}k code, "
                f"{value.reserved}k reserved, {value.data}k data, {value.init}k init, "
                f"{value.highmem}k highmem)")
    return str(value)


def _reason_reasons(name: str, text: str, twin: str, twin_text: str) -> list[str]:
    """Where both boots itemise reserved memory (memdump's resv records),
    the pages reserved for each reason at each stage, where they differ."""
    mine, theirs = memreport.reserved_by_reason(text), memreport.reserved_by_reason(twin_text)
    reasons = []
    for stage in (s for s in mine if s in theirs):
        differ = [f"{reason} {mine[stage].get(reason, 0)} vs {theirs[stage].get(reason, 0)}"
                  for reason in sorted(set(mine[stage]) | set(theirs[stage]))
                  if mine[stage].get(reason, 0) != theirs[stage].get(reason, 0)]
        if differ:
            reasons.append(f"reserved by reason at memdump stage {stage} differs from {twin} "
                           f"(pages, {name} vs {twin}): " + "; ".join(differ))
    return reasons


def compare_totals(config: Config, log: str, twin_log: str | None) -> list[str]:
    """Why a run does not end where its same_totals_as twin (the same machine
    under the other boot allocator) ends: the 'accounting:' totals R, F and S
    of the machine and of each node, the Memory: line and the modules line
    must be equal, and so must memdump's reserved pages per reason, stage by
    stage, where both boots print them.  A normal boot names no reasons for
    its reserved pages beyond the modules line and the Memory: line's
    kernel code, data and init: a difference is reported with both boots'
    lines, and with the per-reason pages where memdump gives them."""
    twin = config.same_totals_as
    if twin is None:
        return []
    if twin_log is None:
        return [f"totals: cannot compare with {twin}: it did not run"]
    text, twin_text = strip_log(log), strip_log(twin_log)
    mine, theirs = _totals(text), _totals(twin_text)
    mine = _less_loader_data(mine, _loader_data_pages(text) - _loader_data_pages(twin_text))
    mine = _mem_maps_moved_back(mine, _mem_map_pages_by_host(text),
                                _mem_map_pages_by_host(twin_text))
    if mine["accounting"] is None or theirs["accounting"] is None:
        missing = " and ".join(who for who, totals in ((config.name, mine), (twin, theirs))
                               if totals["accounting"] is None)
        return [f"totals: cannot compare with {twin}: no 'accounting: ram' line from {missing}"]
    if _mem_map_caps(text) != _mem_map_caps(twin_text):
        return []	# high memory ends elsewhere: totals_note() says where
    keys = [what for what in dict.fromkeys([*mine, *theirs])
            if _comparable(mine.get(what)) != _comparable(theirs.get(what))]
    if _moved_between_nodes(keys, mine, theirs):
        return []	# the same pages kept, on other nodes: totals_note() says which
    differ = [f"{what}: {config.name} {_show_total(mine.get(what))}, "
              f"{twin} {_show_total(theirs.get(what))}" for what in keys]
    by_reason = _reason_reasons(config.name, text, twin, twin_text)
    if not differ and not by_reason:
        return []
    if not differ:
        return by_reason
    if not by_reason and not memreport.reserved_by_reason(text):
        by_reason = ["(no per-reason reserved pages in a boot without memdump)"]
    return [f"totals differ from {twin}: " + "; ".join(differ), *by_reason]


def _loader_data_pages(text: str) -> int:
    """The 'boot loader data N pages' of the modules line (0 without one)."""
    m = _MODULE_LINE.search(text)
    return int(m.group(3)) if m else 0


def _less_loader_data(totals: dict[str, object], extra: int) -> dict[str, object]:
    """totals as they would be with extra fewer pages of boot loader data:
    the command line is part of it, and a twin's is longer by its
    boot_allocator=memblock, which can take the string onto one page more.
    Those pages are reserved, on node 0, and in the Memory: line."""
    if not extra:
        return totals
    out = dict(totals)
    for key in ("accounting", "accounting node 0"):
        value = out.get(key)
        if value is not None:
            out[key] = replace(value, free=value.free + extra, reserved=value.reserved - extra)
    line = out.get("Memory:")
    if line is not None:
        kib = extra * 4
        out["Memory:"] = replace(line, available=line.available + kib, reserved=line.reserved - kib)
    if out.get("modules") is not None:
        out["modules"] = re.sub(r"boot loader data \d+ pages",
                                lambda m: f"boot loader data {int(m.group(0).split()[3]) - extra} pages",
                                out["modules"])
    return out


# Where each NUMA node's mem_map went (arch/x86/mm/mem_init.c print_node_memmap()).
_NODE_MEM_MAP = re.compile(r"^Node (\d+): mem_map \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] "
                           r"on node (\d+)$", re.MULTILINE)


def _mem_maps(text: str) -> dict[int, tuple[int, int]]:
    """{node: (the node its mem_map is on, its pages)}; mem_maps are page
    aligned, so none shares a page with another."""
    return {int(n): (int(host), (int(b, 16) >> 12) - (int(a, 16) >> 12) + 1)
            for n, a, b, host in _NODE_MEM_MAP.findall(text)}


def _mem_map_pages_by_host(text: str) -> dict[int, int]:
    pages: dict[int, int] = {}
    for host, n in _mem_maps(text).values():
        pages[host] = pages.get(host, 0) + n
    return pages


def _mem_maps_moved_back(totals: dict[str, object], mine: dict[int, int],
                         theirs: dict[int, int]) -> dict[str, object]:
    """totals as they would be with each node's mem_map on the node the
    twin put it on.  A node with no room of its own gets its mem_map from
    another node: bootmem takes the first in node order with room, memblock
    (top-down) the highest -- the same pages reserved on the machine, on
    other nodes."""
    out = dict(totals)
    for node in set(mine) | set(theirs):
        extra = mine.get(node, 0) - theirs.get(node, 0)
        value = out.get(f"accounting node {node}")
        if extra and value is not None:
            out[f"accounting node {node}"] = replace(value, free=value.free + extra,
                                                     reserved=value.reserved - extra)
    return out


# fit_node_mem_map(): where a node's mem_map did not fit, high memory ends.
_MEM_MAP_CAP = re.compile(r"^Node \d+: mem_map for .* the largest free piece of low RAM is "
                          r"\d+MB: using \d+MB of RAM, high memory ending at \d+MB$", re.MULTILINE)


def _mem_map_caps(text: str) -> list[str]:
    return _MEM_MAP_CAP.findall(text)


def _moved_between_nodes(keys: list[str], mine: dict, theirs: dict) -> bool:
    """Only nodes' censuses differ, the machine's does not, and what one
    node keeps more the others keep less: an allocation bound to no node
    (the page tables) that each allocator's direction put elsewhere."""
    if not keys or any(not key.startswith("accounting node ") for key in keys):
        return False
    if any(mine.get(k) is None or theirs.get(k) is None for k in keys):
        return False
    if any(mine[k].ram != theirs[k].ram or
           mine[k].free - theirs[k].free != theirs[k].reserved - mine[k].reserved for k in keys):
        return False
    return sum(mine[k].reserved - theirs[k].reserved for k in keys) == 0


def totals_note(config: Config, log: str, twin_log: str | None) -> str:
    """What compare_totals() set aside, named: boot loader data pages that
    differ with the command line's length, and mem_maps on other nodes."""
    if config.same_totals_as is None or twin_log is None:
        return ""
    text, twin_text = strip_log(log), strip_log(twin_log)
    notes = []
    mine, theirs = _loader_data_pages(text), _loader_data_pages(twin_text)
    if mine != theirs:
        notes.append(f"boot loader data {mine} vs {theirs} pages, set aside: the command "
                     f"lines differ in length")
    maps, twin_maps = _mem_maps(text), _mem_maps(twin_text)
    for node in sorted(maps):
        host, pages = maps[node]
        if node in twin_maps and twin_maps[node][0] != host:
            notes.append(f"node {node}'s mem_map ({pages} pages) on node {host} vs node "
                         f"{twin_maps[node][0]}, set aside: no room on its own node")
    caps, twin_caps = _mem_map_caps(text), _mem_map_caps(twin_text)
    if caps != twin_caps:
        notes.append(f"totals set aside: a mem_map cap fell elsewhere, the largest free piece "
                     f"of low RAM depending on where each allocator put what came before "
                     f"({'; '.join(caps) or 'none'} vs {'; '.join(twin_caps) or 'none'})")
        return "; ".join(notes)
    mine = _mem_maps_moved_back(
        _less_loader_data(_totals(text), _loader_data_pages(text) - _loader_data_pages(twin_text)),
        _mem_map_pages_by_host(text), _mem_map_pages_by_host(twin_text))
    theirs = _totals(twin_text)
    keys = [k for k in dict.fromkeys([*mine, *theirs])
            if _comparable(mine.get(k)) != _comparable(theirs.get(k))]
    if _moved_between_nodes(keys, mine, theirs):
        moved = ", ".join(f"{k.removeprefix('accounting ')} reserved {mine[k].reserved} vs "
                          f"{theirs[k].reserved}" for k in keys)
        notes.append(f"{moved}, set aside: the machine's totals agree, and allocations bound "
                     f"to no node (page tables) go where each allocator's direction puts them")
    return "; ".join(notes)


def _comparable(value):
    """A census without its verdict word: a failed census is the judge's
    own check; here only the numbers must agree."""
    if isinstance(value, (memreport.Accounting, memreport.NodeAccounting)):
        return (value.ram, value.free, value.reserved)
    return value


def fail(verdict: Verdict, reasons: list[str]) -> None:
    """Add reasons found after judging (e.g. by comparing two runs) to a
    verdict, keeping the counting rules: a failed run counts a failure."""
    if not reasons:
        return
    verdict.reasons += reasons
    verdict.ok = False
    verdict.passed = verdict.failed = verdict.skipped = 0
    _count(verdict)


def _count(verdict: Verdict) -> None:
    """Fill in the test counts; see Verdict for the rules."""
    if verdict.document is not None and verdict.document.found:
        counts = verdict.document.counts()
        verdict.passed, verdict.skipped = counts.passed, counts.skipped
        verdict.failed = counts.bad
        if not verdict.ok and verdict.failed == 0:
            verdict.failed = 1
    elif verdict.ok:
        verdict.passed = 1
    else:
        verdict.failed = 1
