/* Proposals (domain.md §3): drafts, lists, detail, history, queues and the
 * deadline board. State changes live in proposal_actions.c. */
#include "proposal_common.h"
#include "../util/clock.h"
#include "../util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const collective_kinds[] = { "participating_unit", "sector", "committee", NULL };

/* REQ: 1 when creating; 0 when editing (absent fields stay as they are). */
#define CONTENT_FIELDS(REQ) \
    { "title", F_STR, REQ, 50, NULL, "案由", 1 }, \
    { "analysis", F_TEXT, 0, 20000, NULL, "案情分析", 0 }, \
    { "suggestions", F_TEXT, 0, 20000, NULL, "具体建议", 0 }, \
    { "category", F_ENUM, REQ, 0, wf_categories, "类别", 0 }, \
    { "keywords", F_STR, 0, 100, NULL, "关键词", 0 }, \
    { "plenary", F_BOOL, 0, 0, NULL, "大会提案", 0 }, \
    { "publish_consent", F_BOOL, 0, 0, NULL, "同意公开", 0 }, \
    { "suggested_units", F_STR, 0, 300, NULL, "建议承办单位", 0 }, \
    { "cosigner_ids", F_INT_ARRAY, 0, 30, NULL, "联名人", 0 }

/* Members to invite must be active and in office, of this body or of the body
 * directly above or below it (联合提案, §9), and not the author. */
static int check_cosigners(api_ctx *c, json_t *ids, int64_t author)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        int64_t mid = json_integer_value(v);
        if (mid == author) return api_error(c, 422, "invalid_value", "cosigner_ids", "第一提案人不能同时作为联名人");
        int ok = proposal_cosigner_allowed(c, mid, c->user.body_id);
        if (c->err.status) return c->err.status;
        if (!ok) return api_error(c, 422, "invalid_reference", "cosigner_ids",
                                  "联名人（编号 %lld）不是本级或上下一级政协的在任委员", (long long)mid);
    }
    return 0;
}

static int write_cosigners(api_ctx *c, int64_t pid, json_t *ids)
{
    if (db_exec(c->db, &c->err, "DELETE FROM proposal_authors WHERE proposal_id = ? AND role = 'cosigner'",
                DB_ARGS(DBV_INT(pid))) < 0)
        return c->err.status;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
        if (db_exec(c->db, &c->err,
                "INSERT INTO proposal_authors (proposal_id, member_id, role, status) VALUES (?, ?, 'cosigner', 'draft')",
                DB_ARGS(DBV_INT(pid), DBV_INT(json_integer_value(v)))) < 0)
            return c->err.status;
    return db_exec(c->db, &c->err, "UPDATE proposals SET kind = ? WHERE id = ? AND kind <> 'collective'",
                   DB_ARGS(DBV_TEXT(json_array_size(ids) ? "joint" : "individual"), DBV_INT(pid))) < 0 ? c->err.status : 0;
}

static int check_collective(api_ctx *c, const char *kind, int64_t id)
{
    if (strcmp(kind, "participating_unit") == 0) return api_ref_in_body(c, "participating_units", id, "collective_id", "参加单位");
    if (strcmp(kind, "sector") == 0) return api_ref_in_body(c, "sectors", id, "collective_id", "界别");
    if (c->user.role == ROLE_COMMITTEE_STAFF && c->user.committee_id != id)
        return api_error(c, 403, "forbidden", "collective_id", "专委会工作人员只能以本专委会名义提出集体提案");
    return api_ref_in_body(c, "committees", id, "collective_id", "专委会");
}

static json_t *proposal_detail(api_ctx *c, int64_t id);

