/* Statistics of a session (domain.md §3 table), computed from records on
 * every request — never stored, never typed in. Each figure carries its
 * numerator, denominator and definition so a reader can check it. */
#include "proposal_common.h"
#include "../domain/stats.h"
#include <stdio.h>
#include <string.h>

#define FILED_STATES "('filed', 'assigned', 'handling', 'replied', 'rehandling', 'closed')"

static int64_t count(api_ctx *c, const char *sql, int64_t session)
{
    return db_int(c->db, &c->err, 0, sql, DB_ARGS(DBV_INT(session)));
}

static json_t *figure(const char *label, int64_t value, const char *definition)
{
    return json_pack("{s:s, s:I, s:s}", "label", label, "value", (json_int_t)value, "definition", definition);
}

static json_t *rate(const char *label, int64_t num, int64_t den, const char *definition)
{
    double pct = stats_percent(num, den);
    return json_pack("{s:s, s:o, s:I, s:I, s:s}", "label", label, "percent", pct < 0 ? json_null() : json_real(pct),
                     "numerator", (json_int_t)num, "denominator", (json_int_t)den, "definition", definition);
}

/* Final evaluation of each author: their highest round. */
#define FINAL_EVALS \
    "FROM evaluations e JOIN proposals p ON p.id = e.proposal_id WHERE p.session_id = ? AND e.round = " \
    "(SELECT MAX(e2.round) FROM evaluations e2 WHERE e2.proposal_id = e.proposal_id AND e2.member_id = e.member_id)"

