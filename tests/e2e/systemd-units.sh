#!/bin/sh
# systemd-units.sh: the generated vssexplain.service names the configured
# paths, and it and vssexplain.timer pass systemd-analyze verify without a
# word (an unknown key or a bad value is only a warning there) and its
# security check with an exposure of at most 2.0 (a sandbox setting lost
# shows); vssexplain-mail.service and its timer pass verify too.  Skipped without systemd-analyze (Debian: apt-get install systemd).
. "$top_srcdir/tests/e2e/setup.sh"
command -v systemd-analyze >/dev/null 2>&1 ||
    { echo "no systemd-analyze: skipped"; exit 77; }
: "${top_builddir:=$top_srcdir}"
unit=$top_builddir/contrib/vssexplain.service
timer=$top_srcdir/contrib/vssexplain.timer
mail=$top_builddir/contrib/vssexplain-mail.service
mailtimer=$top_srcdir/contrib/vssexplain-mail.timer
[ -f "$unit" ] || { echo "no $unit: run make first" >&2; exit 99; }

# every @var@ replaced by the configured path
expect_no_grep '@[A-Za-z_]+@' "$unit"
if [ -n "${vssx_bindir:-}" ] && [ -n "${vssx_localstatedir:-}" ]; then
	st=$vssx_localstatedir/lib/vssexplain
	expect_grep "^ExecStart=$vssx_bindir/vssexplain scan --state $st/state.json .*--output $st/report.json " "$unit"
	expect_grep "^ReadWritePaths=$st\$" "$unit"
fi
expect_grep '^StateDirectory=vssexplain$' "$unit"

# verify runs the program named in ExecStart, and man for Documentation=:
# point them at the build
mkdir "$tmp/units" "$tmp/man" "$tmp/man/man1"
sed "s|^ExecStart=[^ ]*|ExecStart=$VSSEXPLAIN|" "$unit" > "$tmp/units/vssexplain.service"
cp "$timer" "$tmp/units/vssexplain.timer"
expect_no_grep '@[A-Za-z_]+@' "$mail"
expect_grep '^ExecStart=/[^ ]*/vssexplain-mail ' "$mail"
sed "s|^ExecStart=[^ ]*|ExecStart=$top_builddir/contrib/vssexplain-mail|" "$mail" \
    > "$tmp/units/vssexplain-mail.service"
cp "$mailtimer" "$tmp/units/vssexplain-mail.timer"
cp "$top_srcdir/doc/vssexplain.1" "$tmp/man/man1/"
man_opt=--man=yes
command -v man >/dev/null 2>&1 || man_opt=--man=no
MANPATH=$tmp/man systemd-analyze verify "$man_opt" \
    "$tmp/units/vssexplain.service" "$tmp/units/vssexplain.timer" \
    "$tmp/units/vssexplain-mail.service" "$tmp/units/vssexplain-mail.timer" >"$tmp/out" 2>&1 ||
    fail "systemd-analyze verify failed"
[ -s "$tmp/out" ] && fail "systemd-analyze verify: $(cat "$tmp/out")"

# the sandbox: systemd's exposure score, 0 (safe) to 10, times ten here
if systemd-analyze security --help 2>&1 | grep -q -- '--offline'; then
	systemd-analyze security --offline=yes --threshold=20 \
	    "$tmp/units/vssexplain.service" >"$tmp/out" 2>&1 ||
	    fail "exposure above 2.0: $(grep -E '^- |Overall' "$tmp/out")"
else
	echo "note: systemd-analyze security has no --offline: exposure not checked" >&2
fi
done_testing
