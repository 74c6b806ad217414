#include "proposal_common.h"
#include "../domain/limits.h"
#include "../util/clock.h"
#include "../util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pstr(json_t *p, const char *k) { return json_string_value(json_object_get(p, k)); }
int64_t pint(json_t *p, const char *k) { return json_integer_value(json_object_get(p, k)); }

void proposal_scope(api_ctx *c, qb *q)
{
    const user_ctx *u = &c->user;
    if (u->role & ROLE_STAFF) {
        /* Staff never see what was never submitted (a draft, or a draft its author
         * withdrew): it is the author's own. The forwarded branch is added only when
         * the body has received any: that OR makes lists scan and sort every row. */
        int64_t forwarded = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM (SELECT 1 FROM proposal_forwards "
                                   "WHERE to_body_id = ? LIMIT 1) f", DB_ARGS(DBV_INT(u->body_id)));
        if (forwarded != 0)     /* on error, keep the general form */
            qb_add(q, " AND ((p.body_id = ? AND (p.submitted_at IS NOT NULL OR p.created_by = ?))"
                      " OR p.id IN (SELECT proposal_id FROM proposal_forwards WHERE to_body_id = ?))",
                   3, DBV_INT(u->body_id), DBV_INT(u->id), DBV_INT(u->body_id));
        else
            qb_add(q, " AND p.body_id = ? AND (p.submitted_at IS NOT NULL OR p.created_by = ?)",
                   2, DBV_INT(u->body_id), DBV_INT(u->id));
        yz_err_clear(&c->err);
    } else if (u->role == ROLE_MEMBER) {
        /* Authorship crosses bodies (联合提案); publication does not. */
        qb_add(q, " AND ((p.body_id = ? AND (p.created_by = ? OR p.published = 1)) OR p.id IN "
                  "(SELECT proposal_id FROM proposal_authors WHERE member_id = ? AND status <> 'draft'))",
               3, DBV_INT(u->body_id), DBV_INT(u->id), DBV_INT(u->member_id));
    } else if (u->role == ROLE_UNIT_HANDLER) {
        qb_add(q, " AND p.body_id = ? AND p.id IN (SELECT proposal_id FROM proposal_assignments "
                  "WHERE unit_id = ? AND active = 1)", 2, DBV_INT(u->body_id), DBV_INT(u->unit_id));
    } else {
        qb_add(q, " AND 1 = 0", 0);
    }
}

int64_t proposal_rules_body(const api_ctx *c)
{
    return c->record_body ? c->record_body : c->user.body_id;
}

int proposal_cosigner_allowed(api_ctx *c, int64_t member_id, int64_t body_id)
{
    return db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM members m JOIN bodies b ON b.id = m.body_id WHERE m.id = ? AND m.active = 1 "
        "AND m.status = 'in_office' AND b.active = 1 AND (m.body_id = ? OR b.parent_id = ? "
        "OR m.body_id = (SELECT parent_id FROM bodies WHERE id = ?))",
        DB_ARGS(DBV_INT(member_id), DBV_INT(body_id), DBV_INT(body_id), DBV_INT(body_id))) > 0;
}

int proposal_check_own(api_ctx *c, json_t *p)
{
    if (pint(p, "body_id") == c->user.body_id) return 0;
    /* A co-signer from a neighbouring body answers the invitation and rates the reply. */
    if (c->user.role == ROLE_MEMBER && db_int(c->db, &c->err, 0,
            "SELECT COUNT(*) FROM proposal_authors WHERE proposal_id = ? AND member_id = ? AND status <> 'draft'",
            DB_ARGS(DBV_INT(pint(p, "id")), DBV_INT(c->user.member_id))) > 0)
        return 0;
    return api_error(c, 403, "forbidden", NULL, "该提案由下级政协报送，本机构只能查阅，不能办理或修改");
}

json_t *proposal_load(api_ctx *c, int64_t id)
{
    qb q;
    qb_init(&q, "SELECT p.* FROM proposals p WHERE p.id = ?");
    q.v[q.n++] = DBV_INT(id);
    proposal_scope(c, &q);
    json_t *p = db_row(c->db, &c->err, q.sql, q.v, q.n);
    if (!p && !c->err.status) api_error(c, 404, "not_found", NULL, "提案不存在或您无权查看");
    if (p) c->record_body = pint(p, "body_id");
    return p;
}

