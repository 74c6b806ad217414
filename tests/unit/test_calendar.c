/* Dates and working days against the real 2025-2026 calendar (State Council
 * notices; shared/notes/cn-holidays.md). The hand-built table below is then
 * checked against what migration 002 puts in calendar_days, loaded the way
 * the server loads it: migrate a database and read the table back. */
#include "domain/calendar.h"
#include "store/db.h"
#include "store/migrate.h"
#include "test.h"
#include <stdlib.h>

static int32_t D(const char *s)
{
    int32_t d = date_parse(s);
    if (d < 0) { printf("bad date in test: %s\n", s); exit(2); }
    return d;
}

static const char *fmt(int32_t day)
{
    static char out[4][11];
    static int i;
    i = (i + 1) % 4;
    date_format(day, out[i]);
    return out[i];
}

/* Spring Festival 2026 and National Day 2025, sorted by day. */
static const struct { const char *day; int workday; } hand[] = {
    { "2025-09-28", 1 },  /* Sunday make-up workday */
    { "2025-10-01", 0 }, { "2025-10-02", 0 }, { "2025-10-03", 0 }, { "2025-10-04", 0 },
    { "2025-10-05", 0 }, { "2025-10-06", 0 }, { "2025-10-07", 0 }, { "2025-10-08", 0 },
    { "2025-10-11", 1 },  /* Saturday make-up workday */
    { "2026-02-14", 1 },  /* Saturday make-up workday */
    { "2026-02-15", 0 }, { "2026-02-16", 0 }, { "2026-02-17", 0 }, { "2026-02-18", 0 },
    { "2026-02-19", 0 }, { "2026-02-20", 0 }, { "2026-02-21", 0 }, { "2026-02-22", 0 },
    { "2026-02-23", 0 },
    { "2026-02-28", 1 },  /* Saturday make-up workday */
};
#define NHAND (sizeof hand / sizeof hand[0])

static void test_dates(void)
{
    CHECK_EQ_INT(date_parse("1970-01-01"), 0);
    CHECK_EQ_INT(date_parse("1970-01-02"), 1);
    CHECK_EQ_STR(fmt(D("2026-02-14")), "2026-02-14");
    CHECK_EQ_STR(fmt(D("2024-02-29")), "2024-02-29");
    CHECK_EQ_INT(D("2026-03-01") - D("2026-02-28"), 1);   /* 2026 is not a leap year */
    CHECK_EQ_INT(D("2024-03-01") - D("2024-02-28"), 2);   /* 2024 is */

    CHECK_EQ_INT(date_parse("2026-02-30"), -1);
    CHECK_EQ_INT(date_parse("2026-+2-14"), -1);   /* signs and spaces are not digits */
    CHECK_EQ_INT(date_parse("2026- 2-14"), -1);
    CHECK_EQ_INT(date_parse("2026-02-+1"), -1);
    CHECK_EQ_INT(date_parse("+026-02-14"), -1);
    CHECK_EQ_INT(date_parse("2025-02-29"), -1);
    CHECK_EQ_INT(date_parse("2026-13-01"), -1);
    CHECK_EQ_INT(date_parse("2026-00-10"), -1);
    CHECK_EQ_INT(date_parse("2026-04-31"), -1);
    CHECK_EQ_INT(date_parse("2026-1-1"), -1);
    CHECK_EQ_INT(date_parse("2026-01-01x"), -1);
    CHECK_EQ_INT(date_parse("2026/01/01"), -1);
    CHECK_EQ_INT(date_parse("2026-01-0x"), -1);
    CHECK_EQ_INT(date_parse(""), -1);
    CHECK_EQ_INT(date_parse(NULL), -1);
    CHECK(date_parse("2026-12-31") > 0);

    /* 0 = Monday ... 6 = Sunday */
    CHECK_EQ_INT(date_weekday(0), 3);                     /* 1970-01-01, Thursday */
    CHECK_EQ_INT(date_weekday(D("2026-02-11")), 2);       /* Wednesday */
    CHECK_EQ_INT(date_weekday(D("2026-02-14")), 5);       /* Saturday */
    CHECK_EQ_INT(date_weekday(D("2025-09-28")), 6);       /* Sunday */
    CHECK_EQ_INT(date_weekday(D("2025-10-01")), 2);       /* Wednesday */
    CHECK_EQ_INT(date_weekday(-1), 2);                    /* 1969-12-31, before the epoch */

    CHECK_EQ_STR(fmt(date_add_months(D("2026-01-31"), 1)), "2026-02-28");
    CHECK_EQ_STR(fmt(date_add_months(D("2024-01-31"), 1)), "2024-02-29");
    CHECK_EQ_STR(fmt(date_add_months(D("2025-11-20"), 3)), "2026-02-20");
    CHECK_EQ_STR(fmt(date_add_months(D("2025-12-15"), 1)), "2026-01-15");
    CHECK_EQ_STR(fmt(date_add_months(D("2026-03-31"), -1)), "2026-02-28");
    CHECK_EQ_STR(fmt(date_add_months(D("2026-05-31"), 1)), "2026-06-30");
}

