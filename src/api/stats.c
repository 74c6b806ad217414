#include "api.h"
const route stats_routes[] = { { 0 } };
