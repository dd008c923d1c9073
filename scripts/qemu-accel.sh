#!/bin/sh
# Print the QEMU accelerator to use: the one asked for, or for "auto" KVM
# when this kernel boots under it (qemu-accel.sh auto KERNEL), else TCG.
# Opening /dev/kvm is not enough: under some nested KVM setups guests start
# but this kernel never prints a line.  The probe boot costs seconds, so its
# answer is remembered beside the kernel, per QEMU binary and host (as the
# harness remembers it), and said once, when it is found.
want=${1:-auto}
kernel=$2
qemu=${QEMU:-qemu-system-i386}
if [ "$want" != auto ]; then
	echo "$want"
	exit 0
fi
key="$(command -v "$qemu") $("$qemu" --version 2>/dev/null | head -n 1) $(uname -srm) $(hostname 2>/dev/null)"
cache=${kernel:+$(dirname "$kernel")/qemu-accel.cache}
if [ -n "$cache" ] && [ -r "$cache" ]; then
	saved=$(sed -n 2p "$cache")
	if [ "$(sed -n 1p "$cache")" = "$key" ] && { [ "$saved" = kvm ] || [ "$saved" = tcg ]; }; then
		echo "$saved"
		exit 0
	fi
fi
accel=tcg
why="no usable /dev/kvm"
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ -n "$kernel" ]; then
	timeout 20 "$qemu" -accel kvm -nodefaults -no-reboot -display none \
		-m 64M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$kernel" -append selftest=off >/dev/null 2>&1
	if [ $? -eq 33 ]; then
		accel=kvm
		why="a probe boot under KVM finished"
	else
		why="KVM cannot run this kernel here (a probe boot under it did not finish)"
	fi
fi
if [ -n "$cache" ]; then
	printf '%s\n%s\n' "$key" "$accel" > "$cache" 2>/dev/null &&
		why="$why; remembered in $cache (ACCEL=tcg or kvm to choose)"
fi
echo "qemu-accel: using $accel: $why" >&2
echo "$accel"
