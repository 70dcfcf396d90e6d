/* evjson-map.h: one parsed JSON event's members as the fields the XML reader gives (evjson-map.c), for the JSON reader (evjson.c). */
#ifndef VSSEXPLAIN_EVJSON_MAP_H
#define VSSEXPLAIN_EVJSON_MAP_H

#include <stddef.h>

#include "event.h"

struct arena;
struct json_object;

/* The shapes of events known. */
enum evjson_shape {
	SHAPE_WINLOGBEAT,
	SHAPE_NXLOG,
	SHAPE_WINEVENT,
	SHAPE_EVTXDUMP,
	SHAPE_COUNT
};

#define EVJSON_NONE	((size_t)-1)

/* A field of the event being filled; text in the arena when aoff is not EVJSON_NONE. */
struct jfield {
	enum event_field_kind	 kind;
	int			 index;
	const char		*name;
	const char		*text;		/* json-c's, alive while the object is */
	size_t			 len, aoff;
	const char		*key;		/* its key as written, to place binary data */
};

/* The fields of the event being filled, and the arena their copied texts live in; reused. */
struct jevent {
	struct jfield		*fields;
	size_t			 nfields, fcap;
	struct arena		*arena;
	int			 ndata;
};

/* The shape of an object, or -1 when it is no event. */
int			 evjson_shape_of(struct json_object *);
/* Fills ev's system values and x's fields from the object o of that shape. */
void			 evjson_fill(struct jevent *x, struct json_object *o, int shape,
			    struct event *ev);
void			 evjson_jevent_free(struct jevent *);
/* The member at a dotted path ("winlog.event_data"), or NULL. */
struct json_object	*evjson_member(struct json_object *, const char *path);

#endif
