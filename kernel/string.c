/*
 * The C library functions the kernel uses; GCC may also emit calls to
 * memset/memcpy/memmove for structure copies even when freestanding.
 * The host test build compiles this file too, for what glibc lacks
 * (strlcpy); there the C library provides the rest.
 */
#include <linux/string.h>

#ifdef __KERNEL__

/*
 * Four bytes a store, then the odd ones.  Under QEMU's TCG every store
 * into a page that still holds translated code is checked against the
 * translations of that page, so a quarter of the stores is close to a
 * quarter of the time; on hardware both are memory-bound.  (free_initmem()'s
 * 0xcc over freed .init no longer leans on this: arch/x86/mm/poison.c.)
 */
void *memset(void *s, int c, size_t n)
{
	unsigned long fill = (unsigned char)c * 0x01010101UL;
	size_t words = n / 4, rest = n % 4;
	void *d = s;

	__asm__ __volatile__("rep stosl" : "+D"(d), "+c"(words) : "a"(fill) : "memory");
	__asm__ __volatile__("rep stosb" : "+D"(d), "+c"(rest) : "a"(fill) : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ __volatile__("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

#endif /* __KERNEL__ */

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