static int h_statistics(api_ctx *c)
{
    int64_t session = 0;
    int present;
    TRY(api_query_int(c, "session_id", &session, &present));
    if (!present) session = db_int(c->db, &c->err, 0, "SELECT current_session_id FROM bodies WHERE id = ?", DB_ARGS(DBV_INT(c->user.body_id)));
    json_t *s = db_row(c->db, &c->err, "SELECT id, name, year FROM sessions WHERE id = ? AND body_id = ?",
                       DB_ARGS(DBV_INT(session), DBV_INT(c->user.body_id)));
    if (!s) return c->err.status ? c->err.status : api_error(c, 404, "not_found", "session_id", "会次不存在");

    int64_t received = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND submitted_at IS NOT NULL", session);
    int64_t filed = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND filed_at IS NOT NULL", session);
    int64_t not_filed = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state IN ('rejected', 'converted')", session);
    int64_t converted = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state = 'converted'", session);
    int64_t merged = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state = 'merged'", session);
    int64_t withdrawn = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state = 'withdrawn' AND submitted_at IS NOT NULL", session);
    int64_t collective = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND filed_at IS NOT NULL AND kind = 'collective'", session);
    int64_t joint = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND filed_at IS NOT NULL AND kind = 'joint'", session);
    int64_t livelihood = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND filed_at IS NOT NULL "
                                  "AND (category = 'society' OR keywords LIKE '%民生%')", session);
    int64_t replied = count(c, "SELECT COUNT(*) FROM proposals p WHERE p.session_id = ? AND p.filed_at IS NOT NULL "
                               "AND EXISTS (SELECT 1 FROM proposal_replies r WHERE r.proposal_id = p.id)", session);
    int64_t closed = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state = 'closed'", session);
    int64_t unevaluated = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state = 'closed' AND closed_unevaluated = 1", session);
    int64_t evaluated = count(c, "SELECT COUNT(*) " FINAL_EVALS, session);
    int64_t satisfied = count(c, "SELECT COUNT(*) " FINAL_EVALS " AND e.result_satisfaction IN ('satisfied', 'basic')", session);
    int64_t fully = count(c, "SELECT COUNT(*) " FINAL_EVALS " AND e.result_satisfaction = 'satisfied'", session);
    int64_t process_ok = count(c, "SELECT COUNT(*) " FINAL_EVALS " AND e.process_satisfaction IN ('satisfied', 'basic')", session);
    int64_t contacted = count(c, "SELECT COUNT(*) " FINAL_EVALS " AND e.contacted = 1", session);
    int64_t replies = count(c, "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE p.session_id = ?", session);
    int64_t on_time = count(c, "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE p.session_id = ? AND r.on_time = 1", session);
    int64_t abc[3];
    static const char *const abc_sql[3] = {
        "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE p.session_id = ? AND r.category = 'A'",
        "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE p.session_id = ? AND r.category = 'B'",
        "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE p.session_id = ? AND r.category = 'C'" };
    for (int i = 0; i < 3; i++) abc[i] = count(c, abc_sql[i], session);
    int64_t b_open = count(c, "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id "
                              "WHERE p.session_id = ? AND r.category = 'B' AND r.followup_at IS NULL", session);
    int64_t b_done = count(c, "SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id "
                              "WHERE p.session_id = ? AND r.category = 'B' AND r.followup_at IS NOT NULL", session);
    int64_t excellent_units = count(c, "SELECT COUNT(*) FROM unit_awards WHERE session_id = ? AND kind = 'excellent_unit'", session);
    int64_t key = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND key_proposal = 1", session);
    int64_t excellent = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND excellent = 1", session);
    int64_t rehandled = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND rehandled = 1", session);
    int64_t plenary = count(c, "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND submitted_at IS NOT NULL AND plenary = 1", session);
    char today[11];
    date_format(proposal_today(), today);
    int64_t overdue = db_int(c->db, &c->err, 0,
        "SELECT COUNT(*) FROM proposals WHERE session_id = ? AND state IN ('assigned', 'handling', 'rehandling') AND reply_deadline < ?",
        DB_ARGS(DBV_INT(session), DBV_TEXT(today)));
    json_t *by_category = db_rows(c->db, &c->err,
        "SELECT category, COUNT(*) AS filed FROM proposals WHERE session_id = ? AND filed_at IS NOT NULL GROUP BY category ORDER BY category",
        DB_ARGS(DBV_INT(session)));
    json_t *by_unit_collective = db_rows(c->db, &c->err,
        "SELECT pu.id AS participating_unit_id, pu.name, COUNT(*) AS filed FROM proposals p JOIN participating_units pu "
        "ON p.collective_kind = 'participating_unit' AND pu.id = p.collective_id WHERE p.session_id = ? AND p.filed_at IS NOT NULL "
        "GROUP BY pu.id, pu.name ORDER BY filed DESC, pu.id", DB_ARGS(DBV_INT(session)));
    json_t *units = db_rows(c->db, &c->err,
        "SELECT h.id AS unit_id, h.name, "
        "(SELECT COUNT(*) FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.unit_id = h.id AND a.active = 1 AND p.session_id = ?) AS assigned, "
        "(SELECT COUNT(*) FROM proposal_assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.unit_id = h.id AND a.active = 1 "
        "  AND a.role IN ('lead', 'split') AND p.session_id = ?) AS assigned_to_answer, "
        "(SELECT COUNT(DISTINCT r.proposal_id) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE r.unit_id = h.id AND p.session_id = ?) AS replied, "
        "(SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE r.unit_id = h.id AND p.session_id = ?) AS replies, "
        "(SELECT COUNT(*) FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id WHERE r.unit_id = h.id AND p.session_id = ? AND r.on_time = 1) AS on_time, "
        "(SELECT COUNT(*) FROM evaluations e JOIN proposals p ON p.id = e.proposal_id JOIN proposal_assignments a ON a.proposal_id = p.id "
        "  AND a.unit_id = h.id AND a.active = 1 AND a.role IN ('lead', 'split') WHERE p.session_id = ? AND e.round = "
        "  (SELECT MAX(e2.round) FROM evaluations e2 WHERE e2.proposal_id = e.proposal_id AND e2.member_id = e.member_id)) AS evaluated, "
        "(SELECT COUNT(*) FROM evaluations e JOIN proposals p ON p.id = e.proposal_id JOIN proposal_assignments a ON a.proposal_id = p.id "
        "  AND a.unit_id = h.id AND a.active = 1 AND a.role IN ('lead', 'split') WHERE p.session_id = ? AND e.result_satisfaction IN ('satisfied', 'basic') AND e.round = "
        "  (SELECT MAX(e2.round) FROM evaluations e2 WHERE e2.proposal_id = e.proposal_id AND e2.member_id = e.member_id)) AS satisfied "
        ", (SELECT COUNT(*) FROM unit_awards w WHERE w.unit_id = h.id AND w.session_id = ? AND w.kind = 'excellent_unit') AS excellent_unit "
        "FROM handling_units h WHERE h.body_id = ? ORDER BY h.id",
        DB_ARGS(DBV_INT(session), DBV_INT(session), DBV_INT(session), DBV_INT(session), DBV_INT(session), DBV_INT(session),
                DBV_INT(session), DBV_INT(session), DBV_INT(c->user.body_id)));
    if (c->err.status || !by_category || !by_unit_collective || !units) {
        json_decref(s); json_decref(by_category); json_decref(by_unit_collective); json_decref(units);
        return c->err.status ? c->err.status : 500;
    }
    size_t i;
    json_t *r;
    json_array_foreach(by_category, i, r) {
        json_object_set_new(r, "label", json_string(wf_category_label(pstr(r, "category")) ? wf_category_label(pstr(r, "category")) : ""));
        double pct = stats_percent(pint(r, "filed"), filed);
        json_object_set_new(r, "percent", pct < 0 ? json_null() : json_real(pct));
    }
    json_array_foreach(by_unit_collective, i, r) {
        double pct = stats_percent(pint(r, "filed"), collective);
        json_object_set_new(r, "percent_of_collective", pct < 0 ? json_null() : json_real(pct));
    }
    json_t *ranked = json_array();
    json_array_foreach(units, i, r) {
        if (!pint(r, "assigned")) continue;
        double ot = stats_percent(pint(r, "on_time"), pint(r, "replies"));
        double sat = stats_percent(pint(r, "satisfied"), pint(r, "evaluated"));
        json_object_set_new(r, "on_time_percent", ot < 0 ? json_null() : json_real(ot));
        json_object_set_new(r, "satisfaction_percent", sat < 0 ? json_null() : json_real(sat));
        json_array_append(ranked, r);
    }
    json_decref(units);
    static const char *const unit_flags[] = { "excellent_unit", NULL };
    api_booleans(ranked, unit_flags);
    json_t *figures = json_object();
    json_object_set_new(figures, "received", figure("收到提案", received, "本会次提交的提案（不含从未提交的草稿），件"));
    json_object_set_new(figures, "plenary", figure("大会提案", plenary, "收到的提案中标为大会提案的，件"));
    json_object_set_new(figures, "filed", figure("立案", filed, "经审查立案的提案（含被并入的主提案），件"));
    json_object_set_new(figures, "filing_rate", rate("立案率", filed, received, "立案数 ÷ 收到提案数"));
    json_object_set_new(figures, "not_filed", figure("不予立案", not_filed, "不予立案的提案（含转意见建议、转社情民意），件"));
    json_object_set_new(figures, "converted", figure("转意见建议或社情民意", converted, "不予立案并转为意见建议或社情民意的，件"));
    json_object_set_new(figures, "merged", figure("并案", merged, "并入其他提案的来稿，件"));
    json_object_set_new(figures, "withdrawn", figure("撤案", withdrawn, "提交后由提案人撤回的，件"));
    json_object_set_new(figures, "collective", figure("集体提案", collective, "立案的集体提案，件"));
    json_object_set_new(figures, "collective_share", rate("集体提案占比", collective, filed, "立案的集体提案 ÷ 立案数"));
    json_object_set_new(figures, "joint", figure("联名提案", joint, "立案的联名提案，件"));
    json_object_set_new(figures, "livelihood_share", rate("民生类占比", livelihood, filed,
                                                          "立案提案中类别为社会建设（民生）或关键词含“民生”的 ÷ 立案数"));
    json_object_set_new(figures, "reply_rate", rate("办复率", replied, filed, "已有答复的立案提案 ÷ 立案数"));
    json_object_set_new(figures, "closing_rate", rate("办结率", closed, filed, "办结的提案 ÷ 立案数"));
    json_object_set_new(figures, "closed_unevaluated", figure("逾期未评价办结", unevaluated, "评价期限届满未评价而办结的，件"));
    json_object_set_new(figures, "satisfaction", rate("满意率", satisfied, evaluated,
                                                      "对办理结果评价为满意或基本满意的 ÷ 评价总数（每位提案人以最后一轮评价计）"));
    json_object_set_new(figures, "full_satisfaction", rate("满意（不含基本满意）", fully, evaluated, "评价为满意的 ÷ 评价总数"));
    json_object_set_new(figures, "process_satisfaction", rate("办理过程满意率", process_ok, evaluated, "对办理过程满意或基本满意的 ÷ 评价总数"));
    json_object_set_new(figures, "contacted_rate", rate("沟通率", contacted, evaluated, "提案人确认承办单位与其沟通的 ÷ 评价总数"));
    json_object_set_new(figures, "on_time_rate", rate("按时办复率", on_time, replies, "在答复期限内作出的答复 ÷ 答复总数（含重新办理的答复）"));
    json_object_set_new(figures, "category_a", rate("A类答复", abc[0], replies, "所提问题已经解决或基本解决的答复 ÷ 答复总数"));
    json_object_set_new(figures, "category_b", rate("B类答复", abc[1], replies, "正在解决或已列入计划逐步解决的答复 ÷ 答复总数"));
    json_object_set_new(figures, "category_c", rate("C类答复", abc[2], replies, "因条件限制暂时不能解决的答复 ÷ 答复总数"));
    json_object_set_new(figures, "b_followup_open", figure("B类答复跟踪中", b_open, "B 类答复中承办单位尚未报告落实的，件"));
    json_object_set_new(figures, "b_followup_done", figure("B类答复已落实", b_done, "B 类答复中承办单位已报告落实的，件"));
    json_object_set_new(figures, "excellent_units", figure("先进承办单位", excellent_units, "本会次评选的先进承办单位，个"));
    json_object_set_new(figures, "key", figure("重点提案", key, "确定为重点提案的，件"));
    json_object_set_new(figures, "excellent", figure("优秀提案", excellent, "评为优秀提案的，件"));
    json_object_set_new(figures, "rehandled", figure("重新办理", rehandled, "因提案人不满意而重新办理的，件"));
    json_object_set_new(figures, "overdue", figure("逾期未答复", overdue, "已交办、超过答复期限仍未答复的，件"));
    return api_json(c, 200, json_pack("{s:o, s:s, s:o, s:o, s:o, s:o}", "session", s, "as_of", today, "figures", figures,
                                      "by_category", by_category, "collective_by_unit", by_unit_collective, "units", ranked));
}

const route stats_routes[] = {
    { "GET", "/api/v1/statistics", h_statistics, ROLE_STAFF, 0 },
    { 0 } };
