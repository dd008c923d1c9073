#ifndef _ACPI_ACTBL_H
#define _ACPI_ACTBL_H

/*
 * The few ACPI tables this kernel reads, laid out as the firmware writes
 * them: packed, little-endian, with ACPICA's names (include/acpi/actbl*.h
 * in Linux) so a reader can follow along in either.  Section numbers are
 * ACPI 6.4's.
 *
 * Nothing here is ever a pointer into firmware memory: arch/x86/kernel/
 * acpi.c and arch/x86/mm/srat.c copy each structure out with
 * copy_from_phys() and look at the copy.
 */
#include <linux/types.h>

#define ACPI_NAMESEG_SIZE	4
#define ACPI_OEM_ID_SIZE	6
#define ACPI_OEM_TABLE_ID_SIZE	8

#define ACPI_SIG_RSDP		"RSD PTR "	/* 8 bytes, no NUL in the table */
#define ACPI_SIG_RSDT		"RSDT"
#define ACPI_SIG_XSDT		"XSDT"
#define ACPI_SIG_FADT		"FACP"
#define ACPI_SIG_FACS		"FACS"
#define ACPI_SIG_SRAT		"SRAT"
#define ACPI_SIG_SLIT		"SLIT"

/* 5.2.5.3: the ACPI 1.0 part the first checksum covers, and the whole v2 structure. */
#define ACPI_RSDP_CHECKSUM_LENGTH	20
#define ACPI_RSDP_XCHECKSUM_LENGTH	36

/* 5.2.5.3 Root System Description Pointer (RSDP) Structure */
struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* bytes 0..19 sum to zero */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision;			/* 0: ACPI 1.0, the fields below are absent; 2: ACPI 2.0+ */
	u32 rsdt_physical_address;
	u32 length;			/* revision >= 2: of the whole structure */
	u64 xsdt_physical_address;
	u8 extended_checksum;		/* all length bytes sum to zero */
	u8 reserved[3];
} __attribute__((packed));

/* 5.2.6 System Description Table Header: the start of every table but the FACS. */
struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;			/* of the whole table, this header included */
	u8 revision;
	u8 checksum;			/* all length bytes sum to zero */
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __attribute__((packed));

/*
 * 5.2.7 RSDT and 5.2.8 XSDT: the header, then 32-bit (RSDT) or 64-bit
 * (XSDT) physical addresses of the other tables, as many as length holds.
 * The XSDT's entries start at offset 36, so they are not 8-byte aligned.
 */

/* 5.2.16 System Resource Affinity Table (SRAT) */
struct acpi_table_srat {
	struct acpi_table_header header;
	u32 table_revision;		/* "Reserved, must be 1" for compatibility */
	u64 reserved;
} __attribute__((packed));

/* Every SRAT structure (and MADT's) starts with its type and its length. */
struct acpi_subtable_header {
	u8 type;
	u8 length;
} __attribute__((packed));

enum acpi_srat_type {
	ACPI_SRAT_TYPE_CPU_AFFINITY		= 0,	/* 5.2.16.1 */
	ACPI_SRAT_TYPE_MEMORY_AFFINITY		= 1,	/* 5.2.16.2 */
	ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY	= 2,	/* 5.2.16.3 */
};

/* 5.2.16.1 Processor Local APIC/SAPIC Affinity Structure */
struct acpi_srat_cpu_affinity {
	struct acpi_subtable_header header;
	u8 proximity_domain_lo;		/* bits 7:0 of the domain */
	u8 apic_id;
	u32 flags;
	u8 local_sapic_eid;
	u8 proximity_domain_hi[3];	/* bits 31:8, valid from SRAT revision 2 */
	u32 clock_domain;
} __attribute__((packed));

#define ACPI_SRAT_CPU_ENABLED		(1 << 0)	/* 5.2.16.1, Flags */

/* 5.2.16.2 Memory Affinity Structure */
struct acpi_srat_mem_affinity {
	struct acpi_subtable_header header;
	u32 proximity_domain;		/* SRAT revision 1: only bits 7:0 are defined */
	u16 reserved;
	u64 base_address;
	u64 length;
	u32 reserved1;
	u32 flags;
	u64 reserved2;
} __attribute__((packed));

/* 5.2.16.2, Flags */
#define ACPI_SRAT_MEM_ENABLED		(1 << 0)
#define ACPI_SRAT_MEM_HOT_PLUGGABLE	(1 << 1)
#define ACPI_SRAT_MEM_NON_VOLATILE	(1 << 2)

/* 5.2.16.3 Processor Local x2APIC Affinity Structure (flags as in 5.2.16.1) */
struct acpi_srat_x2apic_cpu_affinity {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 proximity_domain;
	u32 apic_id;
	u32 flags;
	u32 clock_domain;
	u32 reserved2;
} __attribute__((packed));

/*
 * 5.2.17 System Locality Information Table (SLIT): a locality_count by
 * locality_count matrix of one-byte distances, row i the distances from
 * locality i; 10 on the diagonal, 0xFF for "unreachable".
 */
struct acpi_table_slit {
	struct acpi_table_header header;
	u64 locality_count;
	u8 entry[];
} __attribute__((packed));

/* The sizes ACPI 6.4 gives each structure (the tables cited above). */
_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "RSDP is 36 bytes (5.2.5.3)");
_Static_assert(sizeof(struct acpi_table_header) == 36, "table header is 36 bytes (5.2.6)");
_Static_assert(sizeof(struct acpi_table_srat) == 48, "SRAT header is 48 bytes (5.2.16)");
_Static_assert(sizeof(struct acpi_subtable_header) == 2, "subtable header is 2 bytes");
_Static_assert(sizeof(struct acpi_srat_cpu_affinity) == 16, "CPU affinity is 16 bytes (5.2.16.1)");
_Static_assert(sizeof(struct acpi_srat_mem_affinity) == 40, "memory affinity is 40 bytes (5.2.16.2)");
_Static_assert(sizeof(struct acpi_srat_x2apic_cpu_affinity) == 24,
	       "x2APIC affinity is 24 bytes (5.2.16.3)");
_Static_assert(sizeof(struct acpi_table_slit) == 44, "SLIT header is 44 bytes (5.2.17)");

#endif
