#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#include <linux/types.h>

#define X86_CR0_WP	(1u << 16)
#define X86_CR0_PG	(1u << 31)
#define X86_CR4_PSE	(1u << 4)
#define X86_CR4_PAE	(1u << 5)	/* set by head.asm in the PAE build */

/* The Extended Feature Enable Register; NXE turns on execute-disable (SDM 4.1.1). */
#define MSR_EFER	0xc0000080
#define EFER_NX		(1u << 11)
#define X86_CR4_PGE	(1u << 7)

#define X86_EFLAGS_IF	(1u << 9)
#define X86_EFLAGS_AC	(1u << 18)
#define X86_EFLAGS_ID	(1u << 21)

/*
 * Feature bits as Linux numbers them: word 0 of x86_capability is CPUID
 * leaf 1 EDX (Intel SDM vol. 2A, CPUID, "Feature Information Returned in
 * the EDX Register"), word 1 leaf 80000001H EDX, as in Linux 2.4; word 4
 * leaf 1 ECX, as from Linux 2.6 (words 2 and 3, Transmeta's and Linux's
 * own, stay 0 here).  boot/verify_cpu.asm fills them before any C code
 * runs.
 */
#define X86_FEATURE_FPU		(0 * 32 + 0)
#define X86_FEATURE_VME		(0 * 32 + 1)
#define X86_FEATURE_DE		(0 * 32 + 2)
#define X86_FEATURE_PSE		(0 * 32 + 3)
#define X86_FEATURE_TSC		(0 * 32 + 4)
#define X86_FEATURE_PAE		(0 * 32 + 6)
#define X86_FEATURE_PGE		(0 * 32 + 13)
#define X86_FEATURE_CMOV	(0 * 32 + 15)
#define X86_FEATURE_NX		(1 * 32 + 20)	/* CPUID.80000001H:EDX: Execute Disable */
#define NCAPINTS		5

/*
 * What the boot CPU is, as found by boot/verify_cpu.asm (Linux's struct
 * cpuinfo_x86, reduced to what this kernel uses).  C code asks this and
 * never executes cpuid itself: a CPU without CPUID would fault.  The
 * field offsets are known to verify_cpu.asm; cpu.c checks they agree.
 */
struct cpuinfo_x86 {
	u8 x86;			/* family: 3 (i386), 4 (i486), 5, 6, ... */
	u8 x86_model;
	u8 x86_stepping;
	u8 x86_phys_bits;	/* physical address bits the CPU decodes (MAXPHYADDR) */
	int cpuid_level;	/* highest standard CPUID leaf, -1: no CPUID */
	u32 x86_capability[NCAPINTS];
	char x86_vendor_id[16];	/* CPUID leaf 0, "" without CPUID */
};

extern struct cpuinfo_x86 boot_cpu_data;

static inline bool boot_cpu_has(unsigned int bit)
{
	return boot_cpu_data.x86_capability[bit / 32] & (1u << (bit % 32));
}

/*
 * CR4 came with the Pentium (and late i486s); an i486 without it raises
 * #UD on "mov cr4".  Linux's rule (head_32.S, setup_arch()): a CPU has CR4
 * if and only if it has CPUID and leaf 1 reports a feature other than FPU.
 */
static inline bool cpu_has_cr4(void)
{
	return boot_cpu_data.cpuid_level >= 1 &&
	       (boot_cpu_data.x86_capability[0] & ~(1u << X86_FEATURE_FPU));
}

/* The only code that touches CR4 (arch/x86/kernel/cpu.c), each guarded. */
unsigned long read_cr4_safe(void);	/* 0 on a CPU without CR4 */
void cr4_set_bits(unsigned long mask);

void print_cpu_info(void);

#define DEFINE_CR(n)							\
static inline unsigned long read_cr##n(void)				\
{									\
	unsigned long v;						\
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(unsigned long v)				\
{									\
	__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");	\
}
DEFINE_CR(0)
DEFINE_CR(3)
#undef DEFINE_CR

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void __flush_tlb_one(unsigned long addr)
{
	/* invlpg: i486 and later (Intel SDM vol. 2A) */
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline void __flush_tlb(void)
{
	write_cr3(read_cr3());
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

#endif
