/* A tiny assertion header for the C unit tests. Each CHECK counts one pass or
 * one failure (printed with file:line); test_summary() prints the closing line
 * "N passed, N failed" and returns the process exit status. */
#ifndef YZ_TEST_H
#define YZ_TEST_H
#include <stdio.h>
#include <string.h>

static int test_passed_, test_failed_;

static void test_report_(int ok, const char *file, int line, const char *expr, const char *detail)
{
    if (ok) { test_passed_++; return; }
    test_failed_++;
    printf("FAIL %s:%d: %s%s%s\n", file, line, expr, detail ? " — " : "", detail ? detail : "");
}

#define CHECK(cond) test_report_(!!(cond), __FILE__, __LINE__, #cond, NULL)

#define CHECK_EQ_INT(actual, expected) do { \
    long long a_ = (long long)(actual), e_ = (long long)(expected); \
    char d_[80]; \
    snprintf(d_, sizeof d_, "got %lld, want %lld", a_, e_); \
    test_report_(a_ == e_, __FILE__, __LINE__, #actual " == " #expected, d_); \
} while (0)

/* NULL equals only NULL. */
#define CHECK_EQ_STR(actual, expected) do { \
    const char *a_ = (actual), *e_ = (expected); \
    int ok_ = (a_ && e_) ? strcmp(a_, e_) == 0 : a_ == e_; \
    char d_[512]; \
    snprintf(d_, sizeof d_, "got \"%s\", want \"%s\"", a_ ? a_ : "(null)", e_ ? e_ : "(null)"); \
    test_report_(ok_, __FILE__, __LINE__, #actual " == " #expected, d_); \
} while (0)

/* Prints the closing line; returns 0 when every check passed (use as main's return). */
static int test_summary(void)
{
    printf("%d passed, %d failed\n", test_passed_, test_failed_);
    fflush(stdout);
    return test_failed_ ? 1 : 0;
}

#endif
