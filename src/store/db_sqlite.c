/* SQLite backend: WAL, foreign keys, busy timeout, synchronous=FULL. */
#include "db_internal.h"
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Prepared statements are kept per connection: parsing SQL was the largest
 * cost of a small request (bench/, docs/benchmarks.md). */
#define STMT_CACHE 96

typedef struct cached_stmt {
    uint64_t hash;
    char *sql;
    sqlite3_stmt *st;
} cached_stmt;

typedef struct sq_conn {
    sqlite3 *db;
    cached_stmt cache[STMT_CACHE];
    int next;            /* round-robin eviction */
} sq_conn;

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int sqlite_error(sqlite3 *db, yz_err *e, int rc)
{
    int prim = rc & 0xFF;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return yz_fail(e, 503, "db_busy", NULL, "系统繁忙，请稍后再试");
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return yz_fail(e, 409, "conflict", NULL, "记录已存在，不能重复");
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return yz_fail(e, 422, "invalid_reference", NULL, "引用的记录不存在");
    if (prim == SQLITE_FULL || prim == SQLITE_IOERR)
        return yz_fail(e, 507, "storage_error", NULL, "存储空间不足或磁盘错误，未保存任何内容");
    return yz_fail(e, 500, "db_error", NULL, "数据库错误：%s", sqlite3_errmsg(db));
}

static void *sq_open(const char *path, yz_err *e)
{
    sq_conn *conn = calloc(1, sizeof *conn);
    if (!conn) { yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                             | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        yz_fail(e, 503, "db_unavailable", NULL, "无法打开数据库文件 %s", path);
        sqlite3_close(db);
        free(conn);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
    const char *sync = getenv("YIZHENG_SQLITE_SYNC");
    char buf[200];
    if (sync && (strcmp(sync, "NORMAL") == 0 || strcmp(sync, "FULL") == 0)) {
        snprintf(buf, sizeof buf, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=%s;", sync);
        setup = buf;
    }
    char *msg = NULL;
    if (sqlite3_exec(db, setup, NULL, NULL, &msg) != SQLITE_OK) {
        yz_fail(e, 503, "db_unavailable", NULL, "数据库初始化失败：%s", msg ? msg : "");
        sqlite3_free(msg);
        sqlite3_close(db);
        free(conn);
        return NULL;
    }
    conn->db = db;
    return conn;
}

static void sq_close(void *h)
{
    sq_conn *conn = h;
    for (int i = 0; i < STMT_CACHE; i++) {
        sqlite3_finalize(conn->cache[i].st);
        free(conn->cache[i].sql);
    }
    sqlite3_close(conn->db);
    free(conn);
}

static int bind_all(sqlite3_stmt *st, const db_val *v, int n)
{
    for (int i = 0; i < n; i++) {
        int rc;
        switch (v[i].type) {
        case DBV_INT_T: rc = sqlite3_bind_int64(st, i + 1, v[i].i); break;
        case DBV_REAL_T: rc = sqlite3_bind_double(st, i + 1, v[i].r); break;
        case DBV_TEXT_T: rc = sqlite3_bind_text(st, i + 1, v[i].s, -1, SQLITE_STATIC); break;
        case DBV_BLOB_T: rc = sqlite3_bind_blob64(st, i + 1, v[i].s, v[i].n, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, i + 1); break;
        }
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

static json_t *column_value(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
    case SQLITE_TEXT:
        return json_stringn((const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
    case SQLITE_BLOB: return json_integer(sqlite3_column_bytes(st, i)); /* never inline blobs */
    default: return json_null();
    }
}

/* Finds or prepares sql, binds v. The statement stays owned by the cache:
 * callers hand it back with release(), never finalize it. */
static sqlite3_stmt *prepare(sq_conn *conn, yz_err *e, const char *sql, const db_val *v, int n)
{
    uint64_t h = sql_hash(sql);
    sqlite3_stmt *st = NULL;
    for (int i = 0; i < STMT_CACHE; i++) {
        cached_stmt *cs = &conn->cache[i];
        if (cs->st && cs->hash == h && strcmp(cs->sql, sql) == 0) { st = cs->st; break; }
    }
    if (!st) {
        int rc = sqlite3_prepare_v3(conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (rc != SQLITE_OK) { sqlite_error(conn->db, e, rc); return NULL; }
        char *copy = strdup(sql);
        if (!copy) { sqlite3_finalize(st); yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
        cached_stmt *slot = &conn->cache[conn->next];
        conn->next = (conn->next + 1) % STMT_CACHE;
        sqlite3_finalize(slot->st);
        free(slot->sql);
        slot->st = st;
        slot->sql = copy;
        slot->hash = h;
    }
    if (sqlite3_bind_parameter_count(st) != n) {
        yz_fail(e, 500, "db_error", NULL, "internal: parameter count mismatch in: %.120s", sql);
        return NULL;
    }
    int rc = bind_all(st, v, n);
    if (rc != SQLITE_OK) { sqlite_error(conn->db, e, rc); sqlite3_reset(st); sqlite3_clear_bindings(st); return NULL; }
    return st;
}

static void release(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static int64_t sq_run(void *h, yz_err *e, const char *sql, const db_val *v, int n, json_t *rows)
{
    sq_conn *conn = h;
    sqlite3 *db = conn->db;
    sqlite3_stmt *st = prepare(conn, e, sql, v, n);
    if (!st) return -1;
    int rc, ncol = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!rows) continue;
        json_t *obj = json_object();
        for (int i = 0; i < ncol; i++)
            json_object_set_new(obj, sqlite3_column_name(st, i), column_value(st, i));
        json_array_append_new(rows, obj);
    }
    if (rc != SQLITE_DONE) {
        sqlite_error(db, e, sqlite3_extended_errcode(db));
        release(st);
        return -1;
    }
    release(st);
    return sqlite3_changes64(db);
}

static int sq_blob(void *h, yz_err *e, const char *sql, const db_val *v, int n,
                   unsigned char **out, size_t *len)
{
    sq_conn *conn = h;
    sqlite3 *db = conn->db;
    *out = NULL; *len = 0;
    sqlite3_stmt *st = prepare(conn, e, sql, v, n);
    if (!st) return e->status;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        size_t l = (size_t)sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        *out = malloc(l ? l : 1);
        if (!*out) { release(st); return yz_fail(e, 500, "oom", NULL, "内存不足"); }
        if (l) memcpy(*out, p, l);
        *len = l;
        release(st);
        return 0;
    }
    if (rc == SQLITE_DONE) { release(st); return yz_fail(e, 404, "not_found", NULL, "文件不存在"); }
    sqlite_error(db, e, sqlite3_extended_errcode(db));
    release(st);
    return e->status;
}

static int sq_script(void *h, yz_err *e, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(((sq_conn *)h)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        yz_fail(e, 500, "db_error", NULL, "数据库错误：%s", msg ? msg : "");
        sqlite3_free(msg);
        return e->status;
    }
    return 0;
}

static int sq_healthy(void *h) { (void)h; return 1; }

const db_backend db_sqlite_backend = {
    .open = sq_open, .close = sq_close, .run = sq_run, .blob = sq_blob,
    .script = sq_script, .healthy = sq_healthy, .begin_sql = "BEGIN IMMEDIATE",
    .begin_read_sql = "BEGIN DEFERRED",
};
