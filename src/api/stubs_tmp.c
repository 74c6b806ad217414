#include "api.h"
const route registry_routes[] = { { 0 } };
const route users_routes[] = { { 0 } };
const route proposals_routes[] = { { 0 } };
const route workflow_routes[] = { { 0 } };
const route stats_routes[] = { { 0 } };
