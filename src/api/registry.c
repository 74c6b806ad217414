/* Registry (domain.md §2): bodies, terms, sessions, sectors, committees,
 * participating units, handling units, members, studios. */
#include "api.h"
const route registry_routes[] = { { 0 } };
