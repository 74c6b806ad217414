/* Registry (domain.md §2): bodies, terms, sessions, sectors, committees,
 * participating units, handling units, members, studios.
 *
 * Most resources share one shape (list/get/create/patch/deactivate, scoped to
 * the caller's body, optimistic versions), so they are described as data
 * (struct resource) and served by one set of generic handlers; what differs
 * (cross-field checks, joins, privacy, studio membership) sits in hooks.
 * Bodies have their own handlers: they are not scoped by body_id. The CSV
 * member import lives in registry_import.c. */
#include "users.h"
#include "../domain/workflow.h"
#include "../store/seed.h"
#include "../util/clock.h"
#include "../util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* From registry_import.c. */
int registry_members_import(api_ctx *c);

#define MAX_FIELDS 24

typedef struct resource {
    const char *table;              /* also the alias-free name for api_* helpers */
    const char *label;              /* Chinese noun for messages */
    const char *cols;               /* select list over alias t (and joins) */
    const char *from;               /* "sectors t" plus joins */
    const char *order;
    const field *fields;            /* writable fields; required = required on create */
    const char *const *bools;       /* columns rendered as true/false */
    int has_created_at;
    int has_q;                      /* list filter q: name contains */
    /* Cross-field checks and references; cur is the stored row on PATCH, NULL on create. */
    int (*check)(api_ctx *c, json_t *cur);
    /* Extra list filters appended to the WHERE clause. */
    int (*filters)(api_ctx *c, qb *w);
    /* Runs inside the write transaction after the row is written. */
    int (*after_write)(api_ctx *c, int64_t id);
    /* Refuses a deactivation (DELETE or PATCH active=false). */
    int (*before_deactivate)(api_ctx *c, int64_t id);
    /* Adds or hides fields of one rendered row. */
    int (*render)(api_ctx *c, json_t *row);
} resource;

/* --- helpers -------------------------------------------------------------- */

static void qb_cat(qb *dst, const qb *src)
{
    if (src->overflow || dst->len + src->len + 1 > sizeof dst->sql
        || dst->n + src->n > (int)(sizeof dst->v / sizeof dst->v[0])) {
        dst->overflow = 1;
        return;
    }
    memcpy(dst->sql + dst->len, src->sql, src->len + 1);
    dst->len += src->len;
    memcpy(dst->v + dst->n, src->v, (size_t)src->n * sizeof src->v[0]);
    dst->n += src->n;
}

static int qb_check(api_ctx *c, const qb *q)
{
    if (q->overflow) return api_error(c, 400, "query_too_complex", NULL, "查询条件过多");
    return 0;
}


/* Strings kept alive until the statement that borrows them has run. */
typedef struct strpool { char *s[MAX_FIELDS + 4]; int n; } strpool;

static const char *pool_keep(strpool *p, char *s)
{
    if (!s) return NULL;
    if (p->n >= (int)(sizeof p->s / sizeof p->s[0])) { free(s); return NULL; }
    p->s[p->n++] = s;
    return s;
}

static void pool_free(strpool *p)
{
    for (int i = 0; i < p->n; i++) free(p->s[i]);
    p->n = 0;
}

/* The DB value of body field f; single-line text is trimmed. 0, or 500 on OOM. */
static int field_value(api_ctx *c, const field *f, strpool *sp, db_val *out)
{
    json_t *v = json_object_get(c->body, f->name);
    switch (f->type) {
    case F_INT: *out = DBV_INT(json_integer_value(v)); return 0;
    case F_BOOL: *out = DBV_INT(json_is_true(v) ? 1 : 0); return 0;
    case F_STR: {
        const char *t = pool_keep(sp, text_trim_dup(json_string_value(v)));
        if (!t) return api_error(c, 500, "oom", NULL, "内存不足");
        *out = DBV_TEXT(t);
        return 0;
    }
    default: *out = DBV_TEXT(json_string_value(v)); return 0;
    }
}

static int is_virtual(const field *f) { return f->type == F_INT_ARRAY || f->type == F_OBJ_ARRAY; }

/* Value of name: from the request body when given, else from the stored row. */
static json_t *merged(api_ctx *c, json_t *cur, const char *name)
{
    json_t *v = json_object_get(c->body, name);
    if (v && !json_is_null(v)) return v;
    return cur ? json_object_get(cur, name) : NULL;
}

static int not_found(api_ctx *c, const resource *r)
{
    return api_error(c, 404, "not_found", NULL, "%s不存在", r->label);
}

/* Renders rows in place: booleans and the resource hook. */
static int render_rows(api_ctx *c, const resource *r, json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        for (const char *const *b = r->bools; b && *b; b++) {
            json_t *v = json_object_get(row, *b);
            if (v) json_object_set_new(row, *b, json_boolean(json_integer_value(v) != 0));
        }
        if (r->render) TRY(r->render(c, row));
    }
    return 0;
}

