/* PostgreSQL backend through libpq. `?` placeholders become $n; results are
 * read in text form and typed by column OID. */
#include "db_internal.h"
#include <libpq-fe.h>
#include <stdint.h>
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

/* Each connection keeps its statements prepared on the server, named by slot:
 * parsing and planning dominated small requests (docs/benchmarks.md). */
#define STMT_CACHE 96

typedef struct pg_conn {
    PGconn *c;
    struct { uint64_t hash; char *sql; unsigned id; } cache[STMT_CACHE];
    int next;
    unsigned last_id;    /* statement names are never reused, even if a DEALLOCATE failed */
} pg_conn;

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void *pg_open(const char *url, yz_err *e)
{
    pg_conn *pc = calloc(1, sizeof *pc);
    if (!pc) { yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        yz_fail(e, 503, "db_unavailable", NULL, "无法连接数据库：%s", PQerrorMessage(c));
        PQfinish(c);
        free(pc);
        return NULL;
    }
    PGresult *r = PQexec(c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    PQclear(r);
    pc->c = c;
    return pc;
}

static void pg_close(void *h)
{
    pg_conn *pc = h;
    for (int i = 0; i < STMT_CACHE; i++) free(pc->cache[i].sql);
    PQfinish(pc->c);
    free(pc);
}

static int pg_healthy(void *h) { return PQstatus(((pg_conn *)h)->c) == CONNECTION_OK; }

/* Only plannable statements can be prepared; BEGIN/COMMIT go unprepared. */
static int preparable(const char *sql)
{
    return strncmp(sql, "SELECT", 6) == 0 || strncmp(sql, "INSERT", 6) == 0
        || strncmp(sql, "UPDATE", 6) == 0 || strncmp(sql, "DELETE", 6) == 0;
}

/* Name of the prepared statement for sql ("" if it could not be prepared). */
static const char *prepared_name(pg_conn *pc, const char *q, int n, const Oid *types, char name[16])
{
    uint64_t h = sql_hash(q);
    for (int i = 0; i < STMT_CACHE; i++)
        if (pc->cache[i].sql && pc->cache[i].hash == h && strcmp(pc->cache[i].sql, q) == 0) {
            snprintf(name, 16, "yz%u", pc->cache[i].id);
            return name;
        }
    int slot = pc->next;
    pc->next = (pc->next + 1) % STMT_CACHE;
    if (pc->cache[slot].sql) {
        char dealloc[40];
        snprintf(dealloc, sizeof dealloc, "DEALLOCATE yz%u", pc->cache[slot].id);
        PQclear(PQexec(pc->c, dealloc));
        free(pc->cache[slot].sql);
        pc->cache[slot].sql = NULL;
    }
    unsigned id = ++pc->last_id;
    snprintf(name, 16, "yz%u", id);
    PGresult *r = PQprepare(pc->c, name, q, n, types);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) return "";
    pc->cache[slot].sql = strdup(q);
    pc->cache[slot].hash = h;
    pc->cache[slot].id = id;
    return pc->cache[slot].sql ? name : "";
}

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

