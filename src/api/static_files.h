#ifndef YZ_STATIC_FILES_H
#define YZ_STATIC_FILES_H
#include "api.h"
/* Serves the built web UI from app->static_dir (no traversal outside it);
 * falls back to index.html for client-side routes. */
void static_serve(app *a, http_req *req, http_res *res);
/* Reads a whole file; NULL if missing or larger than max. Caller frees. */
char *static_read_file(const char *path, size_t max, size_t *len);
#endif