/* The checks every calendar with the real 2025-2026 data must pass. */
static void check_real_calendar(const calendar *c)
{
    CHECK(cal_is_workday(c, D("2026-02-13")));       /* Friday */
    CHECK(cal_is_workday(c, D("2026-02-14")));       /* Saturday, make-up */
    CHECK(!cal_is_workday(c, D("2026-02-15")));
    CHECK(!cal_is_workday(c, D("2026-02-18")));      /* Wednesday in the holiday */
    CHECK(!cal_is_workday(c, D("2026-02-23")));      /* Monday, last holiday */
    CHECK(cal_is_workday(c, D("2026-02-24")));
    CHECK(cal_is_workday(c, D("2026-02-28")));       /* Saturday, make-up */
    CHECK(!cal_is_workday(c, D("2026-03-01")));      /* plain Sunday */
    CHECK(cal_is_workday(c, D("2025-09-28")));       /* Sunday, make-up */
    CHECK(!cal_is_workday(c, D("2025-10-01")));
    CHECK(!cal_is_workday(c, D("2025-10-08")));      /* Wednesday, last holiday */
    CHECK(cal_is_workday(c, D("2025-10-09")));
    CHECK(cal_is_workday(c, D("2025-10-11")));       /* Saturday, make-up */
    CHECK(!cal_is_workday(c, D("2025-10-12")));      /* plain Sunday */

    /* Wed 2026-02-11 + 5 working days: 12, 13, 14 (make-up), 24, 25. */
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2026-02-11"), 5)), "2026-02-25");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2026-02-11"), 3)), "2026-02-14");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2026-02-13"), 1)), "2026-02-14");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2026-02-14"), 1)), "2026-02-24");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2026-02-11"), 0)), "2026-02-11");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2025-09-26"), 1)), "2025-09-28");
    CHECK_EQ_STR(fmt(cal_add_workdays(c, D("2025-09-30"), 1)), "2025-10-09");

    CHECK_EQ_STR(fmt(cal_roll_forward(c, D("2026-02-15"))), "2026-02-24");
    CHECK_EQ_STR(fmt(cal_roll_forward(c, D("2026-02-14"))), "2026-02-14");
    CHECK_EQ_STR(fmt(cal_roll_forward(c, D("2025-10-01"))), "2025-10-09");
    CHECK_EQ_STR(fmt(cal_roll_forward(c, D("2026-02-27"))), "2026-02-27");

    /* Three months from 2025-11-20 is 2026-02-20, a holiday: rolls to 02-24. */
    CHECK_EQ_STR(fmt(cal_deadline_months(c, D("2025-11-20"), 3)), "2026-02-24");
    CHECK_EQ_STR(fmt(cal_deadline_months(c, D("2025-11-14"), 3)), "2026-02-14");
    CHECK_EQ_STR(fmt(cal_deadline_days(c, D("2025-09-01"), 30)), "2025-10-09");
    CHECK_EQ_STR(fmt(cal_deadline_days(c, D("2026-02-01"), 27)), "2026-02-28");
}

