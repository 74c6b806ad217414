#ifndef YZ_AUTH_H
#define YZ_AUTH_H
#include "api.h"

/* 1 if the request carries a session cookie or a bearer token. */
int auth_peek(api_ctx *c);
/* Resolves the cookie or bearer token into c->user; 401 if missing/invalid. */
int auth_resolve(api_ctx *c);
/* Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token. */
int auth_check_csrf(api_ctx *c);
/* Ends every session of a user (password change or reset). */
int auth_end_sessions(api_ctx *c, int64_t user_id);
/* Loads the user row's public fields (no hash) as a new object; NULL if missing. */
json_t *auth_user_json(api_ctx *c, int64_t user_id);

#endif
