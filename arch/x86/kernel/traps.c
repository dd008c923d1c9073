/*
 * GDT, IDT and the oops report.
 *
 * On a CPU with a TSC the kernel runs with interrupts off from the first
 * instruction to the last.  Without one, time_init() (time.c) makes PIT
 * channel 0 the clock and turns interrupts on, with only IRQ0 unmasked at
 * the 8259s (i8259.c): vectors 0x20-0x2f get interrupt gates to do_IRQ().
 * The 32 processor exceptions have interrupt gates too, so a handler runs
 * with interrupts off whichever path the boot took, and the timer cannot
 * break into an oops.  Each exception prints what Linux's die() prints --
 * the exception, the error code, the faulting EIP with its symbol, the
 * registers and a symbolised backtrace -- then panics, which ends the
 * QEMU run with the failure status.  A double fault (the stack overflowing
 * into its guard page, where the #PF frame cannot be pushed) goes through
 * a task gate to a stack of its own, as in Linux/i386; that task starts
 * with EFLAGS.IF clear.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/setup.h>
#include <asm/dumpstack.h>
#include <asm/sections.h>

#define __KERNEL_CS	0x08
#define __KERNEL_DS	0x10
#define GDT_ENTRY_TSS	3
#define GDT_ENTRY_DF_TSS 4

struct desc_ptr {
	u16 size;
	u32 address;
} __attribute__((packed));

struct gate_desc {
	u16 offset_low;
	u16 segment;
	u8 zero;
	u8 type_attr;
	u16 offset_high;
} __attribute__((packed));

/*
 * Flat 4 GiB segments (Intel SDM vol. 3A 3.4.5): null, code, data; then
 * two TSSs.  A double fault -- most often the stack running into its guard
 * page, where the CPU cannot push the #PF frame -- goes through a task gate
 * to a task with its own stack, as Linux/i386 does (SDM 6.15, #DF): there
 * is no stack left to handle it on.
 */
static u64 gdt_table[] __aligned(8) = {
	0,
	0x00cf9a000000ffffULL,
	0x00cf92000000ffffULL,
	0,	/* the boot task: where the CPU saves state on the switch */
	0,	/* the double-fault task */
};

struct tss_struct {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3;
	u32 eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt, iomap;
} __attribute__((packed));

static struct tss_struct boot_tss, doublefault_tss;
static u8 doublefault_stack[4096] __aligned(16);

static struct gate_desc idt_table[256] __aligned(8);

/*
 * A faulting instruction listed in the exception table resumes at its
 * fixup instead of oopsing (Linux's fixup_exception()).
 */
struct exception_table_entry {
	unsigned long insn, fixup;
};
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (regs->eip == e->insn) {
			regs->eip = e->fixup;
			return true;
		}
	}
	return false;
}
extern const u32 isr_stub_table[32];

static const char *const trap_names[32] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection fault", "page fault", "reserved",
	"coprocessor error", "alignment check", "machine check",
	"SIMD floating point exception", "virtualization exception",
	"control protection fault", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security exception", "reserved",
};

static void __init load_gdt(void)
{
	struct desc_ptr gdtr = { sizeof(gdt_table) - 1, (u32)gdt_table };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %%ax, %%fs\n\t"
		"mov %%ax, %%gs"
		: : "m"(gdtr), "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "eax", "memory");
}

static u64 tss_descriptor(const struct tss_struct *tss)
{
	u64 base = (u32)tss, limit = sizeof(*tss) - 1;

	/* present, DPL 0, type 9: available 32-bit TSS (SDM 7.2.2) */
	return (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
	       (((limit >> 16) & 0xf) << 48) | ((base >> 24) << 56);
}

static void doublefault_fn(void);

static void __init doublefault_init(void)
{
	doublefault_tss = (struct tss_struct){
		.eip = (u32)doublefault_fn,
		.eflags = 0x2,
		.esp = (u32)(doublefault_stack + sizeof(doublefault_stack)),
		.cr3 = (u32)read_cr3(),
		.cs = __KERNEL_CS,
		.ds = __KERNEL_DS, .es = __KERNEL_DS, .ss = __KERNEL_DS,
		.fs = __KERNEL_DS, .gs = __KERNEL_DS,
		.iomap = sizeof(struct tss_struct),
	};
	boot_tss.iomap = sizeof(struct tss_struct);
	gdt_table[GDT_ENTRY_TSS] = tss_descriptor(&boot_tss);
	gdt_table[GDT_ENTRY_DF_TSS] = tss_descriptor(&doublefault_tss);
}

/* Present, DPL 0, 32-bit interrupt gate: IF is cleared on entry (SDM 6.12.1.3). */
void set_intr_gate(unsigned int vector, const void *handler)
{
	u32 addr = (u32)handler;

	idt_table[vector] = (struct gate_desc){
		.offset_low = addr & 0xffff,
		.segment = __KERNEL_CS,
		.type_attr = 0x8e,
		.offset_high = addr >> 16,
	};
}

void __init trap_init(void)
{
	struct desc_ptr idtr = { sizeof(idt_table) - 1, (u32)idt_table };

	doublefault_init();
	load_gdt();
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_ENTRY_TSS << 3));
	for (int i = 0; i < 32; i++)
		set_intr_gate(i, (const void *)isr_stub_table[i]);
	/* #DF: a task gate to the double-fault TSS (SDM 6.11, figure 6-2). */
	idt_table[8] = (struct gate_desc){ .segment = GDT_ENTRY_DF_TSS << 3, .type_attr = 0x85 };
	__asm__ __volatile__("lidt %0" : : "m"(idtr));
}

