/* The yizheng command-line tool: init, serve, demo, user, migrate. */
#include "cli.h"
#include "../api/api.h"
#include "../api/proposal_common.h"
#include "../demo/demo.h"
#include "../domain/roles.h"
#include "../store/migrate.h"
#include "../store/seed.h"
#include "../util/clock.h"
#include "../util/secret.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char common_help[] =
    "  --db URL          sqlite:FILE（默认 sqlite:yizheng.db）或 postgresql://…\n"
    "  --config FILE     配置文件（每行 键 = 值：db, listen, threads, static, openapi）\n"
    "  环境变量 YIZHENG_DB, YIZHENG_LISTEN, YIZHENG_THREADS, YIZHENG_STATIC, YIZHENG_CONFIG\n";

static void help_serve(void)
{
    printf("用法：yizheng serve [选项]\n启动 HTTP 服务（JSON API 与网页界面）。\n"
           "  --listen ADDR     监听地址（默认 127.0.0.1:8080；端口 0 表示任选空闲端口）\n"
           "  --threads N       工作线程数（默认 4）\n"
           "  --static DIR      网页界面目录（默认 web/dist）\n"
           "  --secure-cookies  在 HTTPS 反向代理之后运行时使用\n"
           "  --trust-proxy     在本机反向代理之后运行时，以 X-Forwarded-For 的最后一项为客户端地址（登录限流按此计）\n"
           "  --test-clock      仅供测试：允许管理员通过 API 调整系统时间\n%s", common_help);
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

/* Time-driven transitions (co-sign expiry, evaluation windows) once a minute.
 * Idempotent with optimistic locking, so several server processes may all run it. */
static void *tick_loop(void *arg)
{
    db_pool *pool = arg;
    while (!stop_flag) {
        yz_err e = {0};
        db_conn *c = db_acquire(pool, &e);
        if (c) {
            if (proposal_tick(c, &e)) fprintf(stderr, "yizheng: 定时任务失败：%s\n", e.message);
            db_release(pool, c);
        }
        for (int i = 0; i < 60 && !stop_flag; i++) sleep(1);
    }
    return NULL;
}

int cli_serve(const cli_config *cfg, db_pool *pool)
{
    app a = {
        .pool = pool, .test_clock = cfg->test_clock, .secure_cookies = cfg->secure_cookies,
        .static_dir = cfg->static_dir[0] ? cfg->static_dir : NULL,
        .openapi_path = cfg->openapi[0] ? cfg->openapi : NULL,
    };
    http_config hc = { .listen = cfg->listen, .threads = cfg->threads, .max_body = 25u << 20, .timeout_s = 30,
                       .trust_proxy = cfg->trust_proxy };
    char err[256];
    http_server *s = http_start(&hc, api_handle, &a, err, sizeof err);
    if (!s) { fprintf(stderr, "yizheng: %s\n", err); return 1; }
    const char *host = cfg->listen;
    char hostbuf[128];
    snprintf(hostbuf, sizeof hostbuf, "%s", host);
    char *colon = strrchr(hostbuf, ':');
    if (colon) *colon = 0;
    printf("yizheng 正在运行：http://%s:%u/ （%s）\n", hostbuf[0] ? hostbuf : "127.0.0.1", http_port(s),
           db_pool_kind(pool) == DB_SQLITE ? "SQLite" : "PostgreSQL");
    fflush(stdout);
    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_t ticker;
    int ticking = pthread_create(&ticker, NULL, tick_loop, pool) == 0;
    while (!stop_flag) pause();
    http_stop(s);
    if (ticking) pthread_join(ticker, NULL);
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    cli_config cfg;
    if (cli_flag(argc, argv, "--help")) { help_serve(); return 0; }
    if (cli_config_load(&cfg, &argc, argv) != 0) return 2;
    if (argc > 1) { fprintf(stderr, "yizheng serve: 未知参数 %s（见 yizheng serve --help）\n", argv[1]); return 2; }
    db_pool *pool = cli_open_db(&cfg, 1);
    if (!pool) return 1;
    int rc = cli_serve(&cfg, pool);
    db_pool_free(pool);
    return rc;
}

int cli_bootstrap(db_pool *pool, const char *body_name, const char *admin_user, const char *admin_pw, int quiet)
{
    yz_err e = {0};
    db_conn *c = db_acquire(pool, &e);
    if (!c) { fprintf(stderr, "yizheng: %s\n", e.message); return 1; }
    int rc = 0;
    int64_t bodies = db_int(c, &e, 0, "SELECT COUNT(*) FROM bodies", DB_NOARGS);
    if (bodies < 0) { rc = 1; goto out; }
    if (bodies > 0) { if (!quiet) printf("数据库已初始化，无需再次创建机构和管理员。\n"); goto out; }
    char pw[80], hash[128];
    if (admin_pw) snprintf(pw, sizeof pw, "%s", admin_pw);
    else { token_new(NULL, pw, sizeof pw); pw[16] = 0; }
    if (password_hash(pw, hash) != 0) { fprintf(stderr, "yizheng: 密码处理失败\n"); rc = 1; goto out; }
    char year_s[11];
    clock_today(year_s);
    int year = atoi(year_s);
    if (db_begin(c, &e)) { rc = 1; goto out; }
    int64_t body = seed_body(c, &e, body_name, "", "city", 0, 1, 1, year);
    int64_t now = clock_now();
    if (body < 0 || db_exec(c, &e,
            "INSERT INTO users (body_id, username, display_name, password_hash, role, created_at, password_changed_at) "
            "VALUES (?, ?, '系统管理员', ?, 'admin', ?, ?)",
            DB_ARGS(DBV_INT(body), DBV_TEXT(admin_user), DBV_TEXT(hash), DBV_INT(now), DBV_INT(now))) < 0
        || db_commit(c, &e)) {
        db_rollback(c);
        rc = 1;
        goto out;
    }
    if (!quiet) printf("已创建机构「%s」和管理员账号：%s / %s\n请登录后修改密码。\n", body_name, admin_user, pw);
out:
    if (rc) fprintf(stderr, "yizheng: 初始化失败：%s\n", e.message);
    db_release(pool, c);
    return rc;
}

int cmd_init(int argc, char **argv)
{
    if (cli_flag(argc, argv, "--help")) {
        printf("用法：yizheng init [选项]\n创建或升级数据库；数据库为空时创建第一个机构和管理员。\n"
               "  --body-name NAME       机构名称（默认「政协示例市委员会」）\n"
               "  --admin-user NAME      管理员用户名（默认 admin）\n"
               "  --admin-password PW    管理员密码（默认随机生成并打印）\n%s", common_help);
        return 0;
    }
    cli_config cfg;
    if (cli_config_load(&cfg, &argc, argv) != 0) return 2;
    db_pool *pool = cli_open_db(&cfg, 1);
    if (!pool) return 1;
    const char *name = cli_arg(argc, argv, "--body-name");
    const char *user = cli_arg(argc, argv, "--admin-user");
    int rc = cli_bootstrap(pool, name ? name : "政协示例市委员会", user ? user : "admin",
                           cli_arg(argc, argv, "--admin-password"), 0);
    db_pool_free(pool);
    return rc;
}

int cmd_migrate(int argc, char **argv)
{
    if (cli_flag(argc, argv, "--help")) {
        printf("用法：yizheng migrate [选项]\n把数据库升级到本程序的版本（%d）。\n%s", migrate_latest(), common_help);
        return 0;
    }
    cli_config cfg;
    if (cli_config_load(&cfg, &argc, argv) != 0) return 2;
    db_pool *pool = cli_open_db(&cfg, 1);
    if (!pool) return 1;
    printf("数据库已是最新版本（%d）。\n", migrate_latest());
    db_pool_free(pool);
    return 0;
}

static int user_add(db_pool *pool, int argc, char **argv)
{
    const char *username = cli_arg(argc, argv, "--username"), *pw = cli_arg(argc, argv, "--password");
    const char *role = cli_arg(argc, argv, "--role"), *name = cli_arg(argc, argv, "--name");
    const char *body_s = cli_arg(argc, argv, "--body-id");
    const char *member_s = cli_arg(argc, argv, "--member-id"), *unit_s = cli_arg(argc, argv, "--unit-id");
    if (!username || !pw || !role) {
        fprintf(stderr, "用法：yizheng user add --username U --password P --role ROLE [--name 姓名] [--body-id N] [--member-id N] [--unit-id N]\n");
        return 2;
    }
    if (!role_from_code(role) || role_from_code(role) == ROLE_SYSTEM) { fprintf(stderr, "未知角色：%s\n", role); return 2; }
    if (!password_acceptable(pw)) { fprintf(stderr, "密码至少 8 位，且须同时包含字母和数字（或符号）\n"); return 2; }
    char hash[128];
    if (password_hash(pw, hash) != 0) return 1;
    yz_err e = {0};
    db_conn *c = db_acquire(pool, &e);
    if (!c) { fprintf(stderr, "yizheng: %s\n", e.message); return 1; }
    int64_t body = body_s ? atoll(body_s) : db_int(c, &e, 0, "SELECT MIN(id) FROM bodies", DB_NOARGS);
    int64_t now = clock_now();
    int64_t id = db_insert(c, &e,
        "INSERT INTO users (body_id, username, display_name, password_hash, role, member_id, unit_id, created_at, password_changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(body), DBV_TEXT(username), DBV_TEXT(name ? name : username), DBV_TEXT(hash), DBV_TEXT(role),
                member_s ? DBV_INT(atoll(member_s)) : DBV_NULL, unit_s ? DBV_INT(atoll(unit_s)) : DBV_NULL,
                DBV_INT(now), DBV_INT(now)));
    db_release(pool, c);
    if (id < 0) { fprintf(stderr, "yizheng: 创建用户失败：%s\n", e.message); return 1; }
    printf("已创建用户 %s（编号 %lld，角色 %s）\n", username, (long long)id, role_label(role_from_code(role)));
    return 0;
}

