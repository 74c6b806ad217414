/* Users of a body: create, list, update, deactivate, reset password. */
#include "api.h"
const route users_routes[] = { { 0 } };
