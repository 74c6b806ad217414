/* User helpers shared by users.c, registry.c (a new body's first admin) and auth.c. */
#ifndef YZ_USERS_H
#define YZ_USERS_H
#include "api.h"

/* 3..64 of [A-Za-z0-9_.-], not yet taken in any body (usernames are global). */
int users_check_username(api_ctx *c, const char *username, const char *fname);
/* password_acceptable(), answered as 422 weak_password on fname. */
int users_check_password(api_ctx *c, const char *pw, const char *fname);
/* Hashing is slow (argon2id), so callers do it before opening a transaction. */
int users_hash_password(api_ctx *c, const char *pw, char out[128]);
/* Inserts a user whose links were already checked; returns its id or -1 with c->err set. */
int64_t users_insert(api_ctx *c, int64_t body_id, const char *username, const char *display_name,
                     const char *hash, const char *role, int64_t member_id, int64_t unit_id,
                     int64_t committee_id);
/* Admin reset of a user of the caller's body: sets the password, ends their sessions. */
int auth_reset_password(api_ctx *c, int64_t uid);

#endif
