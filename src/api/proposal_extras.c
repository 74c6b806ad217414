/* 督 and the rest around the cycle: co-unit opinions, extensions, A/B/C
 * corrections, key proposals and their supervision log, excellent flags,
 * publication with consent, and forwarding to a higher body (§9). */
#include "proposal_common.h"
#include "../util/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int proposal_render(api_ctx *c, int64_t id, int status);

/* Opens a transaction, loads the proposal and locks it in its current state;
 * state gets a copy. A proposal another body forwarded is read-only here (403).
 * With out, the caller gets the row and frees it. 0 or an error status. */
static int begin_on(api_ctx *c, char state[24], json_t **out)
{
    TRY(api_begin(c));
    json_t *p = proposal_load(c, c->id[0]);
    if (!p) return c->err.status;
    int rc = proposal_check_own(c, p);
    if (!rc) rc = proposal_lock(c, c->id[0], pstr(p, "state"));
    if (!rc) snprintf(state, 24, "%s", pstr(p, "state"));
    if (rc || !out) json_decref(p);
    else *out = p;
    return rc;
}

static int finish(api_ctx *c, int64_t id, const char *action, const char *state, const char *note)
{
    TRY(proposal_event(c, id, action, state, state, note, 0));
    TRY(api_commit(c));
    return proposal_render(c, id, 200);
}

static int in_states(const char *state, const char *const *list)
{
    for (; *list; list++) if (strcmp(*list, state) == 0) return 1;
    return 0;
}

static const char *const handling_states[] = { "assigned", "handling", "rehandling", NULL };
static const char *const filed_states[] = { "filed", "assigned", "handling", "replied", "rehandling", "closed", NULL };

static int h_co_opinion(api_ctx *c)
{
    static const field fields[] = { { "text", F_TEXT, 1, 5000, NULL, "协办意见", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    if (!in_states(state, handling_states))
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，不能提交协办意见", wf_state_label(state));
    int64_t asg = db_int(c->db, &c->err, 0,
        "SELECT id FROM proposal_assignments WHERE proposal_id = ? AND unit_id = ? AND role = 'co' AND active = 1",
        DB_ARGS(DBV_INT(c->id[0]), DBV_INT(c->user.unit_id)));
    if (asg < 0) return c->err.status;
    if (!asg) return api_error(c, 403, "forbidden", NULL, "本单位不是该提案的协办单位");
    if (db_exec(c->db, &c->err, "INSERT INTO co_opinions (proposal_id, assignment_id, unit_id, text, created_by, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(c->id[0]), DBV_INT(asg), DBV_INT(c->user.unit_id), DBV_TEXT(api_str(c, "text")),
                        DBV_INT(c->user.id), DBV_INT(clock_now()))) < 0)
        return c->err.status;
    if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET state = 'replied', replied_at = ? WHERE id = ?",
                DB_ARGS(DBV_INT(clock_now()), DBV_INT(asg))) < 0)
        return c->err.status;
    char note[200];
    snprintf(note, sizeof note, "%s提交协办意见", c->user.display_name);
    return finish(c, c->id[0], "co_opinion", state, note);
}

