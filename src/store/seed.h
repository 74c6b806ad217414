/* Writes the defaults a new body starts with: the review chain and the
 * workflow rules (domain/workflow.c), inside the caller's transaction. */
#ifndef YZ_SEED_H
#define YZ_SEED_H
#include "db.h"

int seed_body_defaults(db_conn *c, yz_err *e, int64_t body_id);
/* Creates a body with its first term and session; returns the body id or -1. */
int64_t seed_body(db_conn *c, yz_err *e, const char *name, const char *short_name, const char *level,
                  int64_t parent_id, int term_number, int session_number, int year);

#endif
