/* The proposal state machine's decisions on the default rules. */
#include "domain/roles.h"
#include "domain/workflow.h"
#include "test.h"

static int decide(const char *action, const char *state, int role, const char **to, yz_err *e)
{
    *to = NULL;
    yz_err_clear(e);
    return wf_decide(wf_default_rules, wf_default_rule_count, action, state, role, to, e);
}

static void test_decide(void)
{
    const char *to;
    yz_err e;

    CHECK_EQ_INT(decide("submit", "draft", ROLE_MEMBER, &to, &e), 0);
    CHECK_EQ_STR(to, "submitted");
    CHECK_EQ_INT(e.status, 0);

    /* Filing a draft: the action exists, the state is wrong. */
    CHECK_EQ_INT(decide("file", "draft", ROLE_PROPOSAL_STAFF, &to, &e), 409);
    CHECK_EQ_STR(e.code, "invalid_state");
    CHECK(strstr(e.message, "草稿") != NULL);
    CHECK(strstr(e.message, "立案") != NULL);
    CHECK(to == NULL);

    /* Right state, wrong role. */
    CHECK_EQ_INT(decide("accept", "assigned", ROLE_MEMBER, &to, &e), 403);
    CHECK_EQ_STR(e.code, "forbidden");
    CHECK(strstr(e.message, "委员") != NULL);
    CHECK(to == NULL);
    CHECK_EQ_INT(decide("accept", "assigned", ROLE_UNIT_HANDLER, &to, &e), 0);
    CHECK_EQ_STR(to, "handling");

    /* No rule names the action at all. */
    CHECK_EQ_INT(decide("teleport", "draft", ROLE_ADMIN, &to, &e), 404);
    CHECK_EQ_STR(e.code, "unknown_action");
    CHECK_EQ_STR(e.field, "action");

    CHECK_EQ_INT(decide("file", "under_review", ROLE_PROPOSAL_STAFF, &to, &e), 0);
    CHECK_EQ_STR(to, "filed");
    CHECK_EQ_INT(decide("file", "under_review", ROLE_MEMBER, &to, &e), 403);
    CHECK_EQ_INT(decide("assign", "filed", ROLE_COMMITTEE_STAFF, &to, &e), 403);
    CHECK_EQ_INT(decide("withdraw", "under_review", ROLE_MEMBER, &to, &e), 0);
    CHECK_EQ_STR(to, "withdrawn");
    CHECK_EQ_INT(decide("withdraw", "filed", ROLE_MEMBER, &to, &e), 409);
    CHECK(strstr(e.message, "已立案") != NULL);
    CHECK_EQ_INT(decide("reply", "rehandling", ROLE_UNIT_HANDLER, &to, &e), 0);
    CHECK_EQ_STR(to, "replied");
    /* Automatic transitions belong to the system alone. */
    CHECK_EQ_INT(decide("close", "replied", ROLE_ADMIN, &to, &e), 403);
    CHECK_EQ_INT(decide("close", "replied", ROLE_SYSTEM, &to, &e), 0);
    CHECK_EQ_STR(to, "closed");
}

static void test_tables(void)
{
    CHECK_EQ_STR(wf_state_label("draft"), "草稿");
    CHECK_EQ_STR(wf_state_label("filed"), "已立案");
    CHECK_EQ_STR(wf_action_label("file"), "立案");
    CHECK_EQ_STR(wf_category_label("society"), "社会建设（民生）");
    CHECK(wf_state_label("nope") == NULL);
    CHECK(wf_state_label(NULL) == NULL);
    CHECK(!wf_state_known("nope"));
    CHECK(wf_action_known("evaluate"));

    /* Every rule names known states and actions; every listed action has a rule. */
    int unknown = 0;
    for (int i = 0; i < wf_default_rule_count; i++)
        unknown += !wf_state_known(wf_default_rules[i].from) + !wf_state_known(wf_default_rules[i].to)
                   + !wf_action_known(wf_default_rules[i].action) + (wf_default_rules[i].roles == 0);
    CHECK_EQ_INT(unknown, 0);
    int ruleless = 0;
    for (const char *const *a = wf_actions; *a; a++) {
        int found = 0;
        for (int i = 0; i < wf_default_rule_count; i++) found |= strcmp(wf_default_rules[i].action, *a) == 0;
        if (!found) { printf("  action without a rule: %s\n", *a); ruleless++; }
    }
    CHECK_EQ_INT(ruleless, 0);
    int labelled = 0;
    for (const char *const *s = wf_states; *s; s++) labelled += wf_state_known(*s);
    CHECK_EQ_INT(labelled, 13);
    CHECK_EQ_INT(wf_default_stage_count, 4);
    CHECK_EQ_STR(wf_default_stages[0].code, "self_check");
}

static void test_evaluation(void)
{
    CHECK_EQ_INT(wf_evaluation_outcome(2, 0, 0, 1), EVAL_WAIT);
    CHECK_EQ_INT(wf_evaluation_outcome(2, 1, 1, 1), EVAL_WAIT);     /* one author still to rate */
    CHECK_EQ_INT(wf_evaluation_outcome(2, 2, 0, 1), EVAL_CLOSE);
    CHECK_EQ_INT(wf_evaluation_outcome(2, 2, 1, 1), EVAL_REHANDLE);
    CHECK_EQ_INT(wf_evaluation_outcome(1, 1, 1, 1), EVAL_REHANDLE);
    CHECK_EQ_INT(wf_evaluation_outcome(2, 2, 2, 2), EVAL_CLOSE);    /* second round is final */
    CHECK_EQ_INT(wf_evaluation_outcome(3, 3, 0, 2), EVAL_CLOSE);
    CHECK_EQ_INT(wf_evaluation_outcome(3, 2, 0, 2), EVAL_WAIT);
}

int main(void)
{
    test_decide();
    test_tables();
    test_evaluation();
    return test_summary();
}
