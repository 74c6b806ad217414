/* HTTP layer: connections, bodies, query strings, cookies. Knows nothing of
 * the API: it hands each complete request to one handler function. */
#ifndef YZ_HTTP_H
#define YZ_HTTP_H
#include <jansson.h>
#include <stddef.h>
#include "../util/buf.h"

struct MHD_Connection;

typedef struct http_req {
    const char *method;           /* borrowed from MHD */
    char *path;                   /* owned; percent-decoded, no query */
    json_t *query;                /* owned; object of name -> string (last value wins) */
    buf body;                     /* owned */
    int body_too_large;
    int bad_query;                /* a query value was not valid UTF-8 */
    char client_ip[64];
    struct MHD_Connection *conn;
} http_req;

#define HTTP_MAX_HEADERS 8
typedef struct http_res {
    int status;
    char *body;                   /* owned; malloc'd */
    size_t len;
    const char *content_type;     /* static string */
    char *headers[HTTP_MAX_HEADERS][2];  /* owned name/value pairs */
    int nheaders;
} http_res;

typedef void (*http_handler)(void *ctx, http_req *req, http_res *res);

typedef struct http_config {
    const char *listen;           /* "127.0.0.1:8080" */
    int threads;
    size_t max_body;              /* bytes; larger requests get 413 */
    unsigned timeout_s;           /* idle connection timeout */
    int trust_proxy;              /* behind a reverse proxy on loopback: client address from X-Forwarded-For */
} http_config;

typedef struct http_server http_server;

http_server *http_start(const http_config *cfg, http_handler h, void *ctx, char *errbuf, size_t errlen);
void http_stop(http_server *s);
unsigned short http_port(const http_server *s);

/* Request helpers. Returned strings are borrowed for the request's life. */
const char *http_header(const http_req *r, const char *name);
const char *http_cookie(const http_req *r, const char *name);
const char *http_query(const http_req *r, const char *name);

/* Response helpers: each takes ownership of what it is given. */
void http_res_set_body(http_res *res, int status, const char *content_type, char *body, size_t len);
void http_res_add_header(http_res *res, const char *name, const char *value);

/* Parses "a=1&b=%E4%B8%AD" into obj (exposed for tests and fuzzing). */
void http_parse_query(const char *qs, json_t *obj);
/* Percent-decodes in place ('+' -> ' ' when form is set); returns 0, or -1 on a bad escape. */
int http_url_decode(char *s, int form);

#endif
