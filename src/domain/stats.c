#include "stats.h"
#include <math.h>

double stats_percent(int64_t num, int64_t den)
{
    if (den <= 0) return -1;
    return round((double)num * 1000.0 / (double)den) / 10.0;
}
