#!/bin/sh
# Run QEMU and turn its isa-debug-exit status into a shell verdict:
# 33 (the kernel wrote 0x10) is success, 35 (0x11) a failure or panic.
# The serial output goes through as it comes, and a copy is kept so that
# a failure's last line says why: the panic, or the first failing case.
log=$(mktemp "${TMPDIR:-/tmp}/handover-run.XXXXXX")
st=$log.status
trap 'rm -f "$log" "$log.raw" "$st"' EXIT
{ "$@"; echo $? > "$st"; } | tee "$log.raw"
status=$(cat "$st" 2>/dev/null || echo 1)
tr -d '\r' < "$log.raw" > "$log"	# the serial console ends lines with CR LF

# The first panic, else the first failing KTAP case (a case, not its suite).
why() {
	sed -n 's/^\[[ 0-9.]*\] //; s/^\(Kernel panic - not syncing: .*\)$/\1/p' "$log" | head -n 1
}
reason=$(why)
# Bad page state names its reason on a line of its own: say it too.
because=$(sed -n 's/^\[[ 0-9.]*\] page dumped because: //p' "$log" | head -n 1)
[ -n "$reason" ] && [ -n "$because" ] && reason="$reason: $because"
[ -n "$reason" ] || reason=$(sed -n 's/^\[[ 0-9.]*\] //p' "$log" | grep -m 1 -E '^ +not ok [0-9]+ ' | sed 's/^ *//')
[ -n "$reason" ] || reason=$(sed -n 's/^\[[ 0-9.]*\] //p' "$log" | grep -m 1 -E '^not ok [0-9]+ ')

case $status in
33) exit 0 ;;
35) echo "handover: kernel failed: ${reason:-no panic or failing case in the log} (QEMU status 35)" >&2 ;;
0)  echo "handover: QEMU exited without a verdict from the kernel (no isa-debug-exit?)" >&2 ;;
*)  if [ ! -s "$log" ]; then
	echo "handover: QEMU exited with status $status before the kernel printed anything (its own message is above)" >&2
    else
	echo "handover: QEMU exited with status $status${reason:+: $reason} (crash or triple fault?)" >&2
    fi ;;
esac
exit 1
