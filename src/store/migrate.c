#include "migrate.h"
#include "../util/buf.h"
#include <stdlib.h>
#include <string.h>

/* Generated at build time from src/store/migrations/NNN_*.sql (scripts/embed_sql.sh). */
extern const char *const yz_migrations[];
extern const int yz_migration_count;

int migrate_latest(void) { return yz_migration_count; }

static char *substitute(const char *sql, db_kind kind)
{
    static const struct { const char *tok, *sqlite, *pg; } subs[] = {
        { "@ID@", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY" },
        { "@BLOB@", "BLOB", "BYTEA" },
    };
    buf b;
    buf_init(&b, 0);
    for (const char *p = sql; *p;) {
        int hit = 0;
        for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
            size_t l = strlen(subs[i].tok);
            if (strncmp(p, subs[i].tok, l) == 0) {
                buf_puts(&b, kind == DB_SQLITE ? subs[i].sqlite : subs[i].pg);
                p += l;
                hit = 1;
                break;
            }
        }
        if (!hit) buf_append(&b, p++, 1);
    }
    if (b.failed) return NULL;
    return buf_steal(&b);
}

int migrate_run(db_conn *c, yz_err *e, int *applied)
{
    *applied = 0;
    if (db_script(c, e, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"))
        return e->status;
    int64_t have = db_int(c, e, 0, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", DB_NOARGS);
    if (have < 0) return e->status;
    if (have > yz_migration_count)
        return yz_fail(e, 500, "schema_too_new", NULL,
                       "数据库版本 %lld 高于本程序支持的版本 %d，请升级 yizheng", (long long)have, yz_migration_count);
    for (int v = (int)have + 1; v <= yz_migration_count; v++) {
        char *sql = substitute(yz_migrations[v - 1], db_conn_kind(c));
        if (!sql) return yz_fail(e, 500, "oom", NULL, "内存不足");
        int rc = db_begin(c, e);
        if (!rc) rc = db_script(c, e, sql);
        free(sql);
        if (!rc && db_exec(c, e, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)",
                           DB_ARGS(DBV_INT(v))) < 0)
            rc = e->status;
        if (!rc) rc = db_commit(c, e);
        if (rc) { db_rollback(c); return rc; }
        (*applied)++;
    }
    return 0;
}