static int h_create(api_ctx *c)
{
    static const field fields[] = {
        CONTENT_FIELDS(1),
        { "collective_kind", F_ENUM, 0, 0, collective_kinds, "集体提案提出方类型", 0 },
        { "collective_id", F_INT, 0, 0, NULL, "集体提案提出方", 1 },
        { "session_id", F_INT, 0, 0, NULL, "会次", 1 },
        { 0 } };
    TRY(api_check_body(c, fields));
    const char *ckind = api_str(c, "collective_kind");
    int64_t author = 0;
    if (c->user.role == ROLE_MEMBER) {
        if (ckind) return api_error(c, 422, "invalid_value", "collective_kind", "集体提案由参加单位、界别或专委会提出，请联系提案工作人员录入");
        if (!c->user.member_id) return api_error(c, 403, "forbidden", NULL, "您的账号未关联委员信息，不能提出提案");
        author = c->user.member_id;
    } else {
        if (!ckind || !api_has(c, "collective_id"))
            return api_error(c, 422, "required", "collective_kind", "工作人员录入的提案须为集体提案：请选择提出方");
        TRY(check_collective(c, ckind, api_int(c, "collective_id", 0)));
        if (api_has(c, "cosigner_ids") && json_array_size(json_object_get(c->body, "cosigner_ids")))
            return api_error(c, 422, "invalid_value", "cosigner_ids", "集体提案没有联名人");
    }
    int64_t session = api_int(c, "session_id", 0);
    if (!session) {
        session = db_int(c->db, &c->err, 0, "SELECT current_session_id FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(c->user.body_id)));
        if (session <= 0) return c->err.status ? c->err.status : api_error(c, 422, "no_session", "session_id", "本机构尚未设置当前会次");
    } else {
        int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM sessions WHERE id = ? AND body_id = ?",
                           DB_ARGS(DBV_INT(session), DBV_INT(c->user.body_id)));
        if (n <= 0) return c->err.status ? c->err.status : api_error(c, 422, "invalid_reference", "session_id", "会次不存在");
    }
    json_t *cos = json_object_get(c->body, "cosigner_ids");
    if (cos) TRY(check_cosigners(c, cos, author));
    int64_t now = clock_now();
    TRY(api_begin(c));
    int64_t id = db_insert(c->db, &c->err,
        "INSERT INTO proposals (body_id, session_id, title, analysis, suggestions, category, keywords, kind, plenary, "
        "author_member_id, collective_kind, collective_id, created_by, suggested_units, publish_consent, state, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(c->user.body_id), DBV_INT(session), DBV_TEXT(api_str(c, "title")),
                DBV_TEXT(api_str(c, "analysis") ? api_str(c, "analysis") : ""),
                DBV_TEXT(api_str(c, "suggestions") ? api_str(c, "suggestions") : ""),
                DBV_TEXT(api_str(c, "category")), DBV_TEXT(api_str(c, "keywords") ? api_str(c, "keywords") : ""),
                DBV_TEXT(ckind ? "collective" : "individual"), DBV_INT(api_bool(c, "plenary", 1)),
                author ? DBV_INT(author) : DBV_NULL, DBV_TEXT_OR_NULL(ckind),
                ckind ? DBV_INT(api_int(c, "collective_id", 0)) : DBV_NULL, DBV_INT(c->user.id),
                DBV_TEXT(api_str(c, "suggested_units") ? api_str(c, "suggested_units") : ""),
                DBV_INT(api_bool(c, "publish_consent", 0)), DBV_INT(now), DBV_INT(now)));
    if (id < 0) return c->err.status;
    if (author && db_exec(c->db, &c->err,
            "INSERT INTO proposal_authors (proposal_id, member_id, role, status, responded_at) VALUES (?, ?, 'first', 'confirmed', ?)",
            DB_ARGS(DBV_INT(id), DBV_INT(author), DBV_INT(now))) < 0)
        return c->err.status;
    if (cos) TRY(write_cosigners(c, id, cos));
    TRY(api_commit(c));
    json_t *d = proposal_detail(c, id);
    if (!d) return c->err.status;
    return api_json(c, 201, d);
}

