#!/bin/sh
# ACCEL=auto decides once: scripts/qemu-accel.sh probes (a KVM boot) only
# when it has no answer for this QEMU and host, and the second call gives
# the same answer without starting QEMU.  QEMU here is a wrapper that
# counts the boots it is asked for.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp build/kernel.elf "$dir/kernel.elf"
cat > "$dir/qemu" <<'WRAP'
#!/bin/sh
case "$*" in *-kernel*) echo boot >> "$(dirname "$0")/boots" ;; esac
exec qemu-system-i386 "$@"
WRAP
chmod +x "$dir/qemu"
first=$(QEMU="$dir/qemu" sh scripts/qemu-accel.sh auto "$dir/kernel.elf" 2>/dev/null)
probes=$(cat "$dir/boots" 2>/dev/null | wc -l)
second=$(QEMU="$dir/qemu" sh scripts/qemu-accel.sh auto "$dir/kernel.elf" 2>&1)
again=$(cat "$dir/boots" 2>/dev/null | wc -l)
if [ "$first" = "$second" ] && [ "$again" = "$probes" ] && [ -s "$dir/qemu-accel.cache" ]; then
	echo "accel-remembered: ok ($first; $probes probe boot(s) the first time, none the second)"
	exit 0
fi
echo "accel-remembered: first '$first', second '$second', boots $probes then $again"
exit 1
