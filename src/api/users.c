/* Users of a body (admin only): create, list, update, deactivate, reset
 * password. A user's role decides which registry record it is tied to:
 * member -> members, unit_handler -> handling_units, committee_staff ->
 * committees; links that do not fit the role are cleared or refused. */
#include "users.h"
#include "auth.h"
#include "../util/clock.h"
#include "../util/secret.h"
#include "../util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Defined in auth.c: checks and sets the new password, ends the user's sessions. */
static const char *const role_codes[] = { "member", "committee_staff", "proposal_staff", "info_staff",
                                          "unit_handler", "leader", "admin", NULL };

int users_check_username(api_ctx *c, const char *u, const char *fname)
{
    size_t n = strlen(u);
    if (n < 3 || n > 64)
        return api_error(c, 422, "invalid_username", fname, "用户名应为 3 到 64 个字符");
    for (const char *p = u; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '_' || *p == '.' || *p == '-'))
            return api_error(c, 422, "invalid_username", fname, "用户名只能包含英文字母、数字、下划线、点和连字符");
    int64_t taken = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM users WHERE username = ?", DB_ARGS(DBV_TEXT(u)));
    if (taken < 0) return c->err.status;
    if (taken) return api_error(c, 409, "conflict", fname, "用户名「%s」已被使用", u);
    return 0;
}

int users_check_password(api_ctx *c, const char *pw, const char *fname)
{
    if (!password_acceptable(pw))
        return api_error(c, 422, "weak_password", fname, "密码至少 8 位，且须同时包含字母和数字（或符号）");
    return 0;
}

int users_hash_password(api_ctx *c, const char *pw, char out[128])
{
    if (password_hash(pw, out) != 0) return api_error(c, 500, "hash_failed", NULL, "密码处理失败");
    return 0;
}

int64_t users_insert(api_ctx *c, int64_t body_id, const char *username, const char *display_name,
                     const char *hash, const char *role, int64_t member_id, int64_t unit_id,
                     int64_t committee_id)
{
    int64_t now = clock_now();
    return db_insert(c->db, &c->err,
        "INSERT INTO users (body_id, username, display_name, password_hash, role, member_id, unit_id, committee_id, "
        "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(body_id), DBV_TEXT(username), DBV_TEXT(display_name), DBV_TEXT(hash), DBV_TEXT(role),
                member_id ? DBV_INT(member_id) : DBV_NULL, unit_id ? DBV_INT(unit_id) : DBV_NULL,
                committee_id ? DBV_INT(committee_id) : DBV_NULL, DBV_INT(now), DBV_INT(now)));
}

#define USER_COLS "u.id, u.body_id, u.username, u.display_name, u.role, u.member_id, mb.name AS member_name, " \
    "u.unit_id, h.name AS unit_name, u.committee_id, cm.name AS committee_name, u.active, u.version, " \
    "u.created_at, u.password_changed_at"
#define USER_FROM "users u LEFT JOIN members mb ON mb.id = u.member_id " \
    "LEFT JOIN handling_units h ON h.id = u.unit_id LEFT JOIN committees cm ON cm.id = u.committee_id"

static void render_user(json_t *u)
{
    int role = role_from_code(json_string_value(json_object_get(u, "role")));
    json_object_set_new(u, "role_label", json_string(role_label(role)));
    json_object_set_new(u, "active", json_boolean(json_integer_value(json_object_get(u, "active")) != 0));
}

