/* The store: one interface, two backends (SQLite, PostgreSQL via libpq).
 *
 * SQL is written once with `?` placeholders in the common dialect of both
 * (RETURNING, ON CONFLICT, LIMIT/OFFSET; no backend functions); the PostgreSQL
 * backend rewrites `?` to `$n`. Times are unix seconds (BIGINT), dates
 * 'YYYY-MM-DD' text, booleans 0/1 integers.
 *
 * Rows come back as jansson values: db_rows returns a new array of objects
 * (column name -> integer/real/string/null) owned by the caller. Errors fill a
 * yz_err: unique violation -> 409 conflict, busy/lost connection -> 503,
 * anything else -> 500. */
#ifndef YZ_DB_H
#define YZ_DB_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/err.h"

typedef enum { DBV_NULL_T, DBV_INT_T, DBV_TEXT_T, DBV_REAL_T, DBV_BLOB_T } db_val_type;

typedef struct db_val {
    db_val_type type;
    int64_t i;
    double r;
    const char *s;      /* borrowed; text or blob bytes */
    size_t n;           /* blob length */
} db_val;

#define DBV_INT(x)  ((db_val){ .type = DBV_INT_T, .i = (int64_t)(x) })
#define DBV_REAL(x) ((db_val){ .type = DBV_REAL_T, .r = (x) })
#define DBV_TEXT(x) ((db_val){ .type = DBV_TEXT_T, .s = (x) })
#define DBV_NULL    ((db_val){ .type = DBV_NULL_T })
#define DBV_BLOB(p, len) ((db_val){ .type = DBV_BLOB_T, .s = (const char *)(p), .n = (len) })
/* Text or NULL when the pointer is NULL. */
#define DBV_TEXT_OR_NULL(x) ((x) ? DBV_TEXT(x) : DBV_NULL)
/* DB_ARGS(a, b, c) expands to "array, count" for the calls below. */
#define DB_ARGS(...) (db_val[]){ __VA_ARGS__ }, \
    (int)(sizeof((db_val[]){ __VA_ARGS__ }) / sizeof(db_val))
#define DB_NOARGS NULL, 0

typedef enum { DB_SQLITE, DB_POSTGRES } db_kind;

typedef struct db_conn db_conn;
typedef struct db_pool db_pool;

/* url: "sqlite:PATH" or "postgresql://..." / "postgres://...". Opens lazily up to max connections. */
db_pool *db_pool_new(const char *url, int max, yz_err *e);
void db_pool_free(db_pool *p);
db_kind db_pool_kind(const db_pool *p);
/* Borrows a connection, waiting if all are busy; NULL + e (503) if none can be opened. */
db_conn *db_acquire(db_pool *p, yz_err *e);
/* Returns it; a connection left inside a transaction is rolled back first. */
void db_release(db_pool *p, db_conn *c);
db_kind db_conn_kind(const db_conn *c);

/* New array of row objects, or NULL with e set. */
json_t *db_rows(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n);
/* First row as a new object; NULL with e->status == 0 when there is no row. */
json_t *db_row(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n);
/* One read of a batch: sql with its values in; rows (a new array the caller owns) out. */
typedef struct db_query {
    const char *sql;
    const db_val *v;
    int n;
    json_t *rows;
} db_query;
/* Runs independent reads together: PostgreSQL sends them in one round trip
 * (libpq pipeline mode), SQLite runs them in turn. 0, or an error status with
 * every rows left NULL. */
int db_rows_batch(db_conn *c, yz_err *e, db_query *qs, int count);

/* Rows affected, or -1 with e set. */
int64_t db_exec(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n);
/* Runs "... RETURNING id" and returns the id, or -1 with e set. */
int64_t db_insert(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n);
/* Single integer of the first row and column; dflt when no row; -1 + e on error. */
int64_t db_int(db_conn *c, yz_err *e, int64_t dflt, const char *sql, const db_val *v, int n);
/* Reads a blob column (first row, first column) into a malloc'd buffer the caller frees. */
int db_blob(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n,
            unsigned char **out, size_t *out_len);
/* Runs a script of several statements with no parameters (migrations). */
int db_script(db_conn *c, yz_err *e, const char *sql);

/* Transactions: db_begin takes the write lock at once (SQLite BEGIN IMMEDIATE). */
int db_begin(db_conn *c, yz_err *e) YZ_WARN_UNUSED;
/* A read-only snapshot: every query until commit/rollback sees the same state. */
int db_begin_read(db_conn *c, yz_err *e) YZ_WARN_UNUSED;
int db_commit(db_conn *c, yz_err *e) YZ_WARN_UNUSED;
void db_rollback(db_conn *c);
int db_in_tx(const db_conn *c);

/* Dynamic query builder: SQL text and its parameters grow together. */
typedef struct qb {
    char sql[4096];
    size_t len;
    db_val v[48];
    int n;
    int overflow;
} qb;
void qb_init(qb *q, const char *sql);
/* Appends sql (which holds as many `?` as values given). */
void qb_add(qb *q, const char *sql, int nvals, ...);
/* Starts q with sql followed by the text and values of where (a shared filter). */
void qb_init_from(qb *q, const char *sql, const qb *where);

#endif