static int h_update(api_ctx *c)
{
    static const field fields[] = { CONTENT_FIELDS(0), { "version", F_INT, 1, 0, NULL, "版本号", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    int64_t id = c->id[0], version = api_int(c, "version", 0);
    json_t *p = proposal_load(c, id);
    if (!p) return c->err.status;
    int owner = proposal_is_owner(c, p);
    char state[24];
    snprintf(state, sizeof state, "%s", pstr(p, "state"));
    int64_t author = pint(p, "author_member_id");
    int collective = strcmp(pstr(p, "kind"), "collective") == 0;
    json_decref(p);
    if (!owner) return api_error(c, 403, "forbidden", NULL, "只有提案人可以修改提案");
    if (strcmp(state, "draft") != 0)
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，只有草稿可以修改", wf_state_label(state));
    json_t *cos = json_object_get(c->body, "cosigner_ids");
    if (cos && collective && json_array_size(cos)) return api_error(c, 422, "invalid_value", "cosigner_ids", "集体提案没有联名人");
    if (cos) TRY(check_cosigners(c, cos, author));
    static const char *const text_cols[] = { "title", "analysis", "suggestions", "category", "keywords", "suggested_units", NULL };
    qb q;
    qb_init(&q, "UPDATE proposals SET version = version + 1, updated_at = ?");
    q.v[q.n++] = DBV_INT(clock_now());
    char frag[64];
    for (const char *const *col = text_cols; *col; col++) {
        if (!api_has(c, *col)) continue;
        snprintf(frag, sizeof frag, ", %s = ?", *col);
        qb_add(&q, frag, 1, DBV_TEXT(api_str(c, *col)));
    }
    if (api_has(c, "plenary")) qb_add(&q, ", plenary = ?", 1, DBV_INT(api_bool(c, "plenary", 1)));
    if (api_has(c, "publish_consent")) qb_add(&q, ", publish_consent = ?", 1, DBV_INT(api_bool(c, "publish_consent", 0)));
    qb_add(&q, " WHERE id = ? AND version = ? AND state = 'draft'", 2, DBV_INT(id), DBV_INT(version));
    TRY(api_begin(c));
    int64_t n = db_exec(c->db, &c->err, q.sql, q.v, q.n);
    if (n < 0) return c->err.status;
    if (n == 0) return api_stale_or_missing(c, "proposals", id);
    if (cos) TRY(write_cosigners(c, id, cos));
    TRY(api_commit(c));
    json_t *d = proposal_detail(c, id);
    return d ? api_json(c, 200, d) : c->err.status;
}

/* Adds the list filters of the query string to q. */
static int list_filters(api_ctx *c, qb *q)
{
    static const struct { const char *param, *sql; } int_filters[] = {
        { "session_id", " AND p.session_id = ?" }, { "review_stage", " AND p.review_stage = ?" },
        { "key_proposal", " AND p.key_proposal = ?" }, { "excellent", " AND p.excellent = ?" },
        { "published", " AND p.published = ?" }, { "author_member_id", " AND p.author_member_id = ?" },
        { "unit_id", " AND p.id IN (SELECT proposal_id FROM proposal_assignments WHERE unit_id = ? AND active = 1)" },
        { "member_id", " AND p.id IN (SELECT proposal_id FROM proposal_authors WHERE member_id = ? AND status <> 'draft')" },
        { "number", " AND p.number = ?" },
    };
    for (size_t i = 0; i < sizeof int_filters / sizeof int_filters[0]; i++) {
        int64_t v;
        int present;
        TRY(api_query_int(c, int_filters[i].param, &v, &present));
        if (present) qb_add(q, int_filters[i].sql, 1, DBV_INT(v));
    }
    const char *state = http_query(c->req, "state");
    if (state && *state) {
        /* comma-separated list of known states */
        char buf[256];
        snprintf(buf, sizeof buf, "%s", state);
        qb_add(q, " AND p.state IN (", 0);
        int k = 0;
        for (char *save = NULL, *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
            if (!wf_state_known(s)) return api_error(c, 400, "invalid_query", "state", "未知的提案状态：%s", s);
            for (const char *const *known = wf_states; *known; known++)
                if (strcmp(*known, s) == 0) qb_add(q, k++ ? ", ?" : "?", 1, DBV_TEXT(*known));
        }
        qb_add(q, ")", 0);
        if (!k) return api_error(c, 400, "invalid_query", "state", "状态参数为空");
    }
    const char *cat = http_query(c->req, "category");
    if (cat && *cat) {
        const char *const *k = wf_categories;
        while (*k && strcmp(*k, cat) != 0) k++;
        if (!*k) return api_error(c, 400, "invalid_query", "category", "未知的提案类别：%s", cat);
        qb_add(q, " AND p.category = ?", 1, DBV_TEXT(*k));
    }
    const char *kind = http_query(c->req, "kind");
    if (kind && *kind) {
        if (strcmp(kind, "individual") && strcmp(kind, "joint") && strcmp(kind, "collective"))
            return api_error(c, 400, "invalid_query", "kind", "未知的提案类型：%s", kind);
        qb_add(q, " AND p.kind = ?", 1, DBV_TEXT(kind));
    }
    const char *text = http_query(c->req, "q");
    if (text && *text) {
        /* 100 characters (not bytes: a Chinese character is 3), room for the two %. */
        long chars = utf8_length(text, strlen(text));
        if (chars < 0 || chars > 100) return api_error(c, 400, "invalid_query", "q", "搜索词过长或含有无效字符（不超过 100 个字）");
        /* Kept per thread until the statement has run: the builder borrows it. */
        static _Thread_local char like[2 * 4 * 100 + 3];
        char *pat = api_like_pattern(text);
        if (!pat) return api_error(c, 500, "oom", NULL, "内存不足");
        snprintf(like, sizeof like, "%s", pat);
        free(pat);
        qb_add(q, " AND (p.title LIKE ? ESCAPE '\\' OR p.number_label LIKE ? ESCAPE '\\')", 2, DBV_TEXT(like), DBV_TEXT(like));
    }
    if (http_query(c->req, "mine") && strcmp(http_query(c->req, "mine"), "1") == 0)
        qb_add(q, " AND (p.created_by = ? OR p.author_member_id = ?)", 2, DBV_INT(c->user.id), DBV_INT(c->user.member_id ? c->user.member_id : -1));
    const char *followup = http_query(c->req, "followup");
    if (followup && *followup) {
        /* B replies under follow-up (open) or reported done */
        if (strcmp(followup, "open") == 0)
            qb_add(q, " AND p.id IN (SELECT proposal_id FROM proposal_replies WHERE category = 'B' AND followup_at IS NULL)", 0);
        else if (strcmp(followup, "done") == 0)
            qb_add(q, " AND p.id IN (SELECT proposal_id FROM proposal_replies WHERE category = 'B' AND followup_at IS NOT NULL)", 0);
        else return api_error(c, 400, "invalid_query", "followup", "followup 只能是 open 或 done");
    }
    const char *due = http_query(c->req, "due");
    if (due && *due) {
        static _Thread_local char today[11], soon[11];
        int32_t t = proposal_today();
        date_format(t, today);
        date_format(t + proposal_limit(c, "due_soon_days"), soon);
        if (strcmp(due, "overdue") == 0)
            qb_add(q, " AND p.state IN ('assigned', 'handling', 'rehandling') AND p.reply_deadline < ?", 1, DBV_TEXT(today));
        else if (strcmp(due, "soon") == 0)
            qb_add(q, " AND p.state IN ('assigned', 'handling', 'rehandling') AND p.reply_deadline >= ? AND p.reply_deadline <= ?",
                   2, DBV_TEXT(today), DBV_TEXT(soon));
        else return api_error(c, 400, "invalid_query", "due", "due 只能是 overdue 或 soon");
    }
    if (q->overflow) return api_error(c, 400, "invalid_query", NULL, "查询条件过多");
    return 0;
}

#define LIST_COLUMNS \
    "p.id, p.number, p.number_label, p.title, p.category, p.kind, p.plenary, p.state, p.review_stage, " \
    "p.author_member_id, COALESCE(m.name, pu.name, sc.name, cm.name) AS author_name, p.session_id, " \
    "p.submitted_at, p.filed_at, p.reply_deadline, p.key_proposal, p.excellent, p.published, p.publish_consent, " \
    "p.updated_at, p.version, (SELECT h.name FROM proposal_assignments a JOIN handling_units h ON h.id = a.unit_id " \
    "WHERE a.proposal_id = p.id AND a.active = 1 AND a.role IN ('lead', 'split') ORDER BY a.id LIMIT 1) AS lead_unit_name "
#define LIST_JOINS \
    "LEFT JOIN members m ON m.id = p.author_member_id " \
    "LEFT JOIN participating_units pu ON p.collective_kind = 'participating_unit' AND pu.id = p.collective_id " \
    "LEFT JOIN sectors sc ON p.collective_kind = 'sector' AND sc.id = p.collective_id " \
    "LEFT JOIN committees cm ON p.collective_kind = 'committee' AND cm.id = p.collective_id"

static const char *const proposal_flags[] = { "plenary", "publish_consent", "published", "key_proposal",
    "excellent", "rehandled", "closed_unevaluated", NULL };

static void set_label(json_t *o, const char *key, const char *label)
{
    json_object_set_new(o, key, json_string(label ? label : ""));
}

/* Chinese labels of state and category, on a proposal or every proposal of a list. */
static void add_labels(json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *r;
        json_array_foreach(v, i, r) add_labels(r);
        return;
    }
    set_label(v, "state_label", wf_state_label(pstr(v, "state")));
    set_label(v, "category_label", wf_category_label(pstr(v, "category")));
}

static int h_list(api_ctx *c)
{
    page pg;
    TRY(api_page(c, &pg));
    qb where;
    qb_init(&where, "");
    proposal_scope(c, &where);
    TRY(list_filters(c, &where));
    const char *sort = http_query(c->req, "sort");
    const char *order = " ORDER BY p.id DESC";
    if (sort && strcmp(sort, "number") == 0) order = " ORDER BY p.number IS NULL, p.number, p.id";
    else if (sort && strcmp(sort, "deadline") == 0) order = " ORDER BY p.reply_deadline IS NULL, p.reply_deadline, p.id";
    else if (sort && strcmp(sort, "updated") == 0) order = " ORDER BY p.updated_at DESC, p.id DESC";
    else if (sort && *sort && strcmp(sort, "id") != 0)
        return api_error(c, 400, "invalid_query", "sort", "排序方式只能是 id、number、deadline 或 updated");
    qb q;
    qb_init_from(&q, "SELECT COUNT(*) FROM proposals p WHERE 1 = 1", &where);
    int64_t total = db_int(c->db, &c->err, 0, q.sql, q.v, q.n);
    if (total < 0) return c->err.status;
    /* Choose the page's ids first, so joins and the lead-unit subquery run for 20 rows, not all. */
    qb_init_from(&q, "SELECT " LIST_COLUMNS "FROM (SELECT p.id FROM proposals p WHERE 1 = 1", &where);
    qb_add(&q, order, 0);
    qb_add(&q, " LIMIT ? OFFSET ?) pg JOIN proposals p ON p.id = pg.id " LIST_JOINS, 2, DBV_INT(pg.size), DBV_INT(pg.offset));
    qb_add(&q, order, 0);
    json_t *items = db_rows(c->db, &c->err, q.sql, q.v, q.n);
    if (!items) return c->err.status;
    add_labels(items);
    api_booleans(items, proposal_flags);
    return api_list(c, items, total, &pg);
}

/* Actions the caller could take now, for the UI's buttons (the server checks
 * again): rules are the body's transitions from the current state. */
static json_t *allowed_actions(api_ctx *c, json_t *p, json_t *rules, int stage_role, int is_author)
{
    json_t *out = json_array();
    /* forwarded from another body: read-only (a co-signer from a neighbouring body still answers) */
    if (pint(p, "body_id") != c->user.body_id && c->user.role != ROLE_MEMBER) return out;
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) {
        int mask = role_mask_parse(pstr(r, "roles"));
        if (mask < 0 || !(mask & c->user.role)) continue;
        const char *a = pstr(r, "action");
        if (strcmp(pstr(p, "state"), "under_review") == 0 && strcmp(a, "withdraw") != 0 && c->user.role != stage_role) continue;
        if ((strcmp(a, "submit") == 0 || strcmp(a, "withdraw") == 0) && !proposal_is_owner(c, p)) continue;
        if (strcmp(a, "evaluate") == 0 && !is_author) continue;
        json_array_append_new(out, json_string(a));
    }
    return out;
}

