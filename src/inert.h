/* inert.h: text taken from logs, made safe to print: no control character, no invalid UTF-8. */
#ifndef VSSEXPLAIN_INERT_H
#define VSSEXPLAIN_INERT_H

#include <stddef.h>
#include <stdio.h>

#define INERT_TAB	1	/* let TAB stand as it is */

/* The most bytes inert_copy writes for n bytes of input (and its NUL). */
#define INERT_MAX(n)	(6 * (n) + 1)

/*
 * Copies s[0..n) to out (INERT_MAX(n) bytes) with every C0 control
 * character (TAB too, unless INERT_TAB), DEL and every byte that is not part
 * of valid UTF-8 written as \xNN, and the C1 controls (U+0080 to U+009F) as
 * \u00NN; everything else as it is.  Returns the length written (out is
 * NUL-terminated).
 */
/* The length of the valid UTF-8 sequence at s[0..n) (1 for ASCII, up to 4), or 0. */
size_t	inert_utf8_len(const unsigned char *s, size_t n);
size_t	inert_copy(char *out, const char *s, size_t n, int flags);
/* inert_copy of the string s (NULL: "") into a new string, the caller's. */
char	*inert_dup(const char *s, int flags);

/*
 * Standard error: every message that may hold text from an input (a file
 * name, a writer, a line of a rules file) goes out through these, escaped
 * as inert_copy does, so that no input can move the cursor, set a title or
 * forge a message line of its own.
 */
/* Writes "vssexplain: MESSAGE" and a newline. */
void	inert_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same to another stream (a caller's error stream). */
void	inert_fwarn(FILE *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes text of lines that each say where they come from, each line escaped. */
void	inert_warn_lines(const char *text);

#endif
