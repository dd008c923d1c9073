# gdb helpers for handover, in the spirit of Linux's scripts/gdb lx- commands:
# each reads the kernel's own data structures through gdb's Python API (the
# kernel is built with -g) and prints them as the kernel would.
#
#   hv-dmesg        the printk log buffer (__log_buf, log_end: kernel/printk.c)
#   hv-e820         the sanitized e820 map (e820.map[0..nr_map))
#   hv-bootmem      each node's reserved runs in the bootmem bitmap
#   hv-memblock     memblock's memory and reserved regions (boot_allocator=memblock)
#   hv-buddyinfo    free blocks per order, as /proc/buddyinfo (show_buddyinfo())
#   hv-zoneinfo     per zone: start pfn, spanned, present, free, watermarks
#   hv-page PFN     one struct page: flags, count, zone, node, buddy order, reservation
#
# Loaded by scripts/gdbinit (source scripts/gdb/handover.py).

from __future__ import annotations

from typing import Iterator

import gdb

# arch/x86/include/asm/page.h.  gdb's Python sees none of the tree's own
# modules (scripts/hvlib): scripts/gdbinit sources this file alone, and
# PAGE_SHIFT is a macro the -g debug information does not carry.
PAGE_SHIFT = 12
PG_NAMES = {9: "buddy", 11: "highmem", 14: "reserved"}
PG_BUDDY = 9
PG_RESERVED = 14
MEMNODE_NONE = 0xFF
ZONES_WIDTH = 2
E820_TYPES = {1: "usable", 2: "reserved", 3: "ACPI data", 4: "ACPI NVS", 5: "unusable"}


# ---- reading the kernel ----

def sym(name: str) -> gdb.Value:
    """A global, or failing that a file-static, variable's value."""
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        s = gdb.lookup_static_symbol(name)
        if s is None:
            raise gdb.GdbError(f"no symbol {name!r}: is build/kernel.elf loaded?")
        return s.value()


def u(v: gdb.Value) -> int:
    return int(v)


def read_bytes(addr: int, n: int) -> bytes:
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def array_len(v: gdb.Value) -> int:
    lo, hi = v.type.strip_typedefs().range()
    return hi - lo + 1


def bits_per_long() -> int:
    return gdb.lookup_type("unsigned long").sizeof * 8


def nodes_shift() -> int:
    """NODES_SHIFT, from the size of node_data[MAX_NUMNODES]."""
    return (array_len(sym("node_data")) - 1).bit_length()


def pgdats() -> Iterator[gdb.Value]:
    """pgdat_list, in order (for_each_pgdat)."""
    p = sym("pgdat_list")
    while u(p):
        yield p.dereference()
        p = p["node_next"]


def zones(pgdat: gdb.Value) -> Iterator[gdb.Value]:
    for z in range(u(pgdat["nr_zones"])):
        yield pgdat["node_zones"][z]


def zone_name(zone: gdb.Value) -> str:
    return zone["name"].string() if u(zone["name"]) else "?"


def reservations() -> list[tuple[int, int, str]]:
    """[(start_pfn, end_pfn, why)] from mm/reservations.c's table, as
    reservation_table() returns it: reservations[0..nr_reservations)."""
    table = sym("reservations")
    n = u(sym("nr_reservations"))
    out = []
    for i in range(n):
        r = table[i]
        why = r["why"].string() if u(r["why"]) else "?"
        out.append((u(r["start_pfn"]), u(r["end_pfn"]), why))
    return out


def reasons_for(pfn: int, table: list[tuple[int, int, str]] | None = None) -> list[str]:
    return [why for s, e, why in (table if table is not None else reservations()) if s <= pfn < e]


def pfn_to_page(pfn: int) -> gdb.Value | None:
    """linux/mmzone.h's pfn_to_page(), with pfn_valid()'s checks: the struct
    page, or None.  The node's span bounds it, not max_mapnr, which is 0
    until mem_init() sets it (the struct pages exist from zone_sizes_init())."""
    shift = u(sym("memnode_shift"))
    nodemap = sym("memnodemap")
    i = pfn >> shift
    if i >= array_len(nodemap):
        return None
    nid = u(nodemap[i])
    if nid == MEMNODE_NONE:
        return None
    pgdat = sym("node_data")[nid]
    if not u(pgdat):
        return None
    off = pfn - u(pgdat["node_start_pfn"])
    if off < 0 or off >= u(pgdat["node_spanned_pages"]):
        return None
    return (pgdat["node_mem_map"] + off).dereference()


