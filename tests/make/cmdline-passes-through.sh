#!/bin/sh
# CMDLINE reaches the kernel exactly as written, through `make run-kernel`
# (QEMU -append) and `make run` (GRUB's grub.cfg): a `$` (memmap=nn$ss,
# README) survives make, the shell and GRUB, and a `'` make and the shell
# (GRUB itself hands a quote on as \', escaping it for the kernel, as it
# does for Linux).  Two short boots.
set -u
fail=0
for target in run-kernel run; do
	cmdline='memmap=1M$64M selftest=boot'
	[ "$target" = run-kernel ] && cmdline="$cmdline quote's"
	want="Kernel command line: $cmdline"
	log=$(make -s --no-print-directory "$target" MEM=128M ACCEL=tcg CMDLINE="$cmdline" 2>&1)
	if printf '%s\n' "$log" | grep -qF "$want" &&
	   printf '%s\n' "$log" | grep -q ' user: 0000000004000000 - 0000000004100000 (reserved)'; then
		echo "cmdline: make $target: ok"
	else
		echo "cmdline: make $target: the kernel did not get: $cmdline"
		printf '%s\n' "$log" | grep -E 'Kernel command line|user:' | sed 's/^/    | /'
		fail=1
	fi
done
exit $fail
