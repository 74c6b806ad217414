/* Rates for the statistics of domain.md §3. Pure. */
#ifndef YZ_STATS_H
#define YZ_STATS_H
#include <stdint.h>

/* num/den as a percentage rounded to one decimal; -1 when den is 0 (no rate). */
double stats_percent(int64_t num, int64_t den);

#endif
