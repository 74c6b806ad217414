/* The proposal cycle's state changes: POST /api/v1/proposals/:id/actions/ACTION.
 * Each handler validates its body, asks the body's rules (workflow_transitions)
 * whether the caller's role may take the action from the current state (409
 * naming the state, or 403), applies the change with optimistic locking, and
 * appends to the event log — all in one transaction. */
#include "proposal_common.h"
#include "../util/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int proposal_render(api_ctx *c, int64_t id, int status);

/* The proposal as the action sees it, loaded inside the transaction. */
typedef struct act {
    json_t *p;
    int64_t id, version;
    const char *state;
    const char *to;
} act;

static const char *const converted_targets[] = { "意见建议", "社情民意", NULL };

/* Loads the proposal, checks the version and the rule for action. */
static int act_begin(api_ctx *c, act *a, const char *action, int need_version)
{
    memset(a, 0, sizeof *a);
    a->id = c->id[0];
    TRY(api_begin(c));
    a->p = proposal_load(c, a->id);
    if (!a->p) return c->err.status;
    TRY(proposal_check_own(c, a->p));
    a->state = pstr(a->p, "state");
    if (need_version) {
        int64_t v;
        TRY(api_version(c, &v));
        if (v != pint(a->p, "version"))
            return api_error(c, 409, "stale_version", "version", "该提案已被他人处理（当前版本 %lld），请刷新后再试",
                             (long long)pint(a->p, "version"));
        a->version = v;
    } else {
        a->version = pint(a->p, "version");
    }
    return proposal_decide(c, action, a->state, c->user.role, &a->to);
}

static int act_finish(api_ctx *c, act *a, int status)
{
    int64_t id = a->id;
    json_decref(a->p);
    a->p = NULL;
    TRY(api_commit(c));
    int rc = proposal_render(c, id, status);
    if (rc == 404) {
        /* The action took the proposal out of the caller's sight (a unit's re-route). */
        yz_err_clear(&c->err);
        return api_json(c, status, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "state", a->to ? a->to : "",
                                             "message", "操作已完成，该提案已不在您的办理范围内"));
    }
    return rc;
}

/* --- 提: submit, co-sign, withdraw --------------------------------------- */

static int first_review_stage(api_ctx *c)
{
    /* Position 1 is the author's own check (自审), passed at submission. */
    int64_t pos = db_int(c->db, &c->err, 2, "SELECT MIN(position) FROM review_stages WHERE body_id = ? AND position > 1",
                         DB_ARGS(DBV_INT(proposal_rules_body(c))));
    return pos > 1 ? (int)pos : 2;
}

static int do_submit(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "self_check", F_BOOL, 1, 0, NULL, "自审确认", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "submit", 1));
    if (!proposal_is_owner(c, a->p)) return api_error(c, 403, "forbidden", NULL, "只有提案人可以提交提案");
    if (!api_bool(c, "self_check", 0))
        return api_error(c, 422, "self_check_required", "self_check",
                         "请先对照立案标准自审：一事一案、属于政协职能、建议具体可行，不涉及个人诉求或党内事务");
    if (!*pstr(a->p, "analysis")) return api_error(c, 422, "required", "analysis", "提交前请填写「案情分析」");
    if (!*pstr(a->p, "suggestions")) return api_error(c, 422, "required", "suggestions", "提交前请填写「具体建议」");
    int64_t now = clock_now();
    int64_t invited = db_exec(c->db, &c->err,
        "UPDATE proposal_authors SET status = 'invited', responded_at = NULL WHERE proposal_id = ? AND role = 'cosigner'",
        DB_ARGS(DBV_INT(a->id)));
    if (invited < 0) return c->err.status;
    char deadline[11];   /* plain calendar days: invitations are answered online, any day */
    date_format(proposal_today() + proposal_limit(c, "cosign_days"), deadline);
    qb extra;
    qb_init(&extra, "submitted_at = ?, cosign_deadline = ?, review_stage = 0");
    extra.v[extra.n++] = DBV_INT(now);
    extra.v[extra.n++] = invited ? DBV_TEXT(deadline) : DBV_NULL;
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    TRY(proposal_event(c, a->id, "submit", a->state, a->to, invited ? "已提交，等待联名人确认" : "已提交", 0));
    if (!invited) {
        /* Nobody to wait for: straight to the first review stage. */
        char stage_sql[40];
        snprintf(stage_sql, sizeof stage_sql, "review_stage = %d", first_review_stage(c));
        qb st;
        qb_init(&st, stage_sql);
        TRY(proposal_set_state(c, a->id, a->version + 1, "under_review", &st));
        TRY(proposal_event(c, a->id, "cosign_complete", "submitted", "under_review", "进入立案审查", 1));
    }
    return act_finish(c, a, 200);
}

