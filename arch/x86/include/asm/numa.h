#ifndef _ASM_X86_NUMA_H
#define _ASM_X86_NUMA_H

#include <linux/numa.h>
#include <linux/types.h>

/*
 * The machine's NUMA layout as the firmware describes it, before any of
 * it is used: memory ranges with their node, and the distances between
 * nodes (Linux's struct numa_meminfo, arch/x86/mm/numa_internal.h).
 * acpi_numa_init() fills it from the SRAT and SLIT; numa=fake=N makes one
 * by hand; arch/x86/mm/numa.c checks it against the e820 map and brings
 * the nodes up.
 */
#define NR_NODE_MEMBLKS	(MAX_NUMNODES * 4)

struct numa_memblk {
	u64 start, end;		/* bytes, [start, end) */
	int nid;		/* dense node id */
	u32 pxm;		/* the firmware's proximity domain */
	bool hotplug;		/* the SRAT says hot-pluggable */
};

struct numa_meminfo {
	int nr_blks;
	struct numa_memblk blk[NR_NODE_MEMBLKS];
};

struct numa_config {
	struct numa_meminfo mi;
	int nr_nodes;				/* node ids 0 .. nr_nodes - 1 */
	u32 node_to_pxm[MAX_NUMNODES];
	bool have_slit;				/* distance[][] came from a valid SLIT */
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];	/* by node id */
};

/* arch/x86/kernel/acpi.c: find the RSDP, check and list every table. */
int acpi_table_init(void);
/*
 * Physical address and length of the table with this signature that
 * acpi_table_init() found and checked; -ENOENT if there is none.
 */
int acpi_get_table(const char *sig, u64 *phys, u32 *len);

/* arch/x86/mm/srat.c: the SRAT (and SLIT) into cfg; < 0 if none or refused. */
int acpi_numa_init(struct numa_config *cfg);

/*
 * arch/x86/mm/numa.c: the nodes, from the SRAT or numa=fake=N, online
 * with their spans before any boot allocator exists.  numa_enabled says
 * the machine boots the NUMA path (a boot allocator per node retired with
 * free_all_bootmem_node()); false is the UMA path, contig_page_data alone.
 */
extern bool numa_enabled;
void initmem_init(void);

#endif
