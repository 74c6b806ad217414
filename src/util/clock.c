#include "clock.h"
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic int64_t offset;

int64_t clock_now(void)
{
    return (int64_t)time(NULL) + atomic_load(&offset);
}

int64_t clock_real_now(void) { return (int64_t)time(NULL); }

void clock_set_offset(int64_t secs) { atomic_store(&offset, secs); }
int64_t clock_offset(void) { return atomic_load(&offset); }

void clock_date_of(int64_t t, char out[11])
{
    time_t local = (time_t)(t + 8 * 3600); /* bodies work on Beijing time */
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 13u, (unsigned)tm.tm_mday % 32u);
}

void clock_today(char out[11]) { clock_date_of(clock_now(), out); }