static int do_withdraw(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "reason", F_TEXT, 1, 500, NULL, "撤案理由", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "withdraw", 1));
    if (!proposal_is_owner(c, a->p)) return api_error(c, 403, "forbidden", NULL, "只有提案人可以撤回提案");
    TRY(proposal_set_state(c, a->id, a->version, a->to, NULL));
    TRY(proposal_event(c, a->id, "withdraw", a->state, a->to, api_str(c, "reason"), 0));
    return act_finish(c, a, 200);
}

/* --- 立: the review chain ------------------------------------------------ */

/* The caller must hold the current stage's role (committee staff: of the
 * author's committee). *last tells whether this is the final stage. */
static int check_stage(api_ctx *c, act *a, int *last)
{
    int64_t pos = pint(a->p, "review_stage");
    json_t *st = db_row(c->db, &c->err, "SELECT name, role FROM review_stages WHERE body_id = ? AND position = ?",
                        DB_ARGS(DBV_INT(pint(a->p, "body_id")), DBV_INT(pos)));
    if (!st) return c->err.status ? c->err.status : api_error(c, 409, "invalid_stage", NULL, "提案所处审查环节已不在本机构流程中，请管理员检查流程配置");
    int role = role_from_code(pstr(st, "role"));
    char name[64];
    snprintf(name, sizeof name, "%s", pstr(st, "name"));
    json_decref(st);
    if (role != c->user.role)
        return api_error(c, 403, "forbidden", NULL, "当前处于「%s」环节，应由%s办理", name, role_label(role));
    if (role == ROLE_COMMITTEE_STAFF) {
        int64_t committee = strcmp(pstr(a->p, "kind"), "collective") == 0 && pstr(a->p, "collective_kind")
                                && strcmp(pstr(a->p, "collective_kind"), "committee") == 0
                            ? pint(a->p, "collective_id")
                            : db_int(c->db, &c->err, 0, "SELECT committee_id FROM members WHERE id = ?",
                                     DB_ARGS(DBV_INT(pint(a->p, "author_member_id"))));
        /* Collective proposals of units and sectors may be reviewed by any committee's staff. */
        if (committee > 0 && committee != c->user.committee_id)
            return api_error(c, 403, "forbidden", NULL, "该提案由其他专委会初审");
    }
    int64_t max = db_int(c->db, &c->err, 0, "SELECT MAX(position) FROM review_stages WHERE body_id = ?",
                         DB_ARGS(DBV_INT(pint(a->p, "body_id"))));
    *last = pos >= max;
    return 0;
}

static int next_number(api_ctx *c, json_t *p, int *number, char *label, size_t len)
{
    char scope[64];
    snprintf(scope, sizeof scope, "proposal_number:%lld", (long long)pint(p, "session_id"));
    /* The counter row is locked by the update until commit: concurrent filings never share a number. */
    if (db_exec(c->db, &c->err, "INSERT INTO counters (body_id, scope, value) VALUES (?, ?, 0) ON CONFLICT (body_id, scope) DO NOTHING",
                DB_ARGS(DBV_INT(pint(p, "body_id")), DBV_TEXT(scope))) < 0)
        return c->err.status;
    int64_t n = db_int(c->db, &c->err, -1, "UPDATE counters SET value = value + 1 WHERE body_id = ? AND scope = ? RETURNING value",
                       DB_ARGS(DBV_INT(pint(p, "body_id")), DBV_TEXT(scope)));
    if (n < 0) return c->err.status ? c->err.status : 500;
    json_t *s = db_row(c->db, &c->err, "SELECT s.number AS session_number, t.number AS term_number FROM sessions s "
                                       "JOIN terms t ON t.id = s.term_id WHERE s.id = ?", DB_ARGS(DBV_INT(pint(p, "session_id"))));
    if (!s) return c->err.status ? c->err.status : 500;
    wf_number_label((int)pint(s, "term_number"), (int)pint(s, "session_number"), (int)n, label, len);
    json_decref(s);
    *number = (int)n;
    return 0;
}

static int file_proposal(api_ctx *c, act *a, const char *opinion)
{
    int number = 0;
    char label[96];
    TRY(next_number(c, a->p, &number, label, sizeof label));
    qb extra;
    qb_init(&extra, "number = ?, number_label = ?, filed_at = ?");
    extra.v[extra.n++] = DBV_INT(number);
    extra.v[extra.n++] = DBV_TEXT(label);
    extra.v[extra.n++] = DBV_INT(clock_now());
    TRY(proposal_set_state(c, a->id, a->version, "filed", &extra));
    char note[8400];
    snprintf(note, sizeof note, "立案，编号%s%s%s", label, opinion && *opinion ? "。审查意见：" : "", opinion ? opinion : "");
    return proposal_event(c, a->id, "file", a->state, "filed", note, 0);
}

static const field review_fields[] = {
    { "version", F_INT, 1, 0, NULL, "版本号", 0 },
    { "opinion", F_TEXT, 0, 2000, NULL, "审查意见", 0 },
    { 0 } };

