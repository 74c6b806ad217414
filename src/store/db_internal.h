/* Backend vtable behind db.h. Each backend owns its handle inside db_conn. */
#ifndef YZ_DB_INTERNAL_H
#define YZ_DB_INTERNAL_H
#include "db.h"

typedef struct db_backend {
    void *(*open)(const char *target, yz_err *e);
    void (*close)(void *h);
    /* rows != NULL: collect result rows into it. Returns affected rows or -1. */
    int64_t (*run)(void *h, yz_err *e, const char *sql, const db_val *v, int n, json_t *rows);
    int (*blob)(void *h, yz_err *e, const char *sql, const db_val *v, int n,
                unsigned char **out, size_t *len);
    int (*script)(void *h, yz_err *e, const char *sql);
    /* NULL: run the batch one query at a time. */
    int (*batch)(void *h, yz_err *e, db_query *qs, int count);
    int (*healthy)(void *h);
    const char *begin_sql;
    const char *begin_read_sql;
} db_backend;

struct db_conn {
    const db_backend *be;
    void *h;
    db_kind kind;
    int in_tx;
};

extern const db_backend db_sqlite_backend;
extern const db_backend db_pg_backend;

#endif
