# rules-cache.sh: the compiled rules cache answers every query as the parsed
# rules do, is used only while every rules source is unchanged, and is passed
# over in silence when damaged or when it cannot be written.
. "$top_srcdir/tests/e2e/setup.sh"

# A copy of the rules, old enough to be cached (a source seconds old is not).
rules=$tmp/rules
cp -R "$top_srcdir/rules" "$rules"
chmod -R u+w "$rules"
old() {
	touch -d '2000-01-01 00:00:00' "$@"
}
old "$rules"/* "$rules"
VSSEXPLAIN_RULES=$rules
export VSSEXPLAIN_RULES
cache=$tmp/c
VSSEXPLAIN_CACHE_DIR=$cache
export VSSEXPLAIN_CACHE_DIR

# Every name the rules define, and a few numbers.
awk '/^0x[0-9A-Fa-f]+[ \t]+[A-Z]/ { print $2 }' "$rules"/*.rules | sort -u >"$tmp/names"
[ "$(wc -l <"$tmp/names")" -gt 1000 ] || fail "too few names: $(wc -l <"$tmp/names")"
codes="0x800423F3 0x80042306 0x80070005 5 0xC0000022 2147754995 0x12345678"

# queries NAME: what the database answers, into $tmp/NAME.*
queries() {
	vssx rules >"$tmp/$1.rules" 2>&1
	echo "status $?" >>"$tmp/$1.rules"
	# shellcheck disable=SC2046
	vssx explain --format json $(cat "$tmp/names") >"$tmp/$1.names" 2>&1
	echo "status $?" >>"$tmp/$1.names"
	# shellcheck disable=SC2086
	vssx explain $codes >"$tmp/$1.codes" 2>&1
	vssx explain --method GatherWriterStatus 0x800423F3 0x80042302 >>"$tmp/$1.codes" 2>&1
	vssx explain --win32 5 112 >>"$tmp/$1.codes" 2>&1
	vssx scan -r --format jsonl --tz UTC "$samples" >"$tmp/$1.scan" 2>&1
	echo "status $?" >>"$tmp/$1.scan"
}

# compare A B: the answers of A and B are the same.
compare() {
	for k in rules names codes scan; do
		expect_same "$tmp/$1.$k" "$tmp/$2.$k"
	done
}

# cachefile: the one cache file, or nothing.
cachefile() {
	ls "$cache"/rules-*.db 2>/dev/null
}

# inode FILE
inode() {
	ls -i "$1" | awk '{ print $1 }'
}

# The reference: parsed at every run.
VSSEXPLAIN_CACHE_DIR=off queries parsed
[ -d "$cache" ] && fail "a cache with VSSEXPLAIN_CACHE_DIR=off"

# The first run writes the cache; later runs read it and answer the same.
expect_status 0 vssx explain 0x800423F3
[ -n "$(cachefile)" ] || fail "no cache file written in $cache"
[ -s "$tmp/err" ] && fail "stderr: $(cat "$tmp/err")"
f=$(cachefile)
ino=$(inode "$f")
queries cached
compare parsed cached
# read, not rewritten: the same file
[ "$(inode "$f")" = "$ino" ] || fail "the cache was rewritten while the rules were unchanged"

# A damaged cache is passed over and written anew.
for damage in truncate garbage empty magic; do
	case $damage in
	truncate) head -c 5000 "$f" >"$tmp/part" && cat "$tmp/part" >"$f" ;;
	garbage) head -c "$(wc -c <"$f")" /dev/urandom >"$tmp/part" && cat "$tmp/part" >"$f" ;;
	empty) : >"$f" ;;
	magic) head -c 2000000 /dev/zero >"$f" ;;
	esac
	queries damaged
	compare parsed damaged
	[ "$(inode "$(cachefile)")" != "$ino" ] || fail "$damage: the cache was not written anew"
	ino=$(inode "$(cachefile)")
done
# a bit flipped inside the image: the checksum sees it
size=$(wc -c <"$f")
printf 'Z' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
queries flipped
compare parsed flipped
[ "$(inode "$(cachefile)")" != "$ino" ] || fail "flipped: the cache was not written anew"

# A cache that others may write is not trusted: parsed and written anew.
ino=$(inode "$(cachefile)")
chmod g+w "$(cachefile)"
queries shared
compare parsed shared
[ "$(inode "$(cachefile)")" != "$ino" ] || fail "a group-writable cache was used"

# An edit of a rules file shows at once (the cache is stale).
sed 's/^description = There was not enough free disk space or shadow copy storage to create the shadow copy\./description = Edited (test)./' \
    "$rules/vss.rules" >"$tmp/vss.rules"
cat "$tmp/vss.rules" >"$rules/vss.rules"
expect_status 0 vssx explain 0x8004231F
expect_grep 'Edited \(test\)\.' "$tmp/out"
# once the edit is old enough it is cached, and still shows
old "$rules/vss.rules"
expect_status 0 vssx explain 0x8004231F
expect_status 0 vssx explain 0x8004231F
expect_grep 'Edited \(test\)\.' "$tmp/out"

# A broken edit gives the parser's file:line message on every run.
VSSEXPLAIN_CACHE_DIR=off
export VSSEXPLAIN_CACHE_DIR
printf '[codes X]\n' >>"$rules/vss.rules"
expect_status 2 vssx explain 0x800423F3
cp "$tmp/err" "$tmp/err.parsed"
expect_grep "^$rules/vss\.rules:[0-9]+: unknown section type 'codes'" "$tmp/err"
VSSEXPLAIN_CACHE_DIR=$cache
export VSSEXPLAIN_CACHE_DIR
old "$rules/vss.rules"
for run in 1 2 3; do
	expect_status 2 vssx explain 0x800423F3
	expect_same "$tmp/err.parsed" "$tmp/err"
done

# A file added to (or removed from) the directory shows.
cp "$top_srcdir/rules/vss.rules" "$rules/vss.rules"
old "$rules"/* "$rules"
expect_status 0 vssx explain 0x800423F3
expect_status 1 vssx explain VSSX_TEST_E_ADDED
printf '[names hresult]\n0x8004FFF0 VSSX_TEST_E_ADDED\n' >"$rules/zz-added.rules"
expect_status 0 vssx explain VSSX_TEST_E_ADDED
rm "$rules/zz-added.rules"
expect_status 1 vssx explain VSSX_TEST_E_ADDED

# --rules DIR is a source too: its edits show, and its set keeps its own file.
over=$tmp/over
mkdir "$over"
cp "$data/rules-override"/*.rules "$over"
old "$over"/* "$over" "$rules"/* "$rules"
expect_status 0 vssx explain 0x800423F3
expect_status 0 vssx --rules "$over" explain 0x800423F3
expect_status 0 vssx --rules "$over" explain 0x800423F3
expect_grep 'Overridden: the writer asks' "$tmp/out"
[ "$(cachefile | wc -l)" -eq 2 ] || fail "not one cache file for each set of rules: $(cachefile)"
for f in "$over"/*.rules; do
	sed 's/Overridden: the writer asks/Edited again: the writer asks/' "$f" >"$tmp/o"
	cat "$tmp/o" >"$f"
done
expect_status 0 vssx --rules "$over" explain 0x800423F3
expect_grep 'Edited again: the writer asks' "$tmp/out"

# A cache that cannot be written, or no place for one: silent.
: >"$tmp/file"
for dir in "$tmp/file/sub" ""; do
	VSSEXPLAIN_CACHE_DIR=$dir queries unwritable
	compare parsed unwritable
	[ -s "$tmp/unwritable.rules" ] || fail "no output"
done
(unset VSSEXPLAIN_CACHE_DIR XDG_CACHE_HOME HOME; vssx explain 0x800423F3 >"$tmp/out" 2>"$tmp/err")
[ -s "$tmp/err" ] && fail "stderr without HOME: $(cat "$tmp/err")"
# $XDG_CACHE_HOME, else $HOME/.cache
(unset VSSEXPLAIN_CACHE_DIR; XDG_CACHE_HOME=$tmp/xdg HOME=$tmp/home \
    vssx explain 0x800423F3 >"$tmp/out" 2>"$tmp/err")
ls "$tmp/xdg/vssexplain"/rules-*.db >/dev/null 2>&1 || fail "no cache in \$XDG_CACHE_HOME"
(unset VSSEXPLAIN_CACHE_DIR XDG_CACHE_HOME; HOME=$tmp/home \
    vssx explain 0x800423F3 >"$tmp/out" 2>"$tmp/err")
ls "$tmp/home/.cache/vssexplain"/rules-*.db >/dev/null 2>&1 || fail "no cache in \$HOME/.cache"

done_testing