static int do_review_pass(api_ctx *c, act *a)
{
    TRY(api_check_body(c, review_fields));
    TRY(act_begin(c, a, "review_pass", 1));
    int last = 0;
    TRY(check_stage(c, a, &last));
    const char *opinion = api_str(c, "opinion");
    if (last) {
        const char *to;
        TRY(proposal_decide(c, "file", a->state, c->user.role, &to));
        TRY(file_proposal(c, a, opinion));
        return act_finish(c, a, 200);
    }
    char sql[48];
    snprintf(sql, sizeof sql, "review_stage = %lld", (long long)pint(a->p, "review_stage") + 1);
    qb extra;
    qb_init(&extra, sql);
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    TRY(proposal_event(c, a->id, "review_pass", a->state, a->to, opinion ? opinion : "审查通过", 0));
    return act_finish(c, a, 200);
}

static int do_file(api_ctx *c, act *a)
{
    TRY(api_check_body(c, review_fields));
    TRY(act_begin(c, a, "file", 1));
    int last = 0;
    TRY(check_stage(c, a, &last));
    if (!last) return api_error(c, 409, "review_incomplete", NULL, "尚未完成全部审查环节，不能立案");
    TRY(file_proposal(c, a, api_str(c, "opinion")));
    return act_finish(c, a, 200);
}

static int do_return(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "opinion", F_TEXT, 1, 2000, NULL, "退回修改意见", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "return", 1));
    int last = 0;
    TRY(check_stage(c, a, &last));
    qb extra;
    qb_init(&extra, "review_stage = 0");
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    /* Co-signers confirm the revised text again on resubmission. */
    if (db_exec(c->db, &c->err, "UPDATE proposal_authors SET status = 'draft' WHERE proposal_id = ? AND role = 'cosigner' "
                                "AND status IN ('invited', 'confirmed')", DB_ARGS(DBV_INT(a->id))) < 0)
        return c->err.status;
    TRY(proposal_event(c, a->id, "return", a->state, a->to, api_str(c, "opinion"), 0));
    return act_finish(c, a, 200);
}

static int do_not_file(api_ctx *c, act *a, const char *action)
{
    static const field reject_fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "reason", F_ENUM, 1, 0, wf_not_filed_reasons, "不予立案理由", 0 },
        { "opinion", F_TEXT, 0, 2000, NULL, "审查意见", 0 },
        { 0 } };
    static const field convert_fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "reason", F_ENUM, 1, 0, wf_not_filed_reasons, "不予立案理由", 0 },
        { "converted_to", F_ENUM, 1, 0, converted_targets, "转为", 0 },
        { "opinion", F_TEXT, 0, 2000, NULL, "审查意见", 0 },
        { 0 } };
    int convert = strcmp(action, "convert") == 0;
    TRY(api_check_body(c, convert ? convert_fields : reject_fields));
    TRY(act_begin(c, a, action, 1));
    int last = 0;
    TRY(check_stage(c, a, &last));
    qb extra;
    qb_init(&extra, "not_filed_reason = ?, converted_to = ?");
    extra.v[extra.n++] = DBV_TEXT(api_str(c, "reason"));
    extra.v[extra.n++] = DBV_TEXT_OR_NULL(convert ? api_str(c, "converted_to") : NULL);
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    char note[8400];
    snprintf(note, sizeof note, "%s：%s%s%s%s", convert ? "不予立案，转" : "不予立案", convert ? api_str(c, "converted_to") : "",
             convert ? "（" : "", api_str(c, "reason"), convert ? "）" : "");
    if (api_str(c, "opinion")) {
        size_t l = strlen(note);
        snprintf(note + l, sizeof note - l, "。%s", api_str(c, "opinion"));
    }
    TRY(proposal_event(c, a->id, action, a->state, a->to, note, 0));
    return act_finish(c, a, 200);
}
static int do_reject(api_ctx *c, act *a) { return do_not_file(c, a, "reject"); }
static int do_convert(api_ctx *c, act *a) { return do_not_file(c, a, "convert"); }

