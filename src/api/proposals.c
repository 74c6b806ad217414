#include "api.h"
const route proposals_routes[] = { { 0 } };