int proposal_decide(api_ctx *c, const char *action, const char *state, int role, const char **to)
{
    json_t *rows = db_rows(c->db, &c->err,
        "SELECT action, from_state, to_state, roles FROM workflow_transitions WHERE body_id = ? AND action = ?",
        DB_ARGS(DBV_INT(proposal_rules_body(c)), DBV_TEXT(action)));
    if (!rows) return c->err.status;
    size_t n = json_array_size(rows), i;
    wf_rule *rules = calloc(n + 1, sizeof *rules);
    if (!rules) { json_decref(rows); return api_error(c, 500, "oom", NULL, "内存不足"); }
    json_t *r;
    json_array_foreach(rows, i, r) {
        rules[i].action = pstr(r, "action");
        rules[i].from = pstr(r, "from_state");
        rules[i].to = pstr(r, "to_state");
        int mask = role_mask_parse(pstr(r, "roles"));
        rules[i].roles = mask < 0 ? 0 : mask;
    }
    const char *out = NULL;
    int rc = wf_decide(rules, (int)n, action, state, role, &out, &c->err);
    /* to points into rows; hand back the static copy from the state list. */
    if (!rc) {
        for (const char *const *s = wf_states; *s; s++)
            if (strcmp(*s, out) == 0) *to = *s;
        if (!*to) rc = api_error(c, 500, "bad_rule", NULL, "流程配置有误：未知状态 %s", out);
    }
    free(rules);
    json_decref(rows);
    return rc;
}

int proposal_set_state(api_ctx *c, int64_t id, int64_t version, const char *to, const qb *extra)
{
    qb q;
    qb_init(&q, "UPDATE proposals SET state = ?, version = version + 1, updated_at = ?");
    q.v[q.n++] = DBV_TEXT(to);
    q.v[q.n++] = DBV_INT(clock_now());
    if (extra && extra->len) {
        qb_add(&q, ", ", 0);
        qb_add(&q, extra->sql, 0);
        for (int i = 0; i < extra->n && q.n < 48; i++) q.v[q.n++] = extra->v[i];
    }
    qb_add(&q, " WHERE id = ? AND body_id = ? AND version = ?", 3, DBV_INT(id), DBV_INT(proposal_rules_body(c)), DBV_INT(version));
    if (q.overflow) return api_error(c, 500, "internal", NULL, "内部错误：语句过长");
    int64_t n = db_exec(c->db, &c->err, q.sql, q.v, q.n);
    if (n < 0) return c->err.status;
    if (n == 0) return api_stale_or_missing(c, "proposals", id);
    return 0;
}

int proposal_lock(api_ctx *c, int64_t id, const char *state)
{
    int64_t n = db_exec(c->db, &c->err, "UPDATE proposals SET version = version + 1, updated_at = ? WHERE id = ? AND state = ?",
                        DB_ARGS(DBV_INT(clock_now()), DBV_INT(id), DBV_TEXT(state)));
    if (n < 0) return c->err.status;
    if (n == 0) return api_error(c, 409, "invalid_state", NULL, "提案状态刚刚发生变化，请刷新后再试");
    return 0;
}

int proposal_event(api_ctx *c, int64_t id, const char *action, const char *from, const char *to,
                   const char *note, int system)
{
    int64_t body = db_int(c->db, &c->err, 0, "SELECT body_id FROM proposals WHERE id = ?", DB_ARGS(DBV_INT(id)));
    if (body <= 0) return c->err.status ? c->err.status : 404;
    /* a note cut by a bounded copy: PostgreSQL refuses the broken character, SQLite keeps it */
    char *whole = note ? strndup(note, utf8_whole_len(note)) : NULL;
    if (note && !whole) return api_error(c, 500, "oom", NULL, "内存不足");
    note = whole;
    int64_t rc = db_exec(c->db, &c->err,
            "INSERT INTO proposal_events (body_id, proposal_id, actor_user_id, at, action, from_state, to_state, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            DB_ARGS(DBV_INT(body), DBV_INT(id), system ? DBV_NULL : DBV_INT(c->user.id), DBV_INT(clock_now()),
                    DBV_TEXT(action), DBV_TEXT(from), DBV_TEXT(to), DBV_TEXT(note ? note : "")));
    free(whole);
    return rc < 0 ? c->err.status : 0;
}

