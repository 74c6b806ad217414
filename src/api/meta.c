/* Health, the API description, and the test clock. */
#include "api.h"
#include "static_files.h"
#include "proposal_common.h"
#include "../util/clock.h"
#include <stdlib.h>
#include <string.h>

static int h_health(api_ctx *c)
{
    int64_t one = db_int(c->db, &c->err, 0, "SELECT 1", DB_NOARGS);
    if (one != 1) return c->err.status ? c->err.status : 503;
    return api_json(c, 200, json_pack("{s:s, s:s}", "status", "ok",
                                      "db", db_conn_kind(c->db) == DB_SQLITE ? "sqlite" : "postgresql"));
}

static int h_openapi(api_ctx *c)
{
    size_t len;
    char *data = c->app->openapi_path ? static_read_file(c->app->openapi_path, 4u << 20, &len) : NULL;
    if (!data) return api_error(c, 404, "not_found", NULL, "接口说明文件不存在");
    http_res_set_body(c->res, 200, "text/yaml; charset=utf-8", data, len);
    return 0;
}

static int h_test_clock(api_ctx *c)
{
    if (!c->app->test_clock) return api_error(c, 404, "not_found", NULL, "接口不存在");
    static const field fields[] = { { "offset_days", F_INT, 1, 3650, NULL, "天数", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    clock_set_offset(api_int(c, "offset_days", 0) * 86400);
    /* Time-driven transitions happen at once, as the periodic tick would. */
    TRY(proposal_tick(c->db, &c->err));
    char today[11];
    clock_today(today);
    return api_json(c, 200, json_pack("{s:s}", "today", today));
}

const route meta_routes[] = {
    { "GET", "/api/v1/health", h_health, 0, ROUTE_PUBLIC },
    { "GET", "/api/v1/openapi.yaml", h_openapi, 0, ROUTE_PUBLIC },
    { "POST", "/api/v1/_test/clock", h_test_clock, ROLE_ADMIN, 0 },
    { 0 } };