static int do_merge(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "target_id", F_INT, 1, 0, NULL, "并入的提案", 1 },
        { "opinion", F_TEXT, 0, 2000, NULL, "审查意见", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "merge", 1));
    int last = 0;
    TRY(check_stage(c, a, &last));
    int64_t target = api_int(c, "target_id", 0);
    if (target == a->id) return api_error(c, 422, "invalid_value", "target_id", "不能并入自身");
    json_t *t = db_row(c->db, &c->err, "SELECT id, state, number_label, session_id FROM proposals WHERE id = ? AND body_id = ?",
                       DB_ARGS(DBV_INT(target), DBV_INT(c->user.body_id)));
    if (!t) return c->err.status ? c->err.status : api_error(c, 422, "invalid_reference", "target_id", "要并入的提案不存在");
    char ts[24];
    snprintf(ts, sizeof ts, "%s", pstr(t, "state"));
    int ok = strcmp(ts, "filed") == 0 || strcmp(ts, "assigned") == 0 || strcmp(ts, "handling") == 0;
    char tlabel[96];
    snprintf(tlabel, sizeof tlabel, "%s", pstr(t, "number_label") ? pstr(t, "number_label") : "");
    int same_session = pint(t, "session_id") == pint(a->p, "session_id");
    json_decref(t);
    if (!ok) return api_error(c, 422, "invalid_value", "target_id", "只能并入已立案且尚未答复的提案");
    if (!same_session) return api_error(c, 422, "invalid_value", "target_id", "只能并入同一会次的提案");
    qb extra;
    qb_init(&extra, "merged_into_id = ?");
    extra.v[extra.n++] = DBV_INT(target);
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    /* Both authors are credited: the merged proposal's authors join the target. */
    if (db_exec(c->db, &c->err,
            "INSERT INTO proposal_authors (proposal_id, member_id, role, status, responded_at) "
            "SELECT ?, member_id, 'merged', 'confirmed', ? FROM proposal_authors WHERE proposal_id = ? AND status = 'confirmed' "
            "ON CONFLICT (proposal_id, member_id) DO NOTHING",
            DB_ARGS(DBV_INT(target), DBV_INT(clock_now()), DBV_INT(a->id))) < 0)
        return c->err.status;
    TRY(proposal_lock(c, target, ts));
    char note[8400];
    snprintf(note, sizeof note, "并入%s%s%s", tlabel, api_str(c, "opinion") ? "。" : "", api_str(c, "opinion") ? api_str(c, "opinion") : "");
    TRY(proposal_event(c, a->id, "merge", a->state, a->to, note, 0));
    snprintf(note, sizeof note, "第 %lld 号来稿「%s」并入本提案，其提案人一并署名", (long long)a->id, pstr(a->p, "title"));
    TRY(proposal_event(c, target, "merge_in", ts, ts, note, 0));
    return act_finish(c, a, 200);
}

/* --- 办: assignment, acceptance, re-route, reply -------------------------- */

/* field: the request field that named the unit, for the error. */
static int insert_assignment(api_ctx *c, int64_t pid, int64_t unit, const char *role, const char *deadline, int64_t now,
                             const char *field)
{
    TRY(api_ref_in_body(c, "handling_units", unit, field, "承办单位"));
    if (db_exec(c->db, &c->err,
            "INSERT INTO proposal_assignments (proposal_id, unit_id, role, state, assigned_at, deadline) VALUES (?, ?, ?, 'assigned', ?, ?)",
            DB_ARGS(DBV_INT(pid), DBV_INT(unit), DBV_TEXT(role), DBV_INT(now), DBV_TEXT(deadline))) < 0)
        return c->err.status;
    return 0;
}

static int do_assign(api_ctx *c, act *a)
{
    static const char *const modes[] = { "lead", "split", NULL };
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "mode", F_ENUM, 1, 0, modes, "交办方式", 0 },
        { "lead_unit_id", F_INT, 0, 0, NULL, "主办单位", 1 },
        { "co_unit_ids", F_INT_ARRAY, 0, 10, NULL, "协办单位", 0 },
        { "split_unit_ids", F_INT_ARRAY, 0, 10, NULL, "分办单位", 0 },
        { "note", F_TEXT, 0, 1000, NULL, "交办意见", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "assign", 1));
    int split = strcmp(api_str(c, "mode"), "split") == 0;
    json_t *co = json_object_get(c->body, "co_unit_ids"), *sp = json_object_get(c->body, "split_unit_ids");
    int64_t lead = api_int(c, "lead_unit_id", 0);
    if (split) {
        if (json_array_size(sp) < 2) return api_error(c, 422, "required", "split_unit_ids", "分办须选择至少两个承办单位");
        if (lead || json_array_size(co)) return api_error(c, 422, "invalid_value", "mode", "分办时不设主办、协办单位");
    } else {
        if (!lead) return api_error(c, 422, "required", "lead_unit_id", "请选择主办单位");
        if (json_array_size(sp)) return api_error(c, 422, "invalid_value", "split_unit_ids", "主办方式不设分办单位");
        size_t i;
        json_t *v;
        json_array_foreach(co, i, v)
            if (json_integer_value(v) == lead) return api_error(c, 422, "invalid_value", "co_unit_ids", "协办单位不能与主办单位相同");
    }
    char reply_dl[11], co_dl[11], reroute_dl[11];
    TRY(proposal_deadline(c, "reply_months", LIMIT_MONTHS, reply_dl));
    TRY(proposal_deadline(c, "co_opinion_months", LIMIT_MONTHS, co_dl));
    TRY(proposal_deadline(c, "reroute_workdays", LIMIT_WORKDAYS, reroute_dl));
    int64_t now = clock_now();
    /* Earlier (re-routed) assignments stay in history, inactive. */
    if (split) {
        size_t i;
        json_t *v;
        json_array_foreach(sp, i, v) TRY(insert_assignment(c, a->id, json_integer_value(v), "split", reply_dl, now, "split_unit_ids"));
    } else {
        TRY(insert_assignment(c, a->id, lead, "lead", reply_dl, now, "lead_unit_id"));
        size_t i;
        json_t *v;
        json_array_foreach(co, i, v) TRY(insert_assignment(c, a->id, json_integer_value(v), "co", co_dl, now, "co_unit_ids"));
    }
    qb extra;
    qb_init(&extra, "assigned_at = ?, reply_deadline = ?, reroute_deadline = ?");
    extra.v[extra.n++] = DBV_INT(now);
    extra.v[extra.n++] = DBV_TEXT(reply_dl);
    extra.v[extra.n++] = DBV_TEXT(reroute_dl);
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    char note[4400];
    snprintf(note, sizeof note, "%s交办，答复期限 %s%s%s", split ? "分办" : "", reply_dl,
             api_str(c, "note") ? "。" : "", api_str(c, "note") ? api_str(c, "note") : "");
    TRY(proposal_event(c, a->id, "assign", a->state, a->to, note, 0));
    return act_finish(c, a, 200);
}

