/*
 * The kernel command line.
 *
 * setup_arch() copies the boot loader's string into boot_command_line.
 * Parameters are "key=value" or bare "key" words, registered with
 * early_param() or __setup() beside the code that uses them (Linux's
 * init/main.c does the same).  A word no one registered is reported, never
 * dropped in silence: a typo in mem= should not look like a working boot.
 * (QEMU's Multiboot loader puts the image's file name first; setup_arch()
 * drops it before the line gets here.)
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

char boot_command_line[COMMAND_LINE_SIZE];

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/*
 * A word is at most the line, and setup_arch() refuses a line that does
 * not fit boot_command_line: no legal word is too long, however long a
 * memmap= list grows.  The check below stays as a guard.
 */
#define MAX_WORD COMMAND_LINE_SIZE

/*
 * Copy the next word of *p into word and advance *p; false at the end.
 * Blanks inside double quotes do not end a word, and the quotes are
 * dropped (Linux's next_arg(): foo="a b" gives foo=a b).  A word longer
 * than the buffer is reported and skipped whole, never cut and obeyed.
 */
static bool __init next_word(const char **p, char *word, bool *too_long)
{
	const char *s = *p;
	bool quoted = false;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	*too_long = false;
	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (n < MAX_WORD - 1)
			word[n++] = *s;
		else
			*too_long = true;
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

/* Unknown words, gathered to be reported in one line as Linux does. */
static char __initdata unknown[COMMAND_LINE_SIZE];

static void __init note_unknown(const char *word)
{
	size_t len = strlen(unknown);

	snprintf(unknown + len, sizeof(unknown) - len, "%s%s", len ? " " : "", word);
}

/*
 * Walk the words and hand each registered one its value.  Early parameters
 * run in the first pass, the others in the second; unknown words are
 * reported in the second pass, malformed ones in their own pass.  A
 * parameter given twice is handed both values in order, so the last one
 * wins (memmap= adds an entry each time, as in Linux).
 */
static void __init do_params(bool early)
{
	static char __initdata word[MAX_WORD];
	const char *s = boot_command_line;
	static char __initdata first_bad[MAX_WORD];
	bool too_long;
	int bad = 0;

	while (next_word(&s, word, &too_long)) {
		char *val = strchr(word, '=');
		const struct obs_kernel_param *p;

		if (too_long) {
			if (!early)
				pr_warn("Kernel command line word \"%.32s...\" is longer than %d characters, ignored\n",
					word, MAX_WORD - 1);
			continue;
		}
		if (val)
			*val++ = '\0';
		p = find_param(word);
		if (p && p->early == early) {
			if (p->setup_func(val ? val : (char *)"") < 0) {
				pr_err("Malformed %soption '%s=%s'\n", early ? "early " : "",
				       word, val ? val : "");
				if (!bad++)
					snprintf(first_bad, sizeof(first_bad), "%s=%s", word,
						 val ? val : "");
			}
		} else if (!p && !early) {
			if (val)
				val[-1] = '=';
			note_unknown(word);
		}
	}
	if (!early && unknown[0])
		pr_warn("Unknown kernel command line parameters \"%s\", will be ignored.\n", unknown);
	/*
	 * A parameter this kernel knows, with a value it cannot honour as
	 * written, stops the boot: going on would run a machine other than
	 * the one asked for (a mem= ignored, a self-test never run).
	 */
	if (bad)
		panic("Malformed kernel command line parameter '%s'%s", first_bad,
		      bad > 1 ? ", and more (see above)" : "");
}

void __init parse_early_param(void)
{
	do_params(true);
}

void __init parse_args(void)
{
	do_params(false);
}
