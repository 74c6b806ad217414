/* Shared plumbing of the proposal resource files: who may read what, loading
 * a proposal, the body's rules, time limits and calendar, and the event log. */
#ifndef YZ_PROPOSAL_COMMON_H
#define YZ_PROPOSAL_COMMON_H
#include "api.h"
#include "../domain/calendar.h"
#include "../domain/workflow.h"

/* Appends "AND (<visibility of p for the caller>)" to q; p is the proposals alias. */
void proposal_scope(api_ctx *c, qb *q);
/* Loads proposal id if the caller may read it: a new object, or NULL with 404
 * (also for other bodies' records: never reveal they exist). */
json_t *proposal_load(api_ctx *c, int64_t id);
/* 0 if the caller's body owns the loaded proposal p; 403 for one another body
 * forwarded to it (§9: readable there, never written to). */
int proposal_check_own(api_ctx *c, json_t *p);
/* Convenience getters on a loaded row. */
const char *pstr(json_t *p, const char *k);
int64_t pint(json_t *p, const char *k);

/* The body whose rules, limits and calendar apply to the loaded proposal. */
int64_t proposal_rules_body(const api_ctx *c);
/* Members of the proposal's body or of a body directly above or below it may co-sign (联合提案). */
int proposal_cosigner_allowed(api_ctx *c, int64_t member_id, int64_t body_id);

/* The body's transition rules, checked with wf_decide: 0 and *to, or an error status. */
int proposal_decide(api_ctx *c, const char *action, const char *state, int role, const char **to);
/* Moves the proposal to a new state with optimistic locking on version, setting
 * extra columns given as "col = ?" fragments in q (may be NULL). */
int proposal_set_state(api_ctx *c, int64_t id, int64_t version, const char *to, const qb *extra);
/* Bumps the proposal's version if it is still in `state`, locking its row for
 * the rest of the transaction; 409 if the state changed since it was read.
 * Call before writing anything that depends on that state. */
int proposal_lock(api_ctx *c, int64_t id, const char *state);
/* Appends a history entry (actor = caller, or NULL for system when system is set). */
int proposal_event(api_ctx *c, int64_t id, const char *action, const char *from, const char *to,
                   const char *note, int system);
/* A limit of the caller's body (settings override or default). */
int proposal_limit(api_ctx *c, const char *key);
int proposal_limit_for(db_conn *db, yz_err *e, int64_t body_id, const char *key);
/* Loads the working-day calendar; free cal->ex with free(). */
int proposal_calendar(db_conn *db, yz_err *e, calendar *cal);
/* How a limit counts from today. */
typedef enum { LIMIT_MONTHS, LIMIT_DAYS, LIMIT_WORKDAYS } limit_unit;
/* Today plus the body's limit `key` on the working-day calendar (months and
 * days roll forward to a working day), as YYYY-MM-DD into out. */
int proposal_deadline(api_ctx *c, const char *key, limit_unit unit, char out[11]);
/* Today as a day number (Beijing time, test clock applied). */
int32_t proposal_today(void);
/* 1 if the caller is a confirmed author (first, co-signer, merged) of proposal id. */
int proposal_is_author(api_ctx *c, int64_t id);
/* 1 if the caller created the proposal or is its first author. */
int proposal_is_owner(api_ctx *c, json_t *p);

/* Runs time-driven transitions for every body: expired co-sign invitations,
 * evaluation windows that closed. Idempotent; safe from several processes. */
int proposal_tick(db_conn *db, yz_err *e);

#endif