/* The caller's active lead/split assignment on this proposal, or 403. */
static json_t *my_assignment(api_ctx *c, act *a, int answering)
{
    json_t *row = db_row(c->db, &c->err,
        "SELECT id, role, state, deadline, extended_deadline, version FROM proposal_assignments "
        "WHERE proposal_id = ? AND unit_id = ? AND active = 1 ORDER BY id LIMIT 1",
        DB_ARGS(DBV_INT(a->id), DBV_INT(c->user.unit_id)));
    if (!row) {
        if (!c->err.status) api_error(c, 403, "forbidden", NULL, "本单位不是该提案的承办单位");
        return NULL;
    }
    if (answering && strcmp(pstr(row, "role"), "co") == 0) {
        json_decref(row);
        api_error(c, 403, "forbidden", NULL, "协办单位向主办单位提交协办意见，不直接答复");
        return NULL;
    }
    return row;
}

static int do_accept(api_ctx *c, act *a)
{
    static const field fields[] = { { "version", F_INT, 1, 0, NULL, "版本号", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    memset(a, 0, sizeof *a);
    a->id = c->id[0];
    TRY(api_begin(c));
    a->p = proposal_load(c, a->id);
    if (!a->p) return c->err.status;
    TRY(proposal_check_own(c, a->p));
    a->state = pstr(a->p, "state");
    json_t *mine = my_assignment(c, a, 1);
    if (!mine) return c->err.status;
    int already = strcmp(pstr(mine, "state"), "assigned") != 0;
    int64_t asg = pint(mine, "id");
    json_decref(mine);
    if (already) return api_error(c, 409, "invalid_state", NULL, "本单位已签收该提案");
    /* A split unit may accept after another unit moved the proposal to handling. */
    int moves = strcmp(a->state, "assigned") == 0;
    if (moves) {
        int64_t v;
        TRY(api_version(c, &v));
        if (v != pint(a->p, "version"))
            return api_error(c, 409, "stale_version", "version", "该提案已被他人处理，请刷新后再试");
        a->version = v;
        TRY(proposal_decide(c, "accept", a->state, c->user.role, &a->to));
    } else if (strcmp(a->state, "handling") != 0) {
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，不能签收", wf_state_label(a->state));
    }
    if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET state = 'handling', accepted_at = ?, version = version + 1 WHERE id = ?",
                DB_ARGS(DBV_INT(clock_now()), DBV_INT(asg))) < 0)
        return c->err.status;
    if (moves) TRY(proposal_set_state(c, a->id, a->version, a->to, NULL));
    else TRY(proposal_lock(c, a->id, a->state));
    char note[200];
    snprintf(note, sizeof note, "%s签收", c->user.display_name);
    TRY(proposal_event(c, a->id, "accept", a->state, moves ? a->to : a->state, note, 0));
    return act_finish(c, a, 200);
}