/* Loads one row of the caller's body, rendered; NULL with c->err set (404 if absent). */
static json_t *load_one(api_ctx *c, const resource *r, int64_t id)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE t.id = ? AND t.body_id = ?", r->cols, r->from);
    json_t *rows = db_rows(c->db, &c->err, sql, DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (!rows) return NULL;
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        not_found(c, r);
        return NULL;
    }
    if (render_rows(c, r, rows)) { json_decref(rows); return NULL; }
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return row;
}

/* Adds the `active` list filter: 1 (default), 0 or all. */
static int active_filter(api_ctx *c, qb *w, const char *col)
{
    const char *a = http_query(c->req, "active");
    char sql[64];
    if (!a || !*a || strcmp(a, "1") == 0) snprintf(sql, sizeof sql, " AND %s = 1", col);
    else if (strcmp(a, "0") == 0) snprintf(sql, sizeof sql, " AND %s = 0", col);
    else if (strcmp(a, "all") == 0) return 0;
    else return api_error(c, 400, "invalid_query", "active", "查询参数「active」应为 0、1 或 all");
    qb_add(w, sql, 0);
    return 0;
}

static int q_filter(api_ctx *c, qb *w, const char *col, strpool *sp)
{
    const char *q = http_query(c->req, "q");
    if (!q || !*q) return 0;
    const char *pat = pool_keep(sp, api_like_pattern(q));
    if (!pat) return api_error(c, 500, "oom", NULL, "内存不足");
    char sql[96];
    snprintf(sql, sizeof sql, " AND %s LIKE ? ESCAPE '\\'", col);
    qb_add(w, sql, 1, DBV_TEXT(pat));
    return 0;
}

/* Runs the count and the page of "SELECT cols FROM from <w> ORDER BY order" and answers the list. */
static int run_list(api_ctx *c, const resource *r, const char *cols, const char *from, const char *order,
                    const qb *w, const page *p)
{
    qb cq, lq;
    char head[1024];
    snprintf(head, sizeof head, "SELECT COUNT(*) FROM %s", from);
    qb_init(&cq, head);
    qb_cat(&cq, w);
    snprintf(head, sizeof head, "SELECT %s FROM %s", cols, from);
    qb_init(&lq, head);
    qb_cat(&lq, w);
    char tail[160];
    snprintf(tail, sizeof tail, " ORDER BY %s LIMIT ? OFFSET ?", order);
    qb_add(&lq, tail, 2, DBV_INT(p->size), DBV_INT(p->offset));
    TRY(qb_check(c, &cq));
    TRY(qb_check(c, &lq));
    int64_t total = db_int(c->db, &c->err, 0, cq.sql, cq.v, cq.n);
    if (total < 0) return c->err.status;
    json_t *rows = db_rows(c->db, &c->err, lq.sql, lq.v, lq.n);
    if (!rows) return c->err.status;
    if (r && render_rows(c, r, rows)) { json_decref(rows); return c->err.status ? c->err.status : 500; }
    return api_list(c, rows, total, p);
}

/* --- generic handlers ---------------------------------------------------- */

static int res_list(api_ctx *c, const resource *r)
{
    page p;
    TRY(api_page(c, &p));
    qb w;
    strpool sp = { .n = 0 };
    qb_init(&w, " WHERE t.body_id = ?");
    w.v[0] = DBV_INT(c->user.body_id);
    w.n = 1;
    int rc = active_filter(c, &w, "t.active");
    if (!rc && r->has_q) rc = q_filter(c, &w, "t.name", &sp);
    if (!rc && r->filters) rc = r->filters(c, &w);
    if (!rc) rc = run_list(c, r, r->cols, r->from, r->order, &w, &p);
    pool_free(&sp);
    return rc;
}

static int res_get(api_ctx *c, const resource *r)
{
    json_t *row = load_one(c, r, c->id[0]);
    if (!row) return c->err.status;
    return api_json(c, 200, row);
}

