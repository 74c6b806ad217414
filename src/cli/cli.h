#ifndef YZ_CLI_H
#define YZ_CLI_H
#include "../store/db.h"

/* Options shared by serve, demo, init, migrate and user. Precedence:
 * command-line flag > environment (YIZHENG_*) > config file > default. */
typedef struct cli_config {
    char db[1024];
    char listen[128];
    char static_dir[1024];
    char openapi[1024];
    char demo_dir[512];
    int threads;
    int db_pool;
    int test_clock;
    int secure_cookies;
    int trust_proxy;
    int db_given;
} cli_config;

/* Parses the common flags out of argv (others left in place for the command);
 * returns -1 on a bad flag (message printed). */
int cli_config_load(cli_config *cfg, int *argc, char **argv);
/* Opens the pool and runs migrations. */
db_pool *cli_open_db(const cli_config *cfg, int migrate);
/* Finds a flag's value among the leftover args: --name VALUE or --name=VALUE. */
const char *cli_arg(int argc, char **argv, const char *name);
int cli_flag(int argc, char **argv, const char *name);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

/* Runs the HTTP server until SIGINT/SIGTERM. */
int cli_serve(const cli_config *cfg, db_pool *pool);
/* Creates the first body and admin when the database has none; prints the login. */
int cli_bootstrap(db_pool *pool, const char *body_name, const char *admin_user, const char *admin_pw, int quiet);

#endif
