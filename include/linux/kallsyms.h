#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H

#include <linux/types.h>

/*
 * Function names for addresses, from a table the build generates with nm
 * after a first link and places in the image by a second (Linux's
 * scripts/kallsyms).  Printed as "name+0xoff/0xsize", which is also what
 * printk's %pS produces.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);
int sprint_symbol(char *buf, size_t size, unsigned long addr);
int sprint_backtrace(char *buf, size_t size, unsigned long ret);
unsigned long kallsyms_lookup_name(const char *name);
void dump_stack(void);

#endif
