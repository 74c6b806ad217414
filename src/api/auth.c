/* Accounts: login with throttling, sessions in the database (shared by every
 * server process), CSRF tokens, password change, API tokens. */
#include "auth.h"
#include "users.h"
#include "../util/clock.h"
#include "../util/secret.h"
#include <stdio.h>
#include <string.h>

#define SESSION_TTL (7 * 24 * 3600)
#define THROTTLE_WINDOW (15 * 60)
#define USER_MAX_FAILURES 5
#define IP_MAX_FAILURES 30
#define LOCK_SECONDS (15 * 60)
#define COOKIE_NAME "yz_session"

static const char *bearer(api_ctx *c)
{
    const char *h = http_header(c->req, "Authorization");
    if (h && strncmp(h, "Bearer ", 7) == 0 && h[7]) return h + 7;
    return NULL;
}

int auth_peek(api_ctx *c)
{
    return bearer(c) != NULL || http_cookie(c->req, COOKIE_NAME) != NULL;
}

static void fill_user(api_ctx *c, json_t *u);

static int load_user(api_ctx *c, int64_t uid)
{
    json_t *u = db_row(c->db, &c->err,
        "SELECT u.id, u.body_id, u.username, u.display_name, u.role, u.member_id, u.unit_id, u.committee_id "
        "FROM users u JOIN bodies b ON b.id = u.body_id WHERE u.id = ? AND u.active = 1 AND b.active = 1",
        DB_ARGS(DBV_INT(uid)));
    if (!u) {
        if (c->err.status) return c->err.status;
        return api_error(c, 401, "unauthenticated", NULL, "登录已失效，请重新登录");
    }
    fill_user(c, u);
    json_decref(u);
    return 0;
}

/* Copies a users row (id, body_id, username, display_name, role, member_id, unit_id, committee_id). */
static void fill_user(api_ctx *c, json_t *u)
{
    user_ctx *us = &c->user;
    us->id = json_integer_value(json_object_get(u, "id"));
    us->body_id = json_integer_value(json_object_get(u, "body_id"));
    us->member_id = json_integer_value(json_object_get(u, "member_id"));
    us->unit_id = json_integer_value(json_object_get(u, "unit_id"));
    us->committee_id = json_integer_value(json_object_get(u, "committee_id"));
    us->role = role_from_code(json_string_value(json_object_get(u, "role")));
    snprintf(us->username, sizeof us->username, "%s", json_string_value(json_object_get(u, "username")));
    snprintf(us->display_name, sizeof us->display_name, "%s", json_string_value(json_object_get(u, "display_name")));
    c->authed = 1;
}

int auth_resolve(api_ctx *c)
{
    char hash[65];
    const char *tok = bearer(c);
    int64_t now = clock_real_now();
    if (tok) {
        sha256_hex(tok, strlen(tok), hash);
        int64_t uid = db_int(c->db, &c->err, 0,
            "SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked = 0", DB_ARGS(DBV_TEXT(hash)));
        if (uid < 0) return c->err.status;
        if (!uid) return api_error(c, 401, "unauthenticated", NULL, "API 令牌无效或已撤销");
        db_exec(c->db, &c->err, "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?",
                DB_ARGS(DBV_INT(now), DBV_TEXT(hash)));
        yz_err_clear(&c->err);
        c->user.via_token = 1;
        return load_user(c, uid);
    }
    const char *cookie = http_cookie(c->req, COOKIE_NAME);
    if (!cookie) return api_error(c, 401, "unauthenticated", NULL, "请先登录");
    sha256_hex(cookie, strlen(cookie), hash);
    /* One query for session and user: this runs on every request. */
    json_t *u = db_row(c->db, &c->err,
        "SELECT s.csrf_token, u.id, u.body_id, u.username, u.display_name, u.role, u.member_id, u.unit_id, u.committee_id "
        "FROM auth_sessions s JOIN users u ON u.id = s.user_id JOIN bodies b ON b.id = u.body_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1 AND b.active = 1",
        DB_ARGS(DBV_TEXT(hash), DBV_INT(now)));
    if (!u) {
        if (c->err.status) return c->err.status;
        return api_error(c, 401, "unauthenticated", NULL, "登录已失效，请重新登录");
    }
    snprintf(c->user.csrf, sizeof c->user.csrf, "%s", json_string_value(json_object_get(u, "csrf_token")));
    snprintf(c->user.session_hash, sizeof c->user.session_hash, "%s", hash);
    fill_user(c, u);
    json_decref(u);
    return 0;
}

