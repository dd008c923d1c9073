#!/usr/bin/env bash
# Fetch the Linux kernel we compare against -- Debian's Linux 6.1 i386
# 686-pae kernel, the newest linux-image-6.1.0-N-686-pae-unsigned the
# archive has -- unpack it into a cache and print the path of its vmlinuz.
# Booting it is the caller's job (tests/bench/bench.py does, under TCG).
#
#   scripts/linux-reference.sh            # prints .../boot/vmlinuz-6.1.0-N-686-pae
#   LINUX_REF_CACHE=/some/dir scripts/linux-reference.sh
#
# The first run needs root (or sudo) for dpkg --add-architecture i386 and
# apt-get update; once the kernel is unpacked in the cache it only prints
# the path.  Everything except the path goes to stderr.
set -euo pipefail

cache=${LINUX_REF_CACHE:-$HOME/.cache/handover/linux-reference}
mkdir -p "$cache"

find_vmlinuz() {
	ls "$cache"/x/boot/vmlinuz-*-686-pae 2>/dev/null | sort -V | tail -n1 || true
}

vmlinuz=$(find_vmlinuz)
if [[ -z $vmlinuz ]]; then
	find_pkg() {
		apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-686-pae-unsigned$' |
			awk '{print $1}' | sort -V | tail -n1
	}
	pkg=
	dpkg --print-foreign-architectures | grep -qx i386 && pkg=$(find_pkg)
	# Root (or sudo) only to add i386 and read its index; apt-get download
	# then works as any user.
	if [[ -z $pkg ]]; then
		SUDO=
		if [[ $(id -u) != 0 ]]; then
			command -v sudo >/dev/null 2>&1 || {
				echo "linux-reference: not root and no sudo; as root, run once:" >&2
				echo "  dpkg --add-architecture i386 && apt-get update" >&2
				exit 2
			}
			SUDO=sudo
		fi
		if ! dpkg --print-foreign-architectures | grep -qx i386; then
			echo "linux-reference: dpkg --add-architecture i386" >&2
			$SUDO dpkg --add-architecture i386
		fi
		echo "linux-reference: apt-get update" >&2
		# A partly failing index (one mirror down) is not fatal: apt-cache decides.
		$SUDO apt-get update -qq >&2 || echo "linux-reference: apt-get update reported errors; going on" >&2
		pkg=$(find_pkg)
	fi
	if [[ -z $pkg ]]; then
		echo "linux-reference: no linux-image-6.1.0-*-686-pae-unsigned package in the apt index" >&2
		exit 1
	fi
	echo "linux-reference: downloading $pkg:i386 into $cache" >&2
	tmp=$(mktemp -d "$cache/dl.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# apt-get download drops privileges to _apt, which cannot write into a
	# cache under root's home: as root, download as root.
	sandbox=()
	[[ $(id -u) != 0 ]] || sandbox=(-o APT::Sandbox::User=root)
	(cd "$tmp" && apt-get download -q "${sandbox[@]}" "$pkg:i386" >&2)
	deb=$(ls "$tmp"/*.deb | head -n1)
	rm -rf "$cache/x"
	dpkg-deb -x "$deb" "$cache/x"
	# Only boot/ is needed: drop the modules (~190 MB).
	rm -rf "$cache/x/lib" "$cache/x/usr"
	echo "$pkg" > "$cache/package"
	vmlinuz=$(find_vmlinuz)
	[[ -n $vmlinuz ]] || { echo "linux-reference: $deb holds no boot/vmlinuz-*-686-pae" >&2; exit 1; }
fi
echo "$vmlinuz"
