#include "db_internal.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    db_kind kind;
    const db_backend *be;
    char *target;
    int max, open_count;
    db_conn **idle;
    int nidle;
};

db_pool *db_pool_new(const char *url, int max, yz_err *e)
{
    const db_backend *be;
    const char *target;
    db_kind kind;
    if (strncmp(url, "sqlite:", 7) == 0) {
        be = &db_sqlite_backend; target = url + 7; kind = DB_SQLITE;
    } else if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0
               || strncmp(url, "postgresql:", 11) == 0) {
        be = &db_pg_backend; target = url; kind = DB_POSTGRES;
    } else {
        yz_fail(e, 400, "bad_db_url", "db", "数据库地址应为 sqlite:文件 或 postgresql://…");
        return NULL;
    }
    if (max < 1) max = 1;
    db_pool *p = calloc(1, sizeof *p);
    if (!p) { yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
    p->idle = calloc((size_t)max, sizeof *p->idle);
    p->target = strdup(target);
    if (!p->idle || !p->target) {
        free(p->idle); free(p->target); free(p);
        yz_fail(e, 500, "oom", NULL, "内存不足");
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->kind = kind; p->be = be; p->max = max;
    /* Open one connection now so that a bad address fails at start-up. */
    db_conn *c = db_acquire(p, e);
    if (!c) { db_pool_free(p); return NULL; }
    db_release(p, c);
    return p;
}

static void conn_close(db_conn *c)
{
    if (!c) return;
    c->be->close(c->h);
    free(c);
}

void db_pool_free(db_pool *p)
{
    if (!p) return;
    for (int i = 0; i < p->nidle; i++) conn_close(p->idle[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->idle);
    free(p->target);
    free(p);
}

db_kind db_pool_kind(const db_pool *p) { return p->kind; }
db_kind db_conn_kind(const db_conn *c) { return c->kind; }

db_conn *db_acquire(db_pool *p, yz_err *e)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->nidle > 0) {
            db_conn *c = p->idle[--p->nidle];
            pthread_mutex_unlock(&p->mu);
            if (c->be->healthy(c->h)) return c;
            conn_close(c);          /* lost (e.g. PostgreSQL restarted): reopen below */
            pthread_mutex_lock(&p->mu);
            p->open_count--;
            continue;
        }
        if (p->open_count < p->max) {
            p->open_count++;
            pthread_mutex_unlock(&p->mu);
            db_conn *c = calloc(1, sizeof *c);
            void *h = c ? p->be->open(p->target, e) : NULL;
            if (!h) {
                free(c);
                if (e && !e->status) yz_fail(e, 503, "db_unavailable", NULL, "数据库暂时不可用，请稍后再试");
                pthread_mutex_lock(&p->mu);
                p->open_count--;
                pthread_cond_signal(&p->cv);
                pthread_mutex_unlock(&p->mu);
                return NULL;
            }
            c->be = p->be; c->h = h; c->kind = p->kind;
            return c;
        }
        pthread_cond_wait(&p->cv, &p->mu);
    }
}

