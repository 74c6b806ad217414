/* API layer: one file per resource. Each handler parses and validates its
 * input, calls the domain rules, reads and writes through the store, and
 * renders JSON. The dispatcher (router.c) authenticates, checks the route's
 * roles, borrows a database connection and, on any error return, rolls back
 * whatever the handler had begun and answers with the one error shape. */
#ifndef YZ_API_H
#define YZ_API_H
#include <jansson.h>
#include <stdint.h>
#include "../http/http.h"
#include "../store/db.h"
#include "../util/err.h"
#include "../domain/roles.h"

typedef struct app {
    db_pool *pool;
    int test_clock;            /* enables POST /api/v1/_test/clock */
    int secure_cookies;        /* add Secure to cookies (behind TLS) */
    const char *static_dir;    /* built web UI, may be NULL */
    const char *openapi_path;  /* docs/openapi.yaml */
} app;

typedef struct user_ctx {
    int64_t id, body_id, member_id, unit_id, committee_id;
    int role;
    char username[96];
    char display_name[160];
    char csrf[80];
    char session_hash[80];
    int via_token;
} user_ctx;

typedef struct api_ctx {
    app *app;
    http_req *req;
    http_res *res;
    db_conn *db;
    user_ctx user;
    int authed;
    int64_t id[4];             /* :id captures, in path order */
    int nid;
    char word[2][48];          /* word captures (action names) */
    int nword;
    json_t *body;              /* parsed JSON body or NULL */
    int64_t record_body;       /* body of the proposal being acted on (0: the caller's); a joint
                                * proposal (联合提案) may belong to a neighbouring body */
    yz_err err;
} api_ctx;

/* Returns 0 once a response is set, or an error status with c->err filled. */
typedef int (*api_fn)(api_ctx *c);

enum { ROUTE_PUBLIC = 1, ROUTE_RAW_BODY = 2 };

typedef struct route {
    const char *method;
    const char *pattern;       /* e.g. "/api/v1/proposals/:id/actions/STAR" (STAR = one word) */
    api_fn fn;
    int roles;                 /* allowed roles; checked before the handler */
    unsigned flags;
} route;

/* Every route as "METHOD /api/v1/pattern" lines (:id for ids, * for a word). */
#include <stdio.h>
void api_print_routes(FILE *out);

/* Entry point handed to the HTTP layer. */
void api_handle(void *app, http_req *req, http_res *res);

/* --- responses --------------------------------------------------------- */
/* Steals obj. Always returns 0. */
int api_json(api_ctx *c, int status, json_t *obj);
/* Sets c->err and returns status: `return api_error(c, 404, "not_found", NULL, "提案不存在");` */
int api_error(api_ctx *c, int status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The one error shape; used by the dispatcher and the HTTP-level failures. */
void api_render_error(http_res *res, const yz_err *e);

/* --- input validation -------------------------------------------------- */
typedef enum {
    F_STR,       /* single line: no control characters */
    F_TEXT,      /* multi-line text */
    F_INT,
    F_BOOL,
    F_DATE,      /* YYYY-MM-DD, a real date */
    F_ENUM,      /* one of .enums */
    F_INT_ARRAY, /* array of positive integers, up to .max items */
    F_OBJ_ARRAY, /* array of objects, up to .max items; the handler checks them */
} field_type;

typedef struct field {
    const char *name;
    field_type type;
    int required;
    long max;                  /* F_STR/F_TEXT: characters; F_INT: maximum; arrays: items */
    const char *const *enums;  /* NULL-terminated, for F_ENUM */
    const char *label;         /* Chinese name for messages */
    long min;                  /* F_STR/F_TEXT: characters (when required); F_INT: minimum */
} field;

/* Checks c->body against fields: an object, no unknown field, required ones
 * present, types, lengths, enums, dates. 0 or 400/422 with the field named. */
int api_check_body(api_ctx *c, const field *fields);
/* Same, for any object (items of an F_OBJ_ARRAY). */
int api_check_object(api_ctx *c, json_t *obj, const field *fields, const char *prefix);
const char *api_str(api_ctx *c, const char *name);              /* NULL when absent/null */
int64_t api_int(api_ctx *c, const char *name, int64_t dflt);
int api_bool(api_ctx *c, const char *name, int dflt);
int api_has(api_ctx *c, const char *name);

/* "%text%" with %, _ and \ escaped, for `LIKE ? ESCAPE '\'`; malloc'd, NULL when out of memory. */
char *api_like_pattern(const char *text);

/* Validates a date string; returns 1 if valid. */
int api_valid_date(const char *s);

/* Turns the 0/1 integers under these names into JSON booleans, in an object or
 * in every object of an array (the store has no boolean type). names ends with NULL. */
void api_booleans(json_t *v, const char *const *names);

/* --- pagination and lists ---------------------------------------------- */
typedef struct page { int64_t page, size, offset; } page;
/* Reads page / page_size (default 1 / 20, size ≤ 200). */
int api_page(api_ctx *c, page *p);
/* The same with another default page size. */
int api_page_sized(api_ctx *c, page *p, int64_t default_size);
/* {"items": items, "total": n, "page": .., "page_size": ..}; steals items. */
int api_list(api_ctx *c, json_t *items, int64_t total, const page *p);
/* Reads an integer query parameter; 0 ok, 400 if present and not an integer. */
int api_query_int(api_ctx *c, const char *name, int64_t *out, int *present);

/* --- common checks ------------------------------------------------------ */
int api_require_role(api_ctx *c, int roles);
/* Optimistic concurrency: reads "version" from the body (required). */
int api_version(api_ctx *c, int64_t *version);
/* Answers 409 stale or 404 when an UPDATE ... WHERE version=? touched no row. */
int api_stale_or_missing(api_ctx *c, const char *table, int64_t id);
/* Begins a write transaction (errors fill c->err). */
int api_begin(api_ctx *c);
int api_commit(api_ctx *c);
/* Checks that a row of table with id exists in the caller's body and is active. */
int api_ref_in_body(api_ctx *c, const char *table, int64_t id, const char *field, const char *label);

#define TRY(x) do { int rc_ = (x); if (rc_) return rc_; } while (0)

/* --- route tables (one per resource file) ------------------------------ */
extern const route auth_routes[];
extern const route registry_routes[];
extern const route users_routes[];
extern const route proposals_routes[];
extern const route proposal_action_routes[];
extern const route proposal_extra_routes[];
extern const route proposal_file_routes[];
extern const route workflow_routes[];
extern const route stats_routes[];
extern const route award_routes[];
extern const route meta_routes[];

#endif
