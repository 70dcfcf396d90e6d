#!/bin/sh
# deps.sh [PACKAGE...]: installs the Debian packages vssexplain needs to build
# and test, and any named, when some are missing (as root, with apt-get).
# Prints what it does.
set -eu
# ripgrep: the reference of the benchmarks under bench/; strace: a test counts
# the write calls of a report (tests/e2e/scan-report-buffer.sh)
pkgs="build-essential autoconf automake libtool pkg-config libpcre2-dev libxml2-dev
zlib1g-dev libjson-c-dev liblzma-dev libbz2-dev libzstd-dev check python3 logrotate
xz-utils bzip2 zstd libevtx-utils python3-evtx libevtx-dev libbfio-dev strace
chromium prometheus ripgrep $*"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: please install:$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
