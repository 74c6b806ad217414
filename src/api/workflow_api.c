#include "api.h"
const route workflow_routes[] = { { 0 } };