/* Reconnects a lost connection; its server-side prepared statements are gone too. */
static int pg_reconnect(pg_conn *pc)
{
    PQreset(pc->c);
    if (PQstatus(pc->c) != CONNECTION_OK) return 0;
    for (int i = 0; i < STMT_CACHE; i++) { free(pc->cache[i].sql); pc->cache[i].sql = NULL; }
    PQclear(PQexec(pc->c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
    return 1;
}

/* A statement's text ($n placeholders) and its values in libpq's arrays. */
typedef struct pg_params {
    char *q;
    const char **vals;
    int *lens, *fmts;
    Oid *types;
    char (*nums)[32];
    int n;
} pg_params;

static void params_free(pg_params *pp)
{
    free(pp->q); free(pp->vals); free(pp->lens); free(pp->fmts); free(pp->types); free(pp->nums);
    memset(pp, 0, sizeof *pp);
}

static int params_init(pg_params *pp, yz_err *e, const char *sql, const db_val *v, int n)
{
    memset(pp, 0, sizeof *pp);
    pp->n = n;
    pp->q = rewrite_placeholders(sql);
    pp->vals = calloc((size_t)n + 1, sizeof *pp->vals);
    pp->lens = calloc((size_t)n + 1, sizeof *pp->lens);
    pp->fmts = calloc((size_t)n + 1, sizeof *pp->fmts);
    pp->types = calloc((size_t)n + 1, sizeof *pp->types);
    pp->nums = calloc((size_t)n + 1, sizeof *pp->nums);
    if (!pp->q || !pp->vals || !pp->lens || !pp->fmts || !pp->types || !pp->nums) {
        params_free(pp);
        return yz_fail(e, 500, "oom", NULL, "内存不足");
    }
    for (int i = 0; i < n; i++) {
        switch (v[i].type) {
        case DBV_INT_T:
            snprintf(pp->nums[i], sizeof pp->nums[i], "%lld", (long long)v[i].i);
            pp->vals[i] = pp->nums[i]; pp->types[i] = OID_INT8; break;
        case DBV_REAL_T:
            snprintf(pp->nums[i], sizeof pp->nums[i], "%.17g", v[i].r);
            pp->vals[i] = pp->nums[i]; pp->types[i] = OID_FLOAT8; break;
        case DBV_TEXT_T: pp->vals[i] = v[i].s; break;
        case DBV_BLOB_T:
            pp->vals[i] = v[i].s; pp->lens[i] = (int)v[i].n; pp->fmts[i] = 1; pp->types[i] = OID_BYTEA; break;
        default: pp->vals[i] = NULL; break;
        }
    }
    return 0;
}

static PGresult *pg_exec(pg_conn *pc, yz_err *e, const char *sql, const db_val *v, int n)
{
    PGconn *c = pc->c;
    /* Outside a transaction a statement lost with the connection can simply run
     * again (PostgreSQL restarted); inside one the caller must see the failure. */
    int retriable = PQtransactionStatus(c) == PQTRANS_IDLE;
    pg_params pp;
    if (params_init(&pp, e, sql, v, n)) return NULL;
    PGresult *r = NULL;
    for (int attempt = 0;; attempt++) {
        char name[16];
        const char *stmt = preparable(pp.q) ? prepared_name(pc, pp.q, n, pp.types, name) : "";
        if (*stmt) r = PQexecPrepared(c, stmt, n, pp.vals, pp.lens, pp.fmts, 0);
        else r = PQexecParams(c, pp.q, n, pp.types, pp.vals, pp.lens, pp.fmts, 0);
        if (attempt || !retriable || PQstatus(c) != CONNECTION_BAD || !pg_reconnect(pc)) break;
        PQclear(r);
    }
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_error(c, r, e);
        PQclear(r);
        r = NULL;
    }
    params_free(&pp);
    return r;
}

static void collect_rows(PGresult *r, json_t *rows);

/* Several reads in one round trip (libpq pipeline mode). */
static int pg_batch(void *h, yz_err *e, db_query *qs, int count)
{
    pg_conn *pc = h;
    PGconn *c = pc->c;
    pg_params *pp = calloc((size_t)count, sizeof *pp);
    char (*names)[16] = calloc((size_t)count, sizeof *names);
    int rc = 0, sent = 0;
    if (!pp || !names) { free(pp); free(names); return yz_fail(e, 500, "oom", NULL, "内存不足"); }
    for (int i = 0; i < count && !rc; i++) {
        rc = params_init(&pp[i], e, qs[i].sql, qs[i].v, qs[i].n);
        /* Statements are prepared (synchronously) before the pipeline starts. */
        if (!rc && preparable(pp[i].q)) {
            char tmp[16];
            snprintf(names[i], 16, "%s", prepared_name(pc, pp[i].q, pp[i].n, pp[i].types, tmp));
        }
    }
    if (!rc && PQenterPipelineMode(c) != 1) rc = yz_fail(e, 503, "db_unavailable", NULL, "数据库暂时不可用，请稍后再试");
    for (int i = 0; i < count && !rc; i++, sent++) {
        int ok = names[i][0]
            ? PQsendQueryPrepared(c, names[i], pp[i].n, pp[i].vals, pp[i].lens, pp[i].fmts, 0)
            : PQsendQueryParams(c, pp[i].q, pp[i].n, pp[i].types, pp[i].vals, pp[i].lens, pp[i].fmts, 0);
        if (!ok) rc = pg_error(c, NULL, e);
    }
    if (sent && PQpipelineSync(c) != 1 && !rc) rc = pg_error(c, NULL, e);
    for (int i = 0; i < sent; i++) {
        PGresult *r = PQgetResult(c);
        if (!r) { if (!rc) rc = pg_error(c, NULL, e); break; }
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK && !rc) {
            qs[i].rows = json_array();
            collect_rows(r, qs[i].rows);
        } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !rc) {
            rc = pg_error(c, r, e);
        }
        PQclear(r);
        PGresult *end = PQgetResult(c);   /* each query's results end with NULL */
        if (end) PQclear(end);
    }
    /* Drain to the sync point, then leave pipeline mode; a connection that will
     * not leave it is reset rather than reused in an unknown state. */
    for (PGresult *r; sent && (r = PQgetResult(c)) != NULL;) {
        int sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
    }
    if (PQpipelineStatus(c) != PQ_PIPELINE_OFF && PQexitPipelineMode(c) != 1) {
        if (!rc) rc = pg_error(c, NULL, e);
        pg_reconnect(pc);
    }
    for (int i = 0; i < count; i++) params_free(&pp[i]);
    free(pp);
    free(names);
    if (rc) for (int i = 0; i < count; i++) { json_decref(qs[i].rows); qs[i].rows = NULL; }
    return rc;
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

static void collect_rows(PGresult *r, json_t *rows)
{
    int nr = PQntuples(r), nc = PQnfields(r);
    for (int i = 0; i < nr; i++) {
        json_t *obj = json_object();
        for (int j = 0; j < nc; j++) json_object_set_new(obj, PQfname(r, j), pg_value(r, i, j));
        json_array_append_new(rows, obj);
    }
}

static int64_t pg_run(void *h, yz_err *e, const char *sql, const db_val *v, int n, json_t *rows)
{
    PGresult *r = pg_exec(h, e, sql, v, n);
    if (!r) return -1;
    int64_t affected;
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        int nr = PQntuples(r);
        if (rows) collect_rows(r, rows);
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
    PGresult *r = PQexec(((pg_conn *)h)->c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        pg_error(((pg_conn *)h)->c, r, e);
        PQclear(r);
        return e->status;
    }
    PQclear(r);
    return 0;
}

const db_backend db_pg_backend = {
    .open = pg_open, .close = pg_close, .run = pg_run, .blob = pg_blob,
    .script = pg_script, .healthy = pg_healthy, .batch = pg_batch, .begin_sql = "BEGIN",
    .begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
};
