/* Dispatch: match the route table, authenticate, check roles and CSRF,
 * borrow a connection, run the handler, roll back on error. */
#include "api.h"
#include "auth.h"
#include "static_files.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const route *const route_tables[] = {
    auth_routes, registry_routes, users_routes, proposals_routes, proposal_action_routes,
    proposal_extra_routes, proposal_file_routes,
    workflow_routes, stats_routes, award_routes, meta_routes,
};

/* Matches path against pattern, capturing :id (positive integer) and a word for "*". */
static int match(const char *pattern, const char *path, api_ctx *c)
{
    const char *p = pattern, *s = path;
    c->nid = c->nword = 0;
    while (*p && *s) {
        if (*p == ':') {
            while (*p && *p != '/') p++;
            char *end;
            if (!isdigit((unsigned char)*s)) return 0;
            long long v = strtoll(s, &end, 10);
            if (v <= 0 || (*end && *end != '/') || c->nid >= 4) return 0;
            c->id[c->nid++] = v;
            s = end;
        } else if (*p == '*') {
            p++;
            size_t l = strcspn(s, "/");
            if (l == 0 || l >= sizeof c->word[0] || c->nword >= 2) return 0;
            memcpy(c->word[c->nword], s, l);
            c->word[c->nword][l] = 0;
            c->nword++;
            s += l;
        } else {
            if (*p != *s) return 0;
            p++; s++;
        }
    }
    return *p == 0 && *s == 0;
}

/* Finds the route; *path_known tells a 405 from a 404. */
static const route *find_route(const char *method, const char *path, api_ctx *c, int *path_known)
{
    *path_known = 0;
    if (strcmp(method, "HEAD") == 0) method = "GET";   /* MHD sends the headers only */
    for (size_t t = 0; t < sizeof route_tables / sizeof route_tables[0]; t++) {
        for (const route *r = route_tables[t]; r->method; r++) {
            if (!match(r->pattern, path, c)) continue;
            *path_known = 1;
            if (strcmp(r->method, method) == 0) return r;
        }
    }
    return NULL;
}

void api_print_routes(FILE *out)
{
    for (size_t t = 0; t < sizeof route_tables / sizeof route_tables[0]; t++)
        for (const route *r = route_tables[t]; r->method; r++) {
            if (strstr(r->pattern, "/_test/")) continue;   /* exists only with --test-clock */
            fprintf(out, "%s %s\n", r->method, r->pattern);
        }
}

static int is_write(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

#define JSON_BODY_MAX (1u << 20)   /* uploads (ROUTE_RAW_BODY) may use the HTTP layer's larger limit */

static int parse_body(api_ctx *c)
{
    if (c->req->body.len == 0) return 0;
    if (c->req->body.len > JSON_BODY_MAX) return api_error(c, 413, "payload_too_large", NULL, "请求内容过大（不超过 1 MB）");
    const char *ct = http_header(c->req, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0)
        return api_error(c, 415, "unsupported_media_type", NULL, "请求内容须为 JSON（Content-Type: application/json）");
    json_error_t je;
    c->body = json_loadb(c->req->body.data, c->req->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!c->body)
        return api_error(c, 400, "invalid_json", NULL, "请求内容不是有效的 JSON（UTF-8）：第 %d 行第 %d 列", je.line, je.column);
    return 0;
}

static int dispatch(api_ctx *c)
{
    http_req *req = c->req;
    if (req->body_too_large)
        return api_error(c, 413, "payload_too_large", NULL, "请求内容过大");
    if (req->bad_query)
        return api_error(c, 400, "invalid_query", NULL, "查询参数含有无效字符（须为 UTF-8）");
    int path_known;
    const route *r = find_route(req->method, req->path, c, &path_known);
    if (!r) {
        if (path_known) return api_error(c, 405, "method_not_allowed", NULL, "不支持该请求方法");
        return api_error(c, 404, "not_found", NULL, "接口不存在");
    }
    c->db = db_acquire(c->app->pool, &c->err);
    if (!c->db) return c->err.status;
    if (!(r->flags & ROUTE_PUBLIC) || auth_peek(c)) {
        int rc = auth_resolve(c);
        if (rc && !(r->flags & ROUTE_PUBLIC)) return rc;
        if (rc) yz_err_clear(&c->err);
    }
    if (!(r->flags & ROUTE_PUBLIC)) {
        if (!(c->user.role & r->roles))
            return api_error(c, 403, "forbidden", NULL, "您的角色（%s）无权进行此操作", role_label(c->user.role));
        if (is_write(req->method) && !c->user.via_token) TRY(auth_check_csrf(c));
    }
    if (!(r->flags & ROUTE_RAW_BODY)) TRY(parse_body(c));
    /* Reads see one snapshot (a detail is assembled from many queries) and, on
     * SQLite, take the file lock once instead of once per statement. */
    if (!is_write(req->method)) TRY(db_begin_read(c->db, &c->err));
    return r->fn(c);
}

void api_handle(void *appv, http_req *req, http_res *res)
{
    app *a = appv;
    if (strncmp(req->path, "/api/", 5) != 0) {
        static_serve(a, req, res);
        return;
    }
    /* On the stack: a heap block of this size per request made glibc consolidate
     * the previous request's many small JSON chunks every time (perf). */
    api_ctx ctx = { 0 };
    api_ctx *c = &ctx;
    c->app = a;
    c->req = req;
    c->res = res;
    int rc = dispatch(c);
    if (rc) {
        if (!c->err.status) yz_fail(&c->err, rc, "error", NULL, "请求失败");
        api_render_error(res, &c->err);
    }
    if (c->db) db_release(a->pool, c->db);  /* rolls back an unfinished transaction */
    json_decref(c->body);
}
