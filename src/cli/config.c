#include "cli.h"
#include "../store/migrate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void set_str(char *dst, size_t len, const char *v) { snprintf(dst, len, "%s", v); }

static int apply(cli_config *cfg, const char *key, const char *val)
{
    if (strcmp(key, "db") == 0) { set_str(cfg->db, sizeof cfg->db, val); cfg->db_given = 1; }
    else if (strcmp(key, "listen") == 0) set_str(cfg->listen, sizeof cfg->listen, val);
    else if (strcmp(key, "static") == 0) set_str(cfg->static_dir, sizeof cfg->static_dir, val);
    else if (strcmp(key, "openapi") == 0) set_str(cfg->openapi, sizeof cfg->openapi, val);
    else if (strcmp(key, "dir") == 0) set_str(cfg->demo_dir, sizeof cfg->demo_dir, val);
    else if (strcmp(key, "threads") == 0) cfg->threads = atoi(val);
    else if (strcmp(key, "db-pool") == 0) cfg->db_pool = atoi(val);
    else if (strcmp(key, "secure-cookies") == 0) cfg->secure_cookies = strcmp(val, "0") != 0;
    else if (strcmp(key, "trust-proxy") == 0) cfg->trust_proxy = strcmp(val, "0") != 0;
    else return -1;
    return 0;
}

static int load_file(cli_config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "无法读取配置文件 %s\n", path); return -1; }
    char line[2048];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '#' || *p == '\n' || !*p) continue;
        char *eq = strchr(p, '=');
        if (!eq) { fprintf(stderr, "%s:%d: 应为 键 = 值\n", path, lineno); fclose(f); return -1; }
        *eq = 0;
        char *k = p, *v = eq + 1;
        for (char *e = k + strlen(k); e > k && (e[-1] == ' ' || e[-1] == '\t'); ) *--e = 0;
        while (*v == ' ' || *v == '\t') v++;
        v[strcspn(v, "\r\n")] = 0;
        if (apply(cfg, k, v) != 0) { fprintf(stderr, "%s:%d: 未知配置项 %s\n", path, lineno, k); fclose(f); return -1; }
    }
    fclose(f);
    return 0;
}

/* Removes argv[i] (and its value when consumed) from the list. */
static void drop(int *argc, char **argv, int i, int n)
{
    for (int j = i; j + n <= *argc; j++) argv[j] = argv[j + n];
    *argc -= n;
}

static const char *const known[] = { "db", "listen", "static", "openapi", "threads", "db-pool", "dir", "secure-cookies", NULL };

int cli_config_load(cli_config *cfg, int *argc, char **argv)
{
    memset(cfg, 0, sizeof *cfg);
    set_str(cfg->listen, sizeof cfg->listen, "127.0.0.1:8080");
    set_str(cfg->db, sizeof cfg->db, "sqlite:yizheng.db");
    set_str(cfg->openapi, sizeof cfg->openapi, access("docs/openapi.yaml", R_OK) == 0 ? "docs/openapi.yaml" : "");
    if (access("web/dist/index.html", R_OK) == 0) set_str(cfg->static_dir, sizeof cfg->static_dir, "web/dist");
    cfg->threads = 4;
    const char *conf = getenv("YIZHENG_CONFIG");
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < *argc) { conf = argv[i + 1]; drop(argc, argv, i, 2); break; }
        if (strncmp(argv[i], "--config=", 9) == 0) { conf = argv[i] + 9; drop(argc, argv, i, 1); break; }
    }
    if (conf && load_file(cfg, conf) != 0) return -1;
    static const struct { const char *env, *key; } envs[] = {
        { "YIZHENG_DB", "db" }, { "YIZHENG_LISTEN", "listen" }, { "YIZHENG_STATIC", "static" },
        { "YIZHENG_THREADS", "threads" }, { "YIZHENG_OPENAPI", "openapi" },
    };
    for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
        const char *v = getenv(envs[i].env);
        if (v && *v) apply(cfg, envs[i].key, v);
    }
    for (int i = 1; i < *argc;) {
        const char *a = argv[i];
        if (strcmp(a, "--test-clock") == 0) { cfg->test_clock = 1; drop(argc, argv, i, 1); continue; }
        if (strcmp(a, "--secure-cookies") == 0) { cfg->secure_cookies = 1; drop(argc, argv, i, 1); continue; }
        if (strcmp(a, "--trust-proxy") == 0) { cfg->trust_proxy = 1; drop(argc, argv, i, 1); continue; }
        int matched = 0;
        for (const char *const *k = known; *k && !matched; k++) {
            size_t kl = strlen(*k);
            if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, *k, kl) != 0) continue;
            if (a[2 + kl] == '=') { apply(cfg, *k, a + 3 + kl); drop(argc, argv, i, 1); matched = 1; }
            else if (a[2 + kl] == 0) {
                if (i + 1 >= *argc) { fprintf(stderr, "选项 %s 需要一个值\n", a); return -1; }
                apply(cfg, *k, argv[i + 1]);
                drop(argc, argv, i, 2);
                matched = 1;
            }
        }
        if (!matched) i++;
    }
    if (cfg->db_pool <= 0) cfg->db_pool = cfg->threads + 2;
    return 0;
}

db_pool *cli_open_db(const cli_config *cfg, int migrate)
{
    yz_err e = {0};
    db_pool *pool = db_pool_new(cfg->db, cfg->db_pool, &e);
    if (!pool) { fprintf(stderr, "yizheng: %s\n", e.message); return NULL; }
    if (migrate) {
        db_conn *c = db_acquire(pool, &e);
        int applied = 0;
        if (!c || migrate_run(c, &e, &applied) != 0) {
            fprintf(stderr, "yizheng: 数据库迁移失败：%s\n", e.message);
            db_release(pool, c);
            db_pool_free(pool);
            return NULL;
        }
        db_release(pool, c);
        if (applied) fprintf(stderr, "yizheng: 已应用 %d 个数据库迁移（当前版本 %d）\n", applied, migrate_latest());
    }
    return pool;
}

const char *cli_arg(int argc, char **argv, const char *name)
{
    size_t l = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, l) != 0) continue;
        if (argv[i][l] == '=') return argv[i] + l + 1;
        if (argv[i][l] == 0 && i + 1 < argc) return argv[i + 1];
    }
    return NULL;
}

int cli_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}