/* Who sees a part of the detail. */
enum { SHOW_ALL, SHOW_INVOLVED /* staff, authors, units */, SHOW_STAFF_AUTHORS };

static json_t *proposal_detail(api_ctx *c, int64_t id)
{
    json_t *p = proposal_load(c, id);
    if (!p) return NULL;
    static const char names_sql[] =
        "SELECT COALESCE(m.name, pu.name, sc.name, cm.name) AS author_name, s.name AS session_name, b.name AS body_name, "
        "st.name AS review_stage_name FROM proposals p JOIN sessions s ON s.id = p.session_id JOIN bodies b ON b.id = p.body_id "
        "LEFT JOIN members m ON m.id = p.author_member_id "
        "LEFT JOIN participating_units pu ON p.collective_kind = 'participating_unit' AND pu.id = p.collective_id "
        "LEFT JOIN sectors sc ON p.collective_kind = 'sector' AND sc.id = p.collective_id "
        "LEFT JOIN committees cm ON p.collective_kind = 'committee' AND cm.id = p.collective_id "
        "LEFT JOIN review_stages st ON st.body_id = p.body_id AND st.position = p.review_stage WHERE p.id = ?";
    static const struct { const char *key, *sql; int show; } parts[] = {
        { NULL, names_sql, SHOW_ALL },
        { "authors", "SELECT a.member_id, m.name, a.role, a.status, a.responded_at, s.name AS sector_name "
                     "FROM proposal_authors a JOIN members m ON m.id = a.member_id JOIN sectors s ON s.id = m.sector_id "
                     "WHERE a.proposal_id = ? ORDER BY CASE a.role WHEN 'first' THEN 0 WHEN 'cosigner' THEN 1 ELSE 2 END, a.member_id", SHOW_ALL },
        { "assignments", "SELECT a.id, a.unit_id, h.name AS unit_name, a.role, a.state, a.assigned_at, a.deadline, "
                         "a.extended_deadline, a.extension_reason, a.accepted_at, a.replied_at, a.active FROM proposal_assignments a "
                         "JOIN handling_units h ON h.id = a.unit_id WHERE a.proposal_id = ? ORDER BY a.id", SHOW_INVOLVED },
        { "replies", "SELECT r.id, r.assignment_id, r.unit_id, h.name AS unit_name, r.round, r.text, r.category, "
                     "r.original_category, r.correction_reason, r.signed_by, r.contact_method, r.on_time, r.created_at, "
                     "r.followup_text, r.followup_at "
                     "FROM proposal_replies r JOIN handling_units h ON h.id = r.unit_id WHERE r.proposal_id = ? ORDER BY r.id", SHOW_ALL },
        { "co_opinions", "SELECT o.id, o.unit_id, h.name AS unit_name, o.text, o.created_at FROM co_opinions o "
                         "JOIN handling_units h ON h.id = o.unit_id WHERE o.proposal_id = ? ORDER BY o.id", SHOW_INVOLVED },
        { "evaluations", "SELECT e.member_id, m.name, e.round, e.process_satisfaction, e.result_satisfaction, e.contacted, "
                         "e.comment, e.created_at FROM evaluations e JOIN members m ON m.id = e.member_id "
                         "WHERE e.proposal_id = ? ORDER BY e.round, e.id", SHOW_INVOLVED },
        { "supervision_logs", "SELECT id, day, form, participants, outcome, created_at FROM supervision_logs "
                              "WHERE proposal_id = ? ORDER BY day, id", SHOW_STAFF_AUTHORS },
        { "attachments", "SELECT id, reply_id, filename, content_type, size, created_at FROM attachments "
                         "WHERE proposal_id = ? ORDER BY id", SHOW_ALL },
    };
    /* Everything else is read in one batch: one round trip on PostgreSQL. */
    enum { NPARTS = sizeof parts / sizeof parts[0] };
    db_val idv = DBV_INT(id);
    db_val rules_v[2] = { DBV_INT(pint(p, "body_id")), DBV_TEXT(pstr(p, "state")) };
    db_val stage_v[2] = { DBV_INT(pint(p, "body_id")), DBV_INT(pint(p, "review_stage")) };
    db_val author_v[2] = { DBV_INT(id), DBV_INT(c->user.role == ROLE_MEMBER ? c->user.member_id : 0) };
    db_query qs[NPARTS + 3];
    for (int i = 0; i < NPARTS; i++) qs[i] = (db_query){ parts[i].sql, &idv, 1, NULL };
    qs[NPARTS] = (db_query){ "SELECT action, roles FROM workflow_transitions WHERE body_id = ? AND from_state = ? ORDER BY id", rules_v, 2, NULL };
    qs[NPARTS + 1] = (db_query){ "SELECT role FROM review_stages WHERE body_id = ? AND position = ?", stage_v, 2, NULL };
    qs[NPARTS + 2] = (db_query){ "SELECT COUNT(*) AS n FROM proposal_authors WHERE proposal_id = ? AND member_id = ? "
                                 "AND status = 'confirmed'", author_v, 2, NULL };
    if (db_rows_batch(c->db, &c->err, qs, NPARTS + 3)) { json_decref(p); return NULL; }
    int is_author = pint(json_array_get(qs[NPARTS + 2].rows, 0), "n") > 0;
    int stage_role = role_from_code(pstr(json_array_get(qs[NPARTS + 1].rows, 0), "role"));
    int staff = (c->user.role & ROLE_STAFF) != 0, unit = c->user.role == ROLE_UNIT_HANDLER;
    int author = is_author || proposal_is_owner(c, p);
    for (int i = 0; i < NPARTS; i++) {
        int show = parts[i].show == SHOW_ALL || (parts[i].show == SHOW_INVOLVED && (staff || author || unit))
                   || (parts[i].show == SHOW_STAFF_AUTHORS && (staff || author));
        if (!parts[i].key) json_object_update(p, json_array_get(qs[i].rows, 0));
        else if (show) { json_object_set(p, parts[i].key, qs[i].rows); }
        json_decref(qs[i].rows);
    }
    add_labels(p);
    if (!staff && !author) {
        /* Published proposals are read by others without contact or handling internals. */
        json_object_del(p, "created_by");
    }
    json_object_set_new(p, "actions", allowed_actions(c, p, qs[NPARTS].rows, stage_role, is_author));
    json_decref(qs[NPARTS].rows);
    json_decref(qs[NPARTS + 1].rows);
    json_decref(qs[NPARTS + 2].rows);
    static const char *const nested_flags[] = { "active", "on_time", "contacted", NULL };
    api_booleans(p, proposal_flags);
    api_booleans(json_object_get(p, "assignments"), nested_flags);
    api_booleans(json_object_get(p, "replies"), nested_flags);
    api_booleans(json_object_get(p, "evaluations"), nested_flags);
    return p;
}

