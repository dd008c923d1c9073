"""Self-tests of isa.py: the i486 instruction check on hand-written
objdump output."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from . import isa


# --- CPUs (issue 10) ----------------------------------------------------------

def objdump_text(*functions: tuple[str, list[str]], section: str = ".text",
                 base: int = 0xc0101000) -> str:
    """objdump -d -M intel output for (symbol, [instruction text]) pairs."""
    lines = ["", "k.elf:     file format elf32-i386", "", "",
             f"Disassembly of section {section}:", ""]
    address = base
    for symbol, instructions in functions:
        lines += [f"{address:08x} <{symbol}>:"]
        for text in instructions:
            lines.append(f"{address:x}:\t90                   \t{text}")
            address += 1
        lines.append("")
    return "\n".join(lines)


GUARDED = [("verify_cpu", ["push   ebx"]), ("verify_cpu.has_cpuid", ["cpuid"]),
           ("get_cycles", ["rdtsc", "ret"])]


class IsaCheckTest(unittest.TestCase):
    def check(self, *functions):
        return isa.check(isa.parse(objdump_text(*GUARDED, *functions)))

    def test_guarded_uses_pass(self):
        report = self.check(("read_cr4_safe", ["mov    eax,cr4"]),
                            ("cr4_set_bits", ["mov    cr4,eax"]),
                            ("memset", ["rep stos DWORD PTR es:[edi],eax", "ret"]),
                            ("xchg_lock", ["lock cmpxchg DWORD PTR [edx],ecx", "bswap  eax",
                                           "xadd   eax,ebx", "invlpg BYTE PTR [eax]"]),
                            ("lkdtm_null_deref", ["ud2"]),
                            ("free_reserved_range", ["tzcnt  ecx,eax"]))
        self.assertTrue(report.ok, [str(v) for v in report.violations] + report.missing)
        self.assertEqual(report.allowed[("cpuid", "verify_cpu.has_cpuid")], 1)
        self.assertIn("rdtsc in get_cycles", report.summary())

    def test_cmov_anywhere_fails(self):
        report = self.check(("strchr", ["cmovne eax,edx"]))
        self.assertFalse(report.ok)
        self.assertEqual([v.instruction.symbol for v in report.violations], ["strchr"])
        self.assertIn("cmovne is not an i486 instruction", str(report.violations[0]))

    def test_rdtsc_and_cpuid_only_where_guarded(self):
        report = self.check(("pairs.constprop.0", ["rdtsc"]), ("setup_arch", ["cpuid"]),
                            ("get_cycles.part.0", ["rdtsc"]))
        self.assertEqual(sorted(v.instruction.symbol for v in report.violations),
                         ["get_cycles.part.0", "pairs.constprop.0", "setup_arch"])

    def test_guarded_uses_must_be_found(self):
        report = isa.check(isa.parse(objdump_text(("start_kernel", ["ret"]))))
        self.assertEqual(report.violations, [])
        self.assertFalse(report.ok)
        self.assertEqual(len(report.missing), 2)
        self.assertFalse(isa.check([]).ok)

    def test_cr4_outside_its_helpers_fails(self):
        report = self.check(("paging_init", ["mov    eax,cr4"]), ("show_regs", ["mov    cr4,edx"]),
                            ("load_cr3", ["mov    cr3,eax"]))
        self.assertEqual([v.instruction.symbol for v in report.violations],
                         ["paging_init", "show_regs"])

    def test_multibyte_nop_fails_one_byte_nop_passes(self):
        report = self.check(("pad", ["nop", "xchg   ax,ax",
                                     "nop    DWORD PTR [eax+eax*1+0x0]",
                                     "cs nop WORD PTR [eax+eax*1+0x0]"]))
        self.assertEqual(len(report.violations), 2)
        self.assertIn("multi-byte NOP", str(report.violations[0]))

    def test_other_post_i486_instructions_fail(self):
        report = self.check(("f", ["sysenter", "fcomi  st,st(1)", "rdmsr", "endbr32",
                                   "cmpxchg8b QWORD PTR [esi]", "pause", "(bad)"]))
        self.assertEqual(len(report.violations), 7)

    def test_parse(self):
        text = objdump_text(("mb2_header", ["add    BYTE PTR [eax],al"]), section=".boot",
                            base=0x100000)
        text += "\n100001:\t00 00 \n" + objdump_text(("startup_32", ["cli"]),
                                                   section=".boot", base=0x100010)
        instructions = isa.parse(text, start=0x100010)
        self.assertEqual([(i.section, i.address, i.symbol, i.text) for i in instructions],
                         [(".boot", 0x100010, "startup_32", "cli")])
        self.assertEqual(isa.mnemonic(isa.Instruction(".text", 0, "f", "repz cmps BYTE PTR")),
                         ("cmps", "BYTE PTR"))

    def test_entry_point(self):
        with tempfile.TemporaryDirectory() as tmp:
            elf = Path(tmp, "k.elf")
            elf.write_bytes(b"\x7fELF\x01\x01\x01" + bytes(17) + (0x10000c).to_bytes(4, "little"))
            self.assertEqual(isa.entry_point(elf), 0x10000c)
            elf.write_bytes(b"\x7fELF\x02" + bytes(40))
            with self.assertRaises(ValueError):
                isa.entry_point(elf)
