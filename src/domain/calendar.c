#include "calendar.h"
#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days-from-civil algorithm (public-domain arithmetic). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int month_days(int y, int m)
{
    static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return md[m - 1] + (m == 2 && leap);
}

int32_t date_parse(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;   /* no signs or spaces */
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) return -1;
    return days_from_civil(y, m, d);
}

void date_format(int32_t day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 13u, (unsigned)d % 32u);
}

int date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day % 7 + 7) % 7);
    return (w + 3) % 7;
}

int32_t date_add_months(int32_t day, int months)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    int md = month_days(y, m);
    return days_from_civil(y, m, d > md ? md : d);
}

static const cal_exception *find_exception(const calendar *c, int32_t day)
{
    size_t lo = 0, hi = c ? c->n : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->ex[mid].day == day) return &c->ex[mid];
        if (c->ex[mid].day < day) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

int cal_is_workday(const calendar *c, int32_t day)
{
    const cal_exception *e = find_exception(c, day);
    if (e) return e->workday;
    return date_weekday(day) < 5;
}

int32_t cal_add_workdays(const calendar *c, int32_t start, int n)
{
    int32_t day = start;
    while (n > 0) {
        day++;
        if (cal_is_workday(c, day)) n--;
    }
    return day;
}

int32_t cal_roll_forward(const calendar *c, int32_t day)
{
    for (int guard = 0; guard < 60 && !cal_is_workday(c, day); guard++) day++;
    return day;
}

int32_t cal_deadline_months(const calendar *c, int32_t start, int months)
{
    return cal_roll_forward(c, date_add_months(start, months));
}

int32_t cal_deadline_days(const calendar *c, int32_t start, int days)
{
    return cal_roll_forward(c, start + days);
}