static int h_get(api_ctx *c)
{
    json_t *d = proposal_detail(c, c->id[0]);
    return d ? api_json(c, 200, d) : c->err.status;
}

static int h_events(api_ctx *c)
{
    json_t *p = proposal_load(c, c->id[0]);
    if (!p) return c->err.status;
    /* The history holds review opinions, evaluations and supervision notes: like
     * proposal_detail, it is not for other members reading a published proposal. */
    int insider = (c->user.role & ROLE_STAFF) || c->user.role == ROLE_UNIT_HANDLER || proposal_is_owner(c, p)
                  || proposal_is_author(c, c->id[0]);
    json_decref(p);
    if (!insider) return api_error(c, 403, "forbidden", NULL, "办理记录仅供提案人、承办单位和工作人员查看");
    /* Paginated like every list, but a whole timeline normally fits the default page. */
    page pg;
    TRY(api_page_sized(c, &pg, 200));
    int64_t total = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ?", DB_ARGS(DBV_INT(c->id[0])));
    if (total < 0) return c->err.status;
    json_t *rows = db_rows(c->db, &c->err,
        "SELECT e.id, e.at, e.action, e.from_state, e.to_state, e.note, e.actor_user_id, u.display_name AS actor_name, "
        "u.role AS actor_role FROM proposal_events e LEFT JOIN users u ON u.id = e.actor_user_id "
        "WHERE e.proposal_id = ? ORDER BY e.id LIMIT ? OFFSET ?",
        DB_ARGS(DBV_INT(c->id[0]), DBV_INT(pg.size), DBV_INT(pg.offset)));
    if (!rows) return c->err.status;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *al = wf_action_label(pstr(r, "action"));
        json_object_set_new(r, "action_label", json_string(al ? al : pstr(r, "action")));
        set_label(r, "from_label", wf_state_label(pstr(r, "from_state")));
        set_label(r, "to_label", wf_state_label(pstr(r, "to_state")));
        if (json_is_null(json_object_get(r, "actor_user_id"))) json_object_set_new(r, "actor_name", json_string("系统"));
    }
    return api_list(c, rows, total, &pg);
}

