/* The deterministic demo data set (issue 2): one city body with ~300 members,
 * 40 handling units and ~600 proposals in every state, plus a small county
 * body that proves the wall between bodies. */
#ifndef YZ_DEMO_H
#define YZ_DEMO_H
#include <stdio.h>
#include "../store/db.h"

/* Loads the data set into an empty, migrated database. Returns 0 or an error
 * status with e set; writes nothing on failure (one transaction). */
int demo_load(db_pool *pool, yz_err *e);
/* 1 if the database already holds the demo data set. */
int demo_present(db_pool *pool);
/* Prints one login per role to out. */
void demo_print_logins(FILE *out, const char *base_url);

#endif
