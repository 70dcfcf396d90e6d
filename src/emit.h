/* emit.h: writes single findings as JSON Lines or as a readable listing. */
#ifndef VSSEXPLAIN_EMIT_H
#define VSSEXPLAIN_EMIT_H

#include <stdio.h>

#include "scan.h"

/* Writes one finding as one JSON object on one line. */
void	emit_jsonl(FILE *, const struct finding *);
/* Writes one finding as a few readable lines. */
void	emit_listing(FILE *, const struct finding *);

#endif
