/* readers.c: the readers module: libxml2's reader walking one event, and libevtx (evtx-read.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "evtx.h"
#include "readers.h"

#define XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | \
			    XML_PARSE_COMPACT)

/* libxml2 reports through the reader's handler; nothing else may print. */
static void
xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Keeps the first error libxml2 reports while walking an event. */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct readers_xml_error	*err = arg;
	size_t				 n;

	if (e == NULL || e->level == XML_ERR_WARNING || e->domain == XML_FROM_NAMESPACE ||
	    err->msg != NULL)
		return;
	if ((err->msg = strdup(e->message != NULL ? e->message : "malformed XML")) == NULL)
		abort();
	n = strlen(err->msg);
	while (n > 0 && (err->msg[n - 1] == ' ' || err->msg[n - 1] == '\t' ||
	    err->msg[n - 1] == '\n' || err->msg[n - 1] == '\r'))
		err->msg[--n] = '\0';
	err->line = e->line;
	err->col = e->int2;
}

static int
xml_walk(void **reader, const char *p, size_t n, const char *url, const char *encoding,
    const struct readers_xml_sink *sink, void *ctx, struct readers_xml_error *err)
{
	xmlTextReaderPtr	 r = *reader;
	const char		*v;
	int			 ret, depth;

	/* xmlInitParser runs once whatever the thread; the handler is per thread */
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
	err->msg = NULL;
	err->line = err->col = 0;
	if (r == NULL)
		r = xmlReaderForMemory(p, (int)n, url, encoding, XML_OPTIONS);
	else if (xmlReaderNewMemory(r, p, (int)n, url, encoding, XML_OPTIONS) != 0) {
		xmlFreeTextReader(r);
		r = xmlReaderForMemory(p, (int)n, url, encoding, XML_OPTIONS);
	}
	if ((*reader = r) == NULL)
		return -2;
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, err);
	while ((ret = xmlTextReaderRead(r)) == 1) {
		depth = xmlTextReaderDepth(r);
		switch (xmlTextReaderNodeType(r)) {
		case XML_READER_TYPE_ELEMENT:
			sink->element(ctx, r, depth,
			    (const char *)xmlTextReaderConstLocalName(r),
			    xmlTextReaderIsEmptyElement(r) == 1);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			v = (const char *)xmlTextReaderConstValue(r);
			sink->text(ctx, v != NULL ? v : "");
			break;
		case XML_READER_TYPE_END_ELEMENT:
			sink->end(ctx, depth);
			break;
		}
	}
	xmlTextReaderSetStructuredErrorHandler(r, NULL, NULL);
	return ret < 0 || err->msg != NULL ? -1 : 0;
}

static void
xml_attribute(void *node, const char *name, char *dst, size_t size)
{
	xmlChar	*v = xmlTextReaderGetAttribute(node, (const xmlChar *)name);
	size_t	 n = v != NULL ? strlen((const char *)v) : 0;

	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(dst, v, n);
	dst[n] = '\0';
	xmlFree(v);
}

static void
xml_free(void *reader)
{
	if (reader != NULL)
		xmlFreeTextReader(reader);
}

static void
xml_cleanup(void)
{
	xmlCleanupParser();
}

const struct vssx_readers vssx_readers = {
	VSSX_READERS_VERSION,
	sizeof (struct vssx_readers),
	xml_walk,
	xml_attribute,
	xml_free,
	xml_cleanup,
	evtx_read,
	unpack_new,
	unpack_free,
	unpack_step
};
