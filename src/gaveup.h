/* gaveup.h: the rules whose patterns gave up (hit a limit of match.h) in an input, told once each with their place, then counted. */
#ifndef VSSEXPLAIN_GAVEUP_H
#define VSSEXPLAIN_GAVEUP_H

#include <stdint.h>

struct gaveup;

/* Where problems go: a message without the program name or a newline. */
typedef void	(*gaveup_fn)(void *ctx, const char *msg);

struct gaveup	*gaveup_new(void);
/* Tells the counts of the current input first. */
void		 gaveup_free(struct gaveup *);
void		 gaveup_sink(struct gaveup *, gaveup_fn, void *ctx);
/* The input they count for is path (NULL: standard input); the counts of the one before are told. */
void		 gaveup_input(struct gaveup *, const char *path);
/* Tells the count of each rule that gave up more than once in the input, and forgets them. */
void		 gaveup_end(struct gaveup *);
/* The rule gave up on line: told the first time in the input, counted after. */
void		 gaveup_note(struct gaveup *, const char *rule, uint64_t line);
/* How many times any rule gave up, in every input. */
unsigned long	 gaveup_total(const struct gaveup *);

#endif