static int user_reset(db_pool *pool, int argc, char **argv)
{
    const char *username = cli_arg(argc, argv, "--username"), *pw = cli_arg(argc, argv, "--password");
    if (!username || !pw) { fprintf(stderr, "用法：yizheng user reset-password --username U --password P\n"); return 2; }
    if (!password_acceptable(pw)) { fprintf(stderr, "密码至少 8 位，且须同时包含字母和数字（或符号）\n"); return 2; }
    char hash[128];
    if (password_hash(pw, hash) != 0) return 1;
    yz_err e = {0};
    db_conn *c = db_acquire(pool, &e);
    if (!c) { fprintf(stderr, "yizheng: %s\n", e.message); return 1; }
    int rc = 1;
    int64_t uid = db_int(c, &e, 0, "SELECT id FROM users WHERE username = ?", DB_ARGS(DBV_TEXT(username)));
    if (uid <= 0) { fprintf(stderr, "用户不存在：%s\n", username); goto out; }
    if (db_begin(c, &e)) goto out;
    if (db_exec(c, &e, "UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ?",
                DB_ARGS(DBV_TEXT(hash), DBV_INT(clock_now()), DBV_INT(uid))) < 0
        || db_exec(c, &e, "DELETE FROM auth_sessions WHERE user_id = ?", DB_ARGS(DBV_INT(uid))) < 0
        || db_commit(c, &e)) { db_rollback(c); goto out; }
    printf("已重置 %s 的密码，其所有登录会话已失效。\n", username);
    rc = 0;
out:
    if (rc && e.status) fprintf(stderr, "yizheng: %s\n", e.message);
    db_release(pool, c);
    return rc;
}

