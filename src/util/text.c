#include "text.h"
#include <stdlib.h>
#include <string.h>

long utf8_length(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    long count = 0;
    while (p < end) {
        unsigned c = *p;
        size_t len;
        unsigned cp;
        if (c < 0x80) { len = 1; cp = c; }
        else if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return -1;
        if ((size_t)(end - p) < len) return -1;
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* reject overlong forms, surrogates and out-of-range values */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
            || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        p += len;
        count++;
    }
    return count;
}

size_t utf8_whole_len(const char *s)
{
    size_t n = strlen(s), i = n;
    /* walk back over continuation bytes to the lead byte of the last character */
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return n - (i - 1) < need ? i - 1 : n;
}

void utf8_trim_incomplete(char *s)
{
    s[utf8_whole_len(s)] = 0;
}

int text_has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7F) return 1;
    return 0;
}

char *text_trim_dup(const char *s)
{
    static const char ideo_space[] = "\xE3\x80\x80"; /* U+3000 */
    const char *b = s, *e = s + strlen(s);
    for (;;) {
        if (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')) b++;
        else if (e - b >= 3 && memcmp(b, ideo_space, 3) == 0) b += 3;
        else break;
    }
    for (;;) {
        if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
        else if (e - b >= 3 && memcmp(e - 3, ideo_space, 3) == 0) e -= 3;
        else break;
    }
    size_t n = (size_t)(e - b);
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, b, n);
    out[n] = 0;
    return out;
}
