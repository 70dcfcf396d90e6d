/* chars.h: byte classes and hex digits, shared by the text and event readers and the code parser. */
#ifndef VSSEXPLAIN_CHARS_H
#define VSSEXPLAIN_CHARS_H

static inline int
chars_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
chars_is_hex(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static inline int
chars_is_alnum(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A byte of an identifier: letter, digit or underscore. */
static inline int
chars_is_word(int c)
{
	return chars_is_alnum(c) || c == '_';
}

/* XML white space: space, tab, CR, LF. */
static inline int
chars_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A byte of an XML name (non-ASCII bytes: let the parser judge). */
static inline int
chars_is_xml_name(int c)
{
	return chars_is_word(c) || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

/* Can an XML name start with byte c (non-ASCII bytes: let the parser judge)? */
static inline int
chars_is_xml_name_start(int c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

/* The value of hex digit c, or -1. */
static inline int
chars_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

#endif
