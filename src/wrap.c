/* wrap.c: greedy word wrapping counted in terminal columns (CJK characters take two). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inert.h"
#include "wrap.h"
#include "xalloc.h"

/*
 * Code points that take no column (combining marks, zero-width spaces and
 * joiners, variation selectors) and those that take two (East Asian Wide and
 * Fullwidth: Hangul, CJK, kana, fullwidth forms, most emoji), after Unicode's
 * EastAsianWidth.txt, coarsened to blocks.  A table rather than wcwidth(3):
 * the report must not depend on the locale it is written in.
 */
static const struct range {
	uint32_t	lo, hi;
} zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
	{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0x3099, 0x309A },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF },
}, wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
	{ 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

/* Closing punctuation that must not start a line (kinsoku): kept with what is before. */
static const uint32_t	no_break_before[] = {
	0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x30FC,
	0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F,
};

static int
in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (c >= r[i].lo && c <= r[i].hi)
			return 1;
	}
	return 0;
}

/* Decodes the character at s (n bytes left): its length, *cp its code point; a bad byte is itself. */
static size_t
decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 len = inert_utf8_len(u, n), i;

	if (len <= 1) {
		*cp = u[0];
		return 1;
	}
	*cp = u[0] & (0x7F >> len);
	for (i = 1; i < len; i++)
		*cp = *cp << 6 | (u[i] & 0x3F);
	return len;
}

static int
char_width(uint32_t c)
{
	if (c < 0x300)
		return 1;
	if (in_ranges(c, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_ranges(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

int
wrap_width(const char *s, size_t n)
{
	uint32_t	c;
	size_t		len;
	int		w = 0;

	for (; n > 0; s += len, n -= len) {
		len = decode(s, n, &c);
		w += char_width(c);
	}
	return w;
}

static int
keeps_before(uint32_t c)
{
	size_t	i;

	for (i = 0; i < sizeof no_break_before / sizeof no_break_before[0]; i++) {
		if (no_break_before[i] == c)
			return 1;
	}
	return 0;
}

/*
 * The next unit of wrapping at s: a word (up to a blank or a wide
 * character), or one wide character with the closing punctuation after it,
 * since CJK text may break between any two characters and has no blanks.
 * Returns its length in bytes; *w gets its columns.
 */
static size_t
next_unit(const char *s, int *w)
{
	size_t		n = 0, len, end = strcspn(s, " ");
	uint32_t	c;
	int		cw;

	*w = 0;
	while (n < end) {
		len = decode(s + n, end - n, &c);
		cw = char_width(c);
		if (cw == 2 && n > 0 && !keeps_before(c))
			break;	/* a word ends before a wide character */
		n += len;
		*w += cw;
		if (cw == 2) {
			/* one wide character a unit, with its closing punctuation */
			while (n < end) {
				len = decode(s + n, end - n, &c);
				if (!keeps_before(c) && char_width(c) != 0)
					break;
				n += len;
				*w += char_width(c);
			}
			break;
		}
	}
	return n;
}

void
wrap(FILE *f, const char *raw, int first, int indent, int width)
{
	char	*inert = xmalloc(INERT_MAX(strlen(raw)));
	const char *text = inert;
	int	col = first, units = 0, blank;

	/* text taken from logs: control characters escaped before they count */
	inert_copy(inert, raw, strlen(raw), 0);

	while (*text != '\0') {
		size_t	n;
		int	w;

		blank = *text == ' ';
		while (*text == ' ')
			text++;
		if (*text == '\0')
			break;
		n = next_unit(text, &w);
		if (units > 0 && col + blank + w > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (units > 0 && blank) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, n, f);
		col += w;
		units++;
		text += n;
	}
	fputc('\n', f);
	free(inert);
}

void
wrap_field(FILE *f, int lead, const char *label, int indent, const char *text,
    int width)
{
	int	n = fprintf(f, "%*s%s", lead, "", label);

	if (n < indent) {
		fprintf(f, "%*s", indent - n, "");
		n = indent;
	} else {
		fputc(' ', f);
		n++;
	}
	wrap(f, text, n, indent, width);
}
