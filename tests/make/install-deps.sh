#!/bin/sh
# scripts/install-deps.sh as a fresh Debian 12 meets it:
# - apt can install every package it may ever ask for, together (a conflict
#   between two groups broke fresh machines once: gcc-multilib against the
#   i686 cross compiler), and the check says so when a package conflicts or
#   when apt would remove one;
# - without root and without sudo it names the missing packages and the
#   apt-get command, and stops with status 2, as make does through it.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
fails=0
say() { echo "install-deps: $*"; }
bad() { say "FAIL: $*"; fails=$((fails + 1)); }

all=$(scripts/install-deps.sh --print-all) || bad "--print-all exited $?"
echo "$all" | grep -qx gcc-i686-linux-gnu || bad "--print-all lacks gcc-i686-linux-gnu"
odd=$(echo "$all" | grep -vE '^[a-z0-9][a-z0-9+.-]+$')
[ -z "$odd" ] || bad "--print-all: not one package a line: $odd"

if out=$(scripts/install-deps.sh --simulate 2>&1); then
	say "ok: ${out#install-deps: }"
else
	bad "apt cannot install --print-all together: $out"
fi

# gcc-multilib conflicts with gcc-12-i686-linux-gnu in Debian 12.
if out=$(scripts/install-deps.sh --simulate gcc-multilib 2>&1); then
	bad "--simulate gcc-multilib passed: $out"
elif echo "$out" | grep -q 'Conflicts: gcc-multilib\|gcc-multilib : Conflicts'; then
	say "ok: --simulate gcc-multilib fails and names the conflict"
else
	bad "--simulate gcc-multilib failed without naming the conflict: $out"
fi

# An install that would remove a package: apt-get answers as it would.
mkdir "$dir/fake"
cat >"$dir/fake/apt-get" <<'EOF'
#!/bin/sh
echo "Inst nasm (2.16.01-1 Debian:12 [amd64])"
echo "Remv libfoo1 [1.0-1]"
echo "Inst libbar1 (2.0-1 Debian:12 [amd64])"
EOF
chmod +x "$dir/fake/apt-get"
if out=$(PATH="$dir/fake:$PATH" scripts/install-deps.sh --simulate 2>&1); then
	bad "--simulate passed though apt would remove libfoo1: $out"
elif echo "$out" | grep -q 'would remove: libfoo1$'; then
	say "ok: --simulate fails when apt would remove a package, and names it"
else
	bad "--simulate on a removal: $out"
fi

# Neither root nor sudo, and nasm missing: a PATH of links to every command
# on ours but those two, run as nobody when we are root.
mkdir "$dir/bin"
IFS=:
for d in $PATH; do
	[ -d "$d" ] || continue
	for f in "$d"/*; do
		n=${f##*/}
		case $n in sudo | nasm) continue ;; esac
		[ -x "$f" ] && [ ! -e "$dir/bin/$n" ] && ln -s "$f" "$dir/bin/$n"
	done
done
unset IFS
# A copy of what it reads, where nobody may read it (root's home may not be).
mkdir -p "$dir/repo/scripts"
cp Makefile "$dir/repo/"
cp scripts/install-deps.sh "$dir/repo/scripts/"
chmod -R a+rX "$dir/repo"
as_user() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$dir/repo" && setpriv --reuid=65534 --regid=65534 --clear-groups \
			env HOME="$dir" PATH="$dir/bin" "$@")
	else
		(cd "$dir/repo" && env PATH="$dir/bin" "$@")
	fi
}
as_user scripts/install-deps.sh build >"$dir/out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'missing packages: .*nasm' "$dir/out" &&
	grep -q 'apt-get install -y --no-install-recommends .*nasm' "$dir/out" &&
	! grep -q 'sudo: ' "$dir/out"; then
	say "ok: without root or sudo: status 2, $(grep -c . "$dir/out") lines naming nasm and the command"
else
	bad "without root or sudo: status $rc: $(cat "$dir/out")"
fi
as_user make --no-print-directory -n all >"$dir/out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'apt-get install .*nasm' "$dir/out"; then
	say "ok: make without root or sudo: status 2, the command named"
else
	bad "make without root or sudo: status $rc: $(cat "$dir/out")"
fi
[ $fails = 0 ]
