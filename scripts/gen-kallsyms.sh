#!/bin/sh
# Make the kallsyms table (NASM source) from a linked kernel:
#   gen-kallsyms.sh NM ELF > kallsyms.asm
# With no ELF, an empty table for the first link.  Text symbols at or above
# PAGE_OFFSET only: the .boot code runs before paging and never appears in a
# backtrace.  Linker-script markers (_text, __init_begin, __start_*, ...)
# are addresses, not functions, and are left out.
set -eu
nm=$1
elf=${2:-}
{
	echo 'section .kallsyms'
	echo 'global kallsyms_num, kallsyms_addresses, kallsyms_offsets, kallsyms_names'
	echo 'align 4'
	if [ -z "$elf" ]; then
		echo 'kallsyms_num: dd 0'
		echo 'kallsyms_addresses:'
		echo 'kallsyms_offsets:'
		echo 'kallsyms_names: db 0'
		exit 0
	fi
	"$nm" -n --defined-only "$elf" |
	awk 'BEGIN { n = 0 } $2 ~ /^[tTwW]$/ && $1 >= "c0000000" && $3 !~ /^(\.|_s?text$|_etext$|_edata$|_end$|__init_(begin|end)$|__(start|stop)_|__(bss|setup|ex_table)_|__(start|end)_rodata$)/ {
		addr[n] = $1; name[n] = $3; n++
	}
	END {
		printf "kallsyms_num: dd %d\n", n
		print "kallsyms_addresses:"
		for (i = 0; i < n; i++) printf "\tdd 0x%s\n", addr[i]
		print "kallsyms_offsets:"
		off = 0
		for (i = 0; i < n; i++) { printf "\tdd %d\n", off; off += length(name[i]) + 1 }
		print "kallsyms_names:"
		for (i = 0; i < n; i++) printf "\tdb \"%s\", 0\n", name[i]
	}'
}