int auth_check_csrf(api_ctx *c)
{
    const char *h = http_header(c->req, "X-CSRF-Token");
    if (!h || !c->user.csrf[0] || strcmp(h, c->user.csrf) != 0)
        return api_error(c, 403, "csrf_failed", NULL, "页面已过期或请求来源不可信，请刷新页面后重试");
    return 0;
}

int auth_end_sessions(api_ctx *c, int64_t user_id)
{
    if (db_exec(c->db, &c->err, "DELETE FROM auth_sessions WHERE user_id = ?", DB_ARGS(DBV_INT(user_id))) < 0)
        return c->err.status;
    return 0;
}

json_t *auth_user_json(api_ctx *c, int64_t user_id)
{
    json_t *u = db_row(c->db, &c->err,
        "SELECT u.id, u.body_id, b.name AS body_name, u.username, u.display_name, u.role, u.member_id, "
        "u.unit_id, h.name AS unit_name, u.committee_id, u.active, u.version, u.created_at "
        "FROM users u JOIN bodies b ON b.id = u.body_id LEFT JOIN handling_units h ON h.id = u.unit_id "
        "WHERE u.id = ?", DB_ARGS(DBV_INT(user_id)));
    if (u) {
        int role = role_from_code(json_string_value(json_object_get(u, "role")));
        json_object_set_new(u, "role_label", json_string(role_label(role)));
        static const char *const flags[] = { "active", NULL };
        api_booleans(u, flags);
    }
    return u;
}

static void set_cookie(api_ctx *c, const char *value, int64_t max_age)
{
    char cookie[256];
    snprintf(cookie, sizeof cookie, COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
             value, (long long)max_age, c->app->secure_cookies ? "; Secure" : "");
    http_res_add_header(c->res, "Set-Cookie", cookie);
}

/* Returns 1 while key is locked out. */
static int throttled(api_ctx *c, const char *key, int64_t now)
{
    int64_t until = db_int(c->db, &c->err, 0, "SELECT locked_until FROM login_attempts WHERE key = ?",
                           DB_ARGS(DBV_TEXT(key)));
    return until > now;
}

static void record_failure(api_ctx *c, const char *key, int max, int64_t now)
{
    yz_err e = {0};
    db_exec(c->db, &e,
        "INSERT INTO login_attempts (key, window_start, failures, locked_until) VALUES (?, ?, 1, 0) "
        "ON CONFLICT (key) DO UPDATE SET "
        "failures = CASE WHEN login_attempts.window_start < ? THEN 1 ELSE login_attempts.failures + 1 END, "
        "window_start = CASE WHEN login_attempts.window_start < ? THEN ? ELSE login_attempts.window_start END",
        DB_ARGS(DBV_TEXT(key), DBV_INT(now), DBV_INT(now - THROTTLE_WINDOW), DBV_INT(now - THROTTLE_WINDOW), DBV_INT(now)));
    db_exec(c->db, &e, "UPDATE login_attempts SET locked_until = ? WHERE key = ? AND failures >= ?",
            DB_ARGS(DBV_INT(now + LOCK_SECONDS), DBV_TEXT(key), DBV_INT(max)));
}

