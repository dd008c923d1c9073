#!/usr/bin/env bash
# The Debian 12 packages handover needs, by group; installs only what is
# missing.  The Makefile calls it with the groups a step needs, when that
# step finds something missing; it is safe to run by hand.
#
#   scripts/install-deps.sh [GROUP...]   install what GROUPs lack (default: build)
#   scripts/install-deps.sh --print [GROUP...]
#                                        the packages GROUPs lack, one a line
#   scripts/install-deps.sh --print-all  every package any group may install
#   scripts/install-deps.sh --simulate [PACKAGE...]
#                                        ask apt (apt-get install -s, no root)
#                                        whether it can install all of them,
#                                        and PACKAGEs, together
#
# Without root, apt-get runs under sudo; with neither, the script names the
# packages and the command that installs them, and exits 2.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
	echo "groups: ${GROUPS_ALL[*]}" >&2
	exit 2
}

# want CHECK PACKAGE...: PACKAGEs are needed unless CHECK holds.  A check is
# cmd:NAME (on PATH), dir:PATH, py:MODULE (Debian's python3 imports it) or
# "cc:COMPILER FLAGS" (a program builds and links with them).
mode=install
pkgs=()
want() {
	local check=$1
	shift
	[[ $mode != all ]] && holds "$check" && return 0
	pkgs+=("$@")
}

holds() {
	case $1 in
	cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
	dir:*) [[ -d ${1#dir:} ]] ;;
	py:*) /usr/bin/python3 -c "import ${1#py:}" >/dev/null 2>&1 ;;
	cc:*) links ${1#cc:} ;;
	*) echo "install-deps: bad check '$1'" >&2 && exit 1 ;;
	esac
}

# links COMPILER FLAGS...: a trivial program (a libFuzzer entry point when
# the flags ask for the fuzzer) compiles and links.
links() {
	local dir rc=1 src='int main(void) { return 0; }'
	command -v "$1" >/dev/null 2>&1 || return 1
	[[ $* == *fuzzer* ]] && src='int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }'
	dir=$(mktemp -d) || return 1
	printf '%s\n' "$src" >"$dir/probe.c"
	"$@" "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1 && rc=0
	rm -rf "$dir"
	return $rc
}

# make run: the kernel, its ISO and QEMU; python3 for the harness.
group_build() {
	want cmd:nasm nasm
	want cmd:i686-linux-gnu-gcc gcc-i686-linux-gnu
	want cmd:i686-linux-gnu-ld binutils-i686-linux-gnu
	want cmd:grub-mkrescue grub-common
	want dir:/usr/lib/grub/i386-pc grub-pc-bin # grub-mkrescue's BIOS modules
	want cmd:xorriso xorriso
	want cmd:mformat mtools
	want cmd:qemu-system-i386 qemu-system-x86
	want cmd:python3 python3
}

# The host tests, under ASan and UBSan, built by gcc (libc6-dev is only a
# Recommends of gcc, which apt does not follow here).
group_host() {
	want "cc:gcc -fsanitize=address,undefined" gcc libc6-dev
}

# The 32-bit host tests, built by the kernel's cross compiler: its i386 C
# library is only a Recommends; the sanitizer runtimes are Depends.  Not
# gcc-multilib: apt cannot install it beside gcc-i686-linux-gnu.
group_host32() {
	want "cc:i686-linux-gnu-gcc -fsanitize=address,undefined" gcc-i686-linux-gnu libc6-dev-i386-cross
}

# libFuzzer (make test's fuzz-smoke): clang's runtimes are their own
# package, libclang-rt-N-dev; libclang-rt-dev is the one for Debian's clang.
group_fuzz() {
	want "cc:clang -fsanitize=fuzzer,address,undefined" clang libclang-rt-dev
}

# make fuzz-coverage: llvm-profdata and llvm-cov for Debian's clang.
group_coverage() {
	want cmd:llvm-profdata llvm
	want cmd:llvm-cov llvm
}

group_gdb() {
	want cmd:gdb gdb
}

# make report's picture.  matplotlib serves Debian's own python3, which a
# pyenv or venv python3 first on PATH may not be: ask that one.
group_report() {
	want py:matplotlib python3-matplotlib
}