int proposal_limit_for(db_conn *db, yz_err *e, int64_t body_id, const char *key)
{
    json_t *row = db_row(db, e, "SELECT value FROM settings WHERE body_id = ? AND key = ?",
                         DB_ARGS(DBV_INT(body_id), DBV_TEXT(key)));
    int v = limit_default(key);
    if (row) {
        const limit_def *d = limit_find(key);
        int x = atoi(json_string_value(json_object_get(row, "value")) ? json_string_value(json_object_get(row, "value")) : "");
        if (d && x >= d->min && x <= d->max) v = x;
        json_decref(row);
    }
    yz_err_clear(e);
    return v;
}

int proposal_limit(api_ctx *c, const char *key)
{
    return proposal_limit_for(c->db, &c->err, proposal_rules_body(c), key);
}

int proposal_calendar(db_conn *db, yz_err *e, calendar *cal)
{
    cal->ex = NULL;
    cal->n = 0;
    json_t *rows = db_rows(db, e, "SELECT day, kind FROM calendar_days ORDER BY day", DB_NOARGS);
    if (!rows) return e->status;
    size_t n = json_array_size(rows), i;
    cal_exception *ex = calloc(n + 1, sizeof *ex);
    if (!ex) { json_decref(rows); return yz_fail(e, 500, "oom", NULL, "内存不足"); }
    json_t *r;
    size_t k = 0;
    json_array_foreach(rows, i, r) {
        int32_t d = date_parse(pstr(r, "day"));
        if (d < 0) continue;
        ex[k].day = d;
        ex[k].workday = strcmp(pstr(r, "kind"), "workday") == 0;
        k++;
    }
    json_decref(rows);
    cal->ex = ex;
    cal->n = k;
    return 0;
}

int proposal_deadline(api_ctx *c, const char *key, limit_unit unit, char out[11])
{
    calendar cal;
    TRY(proposal_calendar(c->db, &c->err, &cal));
    int32_t today = proposal_today(), n = proposal_limit(c, key), d;
    if (unit == LIMIT_MONTHS) d = cal_deadline_months(&cal, today, n);
    else if (unit == LIMIT_DAYS) d = cal_deadline_days(&cal, today, n);
    else d = cal_add_workdays(&cal, today, n);
    free((void *)cal.ex);
    date_format(d, out);
    return 0;
}

int32_t proposal_today(void)
{
    char today[11];
    clock_today(today);
    return date_parse(today);
}

int proposal_is_author(api_ctx *c, int64_t id)
{
    if (c->user.role != ROLE_MEMBER || !c->user.member_id) return 0;
    return db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM proposal_authors WHERE proposal_id = ? AND member_id = ? AND status = 'confirmed'",
        DB_ARGS(DBV_INT(id), DBV_INT(c->user.member_id))) > 0;
}

int proposal_is_owner(api_ctx *c, json_t *p)
{
    if (pint(p, "created_by") == c->user.id) return 1;
    return c->user.role == ROLE_MEMBER && c->user.member_id && pint(p, "author_member_id") == c->user.member_id;
}

/* System transition for one proposal, outside any request: own event row. */
static int tick_transition(db_conn *db, yz_err *e, json_t *p, const char *action, const char *to,
                           const char *note, const char *extra_sql, int64_t now)
{
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE proposals SET state = ?, version = version + 1, updated_at = ?%s%s "
             "WHERE id = ? AND version = ?", extra_sql ? ", " : "", extra_sql ? extra_sql : "");
    int64_t id = pint(p, "id");
    int64_t n = db_exec(db, e, sql, DB_ARGS(DBV_TEXT(to), DBV_INT(now), DBV_INT(id), DBV_INT(pint(p, "version"))));
    if (n <= 0) return n < 0 ? e->status : 0;   /* someone else moved it: nothing to do */
    if (db_exec(db, e,
            "INSERT INTO proposal_events (body_id, proposal_id, actor_user_id, at, action, from_state, to_state, note) "
            "VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
            DB_ARGS(DBV_INT(pint(p, "body_id")), DBV_INT(id), DBV_INT(now), DBV_TEXT(action),
                    DBV_TEXT(pstr(p, "state")), DBV_TEXT(to), DBV_TEXT(note))) < 0)
        return e->status;
    return 0;
}

