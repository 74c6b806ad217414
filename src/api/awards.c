/* Excellent handling units (先进承办单位), selected per session (domain.md §3).
 * Excellent proposals are a flag on the proposal (proposal_extras.c). */
#include "api.h"
#include "../util/clock.h"
#include <stdio.h>
#include <string.h>

/* The session must belong to the caller's body: 404 otherwise (never reveal others'). */
static int own_session(api_ctx *c, int64_t id)
{
    int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM sessions WHERE id = ? AND body_id = ?",
                       DB_ARGS(DBV_INT(id), DBV_INT(c->user.body_id)));
    if (n < 0) return c->err.status;
    return n ? 0 : api_error(c, 404, "not_found", NULL, "会次不存在");
}

static int render(api_ctx *c, int64_t session)
{
    json_t *rows = db_rows(c->db, &c->err,
        "SELECT w.unit_id, h.name, w.note, w.created_at FROM unit_awards w JOIN handling_units h ON h.id = w.unit_id "
        "WHERE w.session_id = ? AND w.kind = 'excellent_unit' ORDER BY h.name, w.unit_id", DB_ARGS(DBV_INT(session)));
    if (!rows) return c->err.status;
    page pg = { 1, (int64_t)json_array_size(rows), 0 };
    return api_list(c, rows, (int64_t)json_array_size(rows), &pg);
}

static int h_list(api_ctx *c)
{
    TRY(own_session(c, c->id[0]));
    return render(c, c->id[0]);
}

/* Replaces the session's selection as a whole (the chair meeting's list). */
static int h_put(api_ctx *c)
{
    /* not "required" in the spec: an empty list is allowed and clears the selection */
    static const field fields[] = { { "units", F_OBJ_ARRAY, 0, 100, NULL, "先进承办单位", 0 }, { 0 } };
    static const field item[] = {
        { "unit_id", F_INT, 1, 0, NULL, "承办单位", 1 },
        { "note", F_STR, 0, 200, NULL, "评选说明", 0 },
        { 0 } };
    TRY(api_check_body(c, fields));
    if (!api_has(c, "units")) return api_error(c, 422, "required", "units", "请提供「先进承办单位」列表（可以为空）");
    TRY(own_session(c, c->id[0]));
    json_t *units = json_object_get(c->body, "units");
    size_t i, j;
    json_t *u;
    char prefix[48];
    json_array_foreach(units, i, u) {
        snprintf(prefix, sizeof prefix, "units[%zu].", i);
        TRY(api_check_object(c, u, item, prefix));
        snprintf(prefix, sizeof prefix, "units[%zu].unit_id", i);
        TRY(api_ref_in_body(c, "handling_units", json_integer_value(json_object_get(u, "unit_id")), prefix, "承办单位"));
        for (j = 0; j < i; j++)
            if (json_integer_value(json_object_get(json_array_get(units, j), "unit_id")) == json_integer_value(json_object_get(u, "unit_id")))
                return api_error(c, 422, "duplicate", prefix, "同一承办单位只能出现一次");
    }
    TRY(api_begin(c));
    if (db_exec(c->db, &c->err, "DELETE FROM unit_awards WHERE session_id = ? AND kind = 'excellent_unit'",
                DB_ARGS(DBV_INT(c->id[0]))) < 0)
        return c->err.status;
    json_array_foreach(units, i, u) {
        const char *note = json_string_value(json_object_get(u, "note"));
        if (db_exec(c->db, &c->err, "INSERT INTO unit_awards (session_id, unit_id, body_id, kind, note, created_by, created_at) "
                                    "VALUES (?, ?, ?, 'excellent_unit', ?, ?, ?)",
                    DB_ARGS(DBV_INT(c->id[0]), DBV_INT(json_integer_value(json_object_get(u, "unit_id"))), DBV_INT(c->user.body_id),
                            DBV_TEXT(note ? note : ""), DBV_INT(c->user.id), DBV_INT(clock_now()))) < 0)
            return c->err.status;
    }
    TRY(api_commit(c));
    return render(c, c->id[0]);
}

const route award_routes[] = {
    { "GET", "/api/v1/sessions/:id/excellent-units", h_list, ROLE_STAFF, 0 },
    { "PUT", "/api/v1/sessions/:id/excellent-units", h_put, ROLE_PROPOSAL_STAFF, 0 },
    { 0 } };
