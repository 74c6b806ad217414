#include "err.h"
#include "text.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int yz_fail(yz_err *e, int status, const char *code, const char *field,
            const char *fmt, ...)
{
    if (!e) return status;
    e->status = status;
    snprintf(e->code, sizeof e->code, "%s", code ? code : "error");
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    utf8_trim_incomplete(e->message);   /* bounded copies may cut a character */
    utf8_trim_incomplete(e->field);
    return status;
}

void yz_err_clear(yz_err *e)
{
    memset(e, 0, sizeof *e);
}
