#!/usr/bin/env python3
"""Write the fuzzers' seed inputs into tests/fuzz/seeds/NAME/ (run from the
repository root; the seeds are kept in git, this says how they were made).

Each seed follows its target's input format (the comment at the top of
tests/fuzz/fuzz_NAME.c): real-looking maps, call sequences and boot loader
blocks, so a short run starts from the interesting paths.
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- e820: ctrl byte (type | encoding << 3), then the fields ----
def e_raw(addr, size, typ):       # encoding 2: u64 addr, u64 size
    return bytes([typ | 2 << 3]) + struct.pack("<QQ", addr, size)


def e_32(addr, size, typ):        # encoding 1: u32 addr, u32 size
    return bytes([typ | 1 << 3]) + struct.pack("<II", addr, size)


def e_pg(addr, size, typ):        # encoding 0: u16 pages, u16 pages
    return bytes([typ]) + struct.pack("<HH", addr >> 12, size >> 12)


def e_rel(delta, size, typ):      # encoding 3: s16 * 256 from the last addr, u16 * 256
    return bytes([typ | 3 << 3]) + struct.pack("<hH", delta >> 8, size >> 8)


def seeds_e820():
    # QEMU's map for 3 GiB.
    write("e820", "qemu-3g", b"".join([
        e_32(0, 0x9fc00, 1), e_32(0x9fc00, 0x400, 2), e_32(0xf0000, 0x10000, 2),
        e_32(0x100000, 0xbfee0000, 1), e_32(0xbffe0000, 0x20000, 2),
        e_32(0xfeffc000, 0x4000, 2), e_32(0xfffc0000, 0x40000, 2)]))
    # Overlaps, the highest type wins (tests/host/e820_test.c).
    write("e820", "overlap", e_pg(0, 0x10000, 1) + e_pg(0x4000, 0x4000, 2) + e_pg(0x6000, 0x1000, 4))
    # RAM over the legacy hole, RAM above 4 GiB, an empty and a wrapping entry.
    write("e820", "hole-highmem", b"".join([
        e_32(0, 0x200000, 1), e_raw(0x100000000, 0x40000000, 1), e_32(0x500000, 0, 2),
        e_raw(0xfffffffffffff000, 0x2000, 5), e_32(0x9f000, 0x2000, 3)]))
    # Neighbours made with relative entries: touching, equal and unequal types.
    write("e820", "neighbours", b"".join([
        e_32(0x90000, 0x1000, 1), e_rel(0x1000, 0x1000, 1), e_rel(0x1000, 0x800, 2),
        e_rel(0x800, 0x1000, 1), e_rel(-0x800, 0x1000, 7), e_rel(0x1000, 0x70000, 1)]))
    # Many entries: RAM with reserved islands, 121 entries out (E820MAX is 128).
    many = [e_32(0, 0x8000000, 1)]
    for i in range(60):
        many.append(e_32(0x10000 + i * 0x10000, 0x1000, 2 + i % 4))
    write("e820", "many", b"".join(many))


# ---- bootmem: setup bytes, then operations ----
def bm_setup(nfree=1, start=None, shrink=None, map_pfn=256, frees=(None,)):
    shape = (nfree - 1) << 4 | (1 if start is not None else 0) | (2 if shrink is not None else 0)
    b = bytes([shape])
    if start is not None:
        b += bytes([start])
    if shrink is not None:
        b += bytes([shrink])
    b += struct.pack("<H", map_pfn)
    for fr in frees:
        if fr is None:
            b += b"\x01"                           # free the whole node
        else:
            b += b"\x00" + struct.pack("<II", *fr)  # offset in node, length - 1
    return b


def size_small(n):                 # 1..256
    return bytes([0, n - 1])


def size_page(n):                  # 1..4096
    return bytes([1]) + struct.pack("<H", n - 1)


def size_mid(n):                   # 1..65536
    return bytes([2]) + struct.pack("<H", n - 1)


def size_big(n):                   # 1..1 MiB
    return bytes([3]) + struct.pack("<I", n - 1)


def alloc(size, align_log2, goal=None):
    b = bytes([0]) + size + bytes([align_log2])
    return b + (bytes([0]) if goal is None else bytes([200]) + struct.pack("<I", goal))


def macro(which, size):            # 0 alloc_bootmem, 1 _low, 2 _pages, 3 _low_pages
    return bytes([3 | which << 3]) + size


def reserve(addr, length, anywhere=False):
    return bytes([4, 0 if anywhere else 1]) + struct.pack("<II", addr, length - 1 if not anywhere else length)


def free(which):
    return bytes([5, which])


def double_free(which):
    return bytes([7, which])


def seeds_bootmem():
    write("bootmem", "packing", bm_setup() + b"".join([
        alloc(size_small(100), 5), alloc(size_small(200), 5), alloc(size_page(3000), 6),
        alloc(size_page(4000), 3), alloc(size_mid(5000), 0), alloc(size_small(1), 0),
        free(0), alloc(size_small(64), 6)]))
    write("bootmem", "align-goal", bm_setup(start=3, frees=((0x2000, 0x600000),)) + b"".join([
        alloc(size_page(4096), 12, 0x400000), alloc(size_mid(0x9000), 14, 0x123456),
        alloc(size_big(0x40000), 18), alloc(size_small(10), 16), alloc(size_page(100), 12),
        free(1), free(0), alloc(size_mid(0x8000), 15, 0x7fffff)]))
    write("bootmem", "macros-reserve", bm_setup(nfree=3, shrink=40,
                                                frees=((0x100000, 0x200000), (0x400000, 0x1000), None)) +
          b"".join([macro(0, size_small(40)), macro(1, size_page(1000)), macro(2, size_mid(9000)),
                    macro(3, size_small(1)), reserve(0x300000, 0x3000), reserve(0x350800, 0x100),
                    alloc(size_big(0x100000), 12, 0x300000), free(2), free(0)]))
    write("bootmem", "oom", bm_setup(frees=((0x200000, 0x10000),)) + b"".join([
        alloc(size_mid(0x8000), 12), alloc(size_mid(0x8000), 12), alloc(size_mid(0x1000), 12)]))
    write("bootmem", "misuse", bm_setup() + b"".join([
        alloc(size_mid(0x3000), 12), free(0), double_free(0)]))
    write("bootmem", "outside", bm_setup() + reserve(0x7ff000, 0x3000, anywhere=True))


# ---- memblock: operations only; a control byte (op % 12, variant op / 12), then operands ----
MB_UNIT = 256


def mb_base(addr):                 # u16 unit index
    return struct.pack("<H", addr // MB_UNIT)


def mb_size(length):               # 0x80 and a u16 of units
    return bytes([0x80]) + struct.pack("<H", length // MB_UNIT - 1)


def mb_add(addr, length, nid=None):
    if nid is None:
        return bytes([0]) + mb_base(addr) + mb_size(length)
    return bytes([12]) + mb_base(addr) + mb_size(length) + bytes([nid])


def mb_remove(addr, length):
    return bytes([1]) + mb_base(addr) + mb_size(length) + bytes([0])


def mb_reserve(addr, length):
    return bytes([2]) + mb_base(addr) + mb_size(length)


def mb_free_held(which, virt=False):
    return bytes([4 if virt else 3, 1 + which % 7])


def mb_free_any(addr, length):     # how 0: any range (a panic if not reserved)
    return bytes([3, 0]) + mb_base(addr) + mb_size(length)


def mb_alloc(kind, units, align_log2, nid=-1, min_addr=None, max_addr=None, raw_exact=False):
    # kind 5 phys_alloc_range, 6 try_nid, 7 try_nid_raw (sel & 8) / exact_nid_raw
    sel = 0x80 | (1 if min_addr is not None else 0) | (2 if max_addr is not None else 0)
    sel |= 0 if raw_exact else 8
    out = bytes([kind, sel]) + struct.pack("<H", units - 1) + bytes([align_log2])
    if min_addr is not None:
        out += mb_base(min_addr)
    if max_addr is not None:
        out += mb_base(max_addr)
    return out + bytes([nid + 1])


def mb_set_node(addr, length, nid):
    return bytes([8]) + mb_base(addr) + mb_size(length) + bytes([nid])


def mb_toggle_bottom_up():
    return bytes([9 + 12])


def mb_limit(addr):                # current_limit = 4 KiB + addr
    return bytes([9]) + mb_base(addr)


def mb_burst(addr, count, reserve):
    return bytes([11, count - 1, 1 if reserve else 0]) + mb_base(addr)


def seeds_memblock():
    whole = mb_add(0, 0x200000)
    write("memblock", "top-down-bottom-up", whole + b"".join([
        mb_reserve(0, 0x1000), mb_reserve(0x100000, 0x40000),
        mb_alloc(6, 4, 12), mb_alloc(5, 16, 16), mb_alloc(7, 1, 3),
        mb_toggle_bottom_up(), mb_alloc(6, 4, 12), mb_alloc(6, 2, 8, min_addr=0x180000),
        mb_free_held(1), mb_free_held(2, virt=True), mb_alloc(7, 8, 13, max_addr=0x80000),
        mb_limit(0x100000), mb_alloc(6, 1, 0), mb_toggle_bottom_up(), mb_alloc(6, 1, 0)]))
    write("memblock", "nodes", b"".join([
        mb_add(0x1000, 0xff000, nid=0), mb_add(0x100000, 0x100000, nid=1),
        mb_alloc(7, 4, 12, nid=0, raw_exact=True), mb_alloc(6, 4, 12, nid=1),
        mb_reserve(0x1000, 0xff000), mb_alloc(7, 4, 12, nid=0, raw_exact=True),
        mb_alloc(6, 4, 12, nid=0), mb_set_node(0x80000, 0x100000, 2),
        mb_alloc(7, 1, 12, nid=2, raw_exact=True), mb_remove(0x180000, 0x8000)]))
    write("memblock", "double-reserved", whole + mb_burst(0x10000, 200, True) +
          mb_alloc(6, 2, 12) + mb_free_held(3) + mb_burst(0x80000, 120, True))
    write("memblock", "double-memory", mb_add(0x100000, 0x100000) +
          mb_burst(0, 180, False) + mb_remove(0x2000, 0x4000) + mb_alloc(6, 1, 12))
    write("memblock", "misuse", whole + mb_reserve(0x10000, 0x1000) +
          mb_free_any(0x20000, 0x1000) + bytes([10, 1]) + mb_free_any(0x10000, 0x2000) +
          bytes([10, 6]))


# ---- multiboot: selector, info pointer, then memory from 0 ----
def mb_input(mb2, info, mem):
    return bytes([1 if mb2 else 0]) + struct.pack("<I", info) + mem


def place(mem, addr, data):
    if len(mem) < addr + len(data):
        mem.extend(b"\0" * (addr + len(data) - len(mem)))
    mem[addr:addr + len(data)] = data


def seeds_multiboot():
    # Multiboot 1: meminfo, command line, loader name, mmap, two modules.
    mem = bytearray()
    flags = 1 | 4 | 8 | 64 | 512
    info = struct.pack("<IIIIIII4IIIIIII", flags, 639, 64512, 0, 0x400, 2, 0x600,
                       0, 0, 0, 0, 3 * 24, 0x500, 0, 0, 0, 0x480)
    place(mem, 0x100, info)
    place(mem, 0x400, b"console=ttyS0 mem=64M selftest=all\0")
    place(mem, 0x480, b"GRUB 2.06\0")
    ents = [(0, 0x9fc00, 1), (0x100000, 0x3f00000, 1), (0xfffc0000, 0x40000, 2)]
    place(mem, 0x500, b"".join(struct.pack("<IQQI", 20, a, l, t) for a, l, t in ents))
    place(mem, 0x600, struct.pack("<IIII", 0x800000, 0x810000, 0, 0) +
          struct.pack("<IIII", 0x900000, 0x900000, 0, 0))
    write("multiboot", "mb1-full", mb_input(False, 0x100, bytes(mem)))
    # Multiboot 1: odd mmap entry sizes (24, then one past the end).
    mem = bytearray()
    info = struct.pack("<IIIIIII4IIIIIII", 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 0x200, 0, 0, 0, 0)
    place(mem, 0x40, info)
    place(mem, 0x200, struct.pack("<IQQII", 24, 0, 0xa0000, 1, 0) + struct.pack("<IQQI", 40, 0x100000, 0x1000, 1))
    write("multiboot", "mb1-odd-mmap", mb_input(False, 0x40, bytes(mem)))

    # Multiboot 1: strings longer than the kernel's limit (2047 bytes of
    # arguments) and than their buffers (6143 and 63 bytes).
    mem = bytearray()
    info = struct.pack("<IIIIIII4IIIIIII", 4 | 512, 0, 0, 0, 0x1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4000)
    place(mem, 0x80, info)
    place(mem, 0x1000, b"x" * 2100 + b"\0")
    place(mem, 0x4000, b"L" * 80 + b"\0")
    write("multiboot", "mb1-long-strings", mb_input(False, 0x80, bytes(mem)))
    place(mem, 0x1000, b"y" * 6200 + b"\0")
    write("multiboot", "mb1-cmdline-past-buffer", mb_input(False, 0x80, bytes(mem)))

    # Multiboot 1: 100 modules (more than the 16 this parser once read),
    # downwards and overlapping, each with a string; one empty.
    mem = bytearray()
    flags = 1 | 8 | 64
    info = struct.pack("<IIIIIII4IIIIIII", flags, 639, 64512, 0, 0, 100, 0x800,
                       0, 0, 0, 0, 24, 0x500, 0, 0, 0, 0)
    place(mem, 0x100, info)
    place(mem, 0x500, struct.pack("<IQQI", 20, 0, 0x8000000, 1))
    for i in range(100):
        start = 0x800000 - i * 0x1000
        place(mem, 0x800 + 16 * i, struct.pack("<IIII", start, start if i == 99 else start + 0x1800,
                                                0x2000 + 16 * i, 0))
        place(mem, 0x2000 + 16 * i, b"mod%d\0" % i)
    write("multiboot", "mb1-many-modules", mb_input(False, 0x100, bytes(mem)))
    # ... and a list that claims more modules than memory holds.
    place(mem, 0x100 + 20, struct.pack("<I", 0xffffffff))
    write("multiboot", "mb1-modules-past-memory", mb_input(False, 0x100, bytes(mem)))

    # Multiboot 2: cmdline, loader name, meminfo, module, mmap, end.
    def tag(typ, payload):
        t = struct.pack("<II", typ, 8 + len(payload)) + payload
        return t + b"\0" * (-len(t) % 8)
    mmap = struct.pack("<II", 24, 0) + b"".join(
        struct.pack("<QQII", a, l, t, 0) for a, l, t in
        [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0x100000, 0xbfee0000, 1)])
    tags = b"".join([tag(1, b"console=ttyS0 bootmem_retire=page\0"), tag(2, b"GRUB 2.06\0"),
                     tag(4, struct.pack("<II", 639, 3144576)),
                     tag(3, struct.pack("<II", 0x200000, 0x280000) + b"initrd\0"),
                     tag(6, mmap), tag(0, b"")])
    blk = struct.pack("<II", 8 + len(tags), 0) + tags
    mem = bytearray()
    place(mem, 0x1000, blk)
    write("multiboot", "mb2-full", mb_input(True, 0x1000, bytes(mem)))
    # Multiboot 2: a larger mmap entry_size, an unknown tag, no end tag.
    mmap = struct.pack("<II", 32, 0) + b"".join(
        struct.pack("<QQIIQ", a, l, t, 0, 0) for a, l, t in [(0, 0x1000, 1), (0x1000, 0x1000, 2)])
    tags = tag(21, b"\x01\x02\x03\x04") + tag(6, mmap)
    blk = struct.pack("<II", 8 + len(tags), 0) + tags
    write("multiboot", "mb2-entry32", mb_input(True, 0, blk))
    # Multiboot 2: 200 modules (more than struct boot_info once had ranges
    # for), out of order, and a module tag too short to hold one.
    tags = b"".join(tag(3, struct.pack("<II", 0x100000 + (i * 37 % 200) * 0x2000,
                                       0x100000 + (i * 37 % 200) * 0x2000 + 0x1000) + b"m\0")
                    for i in range(200))
    tags += tag(3, b"\1\2\3\4") + tag(0, b"")
    blk = struct.pack("<II", 8 + len(tags), 0) + tags
    write("multiboot", "mb2-many-modules", mb_input(True, 0, blk))
    # Multiboot 2: a block larger than 64 KiB, modules and the map after
    # a 70000-byte tag.
    tags = tag(21, b"\0" * 70000) + tag(1, b"selftest=all\0") + tag(6, mmap)
    tags += b"".join(tag(3, struct.pack("<II", 0x300000 + i * 0x1000, 0x300800 + i * 0x1000)) for i in range(20))
    tags += tag(0, b"")
    blk = struct.pack("<II", 8 + len(tags), 0) + tags
    write("multiboot", "mb2-larger-than-64k", mb_input(True, 0, blk))
    # Multiboot 2: strings longer than their buffers, without their NULs.
    tags = tag(1, b"y" * 6200) + tag(2, b"N" * 70) + tag(0, b"")
    blk = struct.pack("<II", 8 + len(tags), 0) + tags
    write("multiboot", "mb2-long-strings", mb_input(True, 0, blk))


# ---- acpi: mode byte, u16 where, then physical memory from the base ----
# (tests/fuzz/fuzz_acpi.c: mode 0 EBDA at 0x80000 + where * 16, 1 BIOS ROM
# window at 0xE0000 + where * 16, 2 base where * 16 with the EBDA pointer
# where.)  Tables go into the input at their physical addresses.

# QEMU 7.2's tables for -m 3G with two NUMA nodes (1G + 2G) and
# -numa dist,src=0,dst=1,val=20, as SeaBIOS left them from 0xBFFE195C:
# FACP APIC HPET SRAT SLIT WAET, then the RSDT (tests/host/acpi_test.c has
# the same bytes).  The RSDP QEMU put at 0xF59D0: revision 0, OEM "BOCHS ".
QEMU_TABLES = 0xBFFE195C
QEMU_RSDT = 0xBFFE1BD0
QEMU_SLIT = 0xBFFE1B78
QEMU_BLOB = bytes.fromhex(
    "46414350740000000181424f4348532042585043202020200100000042585043010000000000febf4000febf01000900"
    "b2000000f1f00000000600000000000004060000000000000000000008060000e0af0000000000000402000404000000"
    "ff0fff0f000000000000000032000000a580000041504943800000000177424f43485320425850432020202001000000"
    "42585043010000000000e0fe0100000000080000010000000008010101000000010c00000000c0fe00000000020a0000"
    "020000000000020a0005050000000d00020a0009090000000d00020a000a0a0000000d00020a000b0b0000000d000406"
    "ff000001485045543800000001b4424f43485320425850432020202001000000425850430100000001a2868000000000"
    "0000d0fe000000000000000053524154f00000000194424f434853204258504320202020010000004258504301000000"
    "010000000000000000000000001000000100000000000000000000000010010101000000000000000000000001280000"
    "00000000000000000000000000000a000000000000000000010000000000000000000000012800000000000000001000"
    "000000000000f03f00000000000000000100000000000000000000000128010000000000000000400000000000000080"
    "000000000000000001000000000000000000000001280000000000000000000000000000000000000000000000000000"
    "000000000000000000000000534c49543000000001ea424f434853204258504320202020010000004258504301000000"
    "02000000000000000a14140a57414554280000000139424f434853204258504320202020010000004258504301000000"
    "02000000525344543c00000001ed424f4348532042585043202020200100000042585043010000005c19febfd019febf"
    "501afebf881afebf781bfebfa81bfebf"
)


def acpi_input(mode, base, mem):
    if mode in (1, 3):
        where = (base - 0xE0000) >> 4
    elif mode == 0:
        where = (base - 0x80000) >> 4
    else:
        where = base >> 4
    return bytes([mode]) + struct.pack("<H", where) + bytes(mem)


class Phys:
    """Physical memory from base on, written at physical addresses."""

    def __init__(self, base):
        self.base = base
        self.mem = bytearray()

    def put(self, addr, data):
        place(self.mem, addr - self.base, data)

    def fix(self, addr, length, at):
        """Set the byte at addr + at so that length bytes from addr sum to 0."""
        off = addr - self.base
        self.mem[off + at] = 0
        self.mem[off + at] = -sum(self.mem[off:off + length]) & 0xff


def acpi_header(sig, length, rev=1):
    return struct.pack("<4sIBB6s8sI4sI", sig, length, rev, 0, b"HANDOV", b"FUZZSEED", 1, b"HOST", 1)


def acpi_table(p, addr, sig, body, rev=1):
    p.put(addr, acpi_header(sig, 36 + len(body), rev) + body)
    p.fix(addr, 36 + len(body), 9)


def acpi_rsdp(p, addr, rsdt, rev=0, xsdt=0):
    r = struct.pack("<8sB6sBI", b"RSD PTR ", 0, b"HANDOV", rev, rsdt)
    if rev >= 2:
        r += struct.pack("<IQB3x", 36, xsdt, 0)
    p.put(addr, r)
    p.fix(addr, 20, 8)
    if rev >= 2:
        p.fix(addr, 36, 32)


def srat_mem(pxm, start, length, flags=1):
    return struct.pack("<BBIHQQIIQ", 1, 40, pxm, 0, start, length, 0, flags, 0)


def srat_cpu(pxm, apic, flags=1):
    return struct.pack("<BBBBIB3sI", 0, 16, pxm & 0xff, apic, flags, 0,
                       (pxm >> 8).to_bytes(3, "little"), 0)


def srat_x2apic(pxm, apic, flags=1):
    return struct.pack("<BBHIIIII", 2, 24, 0, pxm, apic, flags, 0, 0)


def srat_body(entries):
    return struct.pack("<IQ", 1, 0) + b"".join(entries)


def slit_body(n, dist):
    return struct.pack("<Q", n) + bytes(dist(i, j) for i in range(n) for j in range(n))


def qemu_seed(with_slit):
    # The RSDP where QEMU put it, the tables moved to just after it.
    p = Phys(0xF59D0)
    moved = 0xF5A00
    p.put(moved, QEMU_BLOB)
    rsdt = moved + QEMU_RSDT - QEMU_TABLES
    entries = struct.unpack_from("<6I", QEMU_BLOB, QEMU_RSDT - QEMU_TABLES + 36)
    entries = [e - QEMU_TABLES + moved for e in entries if with_slit or e != QEMU_SLIT]
    p.put(rsdt + 4, struct.pack("<I", 36 + 4 * len(entries)))
    p.put(rsdt + 36, struct.pack("<%dI" % len(entries), *entries))
    p.fix(rsdt, 36 + 4 * len(entries), 9)
    p.put(0xF59D0, bytes.fromhex("525344205054522000424f434853200000000000"))
    p.put(0xF59D0 + 16, struct.pack("<I", rsdt))
    p.fix(0xF59D0, 20, 8)
    return acpi_input(1, 0xF59D0, p.mem)


def seeds_acpi():
    write("acpi", "qemu-2node-slit", qemu_seed(True))
    write("acpi", "qemu-2node-noslit", qemu_seed(False))

    # EBDA, revision 2 RSDP and an XSDT; sparse domains 7 and 3 (7 has the
    # low memory), hotplug, CPUs without memory, unknown subtables, a SLIT.
    p = Phys(0x9FC00)
    srat = srat_body([srat_mem(3, 0x80000000, 0x40000000, 3), srat_mem(7, 0, 0xa0000),
                      srat_mem(7, 0x100000, 0x7ff00000), srat_mem(0, 0, 0, 0),
                      srat_cpu(7, 0), srat_cpu(3, 1), srat_cpu(2, 2), srat_cpu(3, 3, 0),
                      srat_x2apic(7, 0x100), bytes([3, 18]) + bytes(16),
                      bytes([5, 4, 0, 0])])
    acpi_table(p, 0x9FD00, b"SRAT", srat, rev=3)
    acpi_table(p, 0x9FF00, b"SLIT", slit_body(8, lambda i, j: 10 if i == j else 20 + i + j))
    acpi_table(p, 0x9FC80, b"XSDT", struct.pack("<QQ", 0x9FD00, 0x9FF00))
    acpi_table(p, 0x9FCC0, b"RSDT", struct.pack("<I", 0x9FD00))
    acpi_rsdp(p, 0x9FC00 + 0x20, 0x9FCC0, rev=2, xsdt=0x9FC80)
    write("acpi", "ebda-xsdt-sparse", acpi_input(0, 0x9FC00, p.mem))

    # BIOS window: a bad RSDP first, the good one after; 32 ranges in 8
    # domains, out of order; revision 1 (8-bit domains); an invalid SLIT.
    p = Phys(0xE0000)
    ents = [srat_mem(0x100 + i % 8, (31 - i) << 24, 1 << 24) for i in range(32)]
    ents += [srat_cpu(0x105, i) for i in range(4)]
    acpi_table(p, 0xE0400, b"SRAT", srat_body(ents))
    acpi_table(p, 0xE0100, b"SLIT", slit_body(8, lambda i, j: 10 if i == j else 5))
    acpi_table(p, 0xE0080, b"RSDT", struct.pack("<II", 0xE0400, 0xE0100))
    acpi_rsdp(p, 0xE0000, 0xE0080)
    p.mem[8] ^= 1
    acpi_rsdp(p, 0xE0040, 0xE0080)
    write("acpi", "bios-32-ranges", acpi_input(1, 0xE0000, p.mem))

    # Raw placement, EBDA pointer and input at 0x9F000: overlapping ranges,
    # a range that wraps, a subtable running past the SRAT's end.
    bad = {"overlap": (2, [srat_mem(0, 0, 0x10000000), srat_mem(1, 0x0ffff000, 0x2000)]),
           "wrap": (1, [srat_mem(0, 0, 0x1000), srat_mem(1, 0xfffffffffffff000, 0x1000)]),
           "past-end": (1, [srat_mem(0, 0, 0x1000), bytes([1, 40]) + bytes(10)])}
    for name, (rev, ents) in bad.items():
        p = Phys(0x9F000)
        acpi_table(p, 0x9F100, b"SRAT", srat_body(ents), rev=rev)
        acpi_table(p, 0x9F080, b"RSDT", struct.pack("<I", 0x9F100))
        acpi_rsdp(p, 0x9F000, 0x9F080)
        write("acpi", "raw-srat-" + name, acpi_input(2, 0x9F000, p.mem))

    # Revision 2 without an XSDT; 34 tables (2 past the 32 kept), the SRAT
    # first, with 33 ranges.
    p = Phys(0xE0000)
    acpi_table(p, 0xE0100, b"SRAT", srat_body([srat_mem(i % 3, i << 20, 1 << 20) for i in range(33)]))
    others = [0xE0700 + 0x30 * i for i in range(33)]
    for i, a in enumerate(others):
        acpi_table(p, a, b"T%03d" % i, b"")
    acpi_table(p, 0xE0030, b"RSDT", struct.pack("<34I", 0xE0100, *others))
    acpi_rsdp(p, 0xE0000, 0xE0030, rev=2)
    write("acpi", "rev2-no-xsdt-34-tables", acpi_input(1, 0xE0000, p.mem))

    # Short tables: an SRAT without its 12 reserved bytes; an SRAT with a
    # stray byte at its end; a good SRAT with a SLIT too short for its count.
    shorts = {"srat-44": (b"\0" * 8, None),
              "srat-odd-byte": (srat_body([srat_mem(0, 0, 0x1000000)]) + b"\1", None),
              "slit-40": (srat_body([srat_mem(0, 0, 0x1000000)]), b"\2\0\0\0")}
    for name, (srat, slit) in shorts.items():
        p = Phys(0x9FC00)
        acpi_table(p, 0x9FD00, b"SRAT", srat)
        tables = [0x9FD00]
        if slit is not None:
            acpi_table(p, 0x9FE00, b"SLIT", slit)
            tables.append(0x9FE00)
        acpi_table(p, 0x9FC40, b"RSDT", struct.pack("<%dI" % len(tables), *tables))
        acpi_rsdp(p, 0x9FC00, 0x9FC40)
        write("acpi", "ebda-" + name, acpi_input(0, 0x9FC00, p.mem))

if __name__ == "__main__":
    seeds_e820()
    seeds_bootmem()
    seeds_memblock()
    seeds_multiboot()
    seeds_acpi()
