#include "static_files.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_MAX (32u << 20)

char *static_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) { fclose(f); return NULL; }
    char *data = malloc((size_t)st.st_size + 1);
    if (!data) { fclose(f); return NULL; }
    size_t n = fread(data, 1, (size_t)st.st_size, f);
    fclose(f);
    if (n != (size_t)st.st_size) { free(data); return NULL; }
    data[n] = 0;
    *len = n;
    return data;
}

static const char *mime_of(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" }, { ".json", "application/json" },
        { ".svg", "image/svg+xml" }, { ".png", "image/png" }, { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" }, { ".yaml", "text/yaml; charset=utf-8" }, { ".txt", "text/plain; charset=utf-8" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

static void not_found(http_res *res)
{
    yz_err e = { .status = 404, .code = "not_found", .message = "页面不存在" };
    api_render_error(res, &e);
}

void static_serve(app *a, http_req *req, http_res *res)
{
    const char *p = req->path;
    if (!a->static_dir || strstr(p, "..") || strchr(p, '\\') || p[0] != '/') { not_found(res); return; }
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) { not_found(res); return; }
    char path[1024];
    int hashed = strncmp(p, "/assets/", 8) == 0;
    snprintf(path, sizeof path, "%s%s", a->static_dir, strcmp(p, "/") == 0 ? "/index.html" : p);
    size_t len;
    char *data = static_read_file(path, STATIC_MAX, &len);
    if (!data && !hashed && !strchr(strrchr(p, '/'), '.')) {
        snprintf(path, sizeof path, "%s/index.html", a->static_dir);  /* client-side route */
        data = static_read_file(path, STATIC_MAX, &len);
    }
    if (!data) { not_found(res); return; }
    http_res_set_body(res, 200, mime_of(path), data, len);
    http_res_add_header(res, "Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
}