def first_deferred_pfn(pfn: int) -> int | None:
    """The first pfn of pfn's node whose struct page the hand-over has not
    written yet (mm/mm_init.c, "deferred"); None once all are."""
    nid = u(sym("memnodemap")[pfn >> u(sym("memnode_shift"))])
    first = u(sym("node_data")[nid]["first_deferred_pfn"])
    return None if first == (1 << (8 * sym("max_low_pfn").type.sizeof)) - 1 else first


def e820_entries() -> list[tuple[int, int, int]]:
    m = sym("e820")
    return [(u(m["map"][i]["addr"]), u(m["map"][i]["size"]), u(m["map"][i]["type"]))
            for i in range(u(m["nr_map"]))]


def e820_ram_pages(start_pfn: int, end_pfn: int) -> int:
    """RAM pages in [start_pfn, end_pfn) by the e820 map (whole pages only)."""
    total = 0
    for addr, size, typ in e820_entries():
        if typ != 1:
            continue
        s = (addr + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT
        e = (addr + size) >> PAGE_SHIFT
        s, e = max(s, start_pfn), min(e, end_pfn)
        if e > s:
            total += e - s
    return total


class Command(gdb.Command):
    def __init__(self, name: str) -> None:
        super().__init__(name, gdb.COMMAND_DATA)

    def invoke(self, arg: str, from_tty: bool) -> None:
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"{self.__class__.__name__}: cannot read memory: {e}")


# ---- the commands ----

class HvDmesg(Command):
    """Print the kernel log: printk's ring buffer (__log_buf, log_end), oldest first.
It holds what printk sent to the console, "[seconds.micros] " prefixes included."""

    def __init__(self) -> None:
        super().__init__("hv-dmesg")

    def run(self, arg: str) -> None:
        buf = sym("__log_buf")
        size = buf.type.sizeof
        end = u(sym("log_end"))
        n = min(end, size)
        start = (end - n) % size
        base = u(buf.address)
        data = read_bytes(base + start, min(n, size - start))
        if len(data) < n:
            data += read_bytes(base, n - len(data))
        text = data.decode("utf-8", "replace")
        if end > size:
            gdb.write(f"[hv-dmesg: {end - size} older bytes overwritten]\n")
        gdb.write(text)
        if text and not text.endswith("\n"):
            gdb.write("\n")


class HvE820(Command):
    """Print the sanitized e820 map (e820.map[0..nr_map)), as print_memory_map() does."""

    def __init__(self) -> None:
        super().__init__("hv-e820")

    def run(self, arg: str) -> None:
        for addr, size, typ in e820_entries():
            name = E820_TYPES.get(typ, f"type {typ}")
            gdb.write(f" e820: {addr:016x} - {addr + size:016x} ({name})\n")


