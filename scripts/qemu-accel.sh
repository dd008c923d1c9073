#!/bin/sh
# Print the QEMU accelerator to use: the one asked for, or for "auto" KVM
# when /dev/kvm is usable by us and QEMU can start with it, else TCG.
want=${1:-auto}
if [ "$want" != auto ]; then
	echo "$want"
	exit 0
fi
if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
   timeout 10 qemu-system-i386 -accel kvm -machine pc -display none -nodefaults \
	-S -qmp stdio </dev/null >/dev/null 2>&1 <<EOT
{"execute":"qmp_capabilities"}
{"execute":"quit"}
EOT
then
	echo kvm
else
	echo tcg
fi