/* A user of the caller's body, rendered; NULL with c->err set (404 if absent). */
static json_t *user_load(api_ctx *c, int64_t id)
{
    json_t *u = db_row(c->db, &c->err, "SELECT " USER_COLS " FROM " USER_FROM " WHERE u.id = ? AND u.body_id = ?",
                       DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (!u) {
        if (!c->err.status) api_error(c, 404, "not_found", NULL, "用户不存在");
        return NULL;
    }
    render_user(u);
    return u;
}

/* Links a role needs: which registry table backs it. */
typedef struct link { const char *name, *table, *label, *role; } link;
static const link links[] = {
    { "member_id", "members", "委员", "member" },
    { "unit_id", "handling_units", "承办单位", "unit_handler" },
    { "committee_id", "committees", "专委会", "committee_staff" },
};
#define NLINKS 3

/* Works out the links of a user with role `role`: from the request when given,
 * else kept from cur (stored values; NULL on create) when they fit the role.
 * Checks the required link, refuses links that do not fit, checks references,
 * and that a member has no other active account. */
static int resolve_links(api_ctx *c, const char *role, json_t *cur, int64_t self_id, int64_t out[NLINKS])
{
    for (int i = 0; i < NLINKS; i++) {
        const link *l = &links[i];
        int fits = strcmp(role, l->role) == 0;
        if (api_has(c, l->name)) {
            if (!fits)
                return api_error(c, 422, "invalid_value", l->name, "该角色不需要关联%s", l->label);
            out[i] = api_int(c, l->name, 0);
            TRY(api_ref_in_body(c, l->table, out[i], l->name, l->label));
        } else {
            out[i] = fits && cur ? json_integer_value(json_object_get(cur, l->name)) : 0;
        }
        if (fits && !out[i])
            return api_error(c, 422, "required", l->name, "角色为「%s」时须关联%s",
                             role_label(role_from_code(role)), l->label);
    }
    if (out[0]) {
        json_t *other = db_row(c->db, &c->err,
            "SELECT username FROM users WHERE member_id = ? AND active = 1 AND id <> ?",
            DB_ARGS(DBV_INT(out[0]), DBV_INT(self_id)));
        if (other) {
            int rc = api_error(c, 409, "conflict", "member_id", "该委员已有账号「%s」",
                               json_string_value(json_object_get(other, "username")));
            json_decref(other);
            return rc;
        }
        if (c->err.status) return c->err.status;
    }
    return 0;
}

static int users_list(api_ctx *c)
{
    page p;
    TRY(api_page(c, &p));
    qb w;
    qb_init(&w, " WHERE u.body_id = ?");
    w.v[w.n++] = DBV_INT(c->user.body_id);
    const char *a = http_query(c->req, "active");
    if (!a || !*a || strcmp(a, "1") == 0) qb_add(&w, " AND u.active = 1", 0);
    else if (strcmp(a, "0") == 0) qb_add(&w, " AND u.active = 0", 0);
    else if (strcmp(a, "all") != 0)
        return api_error(c, 400, "invalid_query", "active", "查询参数「active」应为 0、1 或 all");
    const char *role = http_query(c->req, "role");
    if (role && *role) qb_add(&w, " AND u.role = ?", 1, DBV_TEXT(role));
    int64_t v;
    int has;
    TRY(api_query_int(c, "member_id", &v, &has));
    if (has) qb_add(&w, " AND u.member_id = ?", 1, DBV_INT(v));
    TRY(api_query_int(c, "unit_id", &v, &has));
    if (has) qb_add(&w, " AND u.unit_id = ?", 1, DBV_INT(v));
    TRY(api_query_int(c, "committee_id", &v, &has));
    if (has) qb_add(&w, " AND u.committee_id = ?", 1, DBV_INT(v));
    char *pat = NULL;
    const char *q = http_query(c->req, "q");
    if (q && *q) {
        size_t l = strlen(q);
        pat = malloc(l * 2 + 3);
        if (!pat) return api_error(c, 500, "oom", NULL, "内存不足");
        char *o = pat;
        *o++ = '%';
        for (const char *s = q; *s; s++) {
            if (*s == '%' || *s == '_' || *s == '\\') *o++ = '\\';
            *o++ = *s;
        }
        *o++ = '%';
        *o = 0;
        qb_add(&w, " AND (u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\')", 2,
               DBV_TEXT(pat), DBV_TEXT(pat));
    }
    int rc = 0;
    qb cq, lq;
    qb_init(&cq, "SELECT COUNT(*) FROM " USER_FROM);
    qb_init(&lq, "SELECT " USER_COLS " FROM " USER_FROM);
    qb_add(&cq, w.sql, 0);
    qb_add(&lq, w.sql, 0);
    /* Both copies take the filter values, then the list its page. */
    for (int i = 0; i < w.n && !cq.overflow && !lq.overflow; i++) {
        if (cq.n >= 48 || lq.n >= 48) { cq.overflow = 1; break; }
        cq.v[cq.n++] = w.v[i];
        lq.v[lq.n++] = w.v[i];
    }
    qb_add(&lq, " ORDER BY u.id LIMIT ? OFFSET ?", 2, DBV_INT(p.size), DBV_INT(p.offset));
    json_t *rows = NULL;
    int64_t total = 0;
    if (w.overflow || cq.overflow || lq.overflow) rc = api_error(c, 400, "query_too_complex", NULL, "查询条件过多");
    if (!rc) {
        total = db_int(c->db, &c->err, 0, cq.sql, cq.v, cq.n);
        if (total < 0) rc = c->err.status;
    }
    if (!rc) {
        rows = db_rows(c->db, &c->err, lq.sql, lq.v, lq.n);
        if (!rows) rc = c->err.status;
    }
    free(pat);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) render_user(row);
    return api_list(c, rows, total, &p);
}