void db_release(db_pool *p, db_conn *c)
{
    if (!c) return;
    if (c->in_tx) db_rollback(c);
    pthread_mutex_lock(&p->mu);
    p->idle[p->nidle++] = c;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

json_t *db_rows(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n)
{
    json_t *rows = json_array();
    if (!rows) { yz_fail(e, 500, "oom", NULL, "内存不足"); return NULL; }
    if (c->be->run(c->h, e, sql, v, n, rows) < 0) { json_decref(rows); return NULL; }
    return rows;
}

json_t *db_row(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n)
{
    json_t *rows = db_rows(c, e, sql, v, n);
    if (!rows) return NULL;
    json_t *r = json_array_get(rows, 0);
    json_incref(r);
    json_decref(rows);
    return r;
}

int db_rows_batch(db_conn *c, yz_err *e, db_query *qs, int count)
{
    for (int i = 0; i < count; i++) qs[i].rows = NULL;
    if (c->be->batch) return c->be->batch(c->h, e, qs, count);
    for (int i = 0; i < count; i++) {
        qs[i].rows = db_rows(c, e, qs[i].sql, qs[i].v, qs[i].n);
        if (!qs[i].rows) {
            for (int j = 0; j < i; j++) { json_decref(qs[j].rows); qs[j].rows = NULL; }
            return e->status;
        }
    }
    return 0;
}

int64_t db_exec(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n)
{
    return c->be->run(c->h, e, sql, v, n, NULL);
}

int64_t db_insert(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n)
{
    return db_int(c, e, -1, sql, v, n);
}

int64_t db_int(db_conn *c, yz_err *e, int64_t dflt, const char *sql, const db_val *v, int n)
{
    json_t *rows = db_rows(c, e, sql, v, n);
    if (!rows) return -1;
    int64_t out = dflt;
    json_t *r = json_array_get(rows, 0);
    if (r) {
        void *it = json_object_iter(r);
        json_t *val = it ? json_object_iter_value(it) : NULL;
        if (json_is_integer(val)) out = json_integer_value(val);
        else if (json_is_real(val)) out = (int64_t)json_real_value(val);
        else if (json_is_true(val)) out = 1;
        else if (json_is_false(val)) out = 0;
        else if (json_is_string(val)) out = strtoll(json_string_value(val), NULL, 10);
    }
    json_decref(rows);
    return out;
}

int db_blob(db_conn *c, yz_err *e, const char *sql, const db_val *v, int n,
            unsigned char **out, size_t *out_len)
{
    return c->be->blob(c->h, e, sql, v, n, out, out_len);
}

int db_script(db_conn *c, yz_err *e, const char *sql)
{
    return c->be->script(c->h, e, sql);
}

int db_begin(db_conn *c, yz_err *e)
{
    if (c->be->run(c->h, e, c->be->begin_sql, NULL, 0, NULL) < 0) return e->status;
    c->in_tx = 1;
    return 0;
}

int db_begin_read(db_conn *c, yz_err *e)
{
    if (c->be->run(c->h, e, c->be->begin_read_sql, NULL, 0, NULL) < 0) return e->status;
    c->in_tx = 1;
    return 0;
}

int db_commit(db_conn *c, yz_err *e)
{
    if (c->be->run(c->h, e, "COMMIT", NULL, 0, NULL) < 0) {
        db_rollback(c);
        return e->status;
    }
    c->in_tx = 0;
    return 0;
}

void db_rollback(db_conn *c)
{
    yz_err ignore = {0};
    c->be->run(c->h, &ignore, "ROLLBACK", NULL, 0, NULL);
    c->in_tx = 0;
}

int db_in_tx(const db_conn *c) { return c->in_tx; }

void qb_init(qb *q, const char *sql)
{
    memset(q, 0, sizeof *q);
    qb_add(q, sql, 0);
}

void qb_add(qb *q, const char *sql, int nvals, ...)
{
    size_t l = strlen(sql);
    if (q->len + l + 1 > sizeof q->sql || q->n + nvals > (int)(sizeof q->v / sizeof q->v[0])) {
        q->overflow = 1;
        return;
    }
    memcpy(q->sql + q->len, sql, l + 1);
    q->len += l;
    va_list ap;
    va_start(ap, nvals);
    for (int i = 0; i < nvals; i++) q->v[q->n++] = va_arg(ap, db_val);
    va_end(ap);
}

void qb_init_from(qb *q, const char *sql, const qb *where)
{
    qb_init(q, sql);
    qb_add(q, where->sql, 0);
    if (q->n + where->n > (int)(sizeof q->v / sizeof q->v[0])) { q->overflow = 1; return; }
    memcpy(q->v + q->n, where->v, (size_t)where->n * sizeof where->v[0]);
    q->n += where->n;
    q->overflow |= where->overflow;
}
