/* json.h: a small streaming JSON writer for our reports. */
#ifndef VSSEXPLAIN_JSON_H
#define VSSEXPLAIN_JSON_H

#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

/*
 * Writes one JSON text to a stream.  Commas are placed for the caller; with
 * pretty set, nesting is indented by two spaces.  Strings are written as
 * UTF-8: a byte sequence that is not valid UTF-8 is read as Latin-1, so no
 * input byte is dropped and the output is always valid JSON.
 */
struct json {
	FILE	*f;
	int	 pretty;
	int	 depth;
	int	 count[JSON_MAX_DEPTH];	/* members written at each level */
	int	 after_key;
};

void	json_init(struct json *, FILE *, int pretty);
void	json_open(struct json *, int bracket);	/* '{' or '[' */
void	json_close(struct json *, int bracket);	/* '}' or ']' */
void	json_key(struct json *, const char *);
void	json_str(struct json *, const char *);	/* NULL writes null */
void	json_strn(struct json *, const char *, size_t);
void	json_int(struct json *, long long);
void	json_bool(struct json *, int);
void	json_null(struct json *);
/* Shorthands for "key": value. */
void	json_kstr(struct json *, const char *, const char *);
void	json_kint(struct json *, const char *, long long);
/* Writes s as a quoted JSON string to f. */
void	json_quote(FILE *, const char *, size_t);

#endif
