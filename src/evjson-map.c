/* evjson-map.c: one parsed JSON event's members put into the fields the XML reader gives, for each shape (Winlogbeat, NXLog, Get-WinEvent, evtx_dump). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "arena.h"
#include "chars.h"
#include "event.h"
#include "evjson-map.h"
#include "xalloc.h"

/* Adds a field with the text t[0..len) (json-c's, alive while the object is). */
static struct jfield *
add_field(struct jevent *x, enum event_field_kind kind, const char *name, const char *t,
    size_t len)
{
	struct jfield	*f;

	if (x->nfields == x->fcap) {
		x->fcap = x->fcap ? x->fcap * 2 : 16;
		x->fields = xreallocarray(x->fields, x->fcap, sizeof *x->fields);
	}
	f = &x->fields[x->nfields++];
	f->kind = kind;
	f->index = kind == EVENT_DATA ? ++x->ndata : 0;
	f->name = name != NULL && name[0] != '\0' ? name : NULL;
	f->text = t != NULL ? t : "";
	f->len = t != NULL ? len : 0;
	f->aoff = EVJSON_NONE;
	f->key = name;
	return f;
}

/* Is v an array of numbers 0-255 (a byte[] as ConvertTo-Json writes it)? */
static int
byte_array(struct json_object *v)
{
	size_t	i, n;

	if (!json_object_is_type(v, json_type_array) || (n = json_object_array_length(v)) == 0)
		return 0;
	for (i = 0; i < n; i++) {
		struct json_object	*b = json_object_array_get_idx(v, i);
		int64_t			 k;

		if (!json_object_is_type(b, json_type_int) ||
		    (k = json_object_get_int64(b)) < 0 || k > 255)
			return 0;
	}
	return 1;
}

/* The text of a JSON value as a field holds it: strings as they are, bytes in hex. */
static void
value_field(struct jevent *x, enum event_field_kind kind, const char *name,
    struct json_object *v)
{
	struct json_object	*in;
	struct jfield		*f;
	const char		*t;
	size_t			 i, n;

	if (v == NULL || json_object_is_type(v, json_type_null)) {
		add_field(x, kind, name, "", 0);
		return;
	}
	if (json_object_is_type(v, json_type_object) &&
	    ((json_object_object_get_ex(v, "#text", &in) && !json_object_is_type(in,
	    json_type_object)) || json_object_object_get_ex(v, "Value", &in) ||
	    json_object_object_get_ex(v, "value", &in))) {
		value_field(x, kind, name, in);
		return;
	}
	if (byte_array(v)) {
		n = json_object_array_length(v);
		f = add_field(x, kind == EVENT_DATA ? EVENT_BINARY : kind, name, NULL, 0);
		if (kind == EVENT_DATA) {
			x->ndata--;
			f->index = 0;
		}
		f->aoff = arena_len(x->arena);
		for (i = 0; i < n; i++) {
			char	hex[3];

			snprintf(hex, sizeof hex, "%02X",
			    (unsigned)json_object_get_int64(json_object_array_get_idx(v, i)));
			arena_append(&x->arena, hex, 2);
		}
		f->len = 2 * n;
		arena_add(&x->arena, "", 0);
		return;
	}
	if (json_object_is_type(v, json_type_string)) {
		add_field(x, kind, name, json_object_get_string(v),
		    (size_t)json_object_get_string_len(v));
		return;
	}
	/* numbers and booleans as json-c writes them; containers as JSON text */
	t = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	add_field(x, kind, name, t, strlen(t));
}

/*
 * The member at a dotted path ("winlog.event_id"): nested objects, or the
 * dotted name as one key (pipelines that flatten).  NULL when missing.
 */
struct json_object *
evjson_member(struct json_object *o, const char *path)
{
	struct json_object	*v;
	const char		*dot;
	char			 head[64];

	if (o == NULL || !json_object_is_type(o, json_type_object))
		return NULL;
	if (json_object_object_get_ex(o, path, &v))
		return v;
	if ((dot = strchr(path, '.')) == NULL || (size_t)(dot - path) >= sizeof head)
		return NULL;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	if (!json_object_object_get_ex(o, head, &v))
		return NULL;
	return evjson_member(v, dot + 1);
}

/* A string member (or a number, as text), or NULL. */
static const char *
get_str(struct json_object *o, const char *path)
{
	struct json_object	*v = evjson_member(o, path);

	if (v == NULL || json_object_is_type(v, json_type_null) ||
	    json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
		return NULL;
	return json_object_get_string(v);
}

/* A whole number member, written as a number or a string; -1 when missing or not one. */
static long long
get_num(struct json_object *o, const char *path)
{
	struct json_object	*v = evjson_member(o, path);
	const char		*s;
	char			*end;
	long long		 n;

	if (v != NULL && json_object_is_type(v, json_type_object))
		v = evjson_member(v, "#text");	/* evtx_dump: {"#attributes": ..., "#text": 8193} */
	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int))
		return (long long)json_object_get_int64(v);
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	n = strtoll(s, &end, 10);
	return end == s || *end != '\0' ? -1 : n;
}

