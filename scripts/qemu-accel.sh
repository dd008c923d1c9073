#!/bin/sh
# Print the QEMU accelerator to use: the one asked for, or for "auto" KVM
# when this kernel boots under it (qemu-accel.sh auto KERNEL), else TCG.
# Opening /dev/kvm is not enough: under some nested KVM setups guests start
# but this kernel never prints a line.
want=${1:-auto}
kernel=$2
if [ "$want" != auto ]; then
	echo "$want"
	exit 0
fi
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ -n "$kernel" ]; then
	timeout 20 qemu-system-i386 -accel kvm -nodefaults -no-reboot -display none \
		-m 64M -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$kernel" -append selftest=off >/dev/null 2>&1
	if [ $? -eq 33 ]; then
		echo kvm
		exit 0
	fi
fi
echo tcg
