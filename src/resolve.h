/* resolve.h: everything the database knows about one code value. */
#ifndef VSSEXPLAIN_RESOLVE_H
#define VSSEXPLAIN_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define RESOLVE_MAX_NAMES	16

/* The answer for one value; it points into the database. */
struct resolved {
	uint32_t			 value;
	const struct db_name		*names[RESOLVE_MAX_NAMES];
	int				 nnames;	/* names of the value itself */
	int				 has_win32;	/* a 0x8007xxxx HRESULT */
	uint32_t			 win32;
	const struct db_name		*win32_names[RESOLVE_MAX_NAMES];
	int				 nwin32;
	int				 has_nt;	/* HRESULT_FROM_NT */
	uint32_t			 nt;
	const struct db_name		*nt_names[RESOLVE_MAX_NAMES];
	int				 nnt;
	const struct db_name		*facility;	/* its name, or NULL */
	const struct db_code		*code;		/* describing entry, or NULL */
	const struct db_return		*method_return;	/* when a method was given */
	const struct db_guidance	*guidance;
	int				 known;		/* a name or an entry */
	int				 win32_first;	/* found as a Win32 number: its Win32 name first */
};

/* Resolves v; method may be NULL.  Never fails. */
void		 resolve(const struct db *, uint32_t v, const struct db_method *method,
		    struct resolved *);
/*
 * The parts of a resolution in use when its lists hold nn[0..2] names: the
 * byte spans [from[i], to[i]) of struct resolved, the unused ends of the
 * three lists left out.  Nothing reads a list past its count.
 */
void		 resolved_parts(const int nn[3], size_t from[4], size_t to[4]);
/* Copies the parts of src in use into dst: some 100 bytes, not 450. */
void		 resolved_copy(struct resolved *dst, const struct resolved *src);
/*
 * Do a and b say the same: every field in use (a Win32 or NTSTATUS value
 * only where the resolution has one, the lists up to their counts)?
 */
int		 resolved_same(const struct resolved *a, const struct resolved *b);
/* The name to show first, or NULL. */
const char	*resolved_name(const struct resolved *);
/* The name's namespace label, or NULL. */
const char	*resolved_ns(const struct resolved *);

#endif
