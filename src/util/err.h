/* One error convention for the whole server: a fallible call returns 0 on
 * success or an HTTP-like status (400..503) and fills a yz_err the caller owns. */
#ifndef YZ_ERR_H
#define YZ_ERR_H

typedef struct yz_err {
    int status;          /* 0 = no error; otherwise the HTTP status to answer with */
    char code[40];       /* machine code, e.g. "invalid_state" */
    char message[400];   /* Chinese text for a person */
    char field[64];      /* offending field, "" when none */
} yz_err;

/* Sets every part of e and returns status, so callers can `return yz_fail(...)`. */
int yz_fail(yz_err *e, int status, const char *code, const char *field,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void yz_err_clear(yz_err *e);

#define YZ_WARN_UNUSED __attribute__((warn_unused_result))

#endif
