/* merge.c: reads the JSON reports of other runs back into a report: their inputs, codes and retry chains. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "code.h"
#include "json-in.h"
#include "merge.h"
#include "xalloc.h"

/* The most findings a merged report may claim for one code, chain or host. */
#define COUNT_MAX	((long)1 << 40)
/* The most bytes, lines or events of one input: 4 EiB, past any real file. */
#define INPUT_MAX	((int64_t)1 << 62)
/* The longest retry window a report may state, in minutes (about 190 years). */
#define WINDOW_MAX	100000000

/*
 * The number key of o, which must be a whole number from min to max (written
 * as one, not as a float: 1e400 and 2^62 written 4.6e18 are refused), or
 * missing (0).  Returns 0, or -1 with *err naming where it stands in the
 * report (path, a JSON path) and what it should be.
 */
static int
merge_number(struct json_object *o, const char *path, const char *key, int64_t min,
    int64_t max, int64_t *n, char **err)
{
	struct json_object	*v = NULL;

	*n = 0;
	if (jr_int_range(o, key, min, max, n) >= 0)
		return 0;
	json_object_object_get_ex(o, key, &v);
	*err = xasprintf("%s%s%s: %.40s is not a whole number from %lld to %lld", path,
	    *path != '\0' ? "." : "", key,
	    json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), (long long)min,
	    (long long)max);
	return -1;
}

/* A count of findings (key of o): from 0 to COUNT_MAX, 0 when missing; -1 with *err. */
static long
merge_count(struct json_object *o, const char *path, const char *key, char **err)
{
	int64_t	n;

	return merge_number(o, path, key, 0, COUNT_MAX, &n, err) == 0 ? (long)n : -1;
}

/* Adds the strings of the array key of o (if any) to a list of cell c. */
static void
merge_list(struct report *r, struct cell *c, enum report_set which, struct json_object *o,
    const char *key)
{
	struct json_object	*arr;
	size_t			 k;

	if ((arr = jr_get(o, key, json_type_array)) == NULL)
		return;
	for (k = 0; k < json_object_array_length(arr); k++)
		report_cell_add(r, c, which, json_object_get_string(
		    json_object_array_get_idx(arr, k)));
}

/* Adds the retry chains of one code; its lists go to the first chain. */
static int
merge_chains(struct report *r, struct json_object *code, struct json_object *chains,
    const char *path, const char *hex, uint32_t value, char **err)
{
	size_t	i, k;
	char	*where;

	for (i = 0; i < json_object_array_length(chains); i++) {
		struct json_object		*ch = json_object_array_get_idx(chains, i);
		const struct db_guidance	*cls;
		struct cell			*c;
		struct json_object		*times;
		const char			*cid = jr_str(ch, "class");
		long				 before, u, more;

		cls = cid != NULL ? db_guidance_find(report_db(r), cid) : NULL;
		if (cls == NULL || cls->wait_minutes < 0) {
			*err = xasprintf("code %s: a retry chain of unknown class '%s'",
			    hex, cid ? cid : "");
			return -1;
		}
		c = report_cell(r, cls, value, jr_str(ch, "host"), jr_str(ch, "writer"));
		before = c->count;
		report_cell_add(r, c, REPORT_WRITERS, jr_str(ch, "writer"));
		if ((times = jr_get(ch, "failures", json_type_array)) != NULL) {
			for (k = 0; k < json_object_array_length(times); k++)
				report_cell_failure(c, jr_time(json_object_array_get_idx(times, k)));
		}
		where = xasprintf("%s.retry_chains[%zu]", path, i);
		u = merge_count(ch, where, "untimed_failures", err);
		free(where);
		if (u < 0 || (more = merge_count(code, path, "more_sources", err)) < 0)
			return -1;
		report_cell_untimed(c, u);
		report_cell_host(c, jr_str(ch, "host"), c->count - before);
		if (i == 0) {
			merge_list(r, c, REPORT_METHODS, code, "methods");
			merge_list(r, c, REPORT_SOURCES, code, "sources");
			report_cell_more(c, more);
		}
	}
	return 0;
}

/* Adds one code object of a report (at path), under group (or its chains' own classes). */
static int
merge_code(struct report *r, const struct db_guidance *group, struct json_object *code,
    const char *path, char **err)
{
	struct json_object	*chains, *arr, *hc;
	struct cell		*c;
	const char		*hex = jr_str(code, "code");
	uint32_t		 value;
	enum code_form		 form;
	size_t			 k;
	long			 n, more;
	char			*where;

	if (hex == NULL || code_parse(hex, &value, &form) != 0) {
		*err = xasprintf("%s: a code without a valid \"code\"", path);
		return -1;
	}
	if ((chains = jr_get(code, "retry_chains", json_type_array)) != NULL)
		return merge_chains(r, code, chains, path, hex, value, err);
	if ((n = merge_count(code, path, "count", err)) < 0 ||
	    (more = merge_count(code, path, "more_sources", err)) < 0)
		return -1;
	/*
	 * The findings per host come from "host_counts"; a report without
	 * them tells them only when the code was seen on one host.
	 */
	hc = jr_get(code, "host_counts", json_type_object);
	if (hc != NULL) {
		where = xasprintf("%s.host_counts", path);
		json_object_object_foreach(hc, key, val) {
			(void)val;
			if (merge_count(hc, where, key, err) < 0) {
				free(where);
				return -1;
			}
		}
		free(where);
	}
	c = report_cell(r, group, value, NULL, NULL);
	report_cell_seen(c, n, jr_time(jr_get(code, "first_seen", json_type_string)),
	    jr_time(jr_get(code, "last_seen", json_type_string)));
	if ((arr = jr_get(code, "hosts", json_type_array)) != NULL)
		for (k = 0; k < json_object_array_length(arr); k++) {
			const char	*h = json_object_get_string(
			    json_object_array_get_idx(arr, k));
			int64_t		 hn = hc != NULL && h != NULL ? jr_count(hc, h) : -1;

			report_cell_host(c, h, hc != NULL ? (hn > 0 ? hn : 0) :
			    json_object_array_length(arr) == 1 ? n : 0);
		}
	merge_list(r, c, REPORT_WRITERS, code, "writers");
	merge_list(r, c, REPORT_METHODS, code, "methods");
	merge_list(r, c, REPORT_SOURCES, code, "sources");
	report_cell_more(c, more);
	return 0;
}

