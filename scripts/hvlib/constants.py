"""The kernel's memory constants, as the C headers define them.

Tools that redo the kernel's arithmetic (tests/harness/memreport.py) or
read its records (memdump_parse.py) take them from here, never from a
literal of their own.  scripts/gdb/handover.py runs inside gdb's Python,
which does not see this tree: it reads what it can from the kernel image
and keeps its own PAGE_SHIFT.
"""

PAGE_SHIFT = 12                 # arch/x86/include/asm/page.h
PAGE_SIZE = 1 << PAGE_SHIFT
MAX_ORDER = 10                  # include/linux/mmzone.h: orders 0..9, as 2.4
ZONE_NAMES = ("DMA", "Normal", "HighMem")       # the kernel's zone_names[], by ZONE_* number