/* Issues a new session (new token: no fixation) and renders the user. */
static int start_session(api_ctx *c, int64_t uid, int status)
{
    char token[80], csrf[80], hash[65];
    int64_t now = clock_real_now();
    token_new(NULL, token, sizeof token);
    token_new(NULL, csrf, sizeof csrf);
    sha256_hex(token, strlen(token), hash);
    if (db_exec(c->db, &c->err,
            "INSERT INTO auth_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            DB_ARGS(DBV_TEXT(hash), DBV_INT(uid), DBV_TEXT(csrf), DBV_INT(now), DBV_INT(now + SESSION_TTL))) < 0)
        return c->err.status;
    set_cookie(c, token, SESSION_TTL);
    json_t *u = auth_user_json(c, uid);
    if (!u) return c->err.status ? c->err.status : 500;
    return api_json(c, status, json_pack("{s:o, s:s}", "user", u, "csrf_token", csrf));
}

static int h_login(api_ctx *c)
{
    static const field fields[] = {
        { "username", F_STR, 1, 64, NULL, "用户名", 0 },
        { "password", F_STR, 1, 256, NULL, "密码", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    const char *username = api_str(c, "username"), *pw = api_str(c, "password");
    char ukey[128], ikey[96];
    snprintf(ukey, sizeof ukey, "user:%s", username);
    snprintf(ikey, sizeof ikey, "ip:%s", c->req->client_ip);
    int64_t now = clock_real_now();
    if (throttled(c, ukey, now) || throttled(c, ikey, now))
        return api_error(c, 429, "too_many_attempts", NULL, "登录失败次数过多，请 15 分钟后再试");
    if (c->err.status) return c->err.status;
    json_t *u = db_row(c->db, &c->err,
        "SELECT u.id, u.password_hash FROM users u JOIN bodies b ON b.id = u.body_id "
        "WHERE u.username = ? AND u.active = 1 AND b.active = 1", DB_ARGS(DBV_TEXT(username)));
    if (c->err.status) return c->err.status;
    /* Verify against a fixed hash for unknown users so timing does not reveal them. */
    static const char dummy[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                "0AvA6gzSjsBq7Sxb2f1gX4w+4hoRGTA0hL6NFtPxl8k";
    const char *hash = u ? json_string_value(json_object_get(u, "password_hash")) : dummy;
    int ok = password_verify(hash, pw) && u;
    int64_t uid = u ? json_integer_value(json_object_get(u, "id")) : 0;
    json_decref(u);
    if (!ok) {
        record_failure(c, ukey, USER_MAX_FAILURES, now);
        record_failure(c, ikey, IP_MAX_FAILURES, now);
        return api_error(c, 401, "invalid_credentials", NULL, "用户名或密码不正确");
    }
    db_exec(c->db, &c->err, "DELETE FROM login_attempts WHERE key = ?", DB_ARGS(DBV_TEXT(ukey)));
    yz_err_clear(&c->err);
    return start_session(c, uid, 200);
}

static int h_logout(api_ctx *c)
{
    if (c->user.session_hash[0] &&
        db_exec(c->db, &c->err, "DELETE FROM auth_sessions WHERE token_hash = ?",
                DB_ARGS(DBV_TEXT(c->user.session_hash))) < 0)
        return c->err.status;
    set_cookie(c, "", 0);
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static int h_me(api_ctx *c)
{
    json_t *u = auth_user_json(c, c->user.id);
    if (!u) return c->err.status ? c->err.status : 404;
    json_t *body = db_row(c->db, &c->err,
        "SELECT b.id, b.name, b.short_name, b.level, b.current_session_id, s.name AS session_name, s.year AS session_year "
        "FROM bodies b LEFT JOIN sessions s ON s.id = b.current_session_id WHERE b.id = ?",
        DB_ARGS(DBV_INT(c->user.body_id)));
    if (!body) { json_decref(u); return c->err.status ? c->err.status : 404; }
    return api_json(c, 200, json_pack("{s:o, s:o, s:s}", "user", u, "body", body,
                                      "csrf_token", c->user.csrf));
}

static int set_password(api_ctx *c, int64_t uid, const char *pw)
{
    char hash[128];
    if (password_hash(pw, hash) != 0) return api_error(c, 500, "hash_failed", NULL, "密码处理失败");
    TRY(api_begin(c));
    if (db_exec(c->db, &c->err,
            "UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ? AND body_id = ?",
            DB_ARGS(DBV_TEXT(hash), DBV_INT(clock_real_now()), DBV_INT(uid), DBV_INT(c->user.body_id))) < 0)
        return c->err.status;
    TRY(auth_end_sessions(c, uid));
    return api_commit(c);
}

static int h_password(api_ctx *c)
{
    static const field fields[] = {
        { "old_password", F_STR, 1, 256, NULL, "原密码", 0 },
        { "new_password", F_STR, 1, 256, NULL, "新密码", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(users_check_password(c, api_str(c, "new_password"), "new_password"));
    json_t *u = db_row(c->db, &c->err, "SELECT password_hash FROM users WHERE id = ?", DB_ARGS(DBV_INT(c->user.id)));
    if (!u) return c->err.status ? c->err.status : 404;
    int ok = password_verify(json_string_value(json_object_get(u, "password_hash")), api_str(c, "old_password"));
    json_decref(u);
    if (!ok) return api_error(c, 422, "wrong_password", "old_password", "原密码不正确");
    TRY(set_password(c, c->user.id, api_str(c, "new_password")));
    set_cookie(c, "", 0);
    return api_json(c, 200, json_pack("{s:b, s:s}", "ok", 1, "message", "密码已修改，请重新登录"));
}

/* Admin reset of a user in the admin's own body (users.c routes here). */
int auth_reset_password(api_ctx *c, int64_t uid)
{
    static const field fields[] = { { "new_password", F_STR, 1, 256, NULL, "新密码", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM users WHERE id = ? AND body_id = ?",
                       DB_ARGS(DBV_INT(uid), DBV_INT(c->user.body_id)));
    if (n < 0) return c->err.status;
    if (!n) return api_error(c, 404, "not_found", NULL, "用户不存在");
    TRY(users_check_password(c, api_str(c, "new_password"), "new_password"));
    TRY(set_password(c, uid, api_str(c, "new_password")));
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static int h_token_create(api_ctx *c)
{
    static const field fields[] = { { "name", F_STR, 1, 64, NULL, "令牌名称", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    char token[96], hash[65];
    token_new("yzt_", token, sizeof token);
    sha256_hex(token, strlen(token), hash);
    int64_t id = db_insert(c->db, &c->err,
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(c->user.id), DBV_TEXT(api_str(c, "name")), DBV_TEXT(hash), DBV_INT(clock_real_now())));
    if (id < 0) return c->err.status;
    return api_json(c, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name", api_str(c, "name"),
                                      "token", token, "message", "令牌只显示这一次，请妥善保存"));
}

static int h_token_list(api_ctx *c)
{
    json_t *rows = db_rows(c->db, &c->err,
        "SELECT id, name, created_at, last_used_at, revoked FROM api_tokens WHERE user_id = ? ORDER BY id",
        DB_ARGS(DBV_INT(c->user.id)));
    if (!rows) return c->err.status;
    static const char *const flags[] = { "revoked", NULL };
    api_booleans(rows, flags);
    page p = { 1, (int64_t)json_array_size(rows), 0 };
    return api_list(c, rows, (int64_t)json_array_size(rows), &p);
}

static int h_token_revoke(api_ctx *c)
{
    int64_t n = db_exec(c->db, &c->err, "UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ?",
                        DB_ARGS(DBV_INT(c->id[0]), DBV_INT(c->user.id)));
    if (n < 0) return c->err.status;
    if (n == 0) return api_error(c, 404, "not_found", NULL, "令牌不存在");
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

const route auth_routes[] = {
    { "POST", "/api/v1/auth/login", h_login, 0, ROUTE_PUBLIC },
    { "POST", "/api/v1/auth/logout", h_logout, ROLE_ANY_USER, 0 },
    { "GET", "/api/v1/auth/me", h_me, ROLE_ANY_USER, 0 },
    { "POST", "/api/v1/auth/password", h_password, ROLE_ANY_USER, 0 },
    { "GET", "/api/v1/tokens", h_token_list, ROLE_ANY_USER, 0 },
    { "POST", "/api/v1/tokens", h_token_create, ROLE_ANY_USER, 0 },
    { "DELETE", "/api/v1/tokens/:id", h_token_revoke, ROLE_ANY_USER, 0 },
    { 0 } };
