#include "api.h"
#include "../domain/calendar.h"
#include "../util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_json(api_ctx *c, int status, json_t *obj)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (!s) {
        yz_err e = { .status = 500, .code = "oom", .message = "内存不足" };
        api_render_error(c->res, &e);
        return 0;
    }
    http_res_set_body(c->res, status, "application/json; charset=utf-8", s, strlen(s));
    return 0;
}

int api_error(api_ctx *c, int status, const char *code, const char *field, const char *fmt, ...)
{
    c->err.status = status;
    snprintf(c->err.code, sizeof c->err.code, "%s", code);
    snprintf(c->err.field, sizeof c->err.field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.message, sizeof c->err.message, fmt, ap);
    va_end(ap);
    utf8_trim_incomplete(c->err.message);   /* bounded copies may cut a character */
    utf8_trim_incomplete(c->err.field);
    return status;
}

void api_render_error(http_res *res, const yz_err *e)
{
    json_t *inner = json_pack("{s:s, s:s}", "code", e->code[0] ? e->code : "error",
                              "message", e->message[0] ? e->message : "请求失败");
    if (!inner)   /* never lose the error shape, whatever the message held */
        inner = json_pack("{s:s, s:s}", "code", "error", "message", "请求失败");
    if (e->field[0]) json_object_set_new(inner, "field", json_string(e->field));
    json_t *obj = json_pack("{s:o}", "error", inner);
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    int status = e->status >= 400 ? e->status : 500;
    http_res_set_body(res, status, "application/json; charset=utf-8", s, s ? strlen(s) : 0);
    if (status == 503) http_res_add_header(res, "Retry-After", "2");
}

int api_valid_date(const char *s)
{
    return date_parse(s) >= 0;
}

static int check_field(api_ctx *c, const field *f, json_t *v, const char *name)
{
    const char *label = f->label ? f->label : f->name;
    switch (f->type) {
    case F_STR:
    case F_TEXT: {
        if (!json_is_string(v)) return api_error(c, 400, "invalid_type", name, "「%s」应为文本", label);
        const char *s = json_string_value(v);
        long n = utf8_length(s, json_string_length(v));
        if (n < 0 || strlen(s) != json_string_length(v))
            return api_error(c, 400, "invalid_text", name, "「%s」含有无效字符", label);
        if (f->type == F_STR && (text_has_control(s) || strchr(s, '\n')))
            return api_error(c, 400, "invalid_text", name, "「%s」不能包含换行或控制字符", label);
        if (f->type == F_TEXT && text_has_control(s))
            return api_error(c, 400, "invalid_text", name, "「%s」不能包含控制字符", label);
        if (f->max && n > f->max)
            return api_error(c, 422, "too_long", name, "「%s」不能超过 %ld 个字（现有 %ld 个）", label, f->max, n);
        if (f->required || f->min) {
            char *t = text_trim_dup(s);
            long tn = t ? utf8_length(t, strlen(t)) : 0;
            free(t);
            long min = f->min ? f->min : 1;
            if (tn < min) {
                if (min == 1) return api_error(c, 422, "required", name, "请填写「%s」", label);
                return api_error(c, 422, "too_short", name, "「%s」至少需要 %ld 个字", label, min);
            }
        }
        return 0;
    }
    case F_INT:
        if (!json_is_integer(v)) return api_error(c, 400, "invalid_type", name, "「%s」应为整数", label);
        if (f->min && json_integer_value(v) < f->min)
            return api_error(c, 422, "out_of_range", name, "「%s」不能小于 %ld", label, f->min);
        if (f->max && json_integer_value(v) > f->max)
            return api_error(c, 422, "out_of_range", name, "「%s」不能大于 %ld", label, f->max);
        return 0;
    case F_BOOL:
        if (!json_is_boolean(v)) return api_error(c, 400, "invalid_type", name, "「%s」应为 true 或 false", label);
        return 0;
    case F_DATE:
        if (!json_is_string(v) || !api_valid_date(json_string_value(v)))
            return api_error(c, 400, "invalid_date", name, "「%s」应为有效日期（YYYY-MM-DD）", label);
        return 0;
    case F_ENUM:
        if (json_is_string(v))
            for (const char *const *e = f->enums; *e; e++)
                if (strcmp(*e, json_string_value(v)) == 0) return 0;
        return api_error(c, 422, "invalid_value", name, "「%s」的取值无效", label);
    case F_INT_ARRAY: {
        if (!json_is_array(v)) return api_error(c, 400, "invalid_type", name, "「%s」应为编号列表", label);
        if (f->max && (long)json_array_size(v) > f->max)
            return api_error(c, 422, "too_many", name, "「%s」最多 %ld 项", label, f->max);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (!json_is_integer(x) || json_integer_value(x) <= 0)
                return api_error(c, 400, "invalid_type", name, "「%s」应为编号列表", label);
            for (size_t j = 0; j < i; j++)
                if (json_integer_value(json_array_get(v, j)) == json_integer_value(x))
                    return api_error(c, 422, "duplicate", name, "「%s」中有重复项", label);
        }
        if (f->required && json_array_size(v) == 0) return api_error(c, 422, "required", name, "请选择「%s」", label);
        return 0;
    }
    case F_OBJ_ARRAY: {
        if (!json_is_array(v)) return api_error(c, 400, "invalid_type", name, "「%s」应为列表", label);
        if (f->max && (long)json_array_size(v) > f->max)
            return api_error(c, 422, "too_many", name, "「%s」最多 %ld 项", label, f->max);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            if (!json_is_object(x)) return api_error(c, 400, "invalid_type", name, "「%s」的每一项应为对象", label);
        if (f->required && json_array_size(v) == 0) return api_error(c, 422, "required", name, "请填写「%s」", label);
        return 0;
    }
    }
    return 0;
}