static int res_create(api_ctx *c, const resource *r)
{
    TRY(api_check_body(c, r->fields));
    if (r->check) TRY(r->check(c, NULL));
    qb q;
    strpool sp = { .n = 0 };
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO %s (body_id", r->table);
    qb_init(&q, sql);
    q.v[q.n++] = DBV_INT(c->user.body_id);
    int nvals = 1;
    for (const field *f = r->fields; f->name; f++) {
        if (is_virtual(f) || !api_has(c, f->name)) continue;
        snprintf(sql, sizeof sql, ", %s", f->name);
        qb_add(&q, sql, 0);
    }
    if (r->has_created_at) qb_add(&q, ", created_at", 0);
    qb_add(&q, ") VALUES (?", 0);
    int rc = 0;
    for (const field *f = r->fields; f->name && !rc; f++) {
        if (is_virtual(f) || !api_has(c, f->name)) continue;
        db_val v = DBV_NULL;
        rc = field_value(c, f, &sp, &v);
        if (!rc) { qb_add(&q, ", ?", 1, v); nvals++; }
    }
    if (!rc && r->has_created_at) qb_add(&q, ", ?", 1, DBV_INT(clock_now()));
    qb_add(&q, ") RETURNING id", 0);
    if (!rc) rc = qb_check(c, &q);
    if (!rc) rc = api_begin(c);
    int64_t id = -1;
    if (!rc) {
        id = db_insert(c->db, &c->err, q.sql, q.v, q.n);
        if (id < 0) rc = c->err.status;
    }
    pool_free(&sp);
    if (!rc && r->after_write) rc = r->after_write(c, id);
    if (!rc) rc = api_commit(c);
    if (rc) return rc;
    json_t *row = load_one(c, r, id);
    if (!row) return c->err.status;
    return api_json(c, 201, row);
}

/* Writable fields for PATCH: all optional, plus version and active. */
static void patch_fields(const resource *r, field *out)
{
    int n = 0;
    for (const field *f = r->fields; f->name && n < MAX_FIELDS - 3; f++) {
        out[n] = *f;
        out[n].required = 0;
        n++;
    }
    out[n++] = (field){ "version", F_INT, 0, 0, NULL, "版本号", 0 };
    out[n++] = (field){ "active", F_BOOL, 0, 0, NULL, "启用状态", 0 };
    out[n] = (field){ 0 };
}

static int res_patch(api_ctx *c, const resource *r)
{
    field fields[MAX_FIELDS];
    patch_fields(r, fields);
    TRY(api_check_body(c, fields));
    int64_t version, id = c->id[0];
    TRY(api_version(c, &version));
    json_t *cur = load_one(c, r, id);
    if (!cur) return c->err.status;
    int rc = r->check ? r->check(c, cur) : 0;
    json_decref(cur);
    if (rc) return rc;
    if (api_has(c, "active") && !api_bool(c, "active", 1) && r->before_deactivate)
        TRY(r->before_deactivate(c, id));
    qb q;
    strpool sp = { .n = 0 };
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE %s SET version = version + 1", r->table);
    qb_init(&q, sql);
    for (const field *f = fields; f->name && !rc; f++) {
        if (is_virtual(f) || strcmp(f->name, "version") == 0 || !api_has(c, f->name)) continue;
        db_val v = DBV_NULL;
        rc = field_value(c, f, &sp, &v);
        snprintf(sql, sizeof sql, ", %s = ?", f->name);
        if (!rc) qb_add(&q, sql, 1, v);
    }
    qb_add(&q, " WHERE id = ? AND body_id = ? AND version = ?", 3, DBV_INT(id), DBV_INT(c->user.body_id),
           DBV_INT(version));
    if (!rc) rc = qb_check(c, &q);
    if (!rc) rc = api_begin(c);
    if (!rc) {
        int64_t n = db_exec(c->db, &c->err, q.sql, q.v, q.n);
        if (n < 0) rc = c->err.status;
        else if (n == 0) rc = api_stale_or_missing(c, r->table, id);
    }
    pool_free(&sp);
    if (!rc && r->after_write) rc = r->after_write(c, id);
    if (!rc) rc = api_commit(c);
    if (rc) return rc;
    json_t *row = load_one(c, r, id);
    if (!row) return c->err.status;
    return api_json(c, 200, row);
}

static int res_delete(api_ctx *c, const resource *r)
{
    int64_t id = c->id[0];
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE id = ? AND body_id = ?", r->table);
    int64_t n = db_int(c->db, &c->err, 0, sql, DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (n < 0) return c->err.status;
    if (n == 0) return not_found(c, r);
    if (r->before_deactivate) TRY(r->before_deactivate(c, id));
    snprintf(sql, sizeof sql, "UPDATE %s SET active = 0, version = version + 1 WHERE id = ? AND body_id = ? AND active = 1",
             r->table);
    if (db_exec(c->db, &c->err, sql, DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id))) < 0) return c->err.status;
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

/* Common checks used by hooks. */
static int check_ref(api_ctx *c, json_t *cur, const char *name, const char *table, const char *label)
{
    (void)cur;
    if (!api_has(c, name)) return 0;
    return api_ref_in_body(c, table, api_int(c, name, 0), name, label);
}

static int check_date_order(api_ctx *c, json_t *cur, const char *from, const char *to,
                            const char *from_label, const char *to_label)
{
    const char *a = json_string_value(merged(c, cur, from)), *b = json_string_value(merged(c, cur, to));
    if (a && b && *a && *b && strcmp(a, b) > 0)
        return api_error(c, 422, "invalid_date_range", to, "「%s」不能早于「%s」", to_label, from_label);
    return 0;
}

/* --- terms and sessions --------------------------------------------------- */

static const field term_fields[] = {
    { "number", F_INT, 1, 30, NULL, "届次", 1 },
    { "name", F_STR, 1, 40, NULL, "名称", 1 },
    { "start_date", F_DATE, 1, 0, NULL, "开始日期", 0 },
    { "end_date", F_DATE, 1, 0, NULL, "结束日期", 0 },
    { 0 } };
static const char *const active_bool[] = { "active", NULL };

static int term_check(api_ctx *c, json_t *cur)
{
    return check_date_order(c, cur, "start_date", "end_date", "开始日期", "结束日期");
}

/* The current session's term cannot be switched off. */
static int term_before_deactivate(api_ctx *c, int64_t id)
{
    int64_t n = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM bodies b JOIN sessions s ON s.id = b.current_session_id WHERE b.id = ? AND s.term_id = ?",
        DB_ARGS(DBV_INT(c->user.body_id), DBV_INT(id)));
    if (n < 0) return c->err.status;
    if (n) return api_error(c, 422, "in_use", NULL, "当前会议所在的届次不能停用");
    return 0;
}