static int do_reroute(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "reason", F_TEXT, 1, 1000, NULL, "申请调整理由", 0 },
        { "suggested_unit", F_STR, 0, 80, NULL, "建议承办单位", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "reroute", 1));
    json_t *mine = my_assignment(c, a, 1);
    if (!mine) return c->err.status;
    json_decref(mine);
    const char *dl = pstr(a->p, "reroute_deadline");
    char today[11];
    date_format(proposal_today(), today);
    if (dl && strcmp(today, dl) > 0)
        return api_error(c, 422, "window_closed", NULL, "已超过申请调整期限（%s），请按交办意见办理", dl);
    if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET active = 0, state = 'withdrawn', version = version + 1 "
                                "WHERE proposal_id = ? AND active = 1", DB_ARGS(DBV_INT(a->id))) < 0)
        return c->err.status;
    qb extra;
    qb_init(&extra, "assigned_at = NULL, reply_deadline = NULL, reroute_deadline = NULL");
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    char note[4800];
    snprintf(note, sizeof note, "申请调整承办单位：%s%s%s", api_str(c, "reason"),
             api_str(c, "suggested_unit") ? "；建议由" : "", api_str(c, "suggested_unit") ? api_str(c, "suggested_unit") : "");
    TRY(proposal_event(c, a->id, "reroute", a->state, a->to, note, 0));
    return act_finish(c, a, 200);
}

static int do_reply(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "version", F_INT, 1, 0, NULL, "版本号", 0 },
        { "text", F_TEXT, 1, 20000, NULL, "答复内容", 10 },
        { "category", F_ENUM, 1, 0, wf_reply_categories, "答复类别", 0 },
        { "signed_by", F_STR, 1, 40, NULL, "签发领导", 0 },
        { "contact_method", F_ENUM, 1, 0, wf_contact_methods, "沟通方式", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "reply", 1));
    json_t *mine = my_assignment(c, a, 1);
    if (!mine) return c->err.status;
    int64_t asg = pint(mine, "id");
    char astate[16], deadline[11];
    snprintf(astate, sizeof astate, "%s", pstr(mine, "state"));
    snprintf(deadline, sizeof deadline, "%s", pstr(mine, "extended_deadline") ? pstr(mine, "extended_deadline") : pstr(mine, "deadline"));
    json_decref(mine);
    if (strcmp(astate, "replied") == 0) return api_error(c, 409, "invalid_state", NULL, "本单位已答复该提案");
    if (strcmp(astate, "assigned") == 0) return api_error(c, 409, "invalid_state", NULL, "请先签收提案再答复");
    int round = pint(a->p, "rehandled") ? 2 : 1;
    char today[11];
    date_format(proposal_today(), today);
    int on_time = strcmp(today, deadline) <= 0;
    int64_t now = clock_now();
    int64_t rid = db_insert(c->db, &c->err,
        "INSERT INTO proposal_replies (proposal_id, assignment_id, unit_id, round, text, category, signed_by, contact_method, "
        "on_time, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(a->id), DBV_INT(asg), DBV_INT(c->user.unit_id), DBV_INT(round), DBV_TEXT(api_str(c, "text")),
                DBV_TEXT(api_str(c, "category")), DBV_TEXT(api_str(c, "signed_by")), DBV_TEXT(api_str(c, "contact_method")),
                DBV_INT(on_time), DBV_INT(c->user.id), DBV_INT(now)));
    if (rid < 0) return c->err.status;
    if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET state = 'replied', replied_at = ?, version = version + 1 WHERE id = ?",
                DB_ARGS(DBV_INT(now), DBV_INT(asg))) < 0)
        return c->err.status;
    int64_t pending = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ? AND active = 1 AND role IN ('lead', 'split') AND state <> 'replied'",
        DB_ARGS(DBV_INT(a->id)));
    if (pending < 0) return c->err.status;
    char note[320];
    snprintf(note, sizeof note, "%s答复（%s类）%s", c->user.display_name, api_str(c, "category"), on_time ? "" : "，已超过答复期限");
    if (pending > 0) {
        /* Split: others still owe their answers; the proposal stays in handling.
         * The version check makes a unit replying at the same moment retry (409)
         * instead of both counting the other as pending and leaving it in handling. */
        int64_t n = db_exec(c->db, &c->err, "UPDATE proposals SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                            DB_ARGS(DBV_INT(now), DBV_INT(a->id), DBV_INT(a->version)));
        if (n < 0) return c->err.status;
        if (n == 0) return api_stale_or_missing(c, "proposals", a->id);
        TRY(proposal_event(c, a->id, "reply", a->state, a->state, note, 0));
        return act_finish(c, a, 200);
    }
    char eval_dl[11];
    TRY(proposal_deadline(c, "evaluation_days", LIMIT_DAYS, eval_dl));
    qb extra;
    qb_init(&extra, "replied_at = ?, eval_round = ?, eval_deadline = ?");
    extra.v[extra.n++] = DBV_INT(now);
    extra.v[extra.n++] = DBV_INT(round);
    extra.v[extra.n++] = DBV_TEXT(eval_dl);
    TRY(proposal_set_state(c, a->id, a->version, a->to, &extra));
    TRY(proposal_event(c, a->id, "reply", a->state, a->to, note, 0));
    return act_finish(c, a, 200);
}

/* --- 评: evaluation by each author from their own login ---------------------- */

