/* The proposal state machine (domain.md §3) as data. Each body stores its own
 * copy of the rules (workflow_transitions, review_stages); the defaults below
 * seed a new body. Decisions here are pure: no I/O. */
#ifndef YZ_WORKFLOW_H
#define YZ_WORKFLOW_H
#include <stddef.h>
#include "../util/err.h"

typedef struct wf_rule {
    const char *action;
    const char *from;
    const char *to;
    int roles;             /* ROLE_* mask that may take it */
} wf_rule;

typedef struct wf_stage {
    const char *code;
    const char *name;
    int role;
} wf_stage;

extern const wf_rule wf_default_rules[];
extern const int wf_default_rule_count;
extern const wf_stage wf_default_stages[];
extern const int wf_default_stage_count;

extern const char *const wf_states[];          /* NULL-terminated */
extern const char *const wf_actions[];         /* NULL-terminated: every action the code implements */
extern const char *const wf_categories[];      /* proposal categories, NULL-terminated */
extern const char *const wf_not_filed_reasons[];

const char *wf_state_label(const char *state);       /* "filed" -> "已立案" */
const char *wf_action_label(const char *action);     /* "file" -> "立案" */
const char *wf_category_label(const char *category); /* "society" -> "社会建设（民生）" */
int wf_state_known(const char *state);
int wf_action_known(const char *action);

/* Decides whether role may take action from state under rules.
 * Returns 0 and sets *to; 404 for an action no rule names; 409 (invalid_state,
 * naming the current state) when the action exists but not from this state;
 * 403 when the state is right but the role is not. */
int wf_decide(const wf_rule *rules, int n, const char *action, const char *state,
              int role, const char **to, yz_err *e);

/* Evaluation outcome once every author has rated a round. */
typedef enum { EVAL_WAIT, EVAL_CLOSE, EVAL_REHANDLE } eval_outcome;
/* authors: how many must rate; rated: how many did; dissatisfied: how many
 * rated the result 不满意; round: 1 or 2 (the second is final). */
eval_outcome wf_evaluation_outcome(int authors, int rated, int dissatisfied, int round);

/* Satisfaction codes: satisfied | basic | dissatisfied. */
extern const char *const wf_satisfaction[];
extern const char *const wf_reply_categories[];    /* A, B, C */
extern const char *const wf_contact_methods[];     /* 面商, 电话, 书面 */
extern const char *const wf_parties[];
extern const char *const wf_supervision_forms[];

/* 1..99 as Chinese numerals: 8 -> 八, 12 -> 十二, 21 -> 二十一. */
void wf_cn_numeral(int n, char *out, size_t len);
/* "八届三次会议第0123号" from term 8, session 3, number 123. */
void wf_number_label(int term, int session, int number, char *out, size_t len);

#endif