/* A level written as a name ("Error", "ERROR", "warning"), or a number; -1 if not known. */
static int
level_of(struct json_object *v)
{
	static const struct {
		const char	*name;
		int		 level;
	} names[] = {
		{ "critical", 1 }, { "error", 2 }, { "warning", 3 }, { "information", 4 },
		{ "info", 4 }, { "verbose", 5 }, { "audit_success", 0 }, { "audit_failure", 0 },
	};
	const char	*s;
	size_t		 i;

	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int))
		return (int)json_object_get_int64(v);
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].level;
	}
	return s[0] >= '0' && s[0] <= '9' ? atoi(s) : -1;
}

/* Reads a time: ISO 8601, or .NET's /Date(ms)/ as Windows PowerShell writes it. */
static void
time_of(struct json_object *v, struct event *ev)
{
	const char	*s;
	long long	 ms;

	ev->time = TSTAMP_NONE;
	ev->nsec = 0;
	if (v != NULL && json_object_is_type(v, json_type_object))
		v = evjson_member(v, "value") != NULL ? evjson_member(v, "value") : evjson_member(v, "DateTime");
	if (v == NULL || !json_object_is_type(v, json_type_string))
		return;
	s = json_object_get_string(v);
	if (sscanf(s, "/Date(%lld", &ms) == 1) {
		ev->time = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
		ev->nsec = (long)(ms - ev->time * 1000) * 1000000;
		return;
	}
	event_parse_time(s, &ev->time, &ev->nsec);
}

/* Is the key the "paramN" of an unnamed insertion string?  Returns N, or 0. */
static int
param_index(const char *key)
{
	char	*end;
	long	 n;

	if (strncmp(key, "param", 5) != 0 || key[5] < '1' || key[5] > '9')
		return 0;
	n = strtol(key + 5, &end, 10);
	return *end == '\0' && n < 10000 ? (int)n : 0;
}

/* The members of an EventData object: named insertion strings, paramN, binary data. */
static void
data_members(struct jevent *x, struct json_object *o)
{
	struct json_object_iterator	 it, end;
	int				 n;

	if (o == NULL)
		return;
	if (json_object_is_type(o, json_type_array)) {
		size_t	i;

		for (i = 0; i < json_object_array_length(o); i++)
			value_field(x, EVENT_DATA, NULL, json_object_array_get_idx(o, i));
		return;
	}
	if (!json_object_is_type(o, json_type_object)) {
		value_field(x, EVENT_DATA, NULL, o);
		return;
	}
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char		*key = json_object_iter_peek_name(&it);
		struct json_object	*v = json_object_iter_peek_value(&it);

		if (strcmp(key, "#attributes") == 0)
			continue;
		if (strcmp(key, "Binary") == 0) {
			value_field(x, EVENT_BINARY, NULL, v);
			x->fields[x->nfields - 1].key = key;
		} else if (strcmp(key, "Data") == 0 || strcmp(key, "#text") == 0) {
			/* evtx_dump: unnamed <Data>, one or a list, maybe with names inside */
			if (json_object_is_type(v, json_type_object) && evjson_member(v, "#text") != NULL &&
			    get_str(v, "#attributes.Name") == NULL)
				data_members(x, evjson_member(v, "#text"));
			else if (json_object_is_type(v, json_type_array)) {
				size_t	i;

				for (i = 0; i < json_object_array_length(v); i++) {
					struct json_object	*e = json_object_array_get_idx(v, i);

					value_field(x, EVENT_DATA, get_str(e, "#attributes.Name"), e);
				}
			} else
				value_field(x, EVENT_DATA, get_str(v, "#attributes.Name"), v);
		} else if ((n = param_index(key)) > 0) {
			value_field(x, EVENT_DATA, NULL, v);
			x->fields[x->nfields - 1].index = n;
		} else
			value_field(x, EVENT_DATA, key, v);
	}
}

/* The leaves of a UserData object, each a field named by its key. */
static void
user_members(struct jevent *x, struct json_object *o, const char *name, int depth)
{
	struct json_object_iterator	it, end;

	if (o == NULL || depth > 8)
		return;
	if (json_object_is_type(o, json_type_array)) {
		size_t	i;

		for (i = 0; i < json_object_array_length(o); i++)
			user_members(x, json_object_array_get_idx(o, i), name, depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object)) {
		value_field(x, EVENT_USERDATA, name, o);
		return;
	}
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char	*key = json_object_iter_peek_name(&it);

		if (strcmp(key, "#attributes") != 0)
			user_members(x, json_object_iter_peek_value(&it),
			    strcmp(key, "#text") == 0 ? name : key, depth + 1);
	}
}

