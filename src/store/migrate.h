#ifndef YZ_MIGRATE_H
#define YZ_MIGRATE_H
#include "db.h"

/* Applies every migration newer than the database's version, each in its own
 * transaction. Returns 0 or an error status. *applied gets how many ran. */
int migrate_run(db_conn *c, yz_err *e, int *applied);
/* Version of the newest migration this binary knows. */
int migrate_latest(void);

#endif