int api_check_object(api_ctx *c, json_t *obj, const field *fields, const char *prefix)
{
    if (!json_is_object(obj)) return api_error(c, 400, "invalid_body", NULL, "请求内容应为 JSON 对象");
    const char *key;
    json_t *v;
    char name[96];
    json_object_foreach(obj, key, v) {
        const field *f = fields;
        while (f->name && strcmp(f->name, key) != 0) f++;
        snprintf(name, sizeof name, "%s%s", prefix ? prefix : "", key);
        if (!f->name) return api_error(c, 400, "unknown_field", name, "不认识的字段「%s」", key);
    }
    for (const field *f = fields; f->name; f++) {
        v = json_object_get(obj, f->name);
        snprintf(name, sizeof name, "%s%s", prefix ? prefix : "", f->name);
        if (!v || json_is_null(v)) {
            if (f->required)
                return api_error(c, 422, "required", name, "请填写「%s」", f->label ? f->label : f->name);
            continue;
        }
        TRY(check_field(c, f, v, name));
    }
    return 0;
}

int api_check_body(api_ctx *c, const field *fields)
{
    if (!c->body) {
        c->body = json_object();
        if (fields->name == NULL) return 0;
    }
    return api_check_object(c, c->body, fields, NULL);
}

const char *api_str(api_ctx *c, const char *name)
{
    return json_string_value(json_object_get(c->body, name));
}

int64_t api_int(api_ctx *c, const char *name, int64_t dflt)
{
    json_t *v = json_object_get(c->body, name);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int api_bool(api_ctx *c, const char *name, int dflt)
{
    json_t *v = json_object_get(c->body, name);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int api_has(api_ctx *c, const char *name)
{
    json_t *v = json_object_get(c->body, name);
    return v && !json_is_null(v);
}

int api_query_int(api_ctx *c, const char *name, int64_t *out, int *present)
{
    const char *s = http_query(c->req, name);
    if (present) *present = 0;
    if (!s || !*s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s)
        return api_error(c, 400, "invalid_query", name, "查询参数「%s」应为整数", name);
    *out = v;
    if (present) *present = 1;
    return 0;
}

int api_page(api_ctx *c, page *p)
{
    return api_page_sized(c, p, 20);
}

int api_page_sized(api_ctx *c, page *p, int64_t default_size)
{
    int64_t pg = 1, size = default_size;
    TRY(api_query_int(c, "page", &pg, NULL));
    TRY(api_query_int(c, "page_size", &size, NULL));
    if (pg < 1 || pg > 1000000) return api_error(c, 400, "invalid_query", "page", "页码无效");
    if (size < 1 || size > 200) return api_error(c, 400, "invalid_query", "page_size", "每页条数应在 1 到 200 之间");
    p->page = pg;
    p->size = size;
    p->offset = (pg - 1) * size;
    return 0;
}

int api_list(api_ctx *c, json_t *items, int64_t total, const page *p)
{
    return api_json(c, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                                      "page", (json_int_t)p->page, "page_size", (json_int_t)p->size));
}

int api_require_role(api_ctx *c, int roles)
{
    if (c->user.role & roles) return 0;
    return api_error(c, 403, "forbidden", NULL, "您的角色（%s）无权进行此操作", role_label(c->user.role));
}

int api_version(api_ctx *c, int64_t *version)
{
    json_t *v = json_object_get(c->body, "version");
    if (!v) return api_error(c, 422, "required", "version", "请提供记录的版本号（version），以免覆盖他人的修改");
    if (!json_is_integer(v)) return api_error(c, 400, "invalid_type", "version", "版本号应为整数");
    *version = json_integer_value(v);
    return 0;
}

int api_stale_or_missing(api_ctx *c, const char *table, int64_t id)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id = ? AND body_id = ?", table);
    int64_t v = db_int(c->db, &c->err, -1, sql, DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (c->err.status) return c->err.status;
    if (v < 0) return api_error(c, 404, "not_found", NULL, "记录不存在");
    return api_error(c, 409, "stale_version", "version",
                     "该记录已被他人修改（当前版本 %lld），请刷新后再试", (long long)v);
}

int api_begin(api_ctx *c) { return db_begin(c->db, &c->err); }
int api_commit(api_ctx *c) { return db_commit(c->db, &c->err); }

int api_ref_in_body(api_ctx *c, const char *table, int64_t id, const char *fieldname, const char *label)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE id = ? AND body_id = ? AND active = 1", table);
    int64_t n = db_int(c->db, &c->err, 0, sql, DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (n < 0) return c->err.status;
    if (n == 0) return api_error(c, 422, "invalid_reference", fieldname, "所选%s不存在或已停用", label);
    return 0;
}

void api_booleans(json_t *v, const char *const *names)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) api_booleans(x, names);
        return;
    }
    for (const char *const *n = names; json_is_object(v) && *n; n++) {
        json_t *x = json_object_get(v, *n);
        if (json_is_integer(x)) json_object_set_new(v, *n, json_boolean(json_integer_value(x) != 0));
    }
}

char *api_like_pattern(const char *text)
{
    size_t l = strlen(text);
    char *out = malloc(l * 2 + 3), *o = out;
    if (!out) return NULL;
    *o++ = '%';
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '%';
    *o = 0;
    return out;
}