/* Counts per state and, for under_review, per stage: the staff's queues. */
static int h_queues(api_ctx *c)
{
    int64_t session = 0;
    int present;
    TRY(api_query_int(c, "session_id", &session, &present));
    qb q;
    qb_init(&q, "SELECT p.state, p.review_stage, COUNT(*) AS count FROM proposals p WHERE p.body_id = ?");
    q.v[q.n++] = DBV_INT(c->user.body_id);   /* the body's own work: not what others forwarded to it */
    proposal_scope(c, &q);
    if (present) qb_add(&q, " AND p.session_id = ?", 1, DBV_INT(session));
    qb_add(&q, " GROUP BY p.state, p.review_stage ORDER BY p.state, p.review_stage", 0);
    json_t *rows = db_rows(c->db, &c->err, q.sql, q.v, q.n);
    if (!rows) return c->err.status;
    json_t *states = json_object(), *stages = json_array();
    json_t *stage_rows = db_rows(c->db, &c->err, "SELECT position, code, name, role FROM review_stages WHERE body_id = ? ORDER BY position",
                                 DB_ARGS(DBV_INT(c->user.body_id)));
    if (!stage_rows) { json_decref(rows); json_decref(states); json_decref(stages); return c->err.status; }
    size_t i, j;
    json_t *r, *s;
    json_array_foreach(rows, i, r) {
        const char *st = pstr(r, "state");
        json_int_t prev = json_integer_value(json_object_get(states, st));
        json_object_set_new(states, st, json_integer(prev + pint(r, "count")));
    }
    json_array_foreach(stage_rows, j, s) {
        json_int_t n = 0;
        json_array_foreach(rows, i, r)
            if (strcmp(pstr(r, "state"), "under_review") == 0 && pint(r, "review_stage") == pint(s, "position")) n += pint(r, "count");
        json_object_set_new(s, "count", json_integer(n));
        json_object_set_new(s, "mine", json_boolean(role_from_code(pstr(s, "role")) == c->user.role));
        json_array_append(stages, s);
    }
    json_decref(rows);
    json_decref(stage_rows);
    return api_json(c, 200, json_pack("{s:o, s:o}", "states", states, "review_stages", stages));
}

