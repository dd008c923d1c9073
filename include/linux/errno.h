#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

/* The few error numbers the kernel returns, with Linux's values. */
#define ENOENT		2	/* no such table or entry */
#define ENOMEM		12	/* out of memory (memblock_add_range()) */
#define EINVAL		22	/* not a number, or not a valid name */
#define ERANGE		34	/* a number too large for its type */

#endif