/* Extension (延期) approved by proposal staff: at most reply_max_months from assignment. */
static int h_extend(api_ctx *c)
{
    static const field fields[] = {
        { "assignment_id", F_INT, 1, 0, NULL, "承办记录", 1 },
        { "until", F_DATE, 1, 0, NULL, "延期至", 0 },
        { "reason", F_TEXT, 1, 1000, NULL, "延期理由", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    if (!in_states(state, handling_states))
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，不能延期", wf_state_label(state));
    json_t *a = db_row(c->db, &c->err, "SELECT id, assigned_at, deadline FROM proposal_assignments "
                                       "WHERE id = ? AND proposal_id = ? AND active = 1 AND role IN ('lead', 'split')",
                       DB_ARGS(DBV_INT(api_int(c, "assignment_id", 0)), DBV_INT(c->id[0])));
    if (!a) return c->err.status ? c->err.status : api_error(c, 422, "invalid_reference", "assignment_id", "承办记录不存在");
    char assigned[11], deadline[11], max[11];
    clock_date_of(pint(a, "assigned_at"), assigned);
    snprintf(deadline, sizeof deadline, "%s", pstr(a, "deadline"));
    json_decref(a);
    date_format(date_add_months(date_parse(assigned), proposal_limit(c, "reply_max_months")), max);
    const char *until = api_str(c, "until");
    if (strcmp(until, deadline) <= 0) return api_error(c, 422, "invalid_value", "until", "延期日期应晚于原答复期限 %s", deadline);
    if (strcmp(until, max) > 0) return api_error(c, 422, "invalid_value", "until", "延期后最长不超过交办之日起 %d 个月（%s）",
                                                 proposal_limit(c, "reply_max_months"), max);
    if (db_exec(c->db, &c->err, "UPDATE proposal_assignments SET extended_deadline = ?, extension_reason = ?, version = version + 1 WHERE id = ?",
                DB_ARGS(DBV_TEXT(until), DBV_TEXT(api_str(c, "reason")), DBV_INT(api_int(c, "assignment_id", 0)))) < 0)
        return c->err.status;
    if (db_exec(c->db, &c->err, "UPDATE proposals SET reply_deadline = ? WHERE id = ? AND (reply_deadline IS NULL OR reply_deadline < ?)",
                DB_ARGS(DBV_TEXT(until), DBV_INT(c->id[0]), DBV_TEXT(until))) < 0)
        return c->err.status;
    char note[4200];
    snprintf(note, sizeof note, "同意延期答复至 %s：%s", until, api_str(c, "reason"));
    return finish(c, c->id[0], "extend", state, note);
}

/* The supervising office may correct a unit's A/B/C code, with a reason. */
static int h_correct_category(api_ctx *c)
{
    static const field fields[] = {
        { "category", F_ENUM, 1, 0, wf_reply_categories, "答复类别", 0 },
        { "reason", F_TEXT, 1, 1000, NULL, "更正理由", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    json_t *r = db_row(c->db, &c->err, "SELECT category, original_category FROM proposal_replies WHERE id = ? AND proposal_id = ?",
                       DB_ARGS(DBV_INT(c->id[1]), DBV_INT(c->id[0])));
    if (!r) return c->err.status ? c->err.status : api_error(c, 404, "not_found", NULL, "答复不存在");
    char old[4];
    snprintf(old, sizeof old, "%s", pstr(r, "category"));
    int first_correction = json_is_null(json_object_get(r, "original_category"));
    json_decref(r);
    if (strcmp(old, api_str(c, "category")) == 0) return api_error(c, 422, "invalid_value", "category", "答复类别未改变");
    if (db_exec(c->db, &c->err, first_correction
                    ? "UPDATE proposal_replies SET original_category = category, category = ?, correction_reason = ? WHERE id = ?"
                    : "UPDATE proposal_replies SET category = ?, correction_reason = ? WHERE id = ?",
                DB_ARGS(DBV_TEXT(api_str(c, "category")), DBV_TEXT(api_str(c, "reason")), DBV_INT(c->id[1]))) < 0)
        return c->err.status;
    char note[4200];
    snprintf(note, sizeof note, "答复类别由 %s 更正为 %s：%s", old, api_str(c, "category"), api_str(c, "reason"));
    return finish(c, c->id[0], "correct_category", state, note);
}

/* A B reply stays under follow-up until the unit that gave it reports it done (§3). */
static int h_followup(api_ctx *c)
{
    static const field fields[] = { { "text", F_TEXT, 1, 5000, NULL, "落实情况", 10 }, { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    json_t *r = db_row(c->db, &c->err, "SELECT category, unit_id, followup_at FROM proposal_replies WHERE id = ? AND proposal_id = ?",
                       DB_ARGS(DBV_INT(c->id[1]), DBV_INT(c->id[0])));
    if (!r) return c->err.status ? c->err.status : api_error(c, 404, "not_found", NULL, "答复不存在");
    int is_b = strcmp(pstr(r, "category"), "B") == 0;
    int mine = pint(r, "unit_id") == c->user.unit_id;
    int done = !json_is_null(json_object_get(r, "followup_at"));
    json_decref(r);
    if (!mine) return api_error(c, 403, "forbidden", NULL, "只有作出该答复的承办单位可以报告落实情况");
    if (!is_b) return api_error(c, 422, "not_b", NULL, "只有 B 类答复（正在解决或已列入计划）需要报告落实情况");
    if (done) return api_error(c, 409, "already_reported", NULL, "该答复的落实情况已经报告");
    if (db_exec(c->db, &c->err, "UPDATE proposal_replies SET followup_text = ?, followup_at = ?, followup_by = ? WHERE id = ?",
                DB_ARGS(DBV_TEXT(api_str(c, "text")), DBV_INT(clock_now()), DBV_INT(c->user.id), DBV_INT(c->id[1]))) < 0)
        return c->err.status;
    char note[200];
    snprintf(note, sizeof note, "%s报告B类答复事项已落实", c->user.display_name);
    return finish(c, c->id[0], "followup", state, note);
}

static int h_key(api_ctx *c)
{
    static const field fields[] = {
        { "key_proposal", F_BOOL, 1, 0, NULL, "重点提案", 0 },
        { "supervising_leader", F_STR, 0, 40, NULL, "领衔督办领导", 0 },
        { "supervision_form", F_ENUM, 0, 0, wf_supervision_forms, "督办形式", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    int key = api_bool(c, "key_proposal", 0);
    if (key && !in_states(state, filed_states)) return api_error(c, 409, "invalid_state", NULL, "只有已立案的提案可以确定为重点提案");
    if (key && (!api_str(c, "supervising_leader") || !api_str(c, "supervision_form")))
        return api_error(c, 422, "required", api_str(c, "supervising_leader") ? "supervision_form" : "supervising_leader",
                         "重点提案须确定领衔督办领导和督办形式");
    if (db_exec(c->db, &c->err, "UPDATE proposals SET key_proposal = ?, supervising_leader = ?, supervision_form = ? WHERE id = ?",
                DB_ARGS(DBV_INT(key), DBV_TEXT_OR_NULL(key ? api_str(c, "supervising_leader") : NULL),
                        DBV_TEXT_OR_NULL(key ? api_str(c, "supervision_form") : NULL), DBV_INT(c->id[0]))) < 0)
        return c->err.status;
    char note[300];
    if (key) snprintf(note, sizeof note, "确定为重点提案，%s领衔督办（%s）", api_str(c, "supervising_leader"), api_str(c, "supervision_form"));
    else snprintf(note, sizeof note, "取消重点提案");
    return finish(c, c->id[0], "key", state, note);
}

static int h_supervise(api_ctx *c)
{
    static const field fields[] = {
        { "day", F_DATE, 1, 0, NULL, "督办日期", 0 },
        { "form", F_ENUM, 1, 0, wf_supervision_forms, "督办形式", 0 },
        { "participants", F_TEXT, 0, 1000, NULL, "参加人员", 0 },
        { "outcome", F_TEXT, 1, 5000, NULL, "督办情况", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    json_t *p;
    TRY(begin_on(c, state, &p));
    int key = (int)pint(p, "key_proposal");
    json_decref(p);
    if (!in_states(state, filed_states)) return api_error(c, 409, "invalid_state", NULL, "提案尚未立案，不能记录督办");
    if (!key && c->user.role == ROLE_COMMITTEE_STAFF)
        return api_error(c, 403, "forbidden", NULL, "专委会只对重点提案开展协商督办");
    if (db_exec(c->db, &c->err, "INSERT INTO supervision_logs (proposal_id, day, form, participants, outcome, created_by, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(c->id[0]), DBV_TEXT(api_str(c, "day")), DBV_TEXT(api_str(c, "form")),
                        DBV_TEXT(api_str(c, "participants") ? api_str(c, "participants") : ""), DBV_TEXT(api_str(c, "outcome")),
                        DBV_INT(c->user.id), DBV_INT(clock_now()))) < 0)
        return c->err.status;
    char note[200];
    snprintf(note, sizeof note, "%s %s", api_str(c, "day"), api_str(c, "form"));
    return finish(c, c->id[0], "supervise", state, note);
}

static int h_excellent(api_ctx *c)
{
    static const field fields[] = { { "excellent", F_BOOL, 1, 0, NULL, "优秀提案", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    TRY(begin_on(c, state, NULL));
    if (!in_states(state, filed_states)) return api_error(c, 409, "invalid_state", NULL, "只有已立案的提案可以评为优秀提案");
    int ex = api_bool(c, "excellent", 0);
    if (db_exec(c->db, &c->err, "UPDATE proposals SET excellent = ? WHERE id = ?", DB_ARGS(DBV_INT(ex), DBV_INT(c->id[0]))) < 0)
        return c->err.status;
    return finish(c, c->id[0], "excellent", state, ex ? "评为优秀提案" : "取消优秀提案");
}

static int h_publish(api_ctx *c)
{
    static const field fields[] = { { "published", F_BOOL, 1, 0, NULL, "公开", 0 }, { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    json_t *p;
    TRY(begin_on(c, state, &p));
    int consent = (int)pint(p, "publish_consent");
    json_decref(p);
    int pub = api_bool(c, "published", 0);
    if (pub && !consent) return api_error(c, 422, "no_consent", "published", "提案人未同意公开，不能公开");
    if (pub && !in_states(state, filed_states)) return api_error(c, 409, "invalid_state", NULL, "只有已立案的提案可以公开");
    if (db_exec(c->db, &c->err, "UPDATE proposals SET published = ?, published_at = ? WHERE id = ?",
                DB_ARGS(DBV_INT(pub), pub ? DBV_INT(clock_now()) : DBV_NULL, DBV_INT(c->id[0]))) < 0)
        return c->err.status;
    return finish(c, c->id[0], "publish", state, pub ? "公开提案及答复" : "撤回公开");
}

/* Forwarding upward (§9): the parent body's staff may then read it. */
static int h_forward(api_ctx *c)
{
    static const field fields[] = {
        { "to_body_id", F_INT, 1, 0, NULL, "报送机构", 1 },
        { "note", F_TEXT, 0, 1000, NULL, "报送说明", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    char state[24];
    json_t *p;
    TRY(begin_on(c, state, &p));
    int64_t owner = pint(p, "body_id");
    json_t *at = json_object_get(p, "submitted_at");
    int submitted = at && !json_is_null(at);
    json_decref(p);
    if (owner != c->user.body_id) return api_error(c, 403, "forbidden", NULL, "只能报送本机构的提案");
    if (!submitted || strcmp(state, "draft") == 0)
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，提交后才能报送", wf_state_label(state));
    int64_t parent = db_int(c->db, &c->err, 0, "SELECT COALESCE(parent_id, 0) FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(owner)));
    if (parent < 0) return c->err.status;
    if (api_int(c, "to_body_id", 0) != parent || !parent)
        return api_error(c, 422, "invalid_reference", "to_body_id", "只能报送上一级政协");
    if (db_exec(c->db, &c->err, "INSERT INTO proposal_forwards (proposal_id, to_body_id, forwarded_at, forwarded_by, note) "
                                "VALUES (?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(c->id[0]), DBV_INT(parent), DBV_INT(clock_now()), DBV_INT(c->user.id),
                        DBV_TEXT(api_str(c, "note") ? api_str(c, "note") : ""))) < 0)
        return c->err.status;
    return finish(c, c->id[0], "forward", state, "报送上一级政协");
}

const route proposal_extra_routes[] = {
    { "POST", "/api/v1/proposals/:id/co-opinions", h_co_opinion, ROLE_UNIT_HANDLER, 0 },
    { "POST", "/api/v1/proposals/:id/extension", h_extend, ROLE_PROPOSAL_STAFF, 0 },
    { "POST", "/api/v1/proposals/:id/replies/:id/category", h_correct_category, ROLE_PROPOSAL_STAFF, 0 },
    { "POST", "/api/v1/proposals/:id/replies/:id/followup", h_followup, ROLE_UNIT_HANDLER, 0 },
    { "POST", "/api/v1/proposals/:id/key", h_key, ROLE_PROPOSAL_STAFF | ROLE_LEADER, 0 },
    { "POST", "/api/v1/proposals/:id/supervision", h_supervise, ROLE_PROPOSAL_STAFF | ROLE_LEADER | ROLE_COMMITTEE_STAFF, 0 },
    { "POST", "/api/v1/proposals/:id/excellent", h_excellent, ROLE_PROPOSAL_STAFF, 0 },
    { "POST", "/api/v1/proposals/:id/publish", h_publish, ROLE_PROPOSAL_STAFF, 0 },
    { "POST", "/api/v1/proposals/:id/forward", h_forward, ROLE_PROPOSAL_STAFF, 0 },
    { 0 } };
