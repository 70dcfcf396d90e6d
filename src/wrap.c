/* wrap.c: greedy word wrapping counted in UTF-8 characters. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "inert.h"
#include "wrap.h"
#include "xalloc.h"

/* Columns taken by n bytes of UTF-8 (continuation bytes take none). */
static int
columns(const char *s, size_t n)
{
	int	c = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	}
	return c;
}

void
wrap(FILE *f, const char *raw, int first, int indent, int width)
{
	char	*inert = xmalloc(INERT_MAX(strlen(raw)));
	const char *text = inert;
	int	col = first, words = 0;

	/* text taken from logs: control characters escaped before they count */
	inert_copy(inert, raw, strlen(raw), 0);

	while (*text != '\0') {
		size_t	n;
		int	w;

		while (*text == ' ')
			text++;
		if (*text == '\0')
			break;
		n = strcspn(text, " ");
		w = columns(text, n);
		if (words > 0 && col + 1 + w > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (words > 0) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, n, f);
		col += w;
		words++;
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