static const resource terms_res = {
    .table = "terms", .label = "届次",
    .cols = "t.id, t.body_id, t.number, t.name, t.start_date, t.end_date, t.active, t.version",
    .from = "terms t", .order = "t.number DESC, t.id", .fields = term_fields, .bools = active_bool,
    .check = term_check, .before_deactivate = term_before_deactivate,
};

static const field session_fields[] = {
    { "term_id", F_INT, 1, 0, NULL, "届次", 0 },
    { "number", F_INT, 1, 10, NULL, "次会议", 1 },
    { "year", F_INT, 1, 2200, NULL, "年度", 1949 },
    { "name", F_STR, 1, 40, NULL, "名称", 1 },
    { "start_date", F_DATE, 1, 0, NULL, "开始日期", 0 },
    { "end_date", F_DATE, 1, 0, NULL, "结束日期", 0 },
    { 0 } };

static int session_check(api_ctx *c, json_t *cur)
{
    TRY(check_ref(c, cur, "term_id", "terms", "届次"));
    return check_date_order(c, cur, "start_date", "end_date", "开始日期", "结束日期");
}

static int session_filters(api_ctx *c, qb *w)
{
    int64_t term;
    int has;
    TRY(api_query_int(c, "term_id", &term, &has));
    if (has) qb_add(w, " AND t.term_id = ?", 1, DBV_INT(term));
    return 0;
}

static int session_before_deactivate(api_ctx *c, int64_t id)
{
    int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM bodies WHERE id = ? AND current_session_id = ?",
                       DB_ARGS(DBV_INT(c->user.body_id), DBV_INT(id)));
    if (n < 0) return c->err.status;
    if (n) return api_error(c, 422, "in_use", NULL, "当前会议不能停用，请先切换本机构的当前会议");
    return 0;
}

static const resource sessions_res = {
    .table = "sessions", .label = "会议",
    .cols = "t.id, t.body_id, t.term_id, tm.name AS term_name, t.number, t.year, t.name, t.start_date, "
            "t.end_date, t.active, t.version",
    .from = "sessions t JOIN terms tm ON tm.id = t.term_id", .order = "t.year DESC, t.number DESC, t.id",
    .fields = session_fields, .bools = active_bool, .check = session_check, .filters = session_filters,
    .before_deactivate = session_before_deactivate,
};

/* --- sectors, committees, participating and handling units ---------------- */

static const field sector_fields[] = {
    { "name", F_STR, 1, 40, NULL, "界别名称", 1 },
    { "sort", F_INT, 0, 100000, NULL, "排序", 0 },
    { 0 } };
static const resource sectors_res = {
    .table = "sectors", .label = "界别", .cols = "t.id, t.body_id, t.name, t.sort, t.active, t.version",
    .from = "sectors t", .order = "t.sort, t.id", .fields = sector_fields, .bools = active_bool, .has_q = 1,
};

static const field committee_fields[] = {
    { "name", F_STR, 1, 40, NULL, "专委会名称", 1 },
    { "is_proposal_committee", F_BOOL, 0, 0, NULL, "是否提案委员会", 0 },
    { 0 } };
static const char *const committee_bools[] = { "active", "is_proposal_committee", NULL };
static const resource committees_res = {
    .table = "committees", .label = "专委会",
    .cols = "t.id, t.body_id, t.name, t.is_proposal_committee, t.active, t.version",
    .from = "committees t", .order = "t.id", .fields = committee_fields, .bools = committee_bools, .has_q = 1,
};

static const char *const part_unit_kinds[] = { "party", "organisation", "sector_group", NULL };
static const field part_unit_fields[] = {
    { "name", F_STR, 1, 80, NULL, "参加单位名称", 1 },
    { "kind", F_ENUM, 1, 0, part_unit_kinds, "类别", 0 },
    { 0 } };

static int kind_filter(api_ctx *c, qb *w)
{
    const char *k = http_query(c->req, "kind");
    if (k && *k) qb_add(w, " AND t.kind = ?", 1, DBV_TEXT(k));
    return 0;
}