static int do_evaluate(api_ctx *c, act *a)
{
    static const field fields[] = {
        { "process_satisfaction", F_ENUM, 1, 0, wf_satisfaction, "对办理过程的评价", 0 },
        { "result_satisfaction", F_ENUM, 1, 0, wf_satisfaction, "对办理结果的评价", 0 },
        { "contacted", F_BOOL, 1, 0, NULL, "承办单位是否与您沟通", 0 },
        { "comment", F_TEXT, 0, 1000, NULL, "意见", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    TRY(act_begin(c, a, "evaluate", 0));
    /* Only the author themself, never a unit or staff on their behalf (被满意). */
    if (!proposal_is_author(c, a->id)) return api_error(c, 403, "forbidden", NULL, "只有本提案的提案人和联名人可以评价");
    int round = (int)pint(a->p, "eval_round");
    if (round < 1) round = 1;
    int64_t now = clock_now();
    int64_t done = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM evaluations WHERE proposal_id = ? AND member_id = ? AND round = ?",
                          DB_ARGS(DBV_INT(a->id), DBV_INT(c->user.member_id), DBV_INT(round)));
    if (done < 0) return c->err.status;
    if (done) return api_error(c, 409, "already_evaluated", NULL, "您已评价过本轮办理结果");
    if (db_exec(c->db, &c->err,
            "INSERT INTO evaluations (proposal_id, member_id, round, process_satisfaction, result_satisfaction, contacted, comment, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            DB_ARGS(DBV_INT(a->id), DBV_INT(c->user.member_id), DBV_INT(round), DBV_TEXT(api_str(c, "process_satisfaction")),
                    DBV_TEXT(api_str(c, "result_satisfaction")), DBV_INT(api_bool(c, "contacted", 0)),
                    DBV_TEXT(api_str(c, "comment") ? api_str(c, "comment") : ""), DBV_INT(c->user.id), DBV_INT(now))) < 0)
        return c->err.status;
    static const struct { const char *code, *label; } sat[] = { { "satisfied", "满意" }, { "basic", "基本满意" }, { "dissatisfied", "不满意" } };
    const char *rl = "";
    for (size_t i = 0; i < 3; i++) if (strcmp(sat[i].code, api_str(c, "result_satisfaction")) == 0) rl = sat[i].label;
    char note[240];
    snprintf(note, sizeof note, "%s评价：%s", c->user.display_name, rl);
    TRY(proposal_event(c, a->id, "evaluate", a->state, a->state, note, 0));
    int64_t authors = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM proposal_authors WHERE proposal_id = ? AND status = 'confirmed'",
                             DB_ARGS(DBV_INT(a->id)));
    int64_t rated = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM evaluations WHERE proposal_id = ? AND round = ?",
                           DB_ARGS(DBV_INT(a->id), DBV_INT(round)));
    int64_t unhappy = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM evaluations WHERE proposal_id = ? AND round = ? AND result_satisfaction = 'dissatisfied'",
        DB_ARGS(DBV_INT(a->id), DBV_INT(round)));
    if (c->err.status) return c->err.status;
    eval_outcome out = wf_evaluation_outcome((int)authors, (int)rated, (int)unhappy, round);
    int64_t v = a->version;
    if (db_exec(c->db, &c->err, "UPDATE proposals SET version = version + 1 WHERE id = ? AND version = ?",
                DB_ARGS(DBV_INT(a->id), DBV_INT(v))) <= 0)
        return c->err.status ? c->err.status : api_stale_or_missing(c, "proposals", a->id);
    v++;
    if (out == EVAL_CLOSE) {
        const char *to;
        TRY(proposal_decide(c, "close", a->state, ROLE_SYSTEM, &to));
        qb extra;
        qb_init(&extra, "closed_at = ?");
        extra.v[extra.n++] = DBV_INT(now);
        TRY(proposal_set_state(c, a->id, v, to, &extra));
        TRY(proposal_event(c, a->id, "close", a->state, to, "全部提案人已评价，办结", 1));
    } else if (out == EVAL_REHANDLE) {
        const char *to;
        TRY(proposal_decide(c, "rehandle", a->state, ROLE_SYSTEM, &to));
        char dl[11];
        TRY(proposal_deadline(c, "rehandle_months", LIMIT_MONTHS, dl));
        if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET state = 'handling', deadline = ?, extended_deadline = NULL, "
                                    "version = version + 1 WHERE proposal_id = ? AND active = 1 AND role IN ('lead', 'split')",
                    DB_ARGS(DBV_TEXT(dl), DBV_INT(a->id))) < 0)
            return c->err.status;
        qb extra;
        qb_init(&extra, "rehandled = 1, reply_deadline = ?");
        extra.v[extra.n++] = DBV_TEXT(dl);
        TRY(proposal_set_state(c, a->id, v, to, &extra));
        char rn[120];
        snprintf(rn, sizeof rn, "提案人对办理结果不满意，重新办理，答复期限 %s", dl);
        TRY(proposal_event(c, a->id, "rehandle", a->state, to, rn, 1));
    }
    return act_finish(c, a, 200);
}