static int users_get(api_ctx *c)
{
    json_t *u = user_load(c, c->id[0]);
    if (!u) return c->err.status;
    return api_json(c, 200, u);
}

static int users_create(api_ctx *c)
{
    static const field fields[] = {
        { "username", F_STR, 1, 64, NULL, "用户名", 0 },
        { "display_name", F_STR, 0, 40, NULL, "姓名", 1 },
        { "password", F_STR, 1, 256, NULL, "密码", 0 },
        { "role", F_ENUM, 1, 0, role_codes, "角色", 0 },
        { "member_id", F_INT, 0, 0, NULL, "委员", 0 },
        { "unit_id", F_INT, 0, 0, NULL, "承办单位", 0 },
        { "committee_id", F_INT, 0, 0, NULL, "专委会", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    const char *username = api_str(c, "username"), *role = api_str(c, "role");
    TRY(users_check_username(c, username, "username"));
    TRY(users_check_password(c, api_str(c, "password"), "password"));
    int64_t l[NLINKS] = { 0 };
    TRY(resolve_links(c, role, NULL, 0, l));
    /* Display name defaults to the member's name, else the username. */
    char *display = NULL;
    if (api_has(c, "display_name")) display = text_trim_dup(api_str(c, "display_name"));
    else if (l[0]) {
        json_t *m = db_row(c->db, &c->err, "SELECT name FROM members WHERE id = ?", DB_ARGS(DBV_INT(l[0])));
        if (!m) return c->err.status ? c->err.status : 500;
        display = strdup(json_string_value(json_object_get(m, "name")));
        json_decref(m);
    } else display = strdup(username);
    if (!display) return api_error(c, 500, "oom", NULL, "内存不足");
    char hash[128];
    int rc = users_hash_password(c, api_str(c, "password"), hash);
    int64_t id = -1;
    if (!rc) {
        id = users_insert(c, c->user.body_id, username, display, hash, role, l[0], l[1], l[2]);
        if (id < 0) rc = c->err.status ? c->err.status : 500;
    }
    free(display);
    if (rc) return rc;
    json_t *u = user_load(c, id);
    if (!u) return c->err.status;
    return api_json(c, 201, u);
}

static int users_patch(api_ctx *c)
{
    static const field fields[] = {
        { "display_name", F_STR, 0, 40, NULL, "姓名", 1 },
        { "role", F_ENUM, 0, 0, role_codes, "角色", 0 },
        { "member_id", F_INT, 0, 0, NULL, "委员", 0 },
        { "unit_id", F_INT, 0, 0, NULL, "承办单位", 0 },
        { "committee_id", F_INT, 0, 0, NULL, "专委会", 0 },
        { "active", F_BOOL, 0, 0, NULL, "启用状态", 0 },
        { "version", F_INT, 0, 0, NULL, "版本号", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    int64_t id = c->id[0], version;
    TRY(api_version(c, &version));
    json_t *cur = user_load(c, id);
    if (!cur) return c->err.status;
    char role[40];
    snprintf(role, sizeof role, "%s",
             api_has(c, "role") ? api_str(c, "role") : json_string_value(json_object_get(cur, "role")));
    int deactivate = api_has(c, "active") && !api_bool(c, "active", 1);
    int rc = 0;
    if (id == c->user.id && deactivate)
        rc = api_error(c, 422, "self_lockout", "active", "不能停用自己的账号");
    else if (id == c->user.id && strcmp(role, "admin") != 0)
        rc = api_error(c, 422, "self_lockout", "role", "不能取消自己的管理员角色");
    int64_t l[NLINKS] = { 0 };
    if (!rc) rc = resolve_links(c, role, cur, id, l);
    json_decref(cur);
    if (rc) return rc;
    char *display = api_has(c, "display_name") ? text_trim_dup(api_str(c, "display_name")) : NULL;
    if (api_has(c, "display_name") && !display) return api_error(c, 500, "oom", NULL, "内存不足");
    qb q;
    qb_init(&q, "UPDATE users SET version = version + 1");
    qb_add(&q, ", role = ?, member_id = ?, unit_id = ?, committee_id = ?", 4, DBV_TEXT(role),
           l[0] ? DBV_INT(l[0]) : DBV_NULL, l[1] ? DBV_INT(l[1]) : DBV_NULL, l[2] ? DBV_INT(l[2]) : DBV_NULL);
    if (display) qb_add(&q, ", display_name = ?", 1, DBV_TEXT(display));
    if (api_has(c, "active")) qb_add(&q, ", active = ?", 1, DBV_INT(deactivate ? 0 : 1));
    qb_add(&q, " WHERE id = ? AND body_id = ? AND version = ?", 3, DBV_INT(id), DBV_INT(c->user.body_id),
           DBV_INT(version));
    rc = api_begin(c);
    if (!rc) {
        int64_t n = db_exec(c->db, &c->err, q.sql, q.v, q.n);
        if (n < 0) rc = c->err.status;
        else if (n == 0) rc = api_stale_or_missing(c, "users", id);
    }
    free(display);
    /* A deactivated account loses its open sessions at once. */
    if (!rc && deactivate) rc = auth_end_sessions(c, id);
    if (!rc) rc = api_commit(c);
    if (rc) return rc;
    json_t *u = user_load(c, id);
    if (!u) return c->err.status;
    return api_json(c, 200, u);
}

static int users_delete(api_ctx *c)
{
    int64_t id = c->id[0];
    json_t *cur = user_load(c, id);
    if (!cur) return c->err.status;
    json_decref(cur);
    if (id == c->user.id) return api_error(c, 422, "self_lockout", NULL, "不能停用自己的账号");
    TRY(api_begin(c));
    if (db_exec(c->db, &c->err, "UPDATE users SET active = 0, version = version + 1 WHERE id = ? AND body_id = ? AND active = 1",
                DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id))) < 0)
        return c->err.status;
    TRY(auth_end_sessions(c, id));
    TRY(api_commit(c));
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static int users_reset_password(api_ctx *c)
{
    return auth_reset_password(c, c->id[0]);
}

const route users_routes[] = {
    { "GET", "/api/v1/users", users_list, ROLE_ADMIN, 0 },
    { "POST", "/api/v1/users", users_create, ROLE_ADMIN, 0 },
    { "GET", "/api/v1/users/:id", users_get, ROLE_ADMIN, 0 },
    { "PATCH", "/api/v1/users/:id", users_patch, ROLE_ADMIN, 0 },
    { "DELETE", "/api/v1/users/:id", users_delete, ROLE_ADMIN, 0 },
    { "POST", "/api/v1/users/:id/reset-password", users_reset_password, ROLE_ADMIN, 0 },
    { 0 } };