static const resource part_units_res = {
    .table = "participating_units", .label = "参加单位", .cols = "t.id, t.body_id, t.name, t.kind, t.active, t.version",
    .from = "participating_units t", .order = "t.id", .fields = part_unit_fields, .bools = active_bool, .has_q = 1,
    .filters = kind_filter,
};

static const char *const handling_unit_kinds[] = { "government", "court", "procuratorate", "enterprise", "other", NULL };
static const field handling_unit_fields[] = {
    { "name", F_STR, 1, 80, NULL, "承办单位名称", 1 },
    { "kind", F_ENUM, 1, 0, handling_unit_kinds, "类别", 0 },
    { "contact", F_STR, 0, 40, NULL, "联系人", 0 },
    { "phone", F_STR, 0, 20, NULL, "联系电话", 0 },
    { 0 } };

/* Digits, +, -, spaces and parentheses; empty is allowed. */
static int check_phone(api_ctx *c, const char *name, const char *label)
{
    const char *s = api_str(c, name);
    if (!s) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == ' ' || *p == '(' || *p == ')'))
            return api_error(c, 422, "invalid_phone", name, "「%s」只能包含数字、+、- 和空格", label);
    return 0;
}

static int handling_unit_check(api_ctx *c, json_t *cur)
{
    (void)cur;
    return check_phone(c, "phone", "联系电话");
}

static const resource handling_units_res = {
    .table = "handling_units", .label = "承办单位",
    .cols = "t.id, t.body_id, t.name, t.kind, t.contact, t.phone, t.active, t.version",
    .from = "handling_units t", .order = "t.id", .fields = handling_unit_fields, .bools = active_bool, .has_q = 1,
    .filters = kind_filter, .check = handling_unit_check,
};

/* --- members -------------------------------------------------------------- */

static const char *const genders[] = { "男", "女", NULL };
static const char *const member_statuses[] = { "in_office", "resigned", "revoked", NULL };
static const field member_fields[] = {
    { "name", F_STR, 1, 40, NULL, "姓名", 1 },
    { "gender", F_ENUM, 1, 0, genders, "性别", 0 },
    { "ethnicity", F_STR, 0, 20, NULL, "民族", 1 },
    { "party", F_ENUM, 1, 0, wf_parties, "党派", 0 },
    { "sector_id", F_INT, 1, 0, NULL, "界别", 0 },
    { "committee_id", F_INT, 1, 0, NULL, "专委会", 0 },
    { "standing", F_BOOL, 0, 0, NULL, "常委", 0 },
    { "workplace", F_STR, 0, 100, NULL, "工作单位及职务", 0 },
    { "phone", F_STR, 0, 20, NULL, "电话", 0 },
    { "email", F_STR, 0, 100, NULL, "邮箱", 0 },
    { "term_start", F_STR, 0, 10, NULL, "任期开始", 0 },
    { "term_end", F_STR, 0, 10, NULL, "任期结束", 0 },
    { "status", F_ENUM, 0, 0, member_statuses, "状态", 0 },
    { "residence", F_STR, 0, 40, NULL, "常住地", 0 },
    { 0 } };
static const char *const member_bools[] = { "active", "standing", NULL };

/* Empty or a real date. */
static int check_opt_date(api_ctx *c, const char *name, const char *label)
{
    const char *s = api_str(c, name);
    if (s && *s && !api_valid_date(s))
        return api_error(c, 400, "invalid_date", name, "「%s」应为有效日期（YYYY-MM-DD）或留空", label);
    return 0;
}

static int member_check(api_ctx *c, json_t *cur)
{
    TRY(check_phone(c, "phone", "电话"));
    const char *email = api_str(c, "email");
    if (email && *email && (!strchr(email, '@') || strchr(email, ' ')))
        return api_error(c, 422, "invalid_email", "email", "「邮箱」格式不正确");
    TRY(check_opt_date(c, "term_start", "任期开始"));
    TRY(check_opt_date(c, "term_end", "任期结束"));
    TRY(check_date_order(c, cur, "term_start", "term_end", "任期开始", "任期结束"));
    TRY(check_ref(c, cur, "sector_id", "sectors", "界别"));
    return check_ref(c, cur, "committee_id", "committees", "专委会");
}

static int member_filters(api_ctx *c, qb *w)
{
    int64_t v;
    int has;
    TRY(api_query_int(c, "sector_id", &v, &has));
    if (has) qb_add(w, " AND t.sector_id = ?", 1, DBV_INT(v));
    TRY(api_query_int(c, "committee_id", &v, &has));
    if (has) qb_add(w, " AND t.committee_id = ?", 1, DBV_INT(v));
    TRY(api_query_int(c, "standing", &v, &has));
    if (has) {
        if (v != 0 && v != 1) return api_error(c, 400, "invalid_query", "standing", "查询参数「standing」应为 0 或 1");
        qb_add(w, " AND t.standing = ?", 1, DBV_INT(v));
    }
    const char *s = http_query(c->req, "party");
    if (s && *s) qb_add(w, " AND t.party = ?", 1, DBV_TEXT(s));
    s = http_query(c->req, "status");
    if (s && *s) qb_add(w, " AND t.status = ?", 1, DBV_TEXT(s));
    return 0;
}