static const struct { const char *name; int (*fn)(api_ctx *, act *); } actions[] = {
    { "submit", do_submit }, { "withdraw", do_withdraw }, { "review_pass", do_review_pass },
    { "file", do_file }, { "return", do_return }, { "reject", do_reject }, { "convert", do_convert },
    { "merge", do_merge }, { "assign", do_assign }, { "accept", do_accept }, { "reroute", do_reroute },
    { "reply", do_reply }, { "evaluate", do_evaluate },
};

static int h_action(api_ctx *c)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(actions[i].name, c->word[0]) != 0) continue;
        act a = { 0 };
        int rc = actions[i].fn(c, &a);
        json_decref(a.p);
        return rc;
    }
    return api_error(c, 404, "unknown_action", "action", "没有「%s」这一操作", c->word[0]);
}

/* Co-signer's answer to an invitation: confirm or decline. */
static int h_cosign(api_ctx *c)
{
    static const char *const decisions[] = { "confirm", "decline", NULL };
    static const field fields[] = { { "decision", F_ENUM, 1, 0, decisions, "联名意见", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    int64_t id = c->id[0];
    TRY(api_begin(c));
    json_t *p = proposal_load(c, id);
    if (!p) return c->err.status;
    char state[24];
    snprintf(state, sizeof state, "%s", pstr(p, "state"));
    json_decref(p);
    int64_t invited = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM proposal_authors WHERE proposal_id = ? AND member_id = ? AND role = 'cosigner' AND status = 'invited'",
        DB_ARGS(DBV_INT(id), DBV_INT(c->user.member_id)));
    if (invited < 0) return c->err.status;
    if (!invited) {
        if (strcmp(state, "submitted") != 0)
            return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，联名确认已结束", wf_state_label(state));
        return api_error(c, 403, "forbidden", NULL, "您没有收到该提案的联名邀请，或已答复");
    }
    int confirm = strcmp(api_str(c, "decision"), "confirm") == 0;
    int64_t now = clock_now();
    /* Both updates are conditional: the invitation may have expired, or the
     * proposal moved on or been withdrawn, since it was read above. */
    int64_t n = db_exec(c->db, &c->err, "UPDATE proposal_authors SET status = ?, responded_at = ? "
                                        "WHERE proposal_id = ? AND member_id = ? AND status = 'invited'",
                        DB_ARGS(DBV_TEXT(confirm ? "confirmed" : "declined"), DBV_INT(now), DBV_INT(id), DBV_INT(c->user.member_id)));
    if (n < 0) return c->err.status;
    if (n == 0) return api_error(c, 409, "invalid_state", NULL, "联名确认已结束（已过期或已答复），请刷新后查看");
    n = db_exec(c->db, &c->err, "UPDATE proposals SET version = version + 1, updated_at = ? WHERE id = ? AND state = 'submitted'",
                DB_ARGS(DBV_INT(now), DBV_INT(id)));
    if (n < 0) return c->err.status;
    if (n == 0) return api_error(c, 409, "invalid_state", NULL, "提案已不在联名确认阶段，请刷新后查看");
    char note[200];
    snprintf(note, sizeof note, "%s%s联名", c->user.display_name, confirm ? "确认" : "谢绝");
    TRY(proposal_event(c, id, confirm ? "cosign_confirm" : "cosign_decline", state, state, note, 0));
    int64_t left = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM proposal_authors WHERE proposal_id = ? AND status = 'invited'",
                          DB_ARGS(DBV_INT(id)));
    if (left < 0) return c->err.status;
    if (left == 0) {
        const char *to;
        TRY(proposal_decide(c, "cosign_complete", state, ROLE_SYSTEM, &to));
        char st[40];
        snprintf(st, sizeof st, "review_stage = %d", first_review_stage(c));
        qb extra;
        qb_init(&extra, st);
        /* The version as it is now, not as loaded: another co-signer may have
         * answered meanwhile (the bump above waited for it), and that is no conflict. */
        int64_t version = db_int(c->db, &c->err, -1, "SELECT version FROM proposals WHERE id = ?", DB_ARGS(DBV_INT(id)));
        if (version < 0) return c->err.status ? c->err.status : 500;
        TRY(proposal_set_state(c, id, version, to, &extra));
        TRY(proposal_event(c, id, "cosign_complete", state, to, "联名确认完成，进入立案审查", 1));
    }
    TRY(api_commit(c));
    return proposal_render(c, id, 200);
}

const route proposal_action_routes[] = {
    { "POST", "/api/v1/proposals/:id/actions/*", h_action, ROLE_ANY_USER, 0 },
    { "POST", "/api/v1/proposals/:id/cosign", h_cosign, ROLE_MEMBER, 0 },
    { 0 } };
