/* Dates and the working-day calendar. Pure: the calendar's exceptions (holidays,
 * make-up workdays) are data handed in by the caller, never code. Days are
 * counted from 1970-01-01. */
#ifndef YZ_CALENDAR_H
#define YZ_CALENDAR_H
#include <stddef.h>
#include <stdint.h>

typedef struct cal_exception {
    int32_t day;
    int workday;          /* 1 = make-up workday (调休上班), 0 = holiday */
} cal_exception;

typedef struct calendar {
    const cal_exception *ex;   /* sorted by day; borrowed */
    size_t n;
} calendar;

/* "2026-02-14" -> day number; -1 if not a real date. */
int32_t date_parse(const char *s);
/* day number -> "YYYY-MM-DD" in out[11]. */
void date_format(int32_t day, char out[11]);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(int32_t day);
/* Same day n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
int32_t date_add_months(int32_t day, int months);

int cal_is_workday(const calendar *c, int32_t day);
/* The n-th working day after start (start itself not counted). */
int32_t cal_add_workdays(const calendar *c, int32_t start, int n);
/* day itself if a working day, else the next working day (期限顺延). */
int32_t cal_roll_forward(const calendar *c, int32_t day);
/* Calendar-day limit from assignment, rolled forward to a working day. */
int32_t cal_deadline_months(const calendar *c, int32_t start, int months);
int32_t cal_deadline_days(const calendar *c, int32_t start, int days);

#endif
