#!/usr/bin/env bash
# make fresh-test: the README's two commands on a new Debian 12 machine.
#
# Builds a minimal Debian 12 root holding git and make only (debootstrap
# --variant=minbase), from the mirror this machine's apt already uses (read
# from apt's own configuration, never from this repository), clones this
# repository's HEAD into it, and runs `make run` then `make test` there as
# root under chroot.  Everything the two commands need they must install
# themselves, as on a user's machine.  The root, the logs and a summary stay
# in FRESH_DIR (build/fresh); downloaded packages are kept in its cache/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# Root may test a checkout another user owns.
git() { command git -c safe.directory="$repo" "$@"; }
out=${FRESH_DIR:-$repo/build/fresh}
root=$out/root
suite=bookworm
say() { echo "fresh-test: $*"; }

[[ $(id -u) == 0 ]] || {
	say "needs root (debootstrap, chroot and mounts); run it as root"
	exit 2
}
"$repo/scripts/install-deps.sh" fresh

# The mirror apt uses for Debian 12 itself, and every Debian source it has
# for Debian 12 (updates, security) for the root's own apt: from apt's
# lists (fresh, so a machine whose lists were cleaned still answers), by
# the Origin and Codename each Release file states.  A mirror+file: source
# names a file of mirrors: the first is taken.
apt-get update -qq || say "apt-get update reported errors; going on"
targets=$(apt-get indextargets --format '$(TARGET_OF) $(ORIGIN) $(CODENAME) $(REPO_URI) $(COMPONENT)' |
	awk -v s="$suite" '$1 == "deb" && $2 == "Debian" && ($3 == s || index($3, s "-") == 1) { print $3, $4, $5 }' |
	sort -u)
resolve() {
	case $1 in
	mirror+file:*) grep -m1 -oE '(https?|ftp)://[^[:space:]]+' "${1#mirror+file:}" ;;
	*) echo "$1" ;;
	esac
}
mirror=$(awk -v s="$suite" '$1 == s { print $2; exit }' <<<"$targets")
[[ -n $mirror ]] && mirror=$(resolve "$mirror")
[[ -n $mirror ]] || {
	say "apt has no Debian source for Debian 12 ($suite) here: apt-get indextargets lists none"
	exit 1
}
# apt's proxy, if it has one, for debootstrap (wget) and the root's apt.
eval "$(apt-config shell apt_proxy Acquire::http::Proxy)"
[[ -z ${apt_proxy:-} ]] || export http_proxy=$apt_proxy
[[ -z $(git -C "$repo" status --porcelain --untracked-files=no) ]] ||
	say "note: uncommitted changes are not tested: the root gets a clone of HEAD"

# A root left from the last run holds nothing mounted: each run mounts in a
# mount namespace of its own, gone when it ends.
rm -rf "$root"
mkdir -p "$root" "$out/cache"
t0=$SECONDS
say "building a Debian 12 root with git and make in $root from $mirror"
debootstrap --variant=minbase --include=git,make --cache-dir="$out/cache" \
	"$suite" "$root" "$mirror" >"$out/debootstrap.log" 2>&1 || {
	tail -20 "$out/debootstrap.log"
	say "debootstrap failed (log: $out/debootstrap.log)"
	exit 1
}
while read -r codename uri component; do
	echo "deb $(resolve "$uri") $codename $component"
done <<<"$targets" >"$root/etc/apt/sources.list"
[[ -z ${apt_proxy:-} ]] || echo "Acquire::http::Proxy \"$apt_proxy\";" >"$root/etc/apt/apt.conf.d/01proxy"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# What the Debian installer writes and debootstrap does not.
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
root_secs=$((SECONDS - t0))

# Nothing but git and make: the two commands must bring the rest.
present=$(chroot "$root" sh -c 'for t in gcc cc nasm python3 qemu-system-i386 clang grub-mkrescue sudo; do command -v $t; done' || true)
[[ -z $present ]] || {
	say "the new root is not bare: it has $(echo $present)"
	exit 1
}
pkgs_bare=$(chroot "$root" dpkg-query -W -f '.\n' | wc -l)

commit=$(git -C "$repo" rev-parse --short HEAD)
git clone -q "$repo" "$root/root/handover"
say "cloned $commit; running make run, then make test, in the root as root"

# in_root CMD: CMD in the clone, with the environment of a root login.
in_root() {
	unshare --mount --propagation private -- bash -c '
		root=$1; shift
		mount -t proc proc "$root/proc"
		mount -t sysfs sys "$root/sys"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmp "$root/tmp"
		exec chroot "$root" env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			sh -c "cd /root/handover && $*" </dev/null' in_root "$root" "$@"
}

# step NAME: run `make NAME`, log it, and record its status and time.
declare -A status secs
step() {
	local t=$SECONDS rc=0
	in_root "make $1" >"$out/make-$1.log" 2>&1 || rc=$?
	status[$1]=$rc
	secs[$1]=$((SECONDS - t))
	say "make $1: exit $rc in ${secs[$1]} s; last line: $(tail -n 1 "$out/make-$1.log")"
}
step run
step test
pkgs_after=$(chroot "$root" dpkg-query -W -f '.\n' | wc -l)

verdict=PASSED
((status[run] == 0 && status[test] == 0)) || verdict=FAILED
{
	echo "fresh-test summary ($(date -u '+%F %T') UTC, commit $commit)"
	echo "  root: Debian 12 minbase + git make from $mirror, $pkgs_bare packages, built in $root_secs s"
	echo "  make run:  exit ${status[run]} in ${secs[run]} s: $(grep -m1 -oE 'handover: boot [a-zA-Z]+' "$out/make-run.log" || tail -n 1 "$out/make-run.log")"
	echo "  make test: exit ${status[test]} in ${secs[test]} s: $(tail -n 1 "$out/make-test.log")"
	echo "  packages the two commands installed: $((pkgs_after - pkgs_bare)) ($pkgs_bare -> $pkgs_after)"
	echo "  logs: $out/make-run.log, $out/make-test.log"
	echo "fresh-test: $verdict"
} | tee "$out/summary.txt"
[[ $verdict == PASSED ]]
