#include "seed.h"
#include "../domain/roles.h"
#include "../domain/workflow.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include <stdio.h>

static void roles_to_list(int mask, char *out, size_t len)
{
    buf b;
    buf_init(&b, len - 1);
    for (int r = 1; r <= ROLE_SYSTEM; r <<= 1) {
        if (!(mask & r)) continue;
        if (b.len) buf_puts(&b, ",");
        buf_puts(&b, role_code(r));
    }
    snprintf(out, len, "%s", buf_str(&b));
    buf_reset(&b);
}

int seed_body_defaults(db_conn *c, yz_err *e, int64_t body_id)
{
    for (int i = 0; i < wf_default_stage_count; i++) {
        const wf_stage *s = &wf_default_stages[i];
        if (db_exec(c, e, "INSERT INTO review_stages (body_id, position, code, name, role) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(body_id), DBV_INT(i + 1), DBV_TEXT(s->code), DBV_TEXT(s->name),
                            DBV_TEXT(role_code(s->role)))) < 0)
            return e->status;
    }
    for (int i = 0; i < wf_default_rule_count; i++) {
        const wf_rule *r = &wf_default_rules[i];
        char roles[200];
        roles_to_list(r->roles, roles, sizeof roles);
        if (db_exec(c, e, "INSERT INTO workflow_transitions (body_id, action, from_state, to_state, roles) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(body_id), DBV_TEXT(r->action), DBV_TEXT(r->from), DBV_TEXT(r->to),
                            DBV_TEXT(roles))) < 0)
            return e->status;
    }
    return 0;
}

int64_t seed_body(db_conn *c, yz_err *e, const char *name, const char *short_name, const char *level,
                  int64_t parent_id, int term_number, int session_number, int year)
{
    int64_t now = clock_now();
    int64_t body = db_insert(c, e,
        "INSERT INTO bodies (name, short_name, level, parent_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_TEXT(name), DBV_TEXT(short_name), DBV_TEXT(level),
                parent_id ? DBV_INT(parent_id) : DBV_NULL, DBV_INT(now)));
    if (body < 0) return -1;
    char tn[32], sn[32], tname[64], sname[96], start[24], end[24], sstart[24], send[24];
    wf_cn_numeral(term_number, tn, sizeof tn);
    wf_cn_numeral(session_number, sn, sizeof sn);
    snprintf(tname, sizeof tname, "第%s届", tn);
    snprintf(sname, sizeof sname, "%s届%s次会议", tn, sn);
    int term_start = year - session_number + 1;
    snprintf(start, sizeof start, "%04d-01-01", term_start);
    snprintf(end, sizeof end, "%04d-12-31", term_start + 4);
    snprintf(sstart, sizeof sstart, "%04d-01-01", year);
    snprintf(send, sizeof send, "%04d-12-31", year);
    int64_t term = db_insert(c, e,
        "INSERT INTO terms (body_id, number, name, start_date, end_date) VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(body), DBV_INT(term_number), DBV_TEXT(tname), DBV_TEXT(start), DBV_TEXT(end)));
    if (term < 0) return -1;
    int64_t sess = db_insert(c, e,
        "INSERT INTO sessions (body_id, term_id, number, year, name, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(body), DBV_INT(term), DBV_INT(session_number), DBV_INT(year), DBV_TEXT(sname),
                DBV_TEXT(sstart), DBV_TEXT(send)));
    if (sess < 0) return -1;
    if (db_exec(c, e, "UPDATE bodies SET current_session_id = ? WHERE id = ?", DB_ARGS(DBV_INT(sess), DBV_INT(body))) < 0)
        return -1;
    if (seed_body_defaults(c, e, body)) return -1;
    return body;
}
