#include "workflow.h"
#include "roles.h"
#include <stdio.h>
#include <string.h>

#define R_MEMBER ROLE_MEMBER
#define R_AUTHORS (ROLE_MEMBER | ROLE_PROPOSAL_STAFF | ROLE_COMMITTEE_STAFF)
#define R_REVIEW (ROLE_COMMITTEE_STAFF | ROLE_PROPOSAL_STAFF | ROLE_LEADER)

/* Reviewers act on under_review; which reviewer depends on the stage
 * (review_stages), checked by the caller after wf_decide. */
const wf_rule wf_default_rules[] = {
    { "submit", "draft", "submitted", R_AUTHORS },
    { "cosign_complete", "submitted", "under_review", ROLE_SYSTEM },
    { "withdraw", "draft", "withdrawn", R_AUTHORS },
    { "withdraw", "submitted", "withdrawn", R_AUTHORS },
    { "withdraw", "under_review", "withdrawn", R_AUTHORS },
    { "review_pass", "under_review", "under_review", R_REVIEW },
    { "file", "under_review", "filed", R_REVIEW },
    { "return", "under_review", "draft", R_REVIEW },
    { "reject", "under_review", "rejected", R_REVIEW },
    { "convert", "under_review", "converted", R_REVIEW },
    { "merge", "under_review", "merged", R_REVIEW },
    { "assign", "filed", "assigned", ROLE_PROPOSAL_STAFF },
    { "accept", "assigned", "handling", ROLE_UNIT_HANDLER },
    { "reroute", "assigned", "filed", ROLE_UNIT_HANDLER },
    { "reply", "handling", "replied", ROLE_UNIT_HANDLER },
    { "reply", "rehandling", "replied", ROLE_UNIT_HANDLER },
    { "evaluate", "replied", "replied", ROLE_MEMBER },
    { "close", "replied", "closed", ROLE_SYSTEM },
    { "rehandle", "replied", "rehandling", ROLE_SYSTEM },
    { "close_unevaluated", "replied", "closed", ROLE_SYSTEM },
};
const int wf_default_rule_count = sizeof wf_default_rules / sizeof wf_default_rules[0];

/* 立案四审: the author's own check happens at submission; the three reviews follow. */
const wf_stage wf_default_stages[] = {
    { "self_check", "自审", ROLE_MEMBER },
    { "first_review", "专委会初审", ROLE_COMMITTEE_STAFF },
    { "second_review", "提案委复审", ROLE_PROPOSAL_STAFF },
    { "approval", "主席会议审定", ROLE_LEADER },
};
const int wf_default_stage_count = sizeof wf_default_stages / sizeof wf_default_stages[0];

static const struct { const char *code, *label; } states[] = {
    { "draft", "草稿" }, { "submitted", "已提交" }, { "under_review", "审查中" },
    { "filed", "已立案" }, { "assigned", "已交办" }, { "handling", "办理中" },
    { "replied", "已答复" }, { "rehandling", "重新办理" }, { "closed", "办结" },
    { "rejected", "不予立案" }, { "converted", "转意见建议" }, { "withdrawn", "已撤案" },
    { "merged", "已并案" },
};

const char *const wf_states[] = { "draft", "submitted", "under_review", "filed", "assigned", "handling",
    "replied", "rehandling", "closed", "rejected", "converted", "withdrawn", "merged", NULL };

static const struct { const char *code, *label; } actions[] = {
    { "submit", "提交" }, { "cosign_complete", "联名确认完成" }, { "withdraw", "撤案" },
    { "review_pass", "审查通过" }, { "file", "立案" }, { "return", "退回修改" },
    { "reject", "不予立案" }, { "convert", "转意见建议/社情民意" }, { "merge", "并案" },
    { "assign", "交办" }, { "accept", "签收" }, { "reroute", "申请调整承办单位" },
    { "reply", "答复" }, { "evaluate", "评价" }, { "close", "办结" }, { "rehandle", "重新办理" },
    { "close_unevaluated", "逾期未评价办结" },
    /* history entries that do not change state */
    { "merge_in", "并入来稿" }, { "cosign_confirm", "确认联名" }, { "cosign_decline", "谢绝联名" },
    { "co_opinion", "协办意见" }, { "extend", "延期答复" }, { "correct_category", "更正答复类别" },
    { "key", "重点提案" }, { "supervise", "督办" }, { "excellent", "优秀提案" }, { "publish", "公开" },
    { "forward", "报送上级" }, { "attach", "上传附件" }, { "followup", "报告落实情况" },
};

