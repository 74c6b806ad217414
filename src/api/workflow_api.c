/* The body's rules as data: review chain, state transitions, time limits, and
 * the working-day calendar. Admins change them without code. */
#include "proposal_common.h"
#include "../domain/limits.h"
#include "../util/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h_get_workflow(api_ctx *c)
{
    json_t *stages = db_rows(c->db, &c->err, "SELECT position, code, name, role FROM review_stages WHERE body_id = ? ORDER BY position",
                             DB_ARGS(DBV_INT(c->user.body_id)));
    if (!stages) return c->err.status;
    json_t *rules = db_rows(c->db, &c->err,
        "SELECT action, from_state, to_state, roles FROM workflow_transitions WHERE body_id = ? ORDER BY id",
        DB_ARGS(DBV_INT(c->user.body_id)));
    if (!rules) { json_decref(stages); return c->err.status; }
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) json_object_set_new(r, "action_label", json_string(wf_action_label(pstr(r, "action"))));
    json_t *states = json_array();
    for (const char *const *s = wf_states; *s; s++)
        json_array_append_new(states, json_pack("{s:s, s:s}", "code", *s, "label", wf_state_label(*s)));
    json_t *cats = json_array();
    for (const char *const *s = wf_categories; *s; s++)
        json_array_append_new(cats, json_pack("{s:s, s:s}", "code", *s, "label", wf_category_label(*s)));
    json_t *reasons = json_array();
    for (const char *const *s = wf_not_filed_reasons; *s; s++) json_array_append_new(reasons, json_string(*s));
    json_t *forms = json_array();
    for (const char *const *s = wf_supervision_forms; *s; s++) json_array_append_new(forms, json_string(*s));
    return api_json(c, 200, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "review_stages", stages, "transitions", rules,
                                      "states", states, "categories", cats, "not_filed_reasons", reasons,
                                      "supervision_forms", forms));
}

/* Proposals sitting at a stage that would vanish keep the chain from shrinking under them. */
static int h_put_stages(api_ctx *c)
{
    static const field fields[] = { { "stages", F_OBJ_ARRAY, 1, 10, NULL, "审查环节", 0 }, { 0 } };
    static const char *const stage_roles[] = { "member", "committee_staff", "proposal_staff", "leader", NULL };
    static const field item[] = {
        { "code", F_STR, 1, 32, NULL, "环节代码", 0 },
        { "name", F_STR, 1, 40, NULL, "环节名称", 0 },
        { "role", F_ENUM, 1, 0, stage_roles, "办理角色", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    json_t *stages = json_object_get(c->body, "stages");
    size_t i;
    json_t *s;
    char prefix[32];
    json_array_foreach(stages, i, s) {
        snprintf(prefix, sizeof prefix, "stages[%zu].", i);
        TRY(api_check_object(c, s, item, prefix));
        /* A member holding a later stage would pass their own proposal through review. */
        if (i > 0 && strcmp(pstr(s, "role"), "member") == 0) {
            char field[48];
            snprintf(field, sizeof field, "stages[%zu].role", i);
            return api_error(c, 422, "invalid_value", field, "只有第一环节（提案人自审）由委员办理，审查环节应由工作人员或领导办理");
        }
    }
    if (strcmp(pstr(json_array_get(stages, 0), "role"), "member") != 0)
        return api_error(c, 422, "invalid_value", "stages[0].role", "第一环节应为提案人自审（角色 member）");
    if (json_array_size(stages) < 2) return api_error(c, 422, "too_short", "stages", "自审之后至少还需一个审查环节");
    TRY(api_begin(c));
    int64_t stuck = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM proposals WHERE body_id = ? AND state = 'under_review' AND review_stage > ?",
        DB_ARGS(DBV_INT(c->user.body_id), DBV_INT((int64_t)json_array_size(stages))));
    if (stuck < 0) return c->err.status;
    if (stuck) return api_error(c, 409, "in_use", "stages", "有 %lld 件提案正处于将被删除的审查环节，请先办理完毕", (long long)stuck);
    if (db_exec(c->db, &c->err, "DELETE FROM review_stages WHERE body_id = ?", DB_ARGS(DBV_INT(c->user.body_id))) < 0) return c->err.status;
    json_array_foreach(stages, i, s)
        if (db_exec(c->db, &c->err, "INSERT INTO review_stages (body_id, position, code, name, role) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(c->user.body_id), DBV_INT((int64_t)i + 1), DBV_TEXT(pstr(s, "code")),
                            DBV_TEXT(pstr(s, "name")), DBV_TEXT(pstr(s, "role")))) < 0)
            return c->err.status;
    TRY(api_commit(c));
    return h_get_workflow(c);
}

