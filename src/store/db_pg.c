/* PostgreSQL backend through libpq. `?` placeholders become $n; results are
 * read in text form and typed by column OID. */
#include "db_internal.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

static void *pg_open(const char *url, yz_err *e)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        yz_fail(e, 503, "db_unavailable", NULL, "无法连接数据库：%s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PGresult *r = PQexec(c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    PQclear(r);
    return c;
}

static void pg_close(void *h) { PQfinish(h); }

static int pg_healthy(void *h) { return PQstatus(h) == CONNECTION_OK; }

/* Rewrites ? outside quotes to $1..$n. Caller frees. */
static char *rewrite_placeholders(const char *sql)
{
    size_t l = strlen(sql);
    char *out = malloc(l * 4 + 1);
    if (!out) return NULL;
    char *o = out;
    int n = 0, in_str = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'') in_str = !in_str;
        if (*p == '?' && !in_str) o += sprintf(o, "$%d", ++n);
        else *o++ = *p;
    }
    *o = 0;
    return out;
}

static int pg_error(PGconn *c, PGresult *r, yz_err *e)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (PQstatus(c) != CONNECTION_OK || !r)
        return yz_fail(e, 503, "db_unavailable", NULL, "数据库暂时不可用，请稍后再试");
    if (state && strcmp(state, "23505") == 0)
        return yz_fail(e, 409, "conflict", NULL, "记录已存在，不能重复");
    if (state && strcmp(state, "23503") == 0)
        return yz_fail(e, 422, "invalid_reference", NULL, "引用的记录不存在");
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strncmp(state, "57P", 3) == 0
                  || strncmp(state, "08", 2) == 0))
        return yz_fail(e, 503, "db_busy", NULL, "系统繁忙，请稍后再试");
    if (state && strcmp(state, "53100") == 0)
        return yz_fail(e, 507, "storage_error", NULL, "存储空间不足，未保存任何内容");
    return yz_fail(e, 500, "db_error", NULL, "数据库错误：%s", PQresultErrorMessage(r));
}

static PGresult *pg_exec(PGconn *c, yz_err *e, const char *sql, const db_val *v, int n)
{
    char *q = rewrite_placeholders(sql);
    if (!q) { yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
    const char **vals = calloc((size_t)n + 1, sizeof *vals);
    int *lens = calloc((size_t)n + 1, sizeof *lens);
    int *fmts = calloc((size_t)n + 1, sizeof *fmts);
    unsigned *types = calloc((size_t)n + 1, sizeof *types);
    char (*nums)[32] = calloc((size_t)n + 1, sizeof *nums);
    PGresult *r = NULL;
    if (!vals || !lens || !fmts || !types || !nums) { yz_fail(e, 500, "oom", NULL, "内存不足"); goto out; }
    for (int i = 0; i < n; i++) {
        switch (v[i].type) {
        case DBV_INT_T:
            snprintf(nums[i], sizeof nums[i], "%lld", (long long)v[i].i);
            vals[i] = nums[i]; types[i] = OID_INT8; break;
        case DBV_REAL_T:
            snprintf(nums[i], sizeof nums[i], "%.17g", v[i].r);
            vals[i] = nums[i]; types[i] = OID_FLOAT8; break;
        case DBV_TEXT_T: vals[i] = v[i].s; break;
        case DBV_BLOB_T:
            vals[i] = v[i].s; lens[i] = (int)v[i].n; fmts[i] = 1; types[i] = OID_BYTEA; break;
        default: vals[i] = NULL; break;
        }
    }
    r = PQexecParams(c, q, n, types, vals, lens, fmts, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_error(c, r, e);
        PQclear(r);
        r = NULL;
    }
out:
    free(q); free(vals); free(lens); free(fmts); free(types); free(nums);
    return r;
}

static json_t *pg_value(PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return json_null();
    const char *s = PQgetvalue(r, row, col);
    switch (PQftype(r, col)) {
    case OID_INT2: case OID_INT4: case OID_INT8: return json_integer(strtoll(s, NULL, 10));
    case OID_FLOAT4: case OID_FLOAT8: return json_real(strtod(s, NULL));
    case OID_NUMERIC:
        return strchr(s, '.') ? json_real(strtod(s, NULL)) : json_integer(strtoll(s, NULL, 10));
    case OID_BOOL: return json_integer(s[0] == 't');
    case OID_BYTEA: return json_integer((json_int_t)(strlen(s) > 2 ? (strlen(s) - 2) / 2 : 0));
    default: return json_stringn(s, (size_t)PQgetlength(r, row, col));
    }
}

static int64_t pg_run(void *h, yz_err *e, const char *sql, const db_val *v, int n, json_t *rows)
{
    PGresult *r = pg_exec(h, e, sql, v, n);
    if (!r) return -1;
    int64_t affected;
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        int nr = PQntuples(r), nc = PQnfields(r);
        if (rows) {
            for (int i = 0; i < nr; i++) {
                json_t *obj = json_object();
                for (int j = 0; j < nc; j++) json_object_set_new(obj, PQfname(r, j), pg_value(r, i, j));
                json_array_append_new(rows, obj);
            }
        }
        const char *t = PQcmdTuples(r);
        affected = (t && *t) ? strtoll(t, NULL, 10) : nr;
    } else {
        const char *t = PQcmdTuples(r);
        affected = (t && *t) ? strtoll(t, NULL, 10) : 0;
    }
    PQclear(r);
    return affected;
}

static int pg_blob(void *h, yz_err *e, const char *sql, const db_val *v, int n,
                   unsigned char **out, size_t *len)
{
    *out = NULL; *len = 0;
    PGresult *r = pg_exec(h, e, sql, v, n);
    if (!r) return e->status;
    if (PQntuples(r) < 1 || PQgetisnull(r, 0, 0)) {
        PQclear(r);
        return yz_fail(e, 404, "not_found", NULL, "文件不存在");
    }
    size_t l = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &l);
    PQclear(r);
    if (!raw) return yz_fail(e, 500, "oom", NULL, "内存不足");
    *out = malloc(l ? l : 1);
    if (!*out) { PQfreemem(raw); return yz_fail(e, 500, "oom", NULL, "内存不足"); }
    memcpy(*out, raw, l);
    *len = l;
    PQfreemem(raw);
    return 0;
}

static int pg_script(void *h, yz_err *e, const char *sql)
{
    PGresult *r = PQexec(h, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_error(h, r, e);
        PQclear(r);
        return e->status;
    }
    PQclear(r);
    return 0;
}

const db_backend db_pg_backend = {
    .open = pg_open, .close = pg_close, .run = pg_run, .blob = pg_blob,
    .script = pg_script, .healthy = pg_healthy, .begin_sql = "BEGIN",
};
