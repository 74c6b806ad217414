#include "cli/cli.h"
#include "api/api.h"
#include "util/secret.h"
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
        "yizheng（议政）— 政协提案与履职工作平台\n\n"
        "用法：yizheng <命令> [选项]\n\n"
        "命令：\n"
        "  init      创建或升级数据库，创建第一个机构和管理员\n"
        "  serve     启动 HTTP 服务（默认 127.0.0.1:8080）\n"
        "  demo      载入演示数据并启动服务\n"
        "  user      管理用户：add / reset-password / list\n"
        "  migrate   把数据库升级到最新版本\n"
        "  routes    列出全部 API 路由\n\n"
        "每个命令的 --help 说明其选项。\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return 2; }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) { usage(stdout); return 0; }
    if (strcmp(cmd, "routes") == 0) { api_print_routes(stdout); return 0; }
    if (secret_init() != 0) { fprintf(stderr, "yizheng: libsodium 初始化失败\n"); return 1; }
    static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
        { "init", cmd_init }, { "serve", cmd_serve }, { "demo", cmd_demo },
        { "user", cmd_user }, { "migrate", cmd_migrate },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmd, cmds[i].name) == 0) return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "yizheng: 未知命令「%s」\n\n", cmd);
    usage(stderr);
    return 2;
}