# make report-check: the report page screenshotted with no display.
group_browser() {
	want cmd:chromium-headless-shell chromium-headless-shell
}

# make bench: its plot, and callgrind for bench-host.
group_bench() {
	want py:matplotlib python3-matplotlib
	want cmd:valgrind valgrind
}

# make fresh-test: a Debian 12 root built from this machine's mirror.
group_fresh() {
	want cmd:debootstrap debootstrap
}

# Every group_ function above, in the order written.
mapfile -t GROUPS_ALL < <(sed -n 's/^group_\([a-z0-9]*\)() {$/\1/p' "$0")

collect() {
	local g
	for g in "$@"; do
		declare -F "group_$g" >/dev/null || { echo "install-deps: no group '$g' (${GROUPS_ALL[*]})" >&2 && exit 2; }
		"group_$g"
	done
	# Each package once, in the order first named.
	if ((${#pkgs[@]})); then
		mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++')
	fi
}

# apt's answer to installing every package at once, without root: a
# conflict between two groups breaks a fresh machine even where this one
# has every tool already (gcc-multilib against the cross compiler did).
simulate() {
	local out rc=0 removed
	mode=all
	collect "${GROUPS_ALL[@]}"
	pkgs+=("$@")
	out=$(LC_ALL=C apt-get install -s --no-install-recommends "${pkgs[@]}" 2>&1) || rc=$?
	if ((rc)); then
		echo "install-deps: apt cannot install these ${#pkgs[@]} packages together: ${pkgs[*]}" >&2
		grep -E '^ |^E:' <<<"$out" | sed 's/^/  apt: /' >&2
		grep -q 'Unable to locate' <<<"$out" &&
			echo "  (a package apt cannot find: is it in Debian 12, and are the lists current? apt-get update)" >&2
		return 1
	fi
	removed=$(sed -n 's/^Remv \([^ ]*\).*/\1/p' <<<"$out" | paste -sd' ')
	if [[ -n $removed ]]; then
		echo "install-deps: installing ${pkgs[*]} would remove: $removed" >&2
		return 1
	fi
	echo "install-deps: apt can install all ${#pkgs[@]} packages together" \
		"($(grep -c '^Inst ' <<<"$out" || true) to install, none removed)"
}

# Lists older than this machine's sources, or none at all (a new debootstrap
# root has none), cannot place a package.
apt_update() {
	"$@" apt-get update -qq ||
		echo "install-deps: apt-get update reported errors; installing anyway" >&2
}

install() {
	local sudo=()
	if [[ $(id -u) != 0 ]]; then
		if ! command -v sudo >/dev/null 2>&1; then
			echo "install-deps: missing packages: ${pkgs[*]}" >&2
			echo "install-deps: not root and no sudo; as root, run:" >&2
			echo "  apt-get install -y --no-install-recommends ${pkgs[*]}" >&2
			exit 2
		fi
		sudo=(sudo)
	fi
	echo "install-deps: installing ${pkgs[*]}" >&2
	sudo+=(env DEBIAN_FRONTEND=noninteractive)
	apt_update "${sudo[@]}"
	# Never a removal: an install that needs one (a package of the user's
	# that conflicts) stops, and says which, rather than take it away.  Wait
	# for another apt (make -j, unattended-upgrades) rather than fail.
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends --no-remove \
		-o DPkg::Lock::Timeout=600 "${pkgs[@]}" >/dev/null || {
		echo "install-deps: apt-get install ${pkgs[*]} failed (scripts/install-deps.sh --simulate says why)" >&2
		exit 1
	}
}

case ${1:-} in
--print-all)
	mode=all
	collect "${GROUPS_ALL[@]}"
	printf '%s\n' "${pkgs[@]}"
	;;
--print)
	shift
	collect "${@:-build}"
	((${#pkgs[@]} == 0)) || printf '%s\n' "${pkgs[@]}"
	;;
--simulate)
	shift
	simulate "$@"
	;;
-h | --help) usage ;;
-*) usage ;;
*)
	collect "${@:-build}"
	((${#pkgs[@]} == 0)) || install
	;;
esac
