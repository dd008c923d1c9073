/*
 * What the boot CPU is and the little of it the kernel depends on.
 * boot/verify_cpu.asm fills boot_cpu_data before paging is on; from here
 * on C code asks boot_cpu_has() instead of executing cpuid, and touches
 * CR4 only through the two guarded helpers below (Linux keeps the same
 * discipline: cpuid only where CPUID exists, CR4 only where it exists).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <asm/processor.h>

/*
 * Written by verify_cpu at its physical address, before .data is mapped
 * where C sees it; the initialiser is what a 386 would leave (never seen:
 * verify_cpu refuses those).
 */
struct cpuinfo_x86 boot_cpu_data = { .x86 = 3, .cpuid_level = -1, .x86_phys_bits = 32 };

/* verify_cpu.asm writes the fields at these offsets. */
_Static_assert(offsetof(struct cpuinfo_x86, x86) == 0, "CPUINFO_X86");
_Static_assert(offsetof(struct cpuinfo_x86, x86_model) == 1, "CPUINFO_X86_MODEL");
_Static_assert(offsetof(struct cpuinfo_x86, x86_stepping) == 2, "CPUINFO_X86_STEPPING");
_Static_assert(offsetof(struct cpuinfo_x86, x86_phys_bits) == 3, "CPUINFO_X86_PHYS_BITS");
_Static_assert(offsetof(struct cpuinfo_x86, cpuid_level) == 4, "CPUINFO_CPUID_LEVEL");
_Static_assert(offsetof(struct cpuinfo_x86, x86_capability) == 8, "CPUINFO_CAPABILITY");
_Static_assert(offsetof(struct cpuinfo_x86, x86_vendor_id) == 28, "CPUINFO_VENDOR_ID");

/*
 * Linux 2.6's read_cr4_safe() returned 0 where reading CR4 faults; here
 * the rule in cpu_has_cr4() decides before the read, so an oops on an
 * i486 without CR4 cannot fault again while it prints the registers.
 */
unsigned long read_cr4_safe(void)
{
	unsigned long cr4 = 0;

	if (cpu_has_cr4())
		__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	return cr4;
}

/* Linux's cr4_set_bits(); callers set only bits of features the CPU has. */
void cr4_set_bits(unsigned long mask)
{
	unsigned long cr4;

	BUG_ON(!cpu_has_cr4());
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= mask;
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

/* Linux's names for the CPUID.1:EDX bits (/proc/cpuinfo "flags"). */
static const char *const x86_cap_flags[32] __initconst = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
	"cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
	"pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
	"fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};

/*
 * One line in the shape of Linux's print_cpu_info() ("(family: 0x6,
 * model: 0x6, stepping: 0x3)"), then the feature flags the kernel may use.
 */
void __init print_cpu_info(void)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	char flags[200];
	int n = 0;

	if (c->cpuid_level < 0) {
		pr_info("CPU: no CPUID (family: 0x%x, from EFLAGS.AC)\n", c->x86);
		return;
	}
	if (c->cpuid_level < 1) {
		pr_info("CPU: %s, CPUID level 0 (family: 0x%x, from EFLAGS.AC)\n",
			c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown vendor", c->x86);
		return;
	}
	pr_info("CPU: %s (family: 0x%x, model: 0x%x, stepping: 0x%x), CPUID level %d\n",
		c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown vendor",
		c->x86, c->x86_model, c->x86_stepping, c->cpuid_level);
	flags[0] = '\0';
	for (unsigned int bit = 0; bit < 32; bit++)
		if (boot_cpu_has(bit) && x86_cap_flags[bit] && n < (int)sizeof(flags))
			n += snprintf(flags + n, sizeof(flags) - n, " %s", x86_cap_flags[bit]);
	pr_info("CPU: flags:%s\n", n ? flags : " none");
	/* Linux's /proc/cpuinfo "address sizes" line. */
	pr_info("CPU: address sizes: %u bits physical\n", c->x86_phys_bits);
}
