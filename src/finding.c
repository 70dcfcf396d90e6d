/* finding.c: the names of the forms a code is found in. */
#include "config.h"

#include "finding.h"

static const char *form_names[] = {
	"hex", "bare-hex", "signed-decimal", "unsigned-decimal", "message-reference",
	"name", "phrase", "win32-decimal", "event", "binary"
};

const char *
finding_form_name(enum finding_form f)
{
	return form_names[f];
}
