#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/printk.h>

/* Linux's include/linux/limits.h; the host build may have <limits.h>'s already. */
#ifndef ULONG_MAX
#define ULONG_MAX	(~0UL)
#endif
#ifndef ULLONG_MAX
#define ULLONG_MAX	(~0ULL)
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)	(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/*
 * BUG() names the file and line, as 2.4's did ("kernel BUG at %s:%d!"),
 * then shows the caller's backtrace and panics.
 */
__noreturn void __bug(const char *file, int line, const char *msg);
#define BUG()		__bug(__FILE__, __LINE__, NULL)
#define BUG_ON(c)	do { if (unlikely(c)) __bug(__FILE__, __LINE__, #c); } while (0)

void __warn(const char *file, int line, const char *msg);
#define WARN_ON(c) ({							\
	int __ret_warn = !!(c);						\
	if (unlikely(__ret_warn))					\
		__warn(__FILE__, __LINE__, #c);				\
	unlikely(__ret_warn);						\
})

/* The caller's return address, for "... from <symbol>" in error reports. */
#define _RET_IP_	((unsigned long)__builtin_return_address(0))
#define _THIS_IP_	({ __label__ __here; __here: (unsigned long)&&__here; })

unsigned long long memparse(const char *ptr, char **retptr);
int memparse_safe(const char *ptr, char **endp, unsigned long long *res);
int parse_integer(const char *cp, unsigned int base, char **endp, unsigned long long *res);
int get_size_param(const char *name, const char *arg, u64 *val);
int get_choice_param(const char *name, const char *arg, const char *const *choices);
int get_flag_param(const char *name, const char *arg, bool *flag);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);

#endif
