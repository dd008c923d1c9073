#!/bin/sh
# When the kernel fails, `make run-kernel`'s last line says why: the panic
# (with Bad page state's reason), or the first failing case.
set -u
fail=0
check() {	# CMDLINE, the last line expected (a fixed string)
	last=$(make -s --no-print-directory run-kernel MEM=64M ACCEL=tcg CMDLINE="$1" 2>&1 |
	       grep -v '^make' | tail -n 1)
	if [ "$last" = "$2" ]; then
		echo "run-says-why: $1: ok"
	else
		echo "run-says-why: $1: last line is: $last"
		echo "    expected: $2"
		fail=1
	fi
}
check 'crash=double_free' \
	'handover: kernel failed: Kernel panic - not syncing: Bad page state: freeing a free page (double free) (QEMU status 35)'
check 'mem=8M' \
	'handover: kernel failed: Kernel panic - not syncing: Too little RAM: 7804k usable low memory, handover needs at least 12288k (QEMU status 35)'
exit $fail