const char *const wf_actions[] = { "submit", "cosign_complete", "withdraw", "review_pass", "file",
    "return", "reject", "convert", "merge", "assign", "accept", "reroute", "reply", "evaluate",
    "close", "rehandle", "close_unevaluated", NULL };

static const struct { const char *code, *label; } categories[] = {
    { "economy", "经济建设" }, { "politics", "政治建设" }, { "culture", "文化建设" },
    { "society", "社会建设（民生）" }, { "ecology", "生态文明建设" }, { "other", "其他" },
};
const char *const wf_categories[] = { "economy", "politics", "culture", "society", "ecology", "other", NULL };

const char *const wf_not_filed_reasons[] = {
    "一事多议", "不属于政协职能范围", "建议不具体、不可行", "个人诉求或涉诉涉法事项",
    "属于党内事务", "内容重复", "其他", NULL };

const char *const wf_satisfaction[] = { "satisfied", "basic", "dissatisfied", NULL };
const char *const wf_reply_categories[] = { "A", "B", "C", NULL };
const char *const wf_contact_methods[] = { "面商", "电话", "书面", NULL };
const char *const wf_parties[] = { "中共", "民革", "民盟", "民建", "民进", "农工党", "致公党",
    "九三学社", "台盟", "无党派", "群众", NULL };
const char *const wf_supervision_forms[] = { "党政领导牵头督办", "政协领导领衔督办", "专委会协商督办",
    "委员视察督办", "评议督办", NULL };

#define LOOKUP(table, key) do { \
    for (size_t i_ = 0; key && i_ < sizeof table / sizeof table[0]; i_++) \
        if (strcmp(table[i_].code, key) == 0) return table[i_].label; \
    return NULL; } while (0)

const char *wf_state_label(const char *state) { LOOKUP(states, state); }
const char *wf_action_label(const char *action) { LOOKUP(actions, action); }
const char *wf_category_label(const char *category) { LOOKUP(categories, category); }
int wf_state_known(const char *state) { return wf_state_label(state) != NULL; }
int wf_action_known(const char *action) { return wf_action_label(action) != NULL; }

int wf_decide(const wf_rule *rules, int n, const char *action, const char *state,
              int role, const char **to, yz_err *e)
{
    int named = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(rules[i].action, action) != 0) continue;
        named = 1;
        if (strcmp(rules[i].from, state) != 0) continue;
        if (!(rules[i].roles & role))
            return yz_fail(e, 403, "forbidden", NULL, "您的角色（%s）不能在「%s」状态下进行「%s」",
                           role_label(role), wf_state_label(state), wf_action_label(action));
        *to = rules[i].to;
        return 0;
    }
    if (!named)
        return yz_fail(e, 404, "unknown_action", "action", "本机构的办理流程中没有「%s」这一步",
                       wf_action_label(action) ? wf_action_label(action) : action);
    return yz_fail(e, 409, "invalid_state", NULL, "提案当前状态为「%s」，不能进行「%s」",
                   wf_state_label(state) ? wf_state_label(state) : state,
                   wf_action_label(action) ? wf_action_label(action) : action);
}

eval_outcome wf_evaluation_outcome(int authors, int rated, int dissatisfied, int round)
{
    if (rated < authors) return EVAL_WAIT;
    if (dissatisfied > 0 && round < 2) return EVAL_REHANDLE;
    return EVAL_CLOSE;
}

static const char *const cn_digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

void wf_cn_numeral(int n, char *out, size_t len)
{
    if (n < 0 || n > 99) snprintf(out, len, "%d", n);
    else if (n <= 10) snprintf(out, len, "%s", cn_digits[n]);
    else if (n < 20) snprintf(out, len, "十%s", cn_digits[n % 10]);
    else snprintf(out, len, "%s十%s", cn_digits[n / 10], n % 10 ? cn_digits[n % 10] : "");
}

void wf_number_label(int term, int session, int number, char *out, size_t len)
{
    char t[32], s[32];
    wf_cn_numeral(term, t, sizeof t);
    wf_cn_numeral(session, s, sizeof s);
    snprintf(out, len, "%s届%s次会议第%04d号", t, s, number);
}
