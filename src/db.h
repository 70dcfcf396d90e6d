/* db.h: the error database loaded from the rules/ directories. */
#ifndef VSSEXPLAIN_DB_H
#define VSSEXPLAIN_DB_H

#include <stddef.h>
#include <stdint.h>

/* Namespaces of symbolic names, in the order a value's names are shown. */
enum db_ns {
	DB_NS_VSS,
	DB_NS_HRESULT,
	DB_NS_WSB,
	DB_NS_FSRVP,
	DB_NS_VDS,
	DB_NS_VDI,	/* SQL Server virtual device interface, VD_E_* */
	DB_NS_NTSTATUS,
	DB_NS_WIN32,
	DB_NS_FACILITY,
	DB_NS_COUNT
};

/* Classes the program itself refers to; the rules must define them. */
#define DB_REQUIRED_CLASSES "exhausted", "investigate", "unknown", "info"

struct db_guidance {
	const char	*id;
	const char	*title;
	const char	*advice;
	int		 order;
	int		 wait_minutes;	/* -1: the class has no retry policy */
	int		 max_retries;
};

struct db_code;

struct db_name {
	const char		*name;
	enum db_ns		 ns;
	uint32_t		 value;
	const struct db_code	*code;	/* its [code] entry, or NULL */
};

struct db_code {
	uint32_t			 value;
	const struct db_name		*name;	/* NULL for a [code VALUE] entry */
	const char			*title;
	const char			*description;
	const char			*note;
	const struct db_guidance	*guidance;	/* NULL: the default */
};

struct db_return {
	const struct db_name		*name;
	const char			*meaning;
	const struct db_guidance	*guidance;	/* override, or NULL */
};

struct db_method {
	const char		*name;		/* as written, maybe Interface::Method */
	const char		*bare;		/* the part after "::" */
	const char		*summary;
	struct db_return	*returns;
	size_t			 nreturns;
};

struct db_dispute {
	uint32_t	 value;
	const char	*claim;
	const char	*explanation;
	const char	*claimed_name;	/* or NULL */
	int		 verdict;	/* 1 true, 0 false */
};

struct match_re;

/* A regular expression of the extraction knowledge, run on lines that hold a literal. */
struct db_pattern {
	const char		*id;
	const char		*literal;	/* alternatives separated by '|' */
	const char		*regex;
	const struct match_re	*re;
	int			 caseless;
	int			 scope;		/* DB_SCOPE_* */
	int			 vouch;		/* context = record: a win32 finding needs a VSS word */
	int			 digit_within;	/* tried only with a digit this near the literal; 0: always */
};

#define DB_SCOPE_CONTEXT	0	/* run on lines that already hold a code */
#define DB_SCOPE_LINE_START	1	/* run on lines that start with the literal */
#define DB_SCOPE_ANYWHERE	2	/* run wherever the literal occurs */
#define DB_SCOPE_TRIGGER	3	/* run on the line wherever the literal's rare byte and it occur */
#define DB_SCOPE_INDENTED	4	/* run on indented lines whose text starts with the literal */

/* A phrase that stands for a code, e.g. vssadmin's "Retryable error". */
struct db_phrase {
	const char		*text;
	const struct db_name	*name;
};

/* How an event field writes its code: [event] field.N = FORM. */
enum db_field_form {
	DB_FIELD_CODE,		/* hex, bare hex, or a signed or unsigned decimal */
	DB_FIELD_WIN32		/* a decimal Win32 error number: "with status 1376" */
};

/* A field of an event that holds a code: the Nth insertion string, or a named one. */
struct db_event_field {
	int			 index;		/* 1 for the first <Data>; 0 when named */
	const char		*name;		/* <Data Name="...">, or NULL */
	enum db_field_form	 form;
};

#define DB_EVENT_ANY		(-1L)	/* the id "*": every event of a provider */
#define DB_BINARY_TEXT		0	/* <Binary> is read when it holds text */
#define DB_BINARY_IO_PACKET	1	/* <Binary> is an IO_ERROR_LOG_PACKET */

