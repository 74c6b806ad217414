/* Small UTF-8 helpers used by validation. */
#ifndef YZ_TEXT_H
#define YZ_TEXT_H
#include <stddef.h>

/* Number of code points in a valid UTF-8 string, or -1 if the bytes are not valid UTF-8. */
long utf8_length(const char *s, size_t n);
/* Length of s without a multi-byte character left incomplete at its end (what
 * a bounded copy such as snprintf leaves). */
size_t utf8_whole_len(const char *s);
/* Cuts that incomplete character off s, so the rest stays valid UTF-8. */
void utf8_trim_incomplete(char *s);
/* 1 if s holds a control character other than \n, \r, \t. */
int text_has_control(const char *s);
/* Trims ASCII and ideographic spaces at both ends; returns a malloc'd copy. */
char *text_trim_dup(const char *s);

#endif