static int user_list(db_pool *pool)
{
    yz_err e = {0};
    db_conn *c = db_acquire(pool, &e);
    if (!c) { fprintf(stderr, "yizheng: %s\n", e.message); return 1; }
    json_t *rows = db_rows(c, &e,
        "SELECT u.id, u.username, u.display_name, u.role, u.active, b.name AS body FROM users u "
        "JOIN bodies b ON b.id = u.body_id ORDER BY u.id", DB_NOARGS);
    db_release(pool, c);
    if (!rows) { fprintf(stderr, "yizheng: %s\n", e.message); return 1; }
    size_t i;
    json_t *r;
    printf("%-6s %-24s %-16s %-16s %-6s %s\n", "编号", "用户名", "姓名", "角色", "状态", "机构");
    json_array_foreach(rows, i, r) {
        printf("%-6lld %-24s %-16s %-16s %-6s %s\n", (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "username")), json_string_value(json_object_get(r, "display_name")),
               json_string_value(json_object_get(r, "role")),
               json_integer_value(json_object_get(r, "active")) ? "启用" : "停用",
               json_string_value(json_object_get(r, "body")));
    }
    json_decref(rows);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || cli_flag(argc, argv, "--help")) {
        printf("用法：yizheng user add|reset-password|list [选项]\n"
               "  add             --username U --password P --role ROLE [--name 姓名] [--body-id N] [--member-id N] [--unit-id N]\n"
               "  reset-password  --username U --password P（同时注销该用户的所有会话）\n"
               "  list            列出所有用户\n"
               "角色：member committee_staff proposal_staff info_staff unit_handler leader admin\n%s", common_help);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    cli_config cfg;
    if (cli_config_load(&cfg, &argc, argv) != 0) return 2;
    db_pool *pool = cli_open_db(&cfg, 1);
    if (!pool) return 1;
    int rc;
    if (strcmp(sub, "add") == 0) rc = user_add(pool, argc, argv);
    else if (strcmp(sub, "reset-password") == 0) rc = user_reset(pool, argc, argv);
    else if (strcmp(sub, "list") == 0) rc = user_list(pool);
    else { fprintf(stderr, "未知子命令：user %s\n", sub); rc = 2; }
    db_pool_free(pool);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    if (cli_flag(argc, argv, "--help")) {
        printf("用法：yizheng demo [选项]\n载入演示数据并启动服务。未指定 --db 时在目录 yizheng-demo/（或 --dir）中新建数据库。\n"
               "  --dir DIR         演示数据目录（默认 ./yizheng-demo）\n"
               "  --no-serve        只载入数据，不启动服务\n"
               "  其余选项同 yizheng serve（--listen, --threads, --static …）\n%s", common_help);
        return 0;
    }
    cli_config cfg;
    if (cli_config_load(&cfg, &argc, argv) != 0) return 2;
    if (!cfg.db_given) {
        const char *dir = cfg.demo_dir[0] ? cfg.demo_dir : "yizheng-demo";
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) { fprintf(stderr, "无法创建目录 %s\n", dir); return 1; }
        snprintf(cfg.db, sizeof cfg.db, "sqlite:%s/yizheng.db", dir);
    }
    db_pool *pool = cli_open_db(&cfg, 1);
    if (!pool) return 1;
    if (!demo_present(pool)) {
        yz_err e = {0};
        fprintf(stderr, "正在载入演示数据……\n");
        if (demo_load(pool, &e) != 0) {
            fprintf(stderr, "yizheng: 演示数据载入失败：%s\n", e.message);
            db_pool_free(pool);
            return 1;
        }
    }
    char base[160];
    snprintf(base, sizeof base, "http://%s/", cfg.listen);
    demo_print_logins(stdout, base);
    int rc = 0;
    if (!cli_flag(argc, argv, "--no-serve")) rc = cli_serve(&cfg, pool);
    db_pool_free(pool);
    return rc;
}