static int h_put_transitions(api_ctx *c)
{
    static const field fields[] = { { "transitions", F_OBJ_ARRAY, 1, 100, NULL, "流转规则", 0 }, { 0 } };
    static const field item[] = {
        { "action", F_ENUM, 1, 0, wf_actions, "操作", 0 },
        { "from_state", F_ENUM, 1, 0, wf_states, "起始状态", 0 },
        { "to_state", F_ENUM, 1, 0, wf_states, "目标状态", 0 },
        { "roles", F_STR, 1, 200, NULL, "可操作角色", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    json_t *list = json_object_get(c->body, "transitions");
    size_t i, j;
    json_t *t, *u;
    char prefix[40];
    json_array_foreach(list, i, t) {
        snprintf(prefix, sizeof prefix, "transitions[%zu].", i);
        TRY(api_check_object(c, t, item, prefix));
        if (role_mask_parse(pstr(t, "roles")) <= 0) {
            snprintf(prefix, sizeof prefix, "transitions[%zu].roles", i);
            return api_error(c, 422, "invalid_value", prefix, "角色列表无效（以逗号分隔的角色代码）");
        }
        for (j = 0; j < i; j++) {
            u = json_array_get(list, j);
            if (!strcmp(pstr(u, "action"), pstr(t, "action")) && !strcmp(pstr(u, "from_state"), pstr(t, "from_state")))
                return api_error(c, 422, "duplicate", "transitions", "同一操作在同一状态下只能有一条规则：%s / %s",
                                 pstr(t, "action"), pstr(t, "from_state"));
        }
    }
    /* The system's own steps (expiry, evaluation outcome) cannot be configured away. */
    for (int k = 0; k < wf_default_rule_count; k++) {
        const wf_rule *d = &wf_default_rules[k];
        if (d->roles != ROLE_SYSTEM) continue;
        int found = 0;
        json_array_foreach(list, i, t)
            if (!strcmp(pstr(t, "action"), d->action) && !strcmp(pstr(t, "from_state"), d->from)
                && role_mask_parse(pstr(t, "roles")) & ROLE_SYSTEM) found = 1;
        if (!found)
            return api_error(c, 422, "required", "transitions", "系统自动流转「%s」（%s）不能删除",
                             wf_action_label(d->action), wf_state_label(d->from));
    }
    TRY(api_begin(c));
    if (db_exec(c->db, &c->err, "DELETE FROM workflow_transitions WHERE body_id = ?", DB_ARGS(DBV_INT(c->user.body_id))) < 0)
        return c->err.status;
    json_array_foreach(list, i, t)
        if (db_exec(c->db, &c->err, "INSERT INTO workflow_transitions (body_id, action, from_state, to_state, roles) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(c->user.body_id), DBV_TEXT(pstr(t, "action")), DBV_TEXT(pstr(t, "from_state")),
                            DBV_TEXT(pstr(t, "to_state")), DBV_TEXT(pstr(t, "roles")))) < 0)
            return c->err.status;
    TRY(api_commit(c));
    return h_get_workflow(c);
}

static int h_get_settings(api_ctx *c)
{
    json_t *out = json_array();
    for (const limit_def *d = limit_defs; d->key; d++)
        json_array_append_new(out, json_pack("{s:s, s:i, s:i, s:i, s:i, s:s}", "key", d->key, "value", proposal_limit(c, d->key),
                                             "default", d->dflt, "min", d->min, "max", d->max, "label", d->label));
    return api_json(c, 200, json_pack("{s:o}", "limits", out));
}

static int h_put_settings(api_ctx *c)
{
    if (!json_is_object(c->body)) return api_error(c, 400, "invalid_body", NULL, "请求内容应为 JSON 对象");
    const char *k;
    json_t *v;
    json_object_foreach(c->body, k, v) {
        const limit_def *d = limit_find(k);
        if (!d) return api_error(c, 400, "unknown_field", k, "不认识的设置项「%s」", k);
        if (!json_is_integer(v)) return api_error(c, 400, "invalid_type", k, "「%s」应为整数", d->label);
        if (json_integer_value(v) < d->min || json_integer_value(v) > d->max)
            return api_error(c, 422, "out_of_range", k, "「%s」应在 %d 到 %d 之间", d->label, d->min, d->max);
    }
    TRY(api_begin(c));
    json_object_foreach(c->body, k, v) {
        char val[24];
        snprintf(val, sizeof val, "%lld", (long long)json_integer_value(v));
        if (db_exec(c->db, &c->err, "INSERT INTO settings (body_id, key, value) VALUES (?, ?, ?) "
                                    "ON CONFLICT (body_id, key) DO UPDATE SET value = excluded.value",
                    DB_ARGS(DBV_INT(c->user.body_id), DBV_TEXT(k), DBV_TEXT(val))) < 0)
            return c->err.status;
    }
    TRY(api_commit(c));
    return h_get_settings(c);
}

static int h_get_calendar(api_ctx *c)
{
    int64_t year = 0;
    int present;
    TRY(api_query_int(c, "year", &year, &present));
    json_t *rows;
    if (present) {
        char from[16], to[16];
        snprintf(from, sizeof from, "%04lld-01-01", (long long)(year % 10000));
        snprintf(to, sizeof to, "%04lld-12-31", (long long)(year % 10000));
        rows = db_rows(c->db, &c->err, "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day",
                       DB_ARGS(DBV_TEXT(from), DBV_TEXT(to)));
    } else {
        rows = db_rows(c->db, &c->err, "SELECT day, kind, name FROM calendar_days ORDER BY day", DB_NOARGS);
    }
    if (!rows) return c->err.status;
    page pg = { 1, (int64_t)json_array_size(rows), 0 };
    return api_list(c, rows, (int64_t)json_array_size(rows), &pg);
}

/* The calendar is national data: only the admin of a top-level body edits it. */
static int require_top_admin(api_ctx *c)
{
    int64_t parent = db_int(c->db, &c->err, 0, "SELECT COALESCE(parent_id, 0) FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(c->user.body_id)));
    if (parent < 0) return c->err.status;
    if (parent) return api_error(c, 403, "forbidden", NULL, "工作日历由最高一级政协的管理员维护");
    return 0;
}

static int h_put_day(api_ctx *c)
{
    static const char *const kinds[] = { "holiday", "workday", NULL };
    static const field fields[] = {
        { "day", F_DATE, 1, 0, NULL, "日期", 0 },
        { "kind", F_ENUM, 1, 0, kinds, "类型", 0 },
        { "name", F_STR, 0, 40, NULL, "名称", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(require_top_admin(c));
    if (db_exec(c->db, &c->err, "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) "
                                "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
                DB_ARGS(DBV_TEXT(api_str(c, "day")), DBV_TEXT(api_str(c, "kind")),
                        DBV_TEXT(api_str(c, "name") ? api_str(c, "name") : ""))) < 0)
        return c->err.status;
    return api_json(c, 200, json_pack("{s:s, s:s, s:s}", "day", api_str(c, "day"), "kind", api_str(c, "kind"),
                                      "name", api_str(c, "name") ? api_str(c, "name") : ""));
}

static int h_delete_day(api_ctx *c)
{
    const char *day = http_query(c->req, "day");
    if (!day || !api_valid_date(day)) return api_error(c, 400, "invalid_query", "day", "请用 ?day=YYYY-MM-DD 指定日期");
    TRY(require_top_admin(c));
    int64_t n = db_exec(c->db, &c->err, "DELETE FROM calendar_days WHERE day = ?", DB_ARGS(DBV_TEXT(day)));
    if (n < 0) return c->err.status;
    if (!n) return api_error(c, 404, "not_found", "day", "该日期没有特别安排");
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

/* Working-day arithmetic for the UI and integrations: ?from=DATE&workdays=N or &months=N. */
static int h_deadline(api_ctx *c)
{
    const char *from = http_query(c->req, "from");
    int32_t start = from ? date_parse(from) : -1;
    if (start < 0) return api_error(c, 400, "invalid_query", "from", "请用 from=YYYY-MM-DD 指定起始日期");
    int64_t wd = 0, months = 0;
    int has_wd, has_m;
    TRY(api_query_int(c, "workdays", &wd, &has_wd));
    TRY(api_query_int(c, "months", &months, &has_m));
    if (has_wd == has_m || wd < 0 || wd > 400 || months < 0 || months > 24)
        return api_error(c, 400, "invalid_query", "workdays", "请指定 workdays（0–400）或 months（0–24）之一");
    calendar cal;
    TRY(proposal_calendar(c->db, &c->err, &cal));
    int32_t d = has_wd ? cal_add_workdays(&cal, start, (int)wd) : cal_deadline_months(&cal, start, (int)months);
    free((void *)cal.ex);
    char out[11];
    date_format(d, out);
    return api_json(c, 200, json_pack("{s:s}", "deadline", out));
}

const route workflow_routes[] = {
    { "GET", "/api/v1/workflow", h_get_workflow, ROLE_ANY_USER, 0 },
    { "PUT", "/api/v1/workflow/stages", h_put_stages, ROLE_ADMIN, 0 },
    { "PUT", "/api/v1/workflow/transitions", h_put_transitions, ROLE_ADMIN, 0 },
    { "GET", "/api/v1/settings", h_get_settings, ROLE_ANY_USER, 0 },
    { "PUT", "/api/v1/settings", h_put_settings, ROLE_ADMIN, 0 },
    { "GET", "/api/v1/calendar", h_get_calendar, ROLE_ANY_USER, 0 },
    { "PUT", "/api/v1/calendar", h_put_day, ROLE_ADMIN, 0 },
    { "DELETE", "/api/v1/calendar", h_delete_day, ROLE_ADMIN, 0 },
    { "GET", "/api/v1/calendar/deadline", h_deadline, ROLE_ANY_USER, 0 },
    { 0 } };
