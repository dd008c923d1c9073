#!/usr/bin/env bash
# Install the Debian packages handover needs, only those whose tool is missing.
# Called by the Makefile when a tool is absent; safe to run by hand.
set -euo pipefail

# tool:package pairs; a package is installed only when its tool is not on PATH.
need=(
	nasm:nasm
	i686-linux-gnu-gcc:gcc-i686-linux-gnu
	i686-linux-gnu-ld:binutils-i686-linux-gnu
	grub-mkrescue:grub-common
	xorriso:xorriso
	mformat:mtools
	qemu-system-i386:qemu-system-x86
)
pkgs=()
for pair in "${need[@]}"; do
	tool=${pair%%:*}
	command -v "$tool" >/dev/null 2>&1 || pkgs+=("${pair#*:}")
done
# grub-mkrescue needs the i386-pc modules, which live in grub-pc-bin.
[[ -d /usr/lib/grub/i386-pc ]] || pkgs+=(grub-pc-bin)
# The host tests need clang's libFuzzer and sanitizer runtimes: Debian ships
# them apart from clang, in libclang-rt-N-dev (N = clang's major version).
fuzzer_links() {
	local dir rc
	dir=$(mktemp -d) || return 1
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >"$dir/probe.c"
	clang -fsanitize=fuzzer "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1 && rc=0 || rc=1
	rm -rf "$dir"
	return $rc
}
if [[ ${HANDOVER_HOST_TOOLS:-1} == 1 ]]; then
	if ! command -v clang >/dev/null 2>&1; then
		pkgs+=(clang libclang-rt-14-dev)
	elif ! fuzzer_links; then
		pkgs+=("libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev")
	fi
fi

# The 32-bit host tests (make test builds tests/host with -m32 too) need
# the 32-bit C library and sanitizer runtimes: gcc-multilib brings them.
m32_links() {
	local dir rc
	dir=$(mktemp -d) || return 1
	printf 'int main(void) { return 0; }\n' >"$dir/probe.c"
	cc -m32 -fsanitize=address,undefined "$dir/probe.c" -o "$dir/probe" >/dev/null 2>&1 && rc=0 || rc=1
	rm -rf "$dir"
	return $rc
}
if [[ ${HANDOVER_HOST_TOOLS:-1} == 1 ]] && ! m32_links; then
	pkgs+=(gcc-multilib)
fi

# The benchmark's plot (make bench) only.
if [[ ${HANDOVER_BENCH_TOOLS:-0} == 1 ]]; then
	command -v gnuplot >/dev/null 2>&1 || pkgs+=(gnuplot-nox)
fi

# make gdb-test (run by make test): Debian's gdb, when it is missing.
if [[ ${HANDOVER_GDB_TOOLS:-0} == 1 ]]; then
	command -v gdb >/dev/null 2>&1 || pkgs+=(gdb)
fi

# make report's picture: Debian's matplotlib.  It serves Debian's own
# python3, which a pyenv or venv python3 first on PATH may not be, so ask
# that one (scripts/memory-report.py runs under it when it must).
if [[ ${HANDOVER_REPORT_TOOLS:-0} == 1 || ${HANDOVER_REPORT_CHECK_TOOLS:-0} == 1 ]]; then
	/usr/bin/python3 -c 'import matplotlib' >/dev/null 2>&1 || pkgs+=(python3-matplotlib)
fi
# make report-check (part of make test-full) only: the report page opened
# and screenshotted in a browser without a display.
if [[ ${HANDOVER_REPORT_CHECK_TOOLS:-0} == 1 ]]; then
	command -v chromium-headless-shell >/dev/null 2>&1 || pkgs+=(chromium-headless-shell)
fi

((${#pkgs[@]})) || exit 0
echo "install-deps: installing ${pkgs[*]}" >&2
SUDO=
[[ $(id -u) == 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# A mirror caught mid-sync fails one index and leaves the others usable:
# go on, and let the install itself say what cannot be had.
$SUDO apt-get update -qq || echo "install-deps: apt-get update reported errors; installing anyway" >&2
$SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