/* A message field, after the insertion strings as in an XML export. */
static void
message(struct jevent *x, struct json_object *v)
{
	if (v != NULL && json_object_is_type(v, json_type_string) &&
	    json_object_get_string_len(v) > 0)
		value_field(x, EVENT_MESSAGE, NULL, v);
}

/*
 * A member of Winlogbeat's winlog object: nested, written flat
 * ("winlog.event_id"), or at the top as Winlogbeat 5 and 6 wrote it.
 */
static struct json_object *
wget(struct json_object *o, const char *name)
{
	struct json_object	*v;
	char			 path[64];

	snprintf(path, sizeof path, "winlog.%s", name);
	if ((v = evjson_member(o, path)) != NULL)
		return v;
	return evjson_member(o, name);
}

/* The string (or number, as text) of a winlog member, or NULL. */
static const char *
wstr(struct json_object *o, const char *name)
{
	struct json_object	*v = wget(o, name);

	if (v == NULL || json_object_is_type(v, json_type_null) ||
	    json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
		return NULL;
	return json_object_get_string(v);
}

/* A whole number winlog member, written as a number or a string; -1 when there is none. */
static long long
wnum(struct json_object *o, const char *name)
{
	char	path[64];

	snprintf(path, sizeof path, "winlog.%s", name);
	return evjson_member(o, path) != NULL ? get_num(o, path) : get_num(o, name);
}

/* Winlogbeat 7 and later (ECS), and 5 and 6 (the same names at the top). */
static void
fill_winlogbeat(struct jevent *x, struct json_object *o, struct event *ev)
{
	ev->provider = wstr(o, "provider_name");
	if (ev->provider == NULL)
		ev->provider = wstr(o, "source_name");
	ev->event_id = (long)wnum(o, "event_id");
	if (ev->event_id < 0)
		ev->event_id = (long)get_num(o, "event.code");
	ev->record_id = wnum(o, "record_id");
	if (ev->record_id < 0)
		ev->record_id = wnum(o, "record_number");
	ev->channel = wstr(o, "channel");
	if (ev->channel == NULL)
		ev->channel = wstr(o, "log_name");
	ev->computer = wstr(o, "computer_name");
	if (ev->computer == NULL)
		ev->computer = get_str(o, "host.name");
	ev->level = level_of(evjson_member(o, "log.level"));
	if (ev->level < 0)
		ev->level = level_of(wget(o, "level"));
	time_of(evjson_member(o, "@timestamp"), ev);
	data_members(x, wget(o, "event_data"));
	user_members(x, wget(o, "user_data"), NULL, 0);
	message(x, evjson_member(o, "message"));
}

/* NXLog's names for the System values, and what its modules add: not insertion strings. */
static const char *const	nxlog_system[] = {
	"EventTime", "Hostname", "Keywords", "EventType", "SeverityValue", "Severity",
	"EventID", "SourceName", "ProviderName", "ProviderGuid", "Version", "Task", "TaskValue",
	"OpcodeValue", "Opcode", "RecordNumber", "ActivityID", "RelatedActivityID",
	"ProcessID", "ThreadID", "Channel", "Domain", "AccountName", "UserID", "AccountType",
	"Category", "EventReceivedTime", "SourceModuleName", "SourceModuleType", "Message",
	"EventData", "UserData", "Qualifiers", "Level", "EventXML", "MessageSourceAddress",
	"ERROR_EVT_UNRESOLVED",
};

/* NXLog's im_msvistalog (or im_mseventlog) written with to_json(). */
static void
fill_nxlog(struct jevent *x, struct json_object *o, struct event *ev)
{
	struct json_object_iterator	 it, end;
	size_t				 i;

	ev->provider = get_str(o, "ProviderName");
	if (ev->provider == NULL)
		ev->provider = get_str(o, "SourceName");
	ev->event_id = (long)get_num(o, "EventID");
	ev->qualifiers = (long)get_num(o, "Qualifiers");
	ev->record_id = get_num(o, "RecordNumber");
	ev->channel = get_str(o, "Channel");
	ev->computer = get_str(o, "Hostname");
	ev->level = level_of(evjson_member(o, "EventType"));
	time_of(evjson_member(o, "EventTime"), ev);
	data_members(x, evjson_member(o, "EventData"));
	user_members(x, evjson_member(o, "UserData"), NULL, 0);
	/* the named insertion strings stand among the other fields */
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char	*key = json_object_iter_peek_name(&it);

		for (i = 0; i < sizeof nxlog_system / sizeof nxlog_system[0]; i++) {
			if (strcmp(key, nxlog_system[i]) == 0)
				break;
		}
		if (i == sizeof nxlog_system / sizeof nxlog_system[0] && key[0] != '@') {
			struct json_object	*v = json_object_iter_peek_value(&it);
			int			 n = param_index(key);

			value_field(x, strcmp(key, "Binary") == 0 ? EVENT_BINARY : EVENT_DATA,
			    n > 0 ? NULL : key, v);
			if (n > 0)
				x->fields[x->nfields - 1].index = n;
			x->fields[x->nfields - 1].key = key;
		}
	}
	message(x, evjson_member(o, "Message"));
}