/* The deadline board: open assignments with their deadlines and status. */
static int h_deadlines(api_ctx *c)
{
    page pg;
    TRY(api_page(c, &pg));
    char today[11], soon[11];
    int32_t t = proposal_today();
    date_format(t, today);
    date_format(t + proposal_limit(c, "due_soon_days"), soon);
    qb where;
    qb_init(&where, " AND a.active = 1 AND a.state IN ('assigned', 'handling') AND p.state IN ('assigned', 'handling', 'rehandling')"
                    " AND p.body_id = ?");
    where.v[where.n++] = DBV_INT(c->user.body_id);   /* the body's own units: not what others forwarded to it */
    proposal_scope(c, &where);
    if (c->user.role == ROLE_UNIT_HANDLER) qb_add(&where, " AND a.unit_id = ?", 1, DBV_INT(c->user.unit_id));
    int64_t unit;
    int present;
    TRY(api_query_int(c, "unit_id", &unit, &present));
    if (present) qb_add(&where, " AND a.unit_id = ?", 1, DBV_INT(unit));
    const char *kind = http_query(c->req, "kind");
    if (kind && strcmp(kind, "overdue") == 0) qb_add(&where, " AND COALESCE(a.extended_deadline, a.deadline) < ?", 1, DBV_TEXT(today));
    else if (kind && strcmp(kind, "soon") == 0)
        qb_add(&where, " AND COALESCE(a.extended_deadline, a.deadline) >= ? AND COALESCE(a.extended_deadline, a.deadline) <= ?", 2,
               DBV_TEXT(today), DBV_TEXT(soon));
    else if (kind && *kind && strcmp(kind, "all") != 0)
        return api_error(c, 400, "invalid_query", "kind", "kind 只能是 overdue、soon 或 all");
    qb q;
    qb_init_from(&q, "SELECT COUNT(*) FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id WHERE 1 = 1", &where);
    int64_t total = db_int(c->db, &c->err, 0, q.sql, q.v, q.n);
    if (total < 0) return c->err.status;
    qb_init_from(&q, "SELECT a.id AS assignment_id, a.proposal_id, p.number_label, p.title, p.state, a.unit_id, h.name AS unit_name, "
                "a.role, a.state AS assignment_state, COALESCE(a.extended_deadline, a.deadline) AS deadline "
                "FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id JOIN handling_units h ON h.id = a.unit_id WHERE 1 = 1", &where);
    qb_add(&q, " ORDER BY deadline, a.id LIMIT ? OFFSET ?", 2, DBV_INT(pg.size), DBV_INT(pg.offset));
    json_t *rows = db_rows(c->db, &c->err, q.sql, q.v, q.n);
    if (!rows) return c->err.status;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *d = pstr(r, "deadline");
        int32_t dd = date_parse(d);
        json_object_set_new(r, "days_left", json_integer(dd - t));
        json_object_set_new(r, "status", json_string(strcmp(d, today) < 0 ? "overdue" : strcmp(d, soon) <= 0 ? "soon" : "ok"));
    }
    return api_list(c, rows, total, &pg);
}