/* Members pick co-signers from the roster but do not see others' contacts. */
static int member_render(api_ctx *c, json_t *row)
{
    if (c->user.role == ROLE_MEMBER && json_integer_value(json_object_get(row, "id")) != c->user.member_id) {
        json_object_del(row, "phone");
        json_object_del(row, "email");
    }
    return 0;
}

static const resource members_res = {
    .table = "members", .label = "委员",
    .cols = "t.id, t.body_id, t.name, t.gender, t.ethnicity, t.party, t.sector_id, s.name AS sector_name, "
            "t.committee_id, m.name AS committee_name, t.standing, t.workplace, t.phone, t.email, t.term_start, "
            "t.term_end, t.status, t.residence, t.active, t.version, t.created_at",
    .from = "members t JOIN sectors s ON s.id = t.sector_id JOIN committees m ON m.id = t.committee_id",
    .order = "t.id", .fields = member_fields, .bools = member_bools, .has_created_at = 1, .has_q = 1,
    .check = member_check, .filters = member_filters, .render = member_render,
};

/* --- studios -------------------------------------------------------------- */

static const char *const studio_kinds[] = { "studio", "station", "room", NULL };
static const field studio_fields[] = {
    { "name", F_STR, 1, 80, NULL, "名称", 1 },
    { "kind", F_ENUM, 1, 0, studio_kinds, "类别", 0 },
    { "place", F_STR, 0, 100, NULL, "地点", 0 },
    { "member_ids", F_INT_ARRAY, 0, 500, NULL, "成员", 0 },
    { 0 } };

static int studio_check(api_ctx *c, json_t *cur)
{
    (void)cur;
    json_t *ids = json_object_get(c->body, "member_ids");
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
        TRY(api_ref_in_body(c, "members", json_integer_value(x), "member_ids", "委员"));
    return 0;
}

/* Replaces the member set when member_ids was given. */
static int studio_after_write(api_ctx *c, int64_t id)
{
    json_t *ids = json_object_get(c->body, "member_ids");
    if (!json_is_array(ids)) return 0;
    if (db_exec(c->db, &c->err, "DELETE FROM studio_members WHERE studio_id = ?", DB_ARGS(DBV_INT(id))) < 0)
        return c->err.status;
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
        if (db_exec(c->db, &c->err, "INSERT INTO studio_members (studio_id, member_id) VALUES (?, ?)",
                    DB_ARGS(DBV_INT(id), DBV_INT(json_integer_value(x)))) < 0)
            return c->err.status;
    return 0;
}

static int studio_render(api_ctx *c, json_t *row)
{
    json_t *rows = db_rows(c->db, &c->err,
        "SELECT member_id FROM studio_members WHERE studio_id = ? ORDER BY member_id",
        DB_ARGS(DBV_INT(json_integer_value(json_object_get(row, "id")))));
    if (!rows) return c->err.status;
    json_t *ids = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) json_array_append(ids, json_object_get(x, "member_id"));
    json_decref(rows);
    json_object_set_new(row, "member_ids", ids);
    return 0;
}

static int studio_filters(api_ctx *c, qb *w)
{
    TRY(kind_filter(c, w));
    int64_t m;
    int has;
    TRY(api_query_int(c, "member_id", &m, &has));
    if (has) qb_add(w, " AND t.id IN (SELECT studio_id FROM studio_members WHERE member_id = ?)", 1, DBV_INT(m));
    return 0;
}

static const resource studios_res = {
    .table = "studios", .label = "委员工作室", .cols = "t.id, t.body_id, t.name, t.kind, t.place, t.active, t.version",
    .from = "studios t", .order = "t.id", .fields = studio_fields, .bools = active_bool, .has_q = 1,
    .check = studio_check, .after_write = studio_after_write, .render = studio_render, .filters = studio_filters,
};

/* --- handler stubs (the route table needs plain functions) ---------------- */

#define RESOURCE_HANDLERS(prefix, res) \
    static int prefix##_list(api_ctx *c) { return res_list(c, &res); } \
    static int prefix##_get(api_ctx *c) { return res_get(c, &res); } \
    static int prefix##_create(api_ctx *c) { return res_create(c, &res); } \
    static int prefix##_patch(api_ctx *c) { return res_patch(c, &res); } \
    static int prefix##_delete(api_ctx *c) { return res_delete(c, &res); }