/* Parses the JSON document in the file at path; NULL with *err set when it is not one. */
static struct json_object *
read_json(const char *path, char **err)
{
	struct json_object	*doc = NULL;
	enum json_tokener_error	 jerr;
	struct json_tokener	*tok;
	FILE			*f;
	char			 buf[65536];
	size_t			 n;

	if ((f = fopen(path, "r")) == NULL) {
		*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	tok = json_tokener_new();
	do {
		n = fread(buf, 1, sizeof buf, f);
		doc = json_tokener_parse_ex(tok, buf, (int)n);
		jerr = json_tokener_get_error(tok);
	} while (jerr == json_tokener_continue && n > 0);
	if (ferror(f))
		*err = xasprintf("%s: read error", path);
	else if (doc == NULL || jerr != json_tokener_success)
		*err = xasprintf("%s: not JSON (%s at byte %zu)", path,
		    jerr == json_tokener_continue ? "unexpected end" :
		    json_tokener_error_desc(jerr), (size_t)json_tokener_get_parse_end(tok));
	fclose(f);
	json_tokener_free(tok);
	if (*err != NULL) {
		json_object_put(doc);
		return NULL;
	}
	return doc;
}

/* Adds the inputs listed in a report; -1 with *err when a number is out of range (none added). */
static int
merge_inputs(struct report *r, struct json_object *inputs, char **err)
{
	static const char	*keys[] = { "bytes", "lines", "events", "errors" };
	struct report_input	 ri;
	int64_t			 n[4];
	size_t			 i, k;
	char			*where;

	for (i = 0; i < json_object_array_length(inputs); i++) {
		where = xasprintf("inputs[%zu]", i);
		for (k = 0; k < 4; k++) {
			if (merge_number(json_object_array_get_idx(inputs, i), where, keys[k], 0,
			    k < 3 ? INPUT_MAX : INT_MAX, &n[k], err) != 0) {
				free(where);
				return -1;
			}
		}
		free(where);
	}
	for (i = 0; i < json_object_array_length(inputs); i++) {
		struct json_object	*in = json_object_array_get_idx(inputs, i);

		for (k = 0; k < 4; k++)
			(void)merge_number(in, "", keys[k], 0, INT64_MAX, &n[k], err);
		memset(&ri, 0, sizeof ri);
		ri.path = jr_str(in, "path") ? jr_str(in, "path") : "?";
		ri.kind = jr_str(in, "kind");
		ri.bytes = (uint64_t)n[0];
		ri.lines = (uint64_t)n[1];
		ri.events = (uint64_t)n[2];
		ri.errors = (int)n[3];
		report_input(r, &ri);
	}
	return 0;
}

int
merge_file(struct report *r, const char *path, char **err)
{
	struct json_object	*doc, *v, *groups, *inputs;
	size_t			 i, k;
	int64_t			 window;
	int			 status = -1;
	char			*why = NULL, *where;

	if ((doc = read_json(path, err)) == NULL)
		return -1;
	if ((v = jr_get(doc, "schema_version", json_type_int)) == NULL ||
	    json_object_get_int(v) != REPORT_SCHEMA_VERSION ||
	    (groups = jr_get(doc, "groups", json_type_array)) == NULL) {
		*err = xasprintf("%s: not a vssexplain JSON report of schema version %d", path,
		    REPORT_SCHEMA_VERSION);
		goto out;
	}
	if (merge_number(doc, "", "retry_window_minutes", 0, WINDOW_MAX, &window, &why) != 0 ||
	    ((inputs = jr_get(doc, "inputs", json_type_array)) != NULL &&
	    merge_inputs(r, inputs, &why) != 0)) {
		*err = xasprintf("%s: %s", path, why);
		free(why);
		goto out;
	}
	for (i = 0; i < json_object_array_length(groups); i++) {
		struct json_object		*g = json_object_array_get_idx(groups, i), *codes;
		const char			*id = jr_str(g, "guidance");
		const struct db_guidance	*cls = id ? db_guidance_find(report_db(r), id) : NULL;

		if (cls == NULL || (codes = jr_get(g, "codes", json_type_array)) == NULL) {
			*err = xasprintf("%s: group %zu: unknown guidance class '%s'", path, i,
			    id ? id : "");
			goto out;
		}
		for (k = 0; k < json_object_array_length(codes); k++) {
			where = xasprintf("groups[%zu].codes[%zu]", i, k);
			if (merge_code(r, cls, json_object_array_get_idx(codes, k), where,
			    &why) != 0) {
				*err = xasprintf("%s: %s", path, why);
				free(why);
				free(where);
				goto out;
			}
			free(where);
		}
	}
	status = 0;
out:
	json_object_put(doc);
	return status;
}
