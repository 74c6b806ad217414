/* Attachments of proposals and replies, stored in the database with the
 * record (a backup holds everything). Types are sniffed from the bytes, never
 * taken from the client; downloads go only to those who may read the proposal. */
#include "proposal_common.h"
#include "../util/clock.h"
#include "../util/secret.h"
#include "../util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ATTACHMENT_MAX (10u << 20)
#define ATTACHMENTS_PER_PROPOSAL 20

int proposal_render(api_ctx *c, int64_t id, int status);

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Returns the content type the bytes really are (and that the name agrees with), or NULL. */
static const char *sniff(const unsigned char *d, size_t n, const char *name)
{
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0 && ends_with(name, ".pdf")) return "application/pdf";
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && ends_with(name, ".png")) return "image/png";
    if (n >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0 && (ends_with(name, ".jpg") || ends_with(name, ".jpeg"))) return "image/jpeg";
    if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) {
        if (ends_with(name, ".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (ends_with(name, ".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (ends_with(name, ".ofd")) return "application/ofd";
        return NULL;
    }
    if (n >= 8 && memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
        if (ends_with(name, ".doc")) return "application/msword";
        if (ends_with(name, ".xls")) return "application/vnd.ms-excel";
        if (ends_with(name, ".wps")) return "application/vnd.ms-works";
        return NULL;
    }
    if (ends_with(name, ".txt") && !memchr(d, 0, n) && utf8_length((const char *)d, n) >= 0) return "text/plain; charset=utf-8";
    return NULL;
}

static int may_upload(api_ctx *c, json_t *p, int64_t reply_id)
{
    const char *state = pstr(p, "state");
    TRY(proposal_check_own(c, p));
    if (reply_id) {
        int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM proposal_replies WHERE id = ? AND proposal_id = ?",
                           DB_ARGS(DBV_INT(reply_id), DBV_INT(pint(p, "id"))));
        if (n < 0) return c->err.status;
        if (!n) return api_error(c, 422, "invalid_reference", "reply_id", "该提案没有这一答复");
    }
    if (c->user.role == ROLE_PROPOSAL_STAFF) return 0;
    if (c->user.role == ROLE_UNIT_HANDLER) {
        if (!reply_id) return api_error(c, 422, "required", "reply_id", "承办单位上传的附件须属于本单位的答复");
        int64_t n = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM proposal_replies WHERE id = ? AND proposal_id = ? AND unit_id = ?",
                           DB_ARGS(DBV_INT(reply_id), DBV_INT(pint(p, "id")), DBV_INT(c->user.unit_id)));
        if (n < 0) return c->err.status;
        return n ? 0 : api_error(c, 403, "forbidden", "reply_id", "只能为本单位的答复上传附件");
    }
    if (!proposal_is_owner(c, p)) return api_error(c, 403, "forbidden", NULL, "只有提案人可以上传提案附件");
    if (strcmp(state, "draft") != 0)
        return api_error(c, 409, "invalid_state", NULL, "提案当前状态为「%s」，只有草稿可以添加附件", wf_state_label(state));
    if (reply_id) return api_error(c, 403, "forbidden", "reply_id", "提案人不能为答复上传附件");
    return 0;
}

static int h_upload(api_ctx *c)
{
    int64_t reply_id = 0;
    int present;
    TRY(api_query_int(c, "reply_id", &reply_id, &present));
    /* Who may upload comes first: a proposal the caller may not see is 404
     * whatever the file, so the answer never tells that it exists. */
    TRY(api_begin(c));
    json_t *p = proposal_load(c, c->id[0]);
    if (!p) return c->err.status;
    int rc = may_upload(c, p, reply_id);
    char state[24];
    snprintf(state, sizeof state, "%s", pstr(p, "state"));
    json_decref(p);
    if (rc) return rc;
    TRY(proposal_lock(c, c->id[0], state));
    const char *name = http_query(c->req, "filename");
    if (!name || !*name) return api_error(c, 422, "required", "filename", "请提供文件名（filename）");
    long nl = utf8_length(name, strlen(name));
    /* text_has_control lets line breaks and tabs through (they are fine in texts, not in a name). */
    if (nl < 0 || nl > 120 || text_has_control(name) || strpbrk(name, "/\\\"\r\n\t"))
        return api_error(c, 422, "invalid_value", "filename", "文件名无效（不超过 120 个字，不含 / \\ \"）");
    size_t n = c->req->body.len;
    if (n == 0) return api_error(c, 422, "empty_file", NULL, "文件内容为空");
    if (n > ATTACHMENT_MAX) return api_error(c, 413, "payload_too_large", NULL, "附件不能超过 10 MB");
    const unsigned char *data = (const unsigned char *)c->req->body.data;
    const char *type = sniff(data, n, name);
    if (!type) return api_error(c, 415, "unsupported_type", "filename",
                                "只接受 PDF、Word、Excel、OFD、JPG、PNG 和纯文本附件，且扩展名须与文件内容一致");
    int64_t count = db_int(c->db, &c->err, 0, "SELECT COUNT(*) FROM attachments WHERE proposal_id = ?", DB_ARGS(DBV_INT(c->id[0])));
    if (count < 0) return c->err.status;
    if (count >= ATTACHMENTS_PER_PROPOSAL) return api_error(c, 422, "too_many", NULL, "每件提案最多 %d 个附件", ATTACHMENTS_PER_PROPOSAL);
    char hash[65];
    sha256_hex(data, n, hash);
    int64_t id = db_insert(c->db, &c->err,
        "INSERT INTO attachments (body_id, proposal_id, reply_id, filename, content_type, size, sha256, data, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(c->user.body_id), DBV_INT(c->id[0]), reply_id ? DBV_INT(reply_id) : DBV_NULL, DBV_TEXT(name),
                DBV_TEXT(type), DBV_INT((int64_t)n), DBV_TEXT(hash), DBV_BLOB(data, n), DBV_INT(c->user.id), DBV_INT(clock_now())));
    if (id < 0) return c->err.status;
    char note[600];   /* 120 characters of up to 4 bytes */
    snprintf(note, sizeof note, "上传附件「%s」", name);
    TRY(proposal_event(c, c->id[0], "attach", state, state, note, 0));
    int64_t version = db_int(c->db, &c->err, 0, "SELECT version FROM proposals WHERE id = ?", DB_ARGS(DBV_INT(c->id[0])));
    TRY(api_commit(c));
    return api_json(c, 201, json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)id, "filename", name,
                                      "content_type", type, "size", (json_int_t)n, "sha256", hash,
                                      "proposal_version", (json_int_t)version));
}

