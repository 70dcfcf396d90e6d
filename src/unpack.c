/* unpack.c: recognises xz, bzip2 and zstd data; the decoders are the readers module's. */
#include "config.h"

#include <string.h>

#include "unpack.h"

/* The magic numbers, as the formats define them. */
static const struct {
	enum unpack_kind	 kind;
	const char		*name;
	const char		*magic;
	size_t			 len;
} formats[] = {
	{ UNPACK_XZ, "xz", "\xfd" "7zXZ\0", 6 },
	{ UNPACK_BZIP2, "bzip2", "BZh", 3 },
	{ UNPACK_ZSTD, "zstd", "\x28\xb5\x2f\xfd", 4 },
};

enum unpack_kind
unpack_sniff(const unsigned char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (n >= formats[i].len && memcmp(p, formats[i].magic, formats[i].len) == 0) {
			if (formats[i].kind == UNPACK_BZIP2 && !unpack_bzip2_magic(p, n))
				continue;
			return formats[i].kind;
		}
	}
	return UNPACK_NONE;
}

const char *
unpack_name(enum unpack_kind kind)
{
	size_t	i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (formats[i].kind == kind)
			return formats[i].name;
	}
	return "plain";
}