static void test_plain_weeks(void)
{
    /* Without exceptions only weekends are off: the make-up days above are
     * real data, not artefacts of the arithmetic. */
    calendar none = { NULL, 0 };
    CHECK(!cal_is_workday(&none, D("2026-02-14")));
    CHECK(cal_is_workday(&none, D("2026-02-16")));
    CHECK_EQ_STR(fmt(cal_add_workdays(&none, D("2026-02-11"), 5)), "2026-02-18");
    CHECK_EQ_STR(fmt(cal_roll_forward(&none, D("2026-02-21"))), "2026-02-23");
    CHECK_EQ_STR(fmt(cal_deadline_months(&none, D("2025-11-20"), 3)), "2026-02-20");
}

static void test_hand_calendar(cal_exception *ex)
{
    for (size_t i = 0; i < NHAND; i++) {
        ex[i].day = D(hand[i].day);
        ex[i].workday = hand[i].workday;
        if (i) CHECK(ex[i].day > ex[i - 1].day);   /* cal_* expect sorted input */
    }
    calendar c = { ex, NHAND };
    check_real_calendar(&c);
}

/* Migrates an in-memory SQLite database and reads calendar_days back. */
static void test_migrated_calendar(const cal_exception *hand_ex)
{
    yz_err e = {0};
    db_pool *pool = db_pool_new("sqlite::memory:", 1, &e);
    CHECK(pool != NULL);
    if (!pool) { printf("  %s\n", e.message); return; }
    db_conn *conn = db_acquire(pool, &e);
    int applied = 0;
    CHECK(conn && migrate_run(conn, &e, &applied) == 0);
    CHECK_EQ_INT(applied, migrate_latest());
    json_t *rows = conn ? db_rows(conn, &e, "SELECT day, kind FROM calendar_days ORDER BY day", DB_NOARGS) : NULL;
    CHECK(rows != NULL);
    size_t n = rows ? json_array_size(rows) : 0;
    CHECK(n >= NHAND);
    cal_exception *ex = calloc(n ? n : 1, sizeof *ex);
    size_t i;
    json_t *r;
    int bad = 0;
    json_array_foreach(rows, i, r) {
        const char *kind = json_string_value(json_object_get(r, "kind"));
        ex[i].day = date_parse(json_string_value(json_object_get(r, "day")));
        ex[i].workday = kind && strcmp(kind, "workday") == 0;
        if (ex[i].day < 0 || !kind || (strcmp(kind, "workday") != 0 && strcmp(kind, "holiday") != 0)) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    /* Every hand-built day is in the migration with the same kind. */
    calendar c = { ex, n };
    int mismatched = 0;
    for (size_t k = 0; k < NHAND; k++) {
        int found = 0;
        for (size_t j = 0; j < n; j++)
            if (ex[j].day == hand_ex[k].day) { found = 1; mismatched += ex[j].workday != hand_ex[k].workday; }
        mismatched += !found;
    }
    CHECK_EQ_INT(mismatched, 0);
    check_real_calendar(&c);
    /* Days only the full table knows: 2026 New Year and Labour Day. */
    CHECK(!cal_is_workday(&c, D("2026-01-02")));
    CHECK(cal_is_workday(&c, D("2026-01-04")));     /* Sunday, make-up */
    CHECK(cal_is_workday(&c, D("2026-05-09")));     /* Saturday, make-up */
    CHECK(!cal_is_workday(&c, D("2026-10-07")));
    CHECK_EQ_STR(fmt(cal_add_workdays(&c, D("2025-12-31"), 1)), "2026-01-04");
    free(ex);
    json_decref(rows);
    db_release(pool, conn);
    db_pool_free(pool);
}

int main(void)
{
    static cal_exception ex[NHAND];
    test_dates();
    test_plain_weeks();
    test_hand_calendar(ex);
    test_migrated_calendar(ex);
    return test_summary();
}
