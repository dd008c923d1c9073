#!/bin/sh
# QEMU arguments for NUMA nodes of the sizes given, comma-separated
# (make run NUMA=1G,2G): one memory backend, one node and one CPU per node,
# so QEMU's firmware describes them in an ACPI SRAT.  Above 16G in total
# the backends do without a swap reservation, as the harness boots them.
# NUMA_DIST="0-1=20 0-2=30" adds a SLIT.  A size of 0 is a node with its
# CPU and no memory (NUMA=0,1G,2G), as the harness boots one.
set -eu
sizes=$(printf '%s' "$1" | tr ',' ' ')
n=0
reserve=
[ "${NUMA_NORESERVE:-0}" = 1 ] && reserve=,reserve=off
for s in $sizes; do
	if [ "$s" = 0 ]; then
		printf -- '-numa node,cpus=%d,nodeid=%d ' "$n" "$n"
	else
		printf -- '-object memory-backend-ram,id=m%d,size=%s%s -numa node,memdev=m%d,cpus=%d,nodeid=%d ' \
			"$n" "$s" "$reserve" "$n" "$n" "$n"
	fi
	n=$((n + 1))
done
printf -- '-smp %d ' "$n"
for d in ${NUMA_DIST:-}; do
	src=${d%%-*}; rest=${d#*-}; dst=${rest%%=*}; val=${d#*=}
	printf -- '-numa dist,src=%s,dst=%s,val=%s ' "$src" "$dst" "$val"
done