RESOURCE_HANDLERS(terms, terms_res)
RESOURCE_HANDLERS(sessions, sessions_res)
RESOURCE_HANDLERS(sectors, sectors_res)
RESOURCE_HANDLERS(committees, committees_res)
RESOURCE_HANDLERS(part_units, part_units_res)
RESOURCE_HANDLERS(handling_units, handling_units_res)
RESOURCE_HANDLERS(members, members_res)
RESOURCE_HANDLERS(studios, studios_res)

/* --- bodies --------------------------------------------------------------- */

static const char *const body_levels[] = { "national", "province", "city", "county", NULL };

static int level_rank(const char *level)
{
    for (int i = 0; body_levels[i]; i++)
        if (level && strcmp(body_levels[i], level) == 0) return i;
    return -1;
}

#define BODY_COLS "b.id, b.name, b.short_name, b.level, b.parent_id, b.current_session_id, " \
    "s.name AS current_session_name, s.year AS current_session_year, b.active, b.version, b.created_at"
#define BODY_FROM "bodies b LEFT JOIN sessions s ON s.id = b.current_session_id"

/* Own body or a child of it; NULL with 404 otherwise. */
static json_t *body_load(api_ctx *c, int64_t id)
{
    json_t *row = db_row(c->db, &c->err,
        "SELECT " BODY_COLS " FROM " BODY_FROM " WHERE b.id = ? AND (b.id = ? OR b.parent_id = ?)",
        DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id), DBV_INT(c->user.body_id)));
    if (!row) {
        if (!c->err.status) api_error(c, 404, "not_found", NULL, "机构不存在");
        return NULL;
    }
    json_object_set_new(row, "active", json_boolean(json_integer_value(json_object_get(row, "active")) != 0));
    return row;
}

static int bodies_list(api_ctx *c)
{
    page p;
    TRY(api_page(c, &p));
    qb w;
    strpool sp = { .n = 0 };
    qb_init(&w, " WHERE (b.id = ? OR b.parent_id = ?)");
    w.v[0] = DBV_INT(c->user.body_id);
    w.v[1] = DBV_INT(c->user.body_id);
    w.n = 2;
    int rc = active_filter(c, &w, "b.active");
    if (!rc) rc = q_filter(c, &w, "b.name", &sp);
    static const resource bodies_view = { .bools = active_bool };
    if (!rc) rc = run_list(c, &bodies_view, BODY_COLS, BODY_FROM, "b.id", &w, &p);
    pool_free(&sp);
    return rc;
}

static int bodies_get(api_ctx *c)
{
    json_t *row = body_load(c, c->id[0]);
    if (!row) return c->err.status;
    return api_json(c, 200, row);
}

