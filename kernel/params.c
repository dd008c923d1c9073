/*
 * The kernel command line.
 *
 * setup_arch() copies the boot loader's string into boot_command_line.
 * Parameters are "key=value" or bare "key" words, registered with
 * early_param() or __setup() beside the code that uses them (Linux's
 * init/main.c does the same).  A word no one registered is reported, never
 * dropped in silence: a typo in mem= should not look like a working boot.
 * GRUB and QEMU's Multiboot loader both put the image's path first
 * ("/boot/kernel.elf mem=64M"); a leading word with a '/' in it is that path,
 * not a parameter.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

char boot_command_line[COMMAND_LINE_SIZE];

extern const struct obs_kernel_param __setup_start[], __setup_end[];

#define MAX_WORD 256

/* Copy the next blank-separated word of *p into word; advance *p. */
static bool __init next_word(const char **p, char *word)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	while (*s && *s != ' ' && *s != '\t') {
		if (n < MAX_WORD - 1)
			word[n++] = *s;
		s++;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

static const struct obs_kernel_param * __init find_param(const char *key)
{
	for (const struct obs_kernel_param *p = __setup_start; p < __setup_end; p++)
		if (!strcmp(p->str, key))
			return p;
	return NULL;
}

/*
 * Walk the words and hand each registered one its value.  Early parameters
 * run in the first pass, the others in the second; unknown words are
 * reported once, in the second pass.
 */
static void __init do_params(bool early)
{
	static char __initdata word[MAX_WORD];
	const char *s = boot_command_line;
	bool first = true;

	while (next_word(&s, word)) {
		char *val = strchr(word, '=');
		const struct obs_kernel_param *p;

		if (first && strchr(word, '/')) {
			first = false;
			continue;
		}
		first = false;
		if (val)
			*val++ = '\0';
		p = find_param(word);
		if (p && p->early == early) {
			if (p->setup_func(val ? val : (char *)"") < 0)
				pr_warn("Malformed early option '%s'\n", word);
		} else if (!p && !early) {
			if (val)
				val[-1] = '=';
			pr_warn("Unknown kernel command line parameters \"%s\", will be ignored\n", word);
		}
	}
}

void __init parse_early_param(void)
{
	do_params(true);
}

void __init parse_args(void)
{
	do_params(false);
}
