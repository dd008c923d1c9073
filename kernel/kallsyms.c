/*
 * Address-to-name lookup over the table scripts/gen-kallsyms.sh makes.
 * The table is sorted by address; a symbol covers the addresses up to the
 * next one.  Only text symbols are in it, .init.text included, so a
 * backtrace through boot code still reads as the book's function names.
 */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/string.h>
#include <asm/sections.h>

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addresses[];
extern const unsigned long kallsyms_offsets[];	/* into kallsyms_names */
extern const char kallsyms_names[];

static long kallsyms_index(unsigned long addr)
{
	long lo = 0, hi = (long)kallsyms_num - 1;

	if (!kallsyms_num || addr < kallsyms_addresses[0])
		return -1;
	while (lo < hi) {
		long mid = (lo + hi + 1) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	long i = kallsyms_index(addr);
	unsigned long end;

	if (i < 0)
		return NULL;
	if (i + 1 < (long)kallsyms_num)
		end = kallsyms_addresses[i + 1];
	else
		end = (unsigned long)__init_end;
	/* Past the last symbol of a section is not inside that symbol. */
	if (addr >= end || (addr >= (unsigned long)_etext && addr < (unsigned long)__init_begin))
		return NULL;
	*size = end - kallsyms_addresses[i];
	*offset = addr - kallsyms_addresses[i];
	return kallsyms_names + kallsyms_offsets[i];
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr, &symsize, &offset);

	if (!name)
		return snprintf(buf, size, "0x%08lx", addr);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset, symsize);
}

/*
 * For a return address: the symbol is the caller's (ret - 1 is inside the
 * call instruction, which may be the last of a noreturn function), the
 * offset is the return address's own, as Linux's %pB prints.
 */
int sprint_backtrace(char *buf, size_t size, unsigned long ret)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(ret - 1, &symsize, &offset);

	if (!name)
		return snprintf(buf, size, "0x%08lx", ret);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset + 1, symsize);
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}
