/* json-in.c (prefix jr_): checked reading of members of JSON documents parsed by json-c. */
#include "config.h"

#include "json-in.h"
#include "tstamp.h"

struct json_object *
jr_get(struct json_object *o, const char *key, enum json_type t)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

const char *
jr_str(struct json_object *o, const char *key)
{
	struct json_object	*v = jr_get(o, key, json_type_string);

	return v != NULL ? json_object_get_string(v) : NULL;
}

int64_t
jr_count(struct json_object *o, const char *key)
{
	struct json_object	*v = jr_get(o, key, json_type_int);
	int64_t			 n;

	if (v == NULL)
		return -1;
	n = json_object_get_int64(v);
	return n < 0 ? -1 : n;
}

int
jr_int_range(struct json_object *o, const char *key, int64_t min, int64_t max, int64_t *n)
{
	struct json_object	*v;
	int64_t			 k;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	/* json-c makes numbers beyond int64 the nearest bound: out of range too */
	if (!json_object_is_type(v, json_type_int) ||
	    (k = json_object_get_int64(v)) < min || k > max)
		return -1;
	*n = k;
	return 1;
}

int64_t
jr_time(struct json_object *v)
{
	struct tstamp_opts	ts = { NULL, 0 };
	int64_t			t;

	if (v == NULL || !json_object_is_type(v, json_type_string) ||
	    tstamp_parse_user(json_object_get_string(v), &ts, &t) != 0)
		return TSTAMP_NONE;
	return t;
}