static int bodies_create(api_ctx *c)
{
    static const field fields[] = {
        { "name", F_STR, 1, 80, NULL, "机构名称", 1 },
        { "short_name", F_STR, 0, 40, NULL, "简称", 0 },
        { "level", F_ENUM, 1, 0, body_levels, "级别", 0 },
        { "term_number", F_INT, 1, 30, NULL, "届次", 1 },
        { "session_number", F_INT, 1, 10, NULL, "次会议", 1 },
        { "year", F_INT, 1, 2200, NULL, "年度", 1949 },
        { "admin_username", F_STR, 1, 64, NULL, "管理员用户名", 0 },
        { "admin_password", F_STR, 1, 256, NULL, "管理员密码", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    const char *own_level = NULL;
    json_t *own = db_row(c->db, &c->err, "SELECT level FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(c->user.body_id)));
    if (!own) return c->err.status ? c->err.status : 500;
    own_level = json_string_value(json_object_get(own, "level"));
    int own_rank = level_rank(own_level);
    json_decref(own);
    if (level_rank(api_str(c, "level")) <= own_rank)
        return api_error(c, 422, "invalid_value", "level", "下级机构的级别应低于本机构");
    TRY(users_check_username(c, api_str(c, "admin_username"), "admin_username"));
    TRY(users_check_password(c, api_str(c, "admin_password"), "admin_password"));
    char hash[128];
    TRY(users_hash_password(c, api_str(c, "admin_password"), hash));
    char *name = text_trim_dup(api_str(c, "name"));
    char *short_name = text_trim_dup(api_has(c, "short_name") ? api_str(c, "short_name") : "");
    if (!name || !short_name) { free(name); free(short_name); return api_error(c, 500, "oom", NULL, "内存不足"); }
    int rc = 0;
    int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM bodies WHERE name = ?", DB_ARGS(DBV_TEXT(name)));
    if (n < 0) rc = c->err.status;
    else if (n > 0) rc = api_error(c, 409, "conflict", "name", "机构名称「%s」已存在", name);
    if (!rc) rc = api_begin(c);
    int64_t body = -1, admin = -1;
    if (!rc) {
        body = seed_body(c->db, &c->err, name, short_name, api_str(c, "level"), c->user.body_id,
                         (int)api_int(c, "term_number", 1), (int)api_int(c, "session_number", 1),
                         (int)api_int(c, "year", 2025));
        if (body < 0) rc = c->err.status ? c->err.status : 500;
    }
    free(name);
    free(short_name);
    if (!rc) {
        admin = users_insert(c, body, api_str(c, "admin_username"), "系统管理员", hash,
                             "admin", 0, 0, 0);
        if (admin < 0) rc = c->err.status ? c->err.status : 500;
    }
    if (!rc) rc = api_commit(c);
    if (rc) return rc;
    json_t *row = body_load(c, body);
    if (!row) return c->err.status;
    json_object_set_new(row, "admin_user_id", json_integer(admin));
    return api_json(c, 201, row);
}

static int bodies_patch(api_ctx *c)
{
    static const field fields[] = {
        { "name", F_STR, 0, 80, NULL, "机构名称", 1 },
        { "short_name", F_STR, 0, 40, NULL, "简称", 0 },
        { "current_session_id", F_INT, 0, 0, NULL, "当前会议", 0 },
        { "version", F_INT, 0, 0, NULL, "版本号", 0 },
        { 0 } };
    int64_t id = c->id[0], version;
    json_t *row = body_load(c, id);
    if (!row) return c->err.status;
    json_decref(row);
    if (id != c->user.body_id)
        return api_error(c, 403, "forbidden", NULL, "只能由该机构自己的管理员修改机构信息");
    TRY(api_check_body(c, fields));
    TRY(api_version(c, &version));
    if (api_has(c, "current_session_id"))
        TRY(api_ref_in_body(c, "sessions", api_int(c, "current_session_id", 0), "current_session_id", "会议"));
    qb q;
    strpool sp = { .n = 0 };
    qb_init(&q, "UPDATE bodies SET version = version + 1");
    int rc = 0;
    for (const field *f = fields; f->name && !rc; f++) {
        if (strcmp(f->name, "version") == 0 || !api_has(c, f->name)) continue;
        db_val v = DBV_NULL;
        rc = field_value(c, f, &sp, &v);
        char sql[64];
        snprintf(sql, sizeof sql, ", %s = ?", f->name);
        if (!rc) qb_add(&q, sql, 1, v);
    }
    qb_add(&q, " WHERE id = ? AND version = ?", 2, DBV_INT(id), DBV_INT(version));
    if (!rc) rc = qb_check(c, &q);
    if (!rc) {
        int64_t n = db_exec(c->db, &c->err, q.sql, q.v, q.n);
        if (n < 0) rc = c->err.status;
        else if (n == 0) {
            int64_t cur = db_int(c->db, &c->err, 0, "SELECT version FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(id)));
            rc = cur < 0 ? c->err.status
                         : api_error(c, 409, "stale_version", "version",
                                     "该记录已被他人修改（当前版本 %lld），请刷新后再试", (long long)cur);
        }
    }
    pool_free(&sp);
    if (rc) return rc;
    row = body_load(c, id);
    if (!row) return c->err.status;
    return api_json(c, 200, row);
}

/* --- routes ---------------------------------------------------------------- */

#define ALL ROLE_ANY_USER
#define ADMIN ROLE_ADMIN
#define RESOURCE_ROUTES(path, prefix, read_roles, write_roles) \
    { "GET", "/api/v1/" path, prefix##_list, read_roles, 0 }, \
    { "POST", "/api/v1/" path, prefix##_create, write_roles, 0 }, \
    { "GET", "/api/v1/" path "/:id", prefix##_get, read_roles, 0 }, \
    { "PATCH", "/api/v1/" path "/:id", prefix##_patch, write_roles, 0 }, \
    { "DELETE", "/api/v1/" path "/:id", prefix##_delete, write_roles, 0 }

const route registry_routes[] = {
    { "GET", "/api/v1/bodies", bodies_list, ALL, 0 },
    { "POST", "/api/v1/bodies", bodies_create, ADMIN, 0 },
    { "GET", "/api/v1/bodies/:id", bodies_get, ALL, 0 },
    { "PATCH", "/api/v1/bodies/:id", bodies_patch, ADMIN, 0 },
    RESOURCE_ROUTES("terms", terms, ALL, ADMIN),
    RESOURCE_ROUTES("sessions", sessions, ALL, ADMIN),
    RESOURCE_ROUTES("sectors", sectors, ALL, ADMIN),
    RESOURCE_ROUTES("committees", committees, ALL, ADMIN),
    RESOURCE_ROUTES("participating-units", part_units, ALL, ADMIN),
    RESOURCE_ROUTES("handling-units", handling_units, ALL, ADMIN | ROLE_PROPOSAL_STAFF),
    { "POST", "/api/v1/members/import", registry_members_import, ADMIN, ROUTE_RAW_BODY },
    RESOURCE_ROUTES("members", members, ROLE_STAFF | ROLE_MEMBER, ADMIN),
    RESOURCE_ROUTES("studios", studios, ALL, ADMIN),
    { 0 } };
