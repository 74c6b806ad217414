/* Query-string parsing and percent-decoding. */
#include "http/http.h"
#include "test.h"

static const char *get(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void test_url_decode(void)
{
    char s[64];
    strcpy(s, "%E4%B8%AD%e6%96%87");
    CHECK_EQ_INT(http_url_decode(s, 0), 0);
    CHECK_EQ_STR(s, "中文");
    strcpy(s, "a+b%20c");
    CHECK_EQ_INT(http_url_decode(s, 0), 0);
    CHECK_EQ_STR(s, "a+b c");                  /* '+' is literal outside forms */
    strcpy(s, "a+b%2Bc");
    CHECK_EQ_INT(http_url_decode(s, 1), 0);
    CHECK_EQ_STR(s, "a b+c");
    strcpy(s, "100%");
    CHECK_EQ_INT(http_url_decode(s, 1), -1);
    CHECK_EQ_STR(s, "100%");
    strcpy(s, "%4");
    CHECK_EQ_INT(http_url_decode(s, 1), -1);
    strcpy(s, "%zz%41");
    CHECK_EQ_INT(http_url_decode(s, 1), -1);
    CHECK_EQ_STR(s, "%zzA");                   /* bad escape kept, good one decoded */
    strcpy(s, "%G1");
    CHECK_EQ_INT(http_url_decode(s, 0), -1);
}

static void test_parse_query(void)
{
    json_t *q = json_object();
    http_parse_query("keyword=%E4%B8%AD%E6%96%87&page=2&title=a+b&state=", q);
    CHECK_EQ_STR(get(q, "keyword"), "中文");
    CHECK_EQ_STR(get(q, "page"), "2");
    CHECK_EQ_STR(get(q, "title"), "a b");
    CHECK_EQ_STR(get(q, "state"), "");
    CHECK_EQ_INT(json_object_size(q), 4);
    json_decref(q);

    q = json_object();
    http_parse_query("a=1&a=2&flag&=orphan&&%E5%90%8D=%E5%80%BC", q);
    CHECK_EQ_STR(get(q, "a"), "2");            /* last value wins */
    CHECK_EQ_STR(get(q, "flag"), "");
    CHECK_EQ_STR(get(q, "名"), "值");
    CHECK(json_object_get(q, "") == NULL);     /* empty names are dropped */
    CHECK_EQ_INT(json_object_size(q), 3);
    json_decref(q);

    /* Bad escapes stay literal; a decoded value that is not UTF-8 reads as "". */
    q = json_object();
    http_parse_query("x=%zz&y=50%&z=%E4%B8&w=%FF", q);
    CHECK_EQ_STR(get(q, "x"), "%zz");
    CHECK_EQ_STR(get(q, "y"), "50%");
    CHECK_EQ_STR(get(q, "z"), "");
    CHECK_EQ_STR(get(q, "w"), "");
    json_decref(q);

    q = json_object();
    http_parse_query("", q);
    http_parse_query(NULL, q);
    CHECK_EQ_INT(json_object_size(q), 0);
    json_decref(q);
}

int main(void)
{
    test_url_decode();
    test_parse_query();
    return test_summary();
}