int proposal_tick(db_conn *db, yz_err *e)
{
    char today[11];
    clock_today(today);
    /* Times are taken per proposal, after the select: an event committed before
     * it must never be later than the one the tick appends. */
    int64_t now;
    /* Co-sign invitations past their deadline expire; proposals with nobody left to answer go to review. */
    json_t *rows = db_rows(db, e,
        "SELECT id, body_id, state, version FROM proposals WHERE state = 'submitted' AND cosign_deadline < ?",
        DB_ARGS(DBV_TEXT(today)));
    if (!rows) return e->status;
    size_t i;
    json_t *p;
    int rc = 0;
    json_array_foreach(rows, i, p) {
        if ((rc = db_begin(db, e))) break;
        now = clock_now();
        if (db_exec(db, e, "UPDATE proposal_authors SET status = 'expired', responded_at = ? "
                           "WHERE proposal_id = ? AND status = 'invited'",
                    DB_ARGS(DBV_INT(now), DBV_INT(pint(p, "id")))) < 0
            || tick_transition(db, e, p, "cosign_complete", "under_review", "联名确认期限已到，未确认的联名人视为放弃",
                               "review_stage = (SELECT COALESCE(MIN(position), 2) FROM review_stages "
                               "WHERE review_stages.body_id = proposals.body_id AND position > 1)", now)
            || db_commit(db, e)) { db_rollback(db); rc = e->status; break; }
    }
    json_decref(rows);
    if (rc) return rc;
    /* Evaluation windows that closed: authors who did not rate are taken to have
     * waived; the ratings given decide (close or re-handle), none at all closes
     * as 未评价. */
    rows = db_rows(db, e,
        "SELECT id, body_id, state, version, eval_round FROM proposals WHERE state = 'replied' AND eval_deadline < ?",
        DB_ARGS(DBV_TEXT(today)));
    if (!rows) return e->status;
    json_array_foreach(rows, i, p) {
        int64_t id = pint(p, "id"), round = pint(p, "eval_round") ? pint(p, "eval_round") : 1;
        int64_t rated = db_int(db, e, 0, "SELECT COUNT(*) FROM evaluations WHERE proposal_id = ? AND round = ?",
                               DB_ARGS(DBV_INT(id), DBV_INT(round)));
        int64_t unhappy = db_int(db, e, 0, "SELECT COUNT(*) FROM evaluations WHERE proposal_id = ? AND round = ? "
                                           "AND result_satisfaction = 'dissatisfied'", DB_ARGS(DBV_INT(id), DBV_INT(round)));
        if (rated < 0 || unhappy < 0) { rc = e->status; break; }
        eval_outcome out = rated ? wf_evaluation_outcome((int)rated, (int)rated, (int)unhappy, (int)round) : EVAL_CLOSE;
        char extra[200];
        if ((rc = db_begin(db, e))) break;
        now = clock_now();
        if (out == EVAL_REHANDLE) {
            calendar cal;
            if ((rc = proposal_calendar(db, e, &cal))) { db_rollback(db); break; }
            char dl[11];
            date_format(cal_deadline_months(&cal, date_parse(today),
                                            proposal_limit_for(db, e, pint(p, "body_id"), "rehandle_months")), dl);
            free((void *)cal.ex);
            snprintf(extra, sizeof extra, "rehandled = 1, reply_deadline = '%s'", dl);   /* dl is our own digits */
            if (db_exec(db, e, "UPDATE proposal_assignments SET state = 'handling', deadline = ?, extended_deadline = NULL, "
                               "version = version + 1 WHERE proposal_id = ? AND active = 1 AND role IN ('lead', 'split')",
                        DB_ARGS(DBV_TEXT(dl), DBV_INT(id))) < 0
                || tick_transition(db, e, p, "rehandle", "rehandling", "评价期限已过，按已有评价（不满意）重新办理", extra, now)
                || db_commit(db, e)) { db_rollback(db); rc = e->status; break; }
            continue;
        }
        if (rated) snprintf(extra, sizeof extra, "closed_at = %lld", (long long)now);
        else snprintf(extra, sizeof extra, "closed_unevaluated = 1, closed_at = %lld", (long long)now);
        if (tick_transition(db, e, p, rated ? "close" : "close_unevaluated", "closed",
                            rated ? "评价期限已过，按已有评价办结" : "评价期限已过，按未评价办结", extra, now)
            || db_commit(db, e)) { db_rollback(db); rc = e->status; break; }
    }
    json_decref(rows);
    return rc;
}
