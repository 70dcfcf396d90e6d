/* code.h: 32-bit Windows status values: how they are written and how they are laid out. */
#ifndef VSSEXPLAIN_CODE_H
#define VSSEXPLAIN_CODE_H

#include <stddef.h>
#include <stdint.h>

#define CODE_SEVERITY(v)	((uint32_t)(v) >> 31)
#define CODE_FACILITY(v)	(((uint32_t)(v) >> 16) & 0x1fff)
#define CODE_LOW(v)		((uint32_t)(v) & 0xffff)
#define CODE_NT_BIT		0x10000000u
#define CODE_FAILED(v)		(CODE_SEVERITY(v) != 0)

/* How a number was written. */
enum code_form {
	CODE_HEX,		/* 0x800423F3, 0x800423F3L */
	CODE_BARE_HEX,		/* exactly 8 hex digits: 800423f3 */
	CODE_SIGNED,		/* -2147212301 */
	CODE_UNSIGNED		/* 2147754995, 5 */
};

/*
 * Parses a whole string as a code number: 0x and 1-8 hex digits with an
 * optional L suffix, exactly 8 hex digits, or a decimal in the signed or
 * unsigned 32-bit range.  Returns 0, or -1 when the string is none of these.
 */
int		code_parse(const char *, uint32_t *, enum code_form *);
/* HRESULT_FROM_WIN32. */
uint32_t	code_from_win32(uint32_t);
/* Sets *win32 and returns 1 when v is a FACILITY_WIN32 failure. */
int		code_win32_of(uint32_t v, uint32_t *win32);
/* Sets *nt and returns 1 when v is HRESULT_FROM_NT of an NTSTATUS. */
int		code_nt_of(uint32_t v, uint32_t *nt);

#endif
