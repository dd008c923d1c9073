#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

/*
 * What mm/ shares only with itself (as Linux's mm/internal.h).  Naming a
 * reserved range is here, not in linux/reservations.h: only the calls that
 * reserve (mm/bootmem.c) may name, so nothing is named without being
 * reserved.
 */
void note_reservation(unsigned long start_pfn, unsigned long end_pfn, const char *why);

#endif
