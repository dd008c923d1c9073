#ifndef _LINUX_NUMA_H
#define _LINUX_NUMA_H

/*
 * How many nodes: NODES_SHIFT 3, as Linux's x86-32 Kconfig defaults it
 * (arch/x86/Kconfig, NODES_SHIFT "default 3").  A node id also lives in
 * the top bits of page->flags (linux/mm.h).
 */
#define NODES_SHIFT	3
#define MAX_NUMNODES	(1 << NODES_SHIFT)
#define NUMA_NO_NODE	(-1)

/* ACPI's SLIT distances (ACPI 6.4, 5.2.17): 10 is a node to itself. */
#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20

#endif
