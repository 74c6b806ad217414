/* Wall clock with a test offset: tests move time forward (overdue, evaluation
 * windows) through an admin-only endpoint that exists only with --test-clock. */
#ifndef YZ_CLOCK_H
#define YZ_CLOCK_H
#include <stdint.h>

int64_t clock_now(void);             /* unix seconds, offset applied: business time */
/* Real time, never offset: session lifetimes and login throttling. */
int64_t clock_real_now(void);
void clock_set_offset(int64_t secs); /* thread-safe */
int64_t clock_offset(void);
/* Writes today's date (UTC+8, China Standard Time) as YYYY-MM-DD into out[11]. */
void clock_today(char out[11]);
void clock_date_of(int64_t t, char out[11]);

#endif
