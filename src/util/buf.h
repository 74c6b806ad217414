/* Growable byte buffer with a hard maximum set at creation (curl's dynbuf idea):
 * anything built from network input cannot grow past its bound. On any failure
 * the buffer frees its memory and stays unusable until buf_reset. */
#ifndef YZ_BUF_H
#define YZ_BUF_H
#include <stddef.h>

typedef struct buf {
    char *data;     /* always NUL-terminated when len > 0 */
    size_t len;
    size_t cap;
    size_t max;     /* 0 = unbounded */
    int failed;
} buf;

void buf_init(buf *b, size_t max);
int buf_append(buf *b, const void *p, size_t n);   /* 0 ok, -1 over max / OOM */
int buf_puts(buf *b, const char *s);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (free() it); the buffer is left empty. */
char *buf_steal(buf *b);
void buf_reset(buf *b);
const char *buf_str(const buf *b);  /* "" when empty */

#endif