const route proposals_routes[] = {
    { "GET", "/api/v1/proposals", h_list, ROLE_ANY_USER, 0 },
    { "POST", "/api/v1/proposals", h_create, ROLE_MEMBER | ROLE_PROPOSAL_STAFF | ROLE_COMMITTEE_STAFF, 0 },
    { "GET", "/api/v1/proposals/queues", h_queues, ROLE_STAFF, 0 },
    { "GET", "/api/v1/proposals/deadlines", h_deadlines, ROLE_STAFF | ROLE_UNIT_HANDLER, 0 },
    { "GET", "/api/v1/proposals/:id", h_get, ROLE_ANY_USER, 0 },
    { "PATCH", "/api/v1/proposals/:id", h_update, ROLE_MEMBER | ROLE_PROPOSAL_STAFF | ROLE_COMMITTEE_STAFF, 0 },
    { "GET", "/api/v1/proposals/:id/events", h_events, ROLE_ANY_USER, 0 },
    { 0 } };

/* Exposed for proposal_actions.c, which answers with the updated proposal. */
int proposal_render(api_ctx *c, int64_t id, int status);
int proposal_render(api_ctx *c, int64_t id, int status)
{
    json_t *d = proposal_detail(c, id);
    return d ? api_json(c, status, d) : c->err.status;
}
