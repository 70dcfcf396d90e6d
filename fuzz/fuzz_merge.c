/* fuzz_merge.c: merge's reader of JSON reports on any file, then the merged report written. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "fmt.h"
#include "merge.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The first byte chooses the format of the merged report; the rest is the file, read twice. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 path[4200];
	struct report_opts	 o;
	struct report		*r;
	char			*err = NULL;

	if (size < 1)
		return 0;
	if (path[0] == '\0')
		snprintf(path, sizeof path, "%s/report.json", feed_dir());
	feed_write(path, data + 1, size - 1);
	memset(&o, 0, sizeof o);
	o.fmt = fmt_find(data[0] % 3 == 0 ? "text" : data[0] % 3 == 1 ? "json" : "csv");
	o.summary = (o.fmt->flags & FMT_SUMMARY) != 0;
	o.max_sources = 3;
	o.at = 1715731200;
	o.retry_window = 86400;
	r = report_new(feed_db(), &o);
	if (merge_file(r, path, &err) != 0) {
		if (err == NULL)
			abort();
		free(err);
		err = NULL;
	} else if (merge_file(r, path, &err) != 0)
		abort();	/* what merged once merges again */
	report_write(r, feed_devnull());
	report_free(r);
	return 0;
}
