/* code.c: parsing code numbers as users write them, and the HRESULT macros. */
#include "config.h"

#include <string.h>

#include "chars.h"
#include "code.h"

static int
parse_hex(const char *s, size_t len, uint32_t *out)
{
	uint32_t	v = 0;
	size_t		i;

	if (len == 0 || len > 8)
		return -1;
	for (i = 0; i < len; i++) {
		int	d = chars_hexval((unsigned char)s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

int
code_parse(const char *s, uint32_t *out, enum code_form *form)
{
	size_t			len = strlen(s), i;
	unsigned long long	v = 0;
	int			neg = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (s[len - 1] == 'L' || s[len - 1] == 'l')
			len--;
		*form = CODE_HEX;
		return parse_hex(s + 2, len - 2, out);
	}
	if (len == 8 && parse_hex(s, len, out) == 0) {
		*form = CODE_BARE_HEX;
		return 0;
	}
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
		len--;
	}
	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (neg) {
		if (v > 0x80000000ull)
			return -1;
		*out = (uint32_t)(0x100000000ull - v);
		*form = CODE_SIGNED;
	} else {
		if (v > 0xFFFFFFFFull)
			return -1;
		*out = (uint32_t)v;
		*form = CODE_UNSIGNED;
	}
	return 0;
}

uint32_t
code_from_win32(uint32_t x)
{
	if ((int32_t)x <= 0)
		return x;
	return (x & 0xFFFF) | 0x80070000u;
}

int
code_win32_of(uint32_t v, uint32_t *win32)
{
	if ((v & 0xFFFF0000u) != 0x80070000u)
		return 0;
	*win32 = v & 0xFFFF;
	return 1;
}

int
code_nt_of(uint32_t v, uint32_t *nt)
{
	if ((v & CODE_NT_BIT) == 0 || (v & 0xC0000000u) == 0)
		return 0;
	*nt = v & ~CODE_NT_BIT;
	return 1;
}