/*
 * What the rules know about one event of one provider.  An event that is a
 * failure by itself (failure set) is reported with its own code entry, whose
 * title, description and guidance come from the [event] section.
 */
struct db_event {
	const char			*provider;
	long				 id;		/* or DB_EVENT_ANY */
	const char			*title;
	int				 failure;
	struct db_code			 code;		/* valid when failure is set */
	const struct db_event_field	*fields;	/* fields that hold codes */
	size_t				 nfields;
	int				 binary;	/* DB_BINARY_*, -1 when not given */
	int				 writer_index;	/* the field naming the writer, or 0 */
	const char			*writer_name;	/* or by name, or NULL */
	int				 related;	/* 0: related = no (provider-wide) */
};

/* What the [event] sections say about a provider. */
#define DB_PROVIDER_NONE	0	/* nothing: its events count when about VSS */
#define DB_PROVIDER_VSS		1	/* its events are about VSS */
#define DB_PROVIDER_OTHER	2	/* related = no: its events never count */

struct db;

/*
 * Loads every *.rules file of each directory in turn; a missing directory is
 * skipped when optional[i] is set.  On failure returns NULL and sets *err to
 * the caller's string of "file:line: problem" lines.
 */
struct db	*db_load(const char *const *dirs, const int *optional, size_t ndirs,
		    char **err);
/*
 * The same, through the cache of compiled rules (db-cache.c) while every
 * rules file is unchanged; the cache is written after a load without problems.
 */
struct db	*db_load_cached(const char *const *dirs, const int *optional, size_t ndirs,
		    char **err);
void		 db_free(struct db *);

const char	*db_ns_id(enum db_ns);
const char	*db_ns_label(enum db_ns);

const struct db_name	*db_name_find(const struct db *, const char *);
/* Names of a value in one namespace: sets *out to an array of *count entries. */
size_t			 db_names_of(const struct db *, enum db_ns, uint32_t,
			    const struct db_name *const **out);
const struct db_code	*db_value_code(const struct db *, uint32_t);
/* Every name of a namespace, sorted by value. */
const struct db_name *const *db_names_all(const struct db *, enum db_ns, size_t *);
/* Every [code VALUE] entry. */
size_t			 db_value_codes(const struct db *, const struct db_code ***);
const struct db_guidance *db_guidance_find(const struct db *, const char *);
/* All guidance classes sorted by order. */
const struct db_guidance *const *db_guidances(const struct db *, size_t *);
const struct db_method	*db_method_find(const struct db *, const char *);
const struct db_method *const *db_methods(const struct db *, size_t *);
const struct db_return	*db_method_return(const struct db_method *, uint32_t);
const struct db_dispute *const *db_disputes(const struct db *, size_t *);
size_t			 db_name_count(const struct db *);
/* The words of a [keywords LIST] table, in file order. */
const char *const	*db_keywords(const struct db *, const char *list, size_t *);
const struct db_phrase	*db_phrases(const struct db *, const char *list, size_t *);
const struct db_pattern *const *db_patterns(const struct db *, size_t *);
const struct db_pattern *const *db_timestamps(const struct db *, size_t *);
/* The [record] patterns: each regex matches a line that starts a record. */
const struct db_pattern *const *db_records(const struct db *, size_t *);
/*
 * The same three lists (DB_LIST_PATTERN, _TIMESTAMP or _RECORD) for their
 * text alone: re may be NULL, for a database read from the cache compiles
 * its patterns only when one of the three above is called.
 */
const struct db_pattern *const *db_pattern_texts(const struct db *, int list, size_t *);
#define DB_LIST_PATTERN		0
#define DB_LIST_TIMESTAMP	1
#define DB_LIST_RECORD		2
/* An event's entry, or with DB_EVENT_ANY its provider's; NULL when there is none. */
const struct db_event	*db_event_find(const struct db *, const char *provider, long id);
/* What the rules say about a provider (DB_PROVIDER_*); compared without case. */
int			 db_event_provider(const struct db *, const char *provider);
/* Every [event] entry, sorted by provider and id. */
const struct db_event *const *db_events(const struct db *, size_t *);

#endif
