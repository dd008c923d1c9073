/*
 * The one node of a UMA machine, as Linux 2.4's mm/numa.c defines it for
 * every architecture without CONFIG_DISCONTIGMEM: contig_page_data is the
 * pg_data_t NODE_DATA(0) names (linux/mmzone.h), and its boot memory
 * allocator's state hangs from it (Gorman 2.1, 5.1).
 */
#include <linux/bootmem.h>
#include <linux/mmzone.h>

/*
 * Not __initdata, though the boot allocator is __init: after
 * free_initmem() the pointer in contig_page_data must not lead into freed
 * (or, with initmem=unmap, unmapped) memory.  It is 24 bytes.
 */
static bootmem_data_t contig_bootmem_data;

pg_data_t contig_page_data = { .bdata = &contig_bootmem_data };
