#!/bin/sh
# Run QEMU and turn its isa-debug-exit status into a shell verdict:
# 33 (the kernel wrote 0x10) is success, 35 (0x11) a failure or panic.
"$@"
status=$?
case $status in
33) exit 0 ;;
35) echo "handover: the kernel reported a failure (QEMU status 35)" >&2 ;;
0)  echo "handover: QEMU exited without a verdict from the kernel (no isa-debug-exit?)" >&2 ;;
*)  echo "handover: QEMU exited with status $status (crash or triple fault?)" >&2 ;;
esac
exit 1
