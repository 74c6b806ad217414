#include "http.h"
#include "../util/text.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct http_server {
    struct MHD_Daemon *d;
    int trust_proxy;
    http_handler handler;
    void *ctx;
    size_t max_body;
    unsigned short port;
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int http_url_decode(char *s, int form)
{
    char *o = s;
    int rc = 0;
    for (char *p = s; *p; p++) {
        if (*p == '%') {
            int h = p[1] ? hexval(p[1]) : -1, l = (h >= 0 && p[2]) ? hexval(p[2]) : -1;
            if (h < 0 || l < 0) { rc = -1; *o++ = *p; continue; }
            *o++ = (char)(h * 16 + l);
            p += 2;
        } else if (*p == '+' && form) {
            *o++ = ' ';
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return rc;
}

void http_parse_query(const char *qs, json_t *obj)
{
    if (!qs || !*qs) return;
    char *copy = strdup(qs);
    if (!copy) return;
    char *save = NULL;
    for (char *part = strtok_r(copy, "&", &save); part; part = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(part, '=');
        const char *val = "";
        if (eq) { *eq = 0; val = eq + 1; }
        char *k = strdup(part), *v = strdup(val);
        if (k && v) {
            http_url_decode(k, 1);
            http_url_decode(v, 1);
            json_t *jv = json_string(v);
            if (*k) json_object_set_new(obj, k, jv ? jv : json_string(""));
            else json_decref(jv);
        }
        free(k);
        free(v);
    }
    free(copy);
}

static void req_free(http_req *r)
{
    if (!r) return;
    free(r->path);
    json_decref(r->query);
    buf_reset(&r->body);
    free(r);
}

const char *http_header(const http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(const http_req *r, const char *name)
{
    return json_string_value(json_object_get(r->query, name));
}

void http_res_set_body(http_res *res, int status, const char *content_type, char *body, size_t len)
{
    free(res->body);
    res->status = status;
    res->content_type = content_type;
    res->body = body;
    res->len = len;
}

void http_res_add_header(http_res *res, const char *name, const char *value)
{
    if (res->nheaders >= HTTP_MAX_HEADERS) return;
    res->headers[res->nheaders][0] = strdup(name);
    res->headers[res->nheaders][1] = strdup(value);
    res->nheaders++;
}

static void res_clear(http_res *res)
{
    free(res->body);
    for (int i = 0; i < res->nheaders; i++) { free(res->headers[i][0]); free(res->headers[i][1]); }
}

static enum MHD_Result queue(struct MHD_Connection *c, http_res *res)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(res->len, res->body, MHD_RESPMEM_MUST_FREE);
    if (!r) { res_clear(res); return MHD_NO; }
    res->body = NULL;   /* MHD owns it now */
    MHD_add_response_header(r, "Content-Type", res->content_type ? res->content_type : "application/json; charset=utf-8");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'");
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i][0], res->headers[i][1]);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)res->status, r);
    MHD_destroy_response(r);
    res_clear(res);
    return ret;
}

static void client_ip(struct MHD_Connection *c, char out[64])
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = 0;
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, 64);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64);
}

/* Behind a reverse proxy on this machine every peer is loopback; the proxy
 * appends the real client as the last X-Forwarded-For entry. Anything before
 * that entry comes from the client and is not trusted. */
static void proxied_ip(struct MHD_Connection *c, char ip[64])
{
    if (strcmp(ip, "127.0.0.1") != 0 && strcmp(ip, "::1") != 0) return;
    const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff) return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ') last++;
    char cand[64];
    size_t n = strcspn(last, " ");
    if (n == 0 || n >= sizeof cand) return;
    memcpy(cand, last, n);
    cand[n] = 0;
    unsigned char addr[16];
    if (inet_pton(AF_INET, cand, addr) == 1 || inet_pton(AF_INET6, cand, addr) == 1) memcpy(ip, cand, n + 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    http_server *s = cls;
    http_req *r = *con_cls;
    if (!r) {
        /* First call: set up and return, so the response is queued on a later
         * call and keep-alive is preserved (stack-facts.md). */
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->conn = conn;
        r->method = method;
        r->path = strdup(url);
        r->query = json_object();
        buf_init(&r->body, s->max_body);
        client_ip(conn, r->client_ip);
        if (s->trust_proxy) proxied_ip(conn, r->client_ip);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > s->max_body) r->body_too_large = 1;
        *con_cls = r;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->body_too_large && buf_append(&r->body, upload_data, *upload_size) != 0)
            r->body_too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    http_res res = { .status = 200 };
    s->handler(s->ctx, r, &res);
    return queue(conn, &res);
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    http_req *r = cls;
    json_t *v = json_string(value ? value : "");
    if (!v || utf8_length(key, strlen(key)) < 0) { r->bad_query = 1; json_decref(v); return MHD_YES; }
    json_object_set_new(r->query, key, v);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls; (void)conn; (void)toe;
    req_free(*con_cls);
    *con_cls = NULL;
}

/* MHD parses the query string itself; we copy the values into req->query
 * before the handler runs (see http_dispatch_args). */
static enum MHD_Result on_request_with_args(void *cls, struct MHD_Connection *conn, const char *url,
                                            const char *method, const char *version,
                                            const char *upload_data, size_t *upload_size, void **con_cls)
{
    if (*con_cls && !*upload_size) {
        http_req *r = *con_cls;
        if (json_object_size(r->query) == 0)
            MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
    }
    return on_request(cls, conn, url, method, version, upload_data, upload_size, con_cls);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64] = "127.0.0.1";
    const char *colon = strrchr(listen, ':');
    long port;
    if (colon) {
        size_t hl = (size_t)(colon - listen);
        if (hl >= sizeof host) return -1;
        if (hl) { memcpy(host, listen, hl); host[hl] = 0; }
        port = strtol(colon + 1, NULL, 10);
    } else {
        port = strtol(listen, NULL, 10);
    }
    if (port < 0 || port > 65535) return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)port);
    if (strcmp(host, "localhost") == 0) strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) return -1;
    return 0;
}

http_server *http_start(const http_config *cfg, http_handler h, void *ctx, char *errbuf, size_t errlen)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa) != 0) {
        snprintf(errbuf, errlen, "监听地址无效：%s（应为 地址:端口）", cfg->listen);
        return NULL;
    }
    http_server *s = calloc(1, sizeof *s);
    if (!s) { snprintf(errbuf, errlen, "内存不足"); return NULL; }
    s->handler = h;
    s->ctx = ctx;
    s->max_body = cfg->max_body;
    s->trust_proxy = cfg->trust_proxy;
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
                            0, NULL, NULL, on_request_with_args, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 4),
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
                            MHD_OPTION_CONNECTION_LIMIT, 1024u,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                            MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
                            MHD_OPTION_END);
    if (!s->d) {
        snprintf(errbuf, errlen, "无法监听 %s（端口被占用或无权限）", cfg->listen);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : ntohs(sa.sin_port);
    return s;
}

unsigned short http_port(const http_server *s) { return s->port; }

void http_stop(http_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->d);
    free(s);
}
