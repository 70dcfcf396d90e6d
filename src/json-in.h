/* json-in.h (prefix jr_): checked reading of members of JSON documents parsed by json-c (jr: JSON reader). */
#ifndef VSSEXPLAIN_JSON_IN_H
#define VSSEXPLAIN_JSON_IN_H

#include <stdint.h>

#include <json-c/json.h>

/* Member key of o if it has type t; NULL when o lacks it or it has another type. */
struct json_object	*jr_get(struct json_object *o, const char *key, enum json_type t);
/* The string member key of o, or NULL. */
const char		*jr_str(struct json_object *o, const char *key);
/* The non-negative whole-number member key of o; -1 when missing, wrong or negative. */
int64_t			 jr_count(struct json_object *o, const char *key);
/*
 * The whole-number member key of o, from min to max, into *n: 1 when it is
 * there, 0 when it is missing (*n unchanged), -1 when it is anything else (a
 * string, a fraction, 1e400 or 2e18 written as a float, a number beyond
 * int64 or out of range).
 */
int			 jr_int_range(struct json_object *o, const char *key, int64_t min,
			    int64_t max, int64_t *n);
/* A time written by tstamp_format (v may be NULL); TSTAMP_NONE for null or bad. */
int64_t			 jr_time(struct json_object *v);

#endif