static void show_regs(const struct pt_regs *regs)
{
	/* The esp at the fault: just above the frame the CPU pushed. */
	unsigned long sp = (unsigned long)&regs->eflags + 4;

	pr_emerg("EIP: %pS\n", (void *)regs->eip);
	pr_emerg("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
		 regs->eax, regs->ebx, regs->ecx, regs->edx);
	pr_emerg("ESI: %08x EDI: %08x EBP: %08x ESP: %08lx\n",
		 regs->esi, regs->edi, regs->ebp, sp);
	pr_emerg("DS: %04x ES: %04x CS: %04x EFLAGS: %08x\n",
		 regs->ds & 0xffff, regs->es & 0xffff, regs->cs & 0xffff, regs->eflags);
	/* CR4 reads as 0 on an i486 without one (cpu.c). */
	pr_emerg("CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4_safe());
}

static void page_fault_headline(const struct pt_regs *regs, unsigned long cr2)
{
	/* A fetch from a present page: only NX refuses that (SDM 4.7, I/D). */
	if ((regs->error_code & 0x11) == 0x11)
		pr_emerg("kernel tried to execute NX-protected page - exploit attempt? (uid: 0)\n");
	if (cr2 < PAGE_SIZE)
		pr_emerg("BUG: kernel NULL pointer dereference, address: %08lx\n", cr2);
	else
		pr_emerg("BUG: unable to handle page fault for address: %08lx\n", cr2);
	/*
	 * Error code bits: Intel SDM vol. 3A 4.7.  Without NX the I/D bit is
	 * never set, but a read fault at the instruction pointer is a fetch.
	 * A write is a write even at the instruction pointer: an instruction
	 * that stores into its own first byte (lkdtm's write_text, built for
	 * the i486) faults with CR2 == EIP and W set.
	 */
	pr_emerg("#PF: supervisor %s in kernel mode\n",
		 (regs->error_code & 0x10) ? "instruction fetch" :
		 (regs->error_code & 0x02) ? "write access" :
		 cr2 == regs->eip ? "instruction fetch" : "read access");
	pr_emerg("#PF: error_code(0x%04x) - %s\n", regs->error_code,
		 (regs->error_code & 0x01) ? "permissions violation" : "not-present page");
}

/*
 * free_initmem() fills .init with 0xcc (int3), so a call into freed boot
 * code stops at its first byte with a breakpoint trap: name it for what it
 * is.
 */
static void int3_headline(const struct pt_regs *regs)
{
	unsigned long ip = regs->eip - 1;

	if (ip >= (unsigned long)__init_begin && ip < (unsigned long)__init_end)
		pr_emerg("BUG: executing freed init memory (poisoned with 0xcc) at %08lx\n", ip);
}

/*
 * The double-fault task.  The CPU saved the faulting task's registers in
 * boot_tss; CR2 still holds the address the lost #PF was about.
 */

static __noreturn void doublefault_fn(void)
{
	unsigned long cr2 = read_cr2();
	unsigned long guard = (unsigned long)boot_stack_guard;

	if (cr2 >= guard && cr2 < guard + PAGE_SIZE)
		pr_emerg("BUG: stack guard page was hit at %08lx (kernel stack overflow)\n", cr2);
	pr_emerg("double fault: 0000 [#1]\n");
	pr_emerg("EIP: %pS\n", (void *)boot_tss.eip);
	pr_emerg("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
		 boot_tss.eax, boot_tss.ebx, boot_tss.ecx, boot_tss.edx);
	pr_emerg("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n",
		 boot_tss.esi, boot_tss.edi, boot_tss.ebp, boot_tss.esp);
	pr_emerg("CR2: %08lx CR3: %08lx\n", cr2, read_cr3());
	show_stack_from(boot_tss.ebp, boot_tss.eip, 0);
	panic("Fatal exception");
}

void do_trap(struct pt_regs *regs)
{
	unsigned int nr = regs->trapnr;

	if (nr == 14 && fixup_exception(regs))
		return;
	if (nr == 14)
		page_fault_headline(regs, read_cr2());
	if (nr == 3)
		int3_headline(regs);
	/* Linux's die(): "Oops" for page faults, the exception's name otherwise. */
	pr_emerg("%s: %04x [#1]\n", nr == 14 ? "Oops" : trap_names[nr & 31], regs->error_code);
	show_regs(regs);
	show_stack_from((unsigned long)regs->ebp, regs->eip, (unsigned long)&regs->eflags + 4);
	panic("Fatal exception");
}
