/* UTF-8 validation and trimming used by input validation. */
#include "util/text.h"
#include "test.h"
#include <stdlib.h>

static long len(const char *s) { return utf8_length(s, strlen(s)); }

static void check_trim(const char *in, const char *want)
{
    char *t = text_trim_dup(in);
    CHECK_EQ_STR(t, want);
    free(t);
}

static void test_utf8_length(void)
{
    CHECK_EQ_INT(len(""), 0);
    CHECK_EQ_INT(len("abc"), 3);
    CHECK_EQ_INT(len("政协提案"), 4);
    CHECK_EQ_INT(len("a中b"), 3);
    CHECK_EQ_INT(len("关于加强养老服务的建议（第１号）"), 16);
    CHECK_EQ_INT(len("\xC2\xA9"), 1);                  /* U+00A9, smallest 2-byte forms */
    CHECK_EQ_INT(len("\xF0\x9F\x98\x80"), 1);          /* U+1F600, 4 bytes */
    CHECK_EQ_INT(len("\xF4\x8F\xBF\xBF"), 1);          /* U+10FFFF, the last code point */
    CHECK_EQ_INT(len("\xEF\xBF\xBD"), 1);              /* U+FFFD */
    CHECK_EQ_INT(utf8_length("a\0b", 3), 3);           /* length-bounded, not NUL-bounded */
    CHECK_EQ_INT(utf8_length("中文", 3), 1);            /* only the first character */

    /* overlong forms */
    CHECK_EQ_INT(len("\xC0\xAF"), -1);
    CHECK_EQ_INT(len("\xC1\xBF"), -1);
    CHECK_EQ_INT(len("\xE0\x80\xAF"), -1);
    CHECK_EQ_INT(len("\xF0\x80\x80\xAF"), -1);
    /* UTF-16 surrogates */
    CHECK_EQ_INT(len("\xED\xA0\x80"), -1);
    CHECK_EQ_INT(len("a\xED\xBF\xBF"), -1);
    /* beyond U+10FFFF, and lead bytes that never occur */
    CHECK_EQ_INT(len("\xF4\x90\x80\x80"), -1);
    CHECK_EQ_INT(len("\xF8\x88\x80\x80\x80"), -1);
    CHECK_EQ_INT(len("\xFF"), -1);
    /* truncated sequences and stray continuation bytes */
    CHECK_EQ_INT(len("\xE4\xB8"), -1);
    CHECK_EQ_INT(utf8_length("中", 2), -1);
    CHECK_EQ_INT(len("中\xE6"), -1);
    CHECK_EQ_INT(len("\x80"), -1);
    CHECK_EQ_INT(len("\xE4\x41\xAD"), -1);             /* ASCII where a continuation belongs */
}

static void test_trim(void)
{
    check_trim("  提案  ", "提案");
    check_trim("\xE3\x80\x80提案\xE3\x80\x80", "提案");                 /* U+3000 both ends */
    check_trim(" \xE3\x80\x80\t\xE3\x80\x80 中文\r\n\xE3\x80\x80", "中文");  /* mixed */
    check_trim("中\xE3\x80\x80文", "中\xE3\x80\x80文");                  /* inner space stays */
    check_trim("\xE3\x80\x80\xE3\x80\x80", "");
    check_trim("   ", "");
    check_trim("", "");
    check_trim("\xE3\x80", "\xE3\x80");                                  /* half a U+3000 is not one */
    check_trim("a", "a");
}

static void test_control(void)
{
    CHECK(!text_has_control("第一行\n第二行\r\n\t缩进"));
    CHECK(text_has_control("a\x01" "b"));
    CHECK(text_has_control("\x1B[31m"));
    CHECK(text_has_control("del\x7F"));
    CHECK(!text_has_control("中文"));
}

static void test_utf8_trim(void)
{
    char a[] = "政协\xE6\x8F";          /* 提 cut after two of its three bytes */
    utf8_trim_incomplete(a);
    CHECK_EQ_STR(a, "政协");
    char b[] = "政协";                  /* whole: unchanged */
    utf8_trim_incomplete(b);
    CHECK_EQ_STR(b, "政协");
    char c[] = "x\xF0\x9F\x98";       /* a 4-byte emoji cut after three */
    utf8_trim_incomplete(c);
    CHECK_EQ_STR(c, "x");
    char d[] = "ab\xC3";               /* a 2-byte character cut after its lead */
    CHECK_EQ_INT((long)utf8_whole_len(d), 2);
    char e[] = "";
    utf8_trim_incomplete(e);
    CHECK_EQ_STR(e, "");
}

int main(void)
{
    test_utf8_trim();
    test_utf8_length();
    test_trim();
    test_control();
    return test_summary();
}