class HvBootmem(Command):
    """Print each node's boot allocator: its pfn range, where its bitmap is,
and the runs of reserved (set) bits, each with the reasons on record."""

    def __init__(self) -> None:
        super().__init__("hv-bootmem")

    def run(self, arg: str) -> None:
        if u(sym("boot_allocator")) != 0:
            gdb.write("bootmem: not the boot allocator (boot_allocator=memblock: see hv-memblock)\n")
            return
        table = reservations()
        for pgdat in pgdats():
            nid = u(pgdat["node_id"])
            bdata = pgdat["bdata"]
            if not u(bdata):
                gdb.write(f"Node {nid}: no boot allocator (highmem only)\n")
                continue
            b = bdata.dereference()
            start = u(b["node_boot_start"]) >> PAGE_SHIFT
            low = u(b["node_low_pfn"])
            pages = low - start
            map_pages = ((pages + 7) // 8 + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT
            mpfn = u(b["node_bootmap_pfn"])
            if not u(b["node_bootmem_map"]):
                gdb.write(f"Node {nid}: bootmem retired (node_bootmem_map == NULL); "
                          f"bitmap was {map_pages} pages at pfn {mpfn}\n")
                continue
            gdb.write(f"Node {nid}: bootmem pfns {start}-{low} ({pages} pages), "
                      f"bitmap {map_pages} pages at pfn {mpfn}\n")
            bitmap = read_bytes(u(b["node_bootmem_map"]), (pages + 7) // 8)
            reserved = 0
            i = 0
            while i < pages:
                if not (bitmap[i >> 3] >> (i & 7)) & 1:
                    # skip clear bytes fast
                    if (i & 7) == 0 and bitmap[i >> 3] == 0:
                        i += 8
                    else:
                        i += 1
                    continue
                j = i
                while j < pages and (bitmap[j >> 3] >> (j & 7)) & 1:
                    j += 1
                s, e = start + i, start + j
                why = sorted({w for rs, re_, w in table if rs < e and re_ > s})
                gdb.write(f"  reserved pfn {s}-{e} ({e - s} pages)"
                          f"{': ' + ', '.join(why) if why else ''}\n")
                reserved += j - i
                i = j
            gdb.write(f"  {reserved} of {pages} pages reserved, {pages - reserved} free\n")


class HvMemblock(Command):
    """Print memblock (boot_allocator=memblock) as memblock_dump_all() does:
its direction and limit, then each memory and reserved region with its
node, the reserved ones with the reasons on record; or that it retired."""

    def __init__(self) -> None:
        super().__init__("hv-memblock")

    def run(self, arg: str) -> None:
        if u(sym("boot_allocator")) != 1:
            gdb.write("memblock: not the boot allocator (boot_allocator=bootmem)\n")
            return
        if u(sym("memblock_is_retired")):
            gdb.write("memblock: retired (memblock_free_all() has run)\n")
            return
        mb = sym("memblock")
        table = reservations()
        gdb.write(f"memblock: {'bottom-up' if u(mb['bottom_up']) else 'top-down'}, "
                  f"current_limit {u(mb['current_limit']):#x}\n")
        for name in ("memory", "reserved"):
            t = mb[name]
            cnt = u(t["cnt"])
            gdb.write(f" {name}.cnt  = {cnt:#x} of {u(t['max'])}, total {u(t['total_size']):#x}\n")
            for i in range(cnt):
                r = t["regions"][i]
                base, size = u(r["base"]), u(r["size"])
                end = base + size
                line = (f" {name}[{i:#x}]\t[{base:#018x}-{end - 1:#018x}], {size:#x} bytes "
                        f"on node {int(r['nid'])}")
                if name == "reserved":
                    s, e = base >> PAGE_SHIFT, (end + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT
                    why = sorted({w for rs, re_, w in table if rs < e and re_ > s})
                    line += f": {', '.join(why)}" if why else ""
                gdb.write(line + "\n")


class HvBuddyinfo(Command):
    """Print free blocks per order of every zone, as /proc/buddyinfo (show_buddyinfo())."""

    def __init__(self) -> None:
        super().__init__("hv-buddyinfo")

    def run(self, arg: str) -> None:
        for pgdat in pgdats():
            for zone in zones(pgdat):
                fa = zone["free_area"]
                counts = "".join(f"{u(fa[o]['nr_free']):6d} " for o in range(array_len(fa)))
                gdb.write(f"Node {u(pgdat['node_id'])}, zone {zone_name(zone):>8s} {counts}\n")


class HvZoneinfo(Command):
    """Print each node and zone: start pfn, spanned pages, present (RAM) pages,
free pages and the min/low/high watermarks, in pages."""

    def __init__(self) -> None:
        super().__init__("hv-zoneinfo")

    def run(self, arg: str) -> None:
        for pgdat in pgdats():
            nid = u(pgdat["node_id"])
            gdb.write(f"Node {nid}: start_pfn {u(pgdat['node_start_pfn'])} "
                      f"spanned {u(pgdat['node_spanned_pages'])} "
                      f"present {u(pgdat['node_present_pages'])}\n")
            for zone in zones(pgdat):
                start = u(zone["zone_start_pfn"])
                size = u(zone["size"])
                gdb.write(f"Node {nid}, zone {zone_name(zone):>8s}\n")
                gdb.write(f"  start_pfn {start:10d}\n")
                gdb.write(f"  spanned   {size:10d}\n")
                gdb.write(f"  present   {e820_ram_pages(start, start + size):10d}   (e820 RAM in the span)\n")
                gdb.write(f"  free      {u(zone['free_pages']):10d}\n")
                gdb.write(f"  min       {u(zone['pages_min']):10d}\n")
                gdb.write(f"  low       {u(zone['pages_low']):10d}\n")
                gdb.write(f"  high      {u(zone['pages_high']):10d}\n")


class HvPage(Command):
    """hv-page PFN: the struct page of PFN: flags (named), count, zone, node,
the free block it heads or lies in, and the reservation reason(s) covering it."""

    def __init__(self) -> None:
        super().__init__("hv-page")

    def run(self, arg: str) -> None:
        if not arg.strip():
            raise gdb.GdbError("usage: hv-page PFN")
        pfn = int(gdb.parse_and_eval(arg))
        page = pfn_to_page(pfn)
        if page is None:
            gdb.write(f"pfn {pfn}: no struct page (outside every node's mem_map)\n")
            return
        first = first_deferred_pfn(pfn)
        if first is not None and pfn >= first:
            gdb.write(f"pfn {pfn} (phys {pfn << PAGE_SHIFT:#x}): struct page at {u(page.address):#x}"
                      " not written yet\n")
            gdb.write(f"  deferred the batch hand-over writes it as it releases it"
                      f" (written up to pfn {first})\n")
            why = reasons_for(pfn)
            gdb.write(f"  reserved for: {', '.join(why) if why else '(no reason on record)'}\n")
            return
        bpl = bits_per_long()
        zshift = bpl - ZONES_WIDTH
        nshift = zshift - nodes_shift()
        flags = u(page["flags"])
        low = flags & ((1 << nshift) - 1)
        names = [PG_NAMES.get(b, f"bit{b}") for b in range(nshift) if low >> b & 1]
        zonenum = flags >> zshift & ((1 << ZONES_WIDTH) - 1)
        nid = flags >> nshift & ((1 << nodes_shift()) - 1)
        pgdat = sym("node_data")[nid]
        zname = zone_name(pgdat["node_zones"][zonenum]) if u(pgdat) else f"zone {zonenum}"
        gdb.write(f"pfn {pfn} (phys {pfn << PAGE_SHIFT:#x}): struct page at {u(page.address):#x}\n")
        gdb.write(f"  flags    {flags:#010x} ({'|'.join(names) if names else 'none'})\n")
        gdb.write(f"  count    {int(page['count'])}\n")
        gdb.write(f"  zone     {zname} ({zonenum})\n")
        gdb.write(f"  node     {nid}\n")
        if low >> PG_BUDDY & 1:
            order = u(page["private"])
            gdb.write(f"  buddy    heads a free block of order {order} ({1 << order} pages)\n")
        else:
            head = None
            for order in range(1, 16):
                hpfn = pfn & ~((1 << order) - 1)
                hp = pfn_to_page(hpfn)
                if hp is None:
                    break
                if u(hp["flags"]) >> PG_BUDDY & 1:
                    if u(hp["private"]) >= order:
                        head = (hpfn, u(hp["private"]))
                    break
            if head:
                gdb.write(f"  buddy    inside the free block of order {head[1]} headed by pfn {head[0]}\n")
            else:
                gdb.write("  buddy    not in a free block\n")
        why = reasons_for(pfn)
        if why:
            gdb.write(f"  reserved for: {', '.join(why)}\n")
        elif low >> PG_RESERVED & 1:
            gdb.write("  reserved for: (no reason on record)\n")
        else:
            gdb.write("  reserved for: - (not reserved)\n")


for cls in (HvDmesg, HvE820, HvBootmem, HvMemblock, HvBuddyinfo, HvZoneinfo, HvPage):
    cls()
