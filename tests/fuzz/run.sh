#!/bin/sh
# Run one libFuzzer target and print a one-line summary; exit non-zero if it
# found a crash (or could not run).  Called by tests/fuzz/fuzz.mk:
#
#   run.sh smoke NAME RUNS    [libFuzzer flags...]  fixed run: -seed=1 -runs=RUNS,
#                                                   a fresh corpus seeded from seeds/NAME
#   run.sh fuzz  NAME SECONDS [libFuzzer flags...]  -max_total_time=SECONDS, the corpus
#                                                   kept in $FUZZ_DIR/corpus-NAME
#   run.sh replay NAME -      [files...]            run the given inputs once each
#
# The fuzzer's own output goes to $FUZZ_DIR/NAME-MODE.log; a crash's input to
# $FUZZ_DIR/artifacts/NAME/.
set -u

mode=$1 name=$2 limit=$3
shift 3
dir=${FUZZ_DIR:-build/fuzz}
bin=$dir/$name
seeds=tests/fuzz/seeds/${name%-pae}	# a -pae variant shares its target's seeds
log=$dir/$name-$mode.log
art=$dir/artifacts/$name/

[ -x "$bin" ] || { echo "fuzz $name: $bin not built" >&2; exit 2; }
mkdir -p "$art"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

t0=$(date +%s.%N)
crashes0=$(ls "$art" | wc -l)
common="-print_final_stats=1 -timeout=25 -rss_limit_mb=2048 -artifact_prefix=$art"
case $mode in
smoke)
	corpus=$dir/smoke-$name
	rm -rf "$corpus" && mkdir -p "$corpus"
	[ -d "$seeds" ] && set -- "$@" "$seeds"
	# -seed=1 fixes libFuzzer's choices, but its compare tables hash code
	# addresses: without address randomization the run repeats exactly.
	norand=
	setarch "$(uname -m)" -R true 2>/dev/null && norand="setarch $(uname -m) -R"
	$norand "$bin" $common -seed=1 -runs="$limit" "$corpus" "$@" >"$log" 2>&1
	;;
fuzz)
	corpus=$dir/corpus-$name
	mkdir -p "$corpus"
	[ -d "$seeds" ] && set -- "$@" "$seeds"
	"$bin" $common -max_total_time="$limit" "$corpus" "$@" >"$log" 2>&1
	;;
replay)
	# Each input on its own, so every one that still fails is named.
	[ $# -gt 0 ] || { echo "fuzz $name: no inputs to replay"; exit 0; }
	bad=0
	: >"$log"
	for input; do
		if "$bin" $common "$input" >"$log.one" 2>&1; then
			echo "fuzz $name: ok      $input"
		else
			bad=$((bad + 1))
			echo "fuzz $name: FAILS   $input: $(grep -E 'check failed|ERROR: |runtime error' "$log.one" | head -1)"
		fi
		cat "$log.one" >>"$log"
	done
	rm -f "$log.one"
	echo "fuzz $name: $# input(s) replayed, $bad fail (log $log)"
	[ $bad -eq 0 ]
	exit
	;;
*)
	echo "run.sh: unknown mode $mode" >&2
	exit 2
	;;
esac
rc=$?
t1=$(date +%s.%N)
# With -fork and -ignore_crashes libFuzzer goes on and exits 0: count inputs kept.
crashes=$(($(ls "$art" | wc -l) - crashes0))
[ $rc -ne 0 ] || [ $crashes -eq 0 ] || rc=1

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
# The last status line: "#N <event> cov: C ft: F corp: U/S ... exec/s: E rss: R"
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
runs=$(stat number_of_executed_units)
[ -n "$runs" ] || runs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
new=$(stat new_units_added)
rss=$(stat peak_rss_mb)
# libFuzzer's own exec/s is whole runs over whole seconds (0 under a second).
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
eps=$(awk -v n="${runs:-0}" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", n / (b - a) }')

if [ $rc -eq 0 ]; then
	echo "fuzz $name: ok, ${runs:-?} runs in ${secs}s, $eps exec/s, cov ${cov:-?} ft ${ft:-?}," \
		"corpus ${corp:-?} (+${new:-0} new), peak rss ${rss:-?} MB ($mode, log $log)"
	exit 0
fi
crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
[ -n "$crash" ] || crash=$(ls -t "$art"* 2>/dev/null | head -1)
[ $crashes -le 1 ] || echo "fuzz $name: $crashes failing inputs kept in $art"
why=$(grep -E 'check failed|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|deadly signal' \
	"$log" | head -1)
echo "fuzz $name: FAILED after ${runs:-?} runs (exit $rc): ${why:-see $log}"
[ -n "$crash" ] && echo "fuzz $name:   reproduce: $bin $crash"
# The fuzzer's account of the failure, for the log of whoever ran make.
# (stack frames only where they name a source line of ours)
sed -n '/check failed\|==ERROR\|runtime error/,$p' "$log" |
	awk '/^ *#[0-9]+ 0x/ && !/\.c:[0-9]/ { next } /^MS:|^base unit|^0x|^artifact_prefix/ { next } { print }' |
	head -40 | sed 's/^/    /'
exit 1