/* Get-WinEvent | ConvertTo-Json: an EventLogRecord's properties. */
static void
fill_winevent(struct jevent *x, struct json_object *o, struct event *ev)
{
	struct json_object	*p = evjson_member(o, "Properties");

	ev->provider = get_str(o, "ProviderName");
	ev->event_id = (long)get_num(o, "Id");
	ev->qualifiers = (long)get_num(o, "Qualifiers");
	ev->record_id = get_num(o, "RecordId");
	ev->channel = get_str(o, "LogName");
	ev->computer = get_str(o, "MachineName");
	ev->level = level_of(evjson_member(o, "Level"));
	time_of(evjson_member(o, "TimeCreated"), ev);
	if (p != NULL && json_object_is_type(p, json_type_array)) {
		size_t	i;

		for (i = 0; i < json_object_array_length(p); i++)
			value_field(x, EVENT_DATA, NULL, json_object_array_get_idx(p, i));
	} else if (p != NULL)
		value_field(x, EVENT_DATA, NULL, p);
	message(x, evjson_member(o, "Message"));
}

/* evtx_dump's JSON (the evtx crate): the XML event with #attributes and #text. */
static void
fill_evtxdump(struct jevent *x, struct json_object *o, struct event *ev)
{
	struct json_object	*e = evjson_member(o, "Event"), *s = evjson_member(e, "System");

	ev->provider = get_str(s, "Provider.#attributes.Name");
	ev->source = get_str(s, "Provider.#attributes.EventSourceName");
	ev->event_id = (long)get_num(s, "EventID");
	ev->qualifiers = (long)get_num(s, "EventID.#attributes.Qualifiers");
	ev->record_id = get_num(s, "EventRecordID");
	ev->channel = get_str(s, "Channel");
	ev->computer = get_str(s, "Computer");
	ev->level = (int)get_num(s, "Level");
	time_of(evjson_member(s, "TimeCreated.#attributes.SystemTime"), ev);
	data_members(x, evjson_member(e, "EventData"));
	user_members(x, evjson_member(e, "UserData"), NULL, 0);
	message(x, evjson_member(e, "RenderingInfo.Message"));
}

/* The shape of an object, or -1 when it is no event. */
int
evjson_shape_of(struct json_object *o)
{
	if (evjson_member(o, "Event.System") != NULL)
		return SHAPE_EVTXDUMP;
	if (evjson_member(o, "winlog") != NULL || evjson_member(o, "winlog.provider_name") != NULL ||
	    (evjson_member(o, "event_id") != NULL && (evjson_member(o, "source_name") != NULL ||
	    evjson_member(o, "log_name") != NULL)))
		return SHAPE_WINLOGBEAT;
	if (evjson_member(o, "Id") != NULL && (evjson_member(o, "ProviderName") != NULL ||
	    evjson_member(o, "LogName") != NULL))
		return SHAPE_WINEVENT;
	if (evjson_member(o, "EventID") != NULL && (evjson_member(o, "SourceName") != NULL ||
	    evjson_member(o, "ProviderName") != NULL || evjson_member(o, "Channel") != NULL))
		return SHAPE_NXLOG;
	return -1;
}

void
evjson_fill(struct jevent *x, struct json_object *o, int shape, struct event *ev)
{
	x->nfields = 0;
	arena_clear(x->arena);
	x->ndata = 0;
	switch (shape) {
	case SHAPE_WINLOGBEAT:
		fill_winlogbeat(x, o, ev);
		break;
	case SHAPE_NXLOG:
		fill_nxlog(x, o, ev);
		break;
	case SHAPE_WINEVENT:
		fill_winevent(x, o, ev);
		break;
	default:
		fill_evtxdump(x, o, ev);
		break;
	}
}

void
evjson_jevent_free(struct jevent *x)
{
	free(x->fields);
	free(x->arena);
}