/* RFC 5987 encoding of a UTF-8 file name for Content-Disposition. */
static void disposition(const char *name, char *out, size_t len)
{
    size_t o = (size_t)snprintf(out, len, "attachment; filename=\"attachment\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < len; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-_", *p))
            out[o++] = (char)*p;
        else o += (size_t)snprintf(out + o, len - o, "%%%02X", *p);
    }
    out[o < len ? o : len - 1] = 0;
}

static int h_download(api_ctx *c)
{
    json_t *p = proposal_load(c, c->id[0]);
    if (!p) return c->err.status;
    json_decref(p);
    json_t *meta = db_row(c->db, &c->err, "SELECT filename, content_type FROM attachments WHERE id = ? AND proposal_id = ?",
                          DB_ARGS(DBV_INT(c->id[1]), DBV_INT(c->id[0])));
    if (!meta) return c->err.status ? c->err.status : api_error(c, 404, "not_found", NULL, "附件不存在");
    unsigned char *data;
    size_t n;
    if (db_blob(c->db, &c->err, "SELECT data FROM attachments WHERE id = ?", DB_ARGS(DBV_INT(c->id[1])), &data, &n)) {
        json_decref(meta);
        return c->err.status;
    }
    static const char *const types[] = { "application/pdf", "image/png", "image/jpeg", "text/plain; charset=utf-8",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-works", "application/ofd",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL };
    const char *type = "application/octet-stream";
    for (const char *const *t = types; *t; t++) if (strcmp(*t, pstr(meta, "content_type")) == 0) type = *t;
    /* A name of 120 characters of 4 bytes each is 1,440 bytes percent-encoded: never cut short. */
    char cd[2048];
    disposition(pstr(meta, "filename"), cd, sizeof cd);
    json_decref(meta);
    http_res_set_body(c->res, 200, type, (char *)data, n);
    http_res_add_header(c->res, "Content-Disposition", cd);
    http_res_add_header(c->res, "Cache-Control", "private, no-store");
    return 0;
}

static int h_delete(api_ctx *c)
{
    TRY(api_begin(c));
    json_t *p = proposal_load(c, c->id[0]);
    if (!p) return c->err.status;
    int owner = proposal_is_owner(c, p);
    int draft = strcmp(pstr(p, "state"), "draft") == 0;
    json_decref(p);
    if (!owner) return api_error(c, 403, "forbidden", NULL, "只有提案人可以删除提案附件");
    if (!draft) return api_error(c, 409, "invalid_state", NULL, "提案已提交，附件不能删除");
    TRY(proposal_lock(c, c->id[0], "draft"));
    int64_t n = db_exec(c->db, &c->err, "DELETE FROM attachments WHERE id = ? AND proposal_id = ? AND reply_id IS NULL",
                        DB_ARGS(DBV_INT(c->id[1]), DBV_INT(c->id[0])));
    if (n < 0) return c->err.status;
    if (!n) return api_error(c, 404, "not_found", NULL, "附件不存在");
    TRY(api_commit(c));
    return api_json(c, 200, json_pack("{s:b}", "ok", 1));
}

const route proposal_file_routes[] = {
    { "POST", "/api/v1/proposals/:id/attachments", h_upload, ROLE_MEMBER | ROLE_UNIT_HANDLER | ROLE_PROPOSAL_STAFF, ROUTE_RAW_BODY },
    { "GET", "/api/v1/proposals/:id/attachments/:id", h_download, ROLE_ANY_USER, 0 },
    { "DELETE", "/api/v1/proposals/:id/attachments/:id", h_delete, ROLE_MEMBER | ROLE_PROPOSAL_STAFF | ROLE_COMMITTEE_STAFF, 0 },
    { 0 } };
