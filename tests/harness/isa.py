"""Hold the kernel image to the i486's instruction set.

The kernel is built with -march=i486 and runs on every CPU from the i486
on (README, "Supported CPUs").  A single instruction from a later CPU --
a cmov from a stray -march, a multi-byte NOP from an assembler's padding,
an rdtsc outside its feature check -- would make it fault on an i486
(#UD) before or after the IDT exists.  This module disassembles the
image with objdump and reports every instruction that is not in the
i486's instruction set (Intel486 Processor Family Programmer's Reference
Manual, instruction set summary), except the few listed in ALLOWANCES,
each allowed in one named place for a stated reason.

Two more rules go beyond opcodes:
  - ``mov`` to or from CR4 is an i486 opcode, but an i486 without CR4
    (the first ones; CR4 came with the Pentium) raises #UD on it: CR4 is
    touched only in CR4_FUNCTIONS, which check cpu_has_cr4() first;
  - a ``nop`` with an operand is the multi-byte NOP (0F 1F /0) of the
    Pentium Pro and later, not the i486's one-byte 0x90.

The Multiboot headers at the start of the .boot section are data, not
code: disassembly of .boot starts at the ELF entry point (linker.ld puts
the headers first and startup_32 is the entry).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

OBJDUMP = "i686-linux-gnu-objdump"

# Integer and system instructions of the i486 (the 386's plus bswap,
# cmpxchg, xadd, invd, wbinvd, invlpg), as objdump -M intel spells them.
# No x87: the kernel is built with -mno-80387, and the i486SX has no FPU.
_JCC = ("a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np "
        "ns nz o p pe po s z").split()
I486_MNEMONICS = frozenset(
    """aaa aad aam aas adc add and arpl bound bsf bsr bswap bt btc btr bts
    call cbw cdq clc cld cli clts cmc cmp cmps cmpsb cmpsd cmpsw cmpxchg cwd
    cwde daa das dec div enter hlt idiv imul in inc ins insb insd insw int
    int3 into invd invlpg iret iretd iretw jcxz jecxz jmp lahf lar lcall lds
    lea leave les lfs lgdt lgdtd lgs lidt lidtd ljmp lldt lmsw lods lodsb
    lodsd lodsw loop loope loopne loopnz loopz lret lsl lss ltr mov movs
    movsb movsd movsw movsx movzx mul neg nop not or out outs outsb outsd
    outsw pop popa popad popf popfd push pusha pushad pushf pushfd rcl rcr
    ret retf rol ror sahf sal sar sbb scas scasb scasd scasw sgdt sgdtd shl
    shld shr shrd sidt sidtd sldt smsw stc std sti stos stosb stosd stosw str
    sub test verr verw wbinvd xadd xchg xlat xlatb xor""".split()
    + [f"j{cc}" for cc in _JCC] + [f"set{cc}" for cc in _JCC])

# Prefixes objdump prints as words of their own before the mnemonic.
PREFIXES = frozenset("""rep repz repnz repe repne lock cs ds es fs gs ss data16
    data32 addr16 addr32""".split())

# Where CR4 may be read or written: both check cpu_has_cr4() first
# (arch/x86/kernel/cpu.c), Linux's rule that CR4 exists exactly when CPUID
# does and reports a feature other than FPU.
# The PAE kernel's head.asm sets CR4.PAE at startup_32.enable_pae, after
# verify_cpu has refused every CPU without PAE (and so without CR4).
CR4_FUNCTIONS = ("read_cr4_safe", "cr4_set_bits", "startup_32.enable_pae")


@dataclass(frozen=True)
class Allowance:
    """One post-i486 mnemonic, the symbols it may appear under (a regex on
    the symbol name, None: anywhere), why that is safe, and whether the
    image must contain it there (a check that the guarded use was found,
    so a disassembly that misses it -- e.g. of the wrong section -- fails)."""

    mnemonic: str
    where: str | None
    why: str
    required: bool = False


ALLOWANCES = (
    Allowance("cpuid", r"verify_cpu(\.\w+)?",
              "boot/verify_cpu.asm executes it only once toggling EFLAGS.ID has "
              "shown that CPUID exists (NASM names its local labels "
              "verify_cpu.label)", required=True),
    Allowance("rdtsc", r"get_cycles",
              "arch/x86/kernel/tsc.c: get_cycles() returns 0 before it unless "
              "boot_cpu_has(X86_FEATURE_TSC)", required=True),
    Allowance("rdmsr", r"x86_configure_nx",
              "arch/x86/mm/init.c reads EFER only where CPUID reports NX (the PAE "
              "build; the two-level build compiles the function empty)"),
    Allowance("wrmsr", r"x86_configure_nx",
              "arch/x86/mm/init.c sets EFER.NXE only where CPUID reports NX"),
    Allowance("ud2", None,
              "raises #UD on every CPU, which is its purpose (BUG paths, "
              "__builtin_trap); 0F 0B is just as undefined on an i486"),
    Allowance("tzcnt", None,
              "F3 0F BC is rep bsf: CPUs without BMI1 ignore the prefix and run "
              "bsf (an i386 instruction); GCC emits it only where the operand is "
              "non-zero, and Linux's __ffs() uses it on every x86"),
)


@dataclass(frozen=True)
class Instruction:
    section: str
    address: int
    symbol: str
    text: str  # mnemonic and operands, as objdump prints them

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass(frozen=True)
class Violation:
    instruction: Instruction
    reason: str

    def __str__(self) -> str:
        i = self.instruction
        return f"{i.address:08x} <{i.symbol}>: {i.text}  -- {self.reason}"


@dataclass
class Report:
    instructions: int
    violations: list[Violation]
    allowed: dict[tuple[str, str], int]  # (mnemonic, symbol) -> count
    missing: list[str]                   # required allowances not found

    @property
    def ok(self) -> bool:
        return not self.violations and not self.missing and self.instructions > 0

    def summary(self) -> str:
        uses = ", ".join(f"{m} in {s}" + (f" x{n}" if n > 1 else "")
                         for (m, s), n in sorted(self.allowed.items()))
        return f"{self.instructions} instructions; allowed post-i486: {uses or 'none'}"


_SYMBOL = re.compile(r"^([0-9a-f]+) <(.+)>:$")
_INSN = re.compile(r"^\s*([0-9a-f]+):\t([0-9a-f]{2}(?: [0-9a-f]{2})*)\s*\t(.+)$")
_SECTION = re.compile(r"^Disassembly of section (\S+):$")


def parse(text: str, start: int | None = None) -> list[Instruction]:
    """Instructions from ``objdump -d -M intel`` output, each with the
    symbol it follows.  With ``start``, those before that address are
    dropped (data in front of the code)."""
    section, symbol, out = "", "?", []
    for line in text.splitlines():
        if m := _SECTION.match(line):
            section = m.group(1)
        elif m := _SYMBOL.match(line):
            symbol = m.group(2)
        elif m := _INSN.match(line):
            address = int(m.group(1), 16)
            if start is not None and address < start:
                continue
            out.append(Instruction(section, address, symbol, m.group(3).strip()))
    return out


def mnemonic(instruction: Instruction) -> tuple[str, str]:
    """The mnemonic without prefixes, and the operands."""
    words = instruction.words
    while len(words) > 1 and words[0] in PREFIXES:
        words = words[1:]
    return words[0], " ".join(words[1:])


def _allowance(name: str, symbol: str) -> Allowance | None:
    for allowance in ALLOWANCES:
        if allowance.mnemonic == name and (
                allowance.where is None or re.fullmatch(allowance.where, symbol)):
            return allowance
    return None


def check(instructions: list[Instruction]) -> Report:
    """Every rule of the module docstring over a list of instructions."""
    violations, allowed = [], {}
    for insn in instructions:
        name, operands = mnemonic(insn)
        if re.search(r"\bcr4\b", operands) and insn.symbol not in CR4_FUNCTIONS:
            violations.append(Violation(insn, "CR4 access outside "
                                        + "/".join(CR4_FUNCTIONS)
                                        + " (an i486 may have no CR4)"))
        if name == "nop" and operands:
            violations.append(Violation(insn, "multi-byte NOP (0F 1F), Pentium Pro "
                                        "and later"))
        elif name == "(bad)":
            violations.append(Violation(insn, "not an instruction"))
        elif name not in I486_MNEMONICS:
            allowance = _allowance(name, insn.symbol)
            if allowance is None:
                violations.append(Violation(insn, f"{name} is not an i486 instruction"))
            else:
                key = (name, insn.symbol)
                allowed[key] = allowed.get(key, 0) + 1
    missing = [f"no {a.mnemonic} under a symbol matching {a.where}"
               for a in ALLOWANCES if a.required and not any(
                   m == a.mnemonic and re.fullmatch(a.where, s) for m, s in allowed)]
    return Report(len(instructions), violations, allowed, missing)


def entry_point(elf: Path) -> int:
    """e_entry of a 32-bit little-endian ELF file."""
    header = elf.read_bytes()[:0x1c]
    if header[:4] != b"\x7fELF" or header[4] != 1:
        raise ValueError(f"{elf} is not a 32-bit ELF file")
    return struct.unpack_from("<I", header, 0x18)[0]


def find_objdump(preferred: str = OBJDUMP) -> str | None:
    """The cross objdump, or the host's (binutils on x86 reads elf32-i386)."""
    return shutil.which(preferred) or shutil.which("objdump")


def disassemble(elf: Path, objdump: str) -> list[Instruction]:
    """The code sections (-d), and .boot from the entry point on (-D:
    NASM's .boot.text has no exec flag, so the linker marks .boot as data;
    and the headers before the entry point are data indeed)."""
    def run(*args: str) -> str:
        proc = subprocess.run([objdump, "-M", "intel", *args, str(elf)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{objdump} failed: {proc.stderr.strip()}")
        return proc.stdout

    code = [i for i in parse(run("-d")) if i.section != ".boot"]
    boot = parse(run("-D", "-j", ".boot"), start=entry_point(elf))
    return boot + code


def check_elf(elf: Path, objdump: str) -> Report:
    return check(disassemble(elf, objdump))
