/* POST /api/v1/members/import: a roster as CSV (the way offices keep it in a
 * spreadsheet). All or nothing: every row is checked first, and one bad row
 * means nothing is written and every problem is listed with its spreadsheet
 * row number (header = row 1) and column, so the office fixes the file once. */
#include "api.h"
#include "../domain/workflow.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int registry_members_import(api_ctx *c);

#define IMPORT_MAX_ROWS 5000
#define IMPORT_MAX_ERRORS 500   /* listed; the count covers them all */
#define FIELD_MAX (64 * 1024)

enum { COL_NAME, COL_GENDER, COL_ETHNICITY, COL_PARTY, COL_SECTOR, COL_COMMITTEE, COL_STANDING,
       COL_WORKPLACE, COL_PHONE, COL_EMAIL, NCOLS };

/* Accepted header names per column: Chinese first (used in messages), then aliases. */
static const struct { const char *names[5]; int required; int max; } columns[NCOLS] = {
    [COL_NAME] = { { "姓名", "name", NULL }, 1, 40 },
    [COL_GENDER] = { { "性别", "gender", NULL }, 1, 0 },
    [COL_ETHNICITY] = { { "民族", "ethnicity", NULL }, 0, 20 },
    [COL_PARTY] = { { "党派", "party", "政治面貌", NULL }, 1, 0 },
    [COL_SECTOR] = { { "界别", "sector", NULL }, 1, 0 },
    [COL_COMMITTEE] = { { "专委会", "committee", "专门委员会", NULL }, 1, 0 },
    [COL_STANDING] = { { "常委", "standing", "是否常委", NULL }, 0, 0 },
    [COL_WORKPLACE] = { { "工作单位及职务", "workplace", "工作单位", NULL }, 0, 100 },
    [COL_PHONE] = { { "电话", "phone", "联系电话", "手机", NULL }, 0, 20 },
    [COL_EMAIL] = { { "邮箱", "email", "电子邮箱", NULL }, 0, 100 },
};

/* --- CSV ------------------------------------------------------------------- */

/* Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks;
 * lines end in LF, CRLF or CR) into an array of records (arrays of strings).
 * Blank lines stay as records so that numbering matches the spreadsheet.
 * Stops after max_records. NULL with c->err set on a malformed file. */
static json_t *csv_parse(api_ctx *c, const char *p, size_t n, size_t max_records)
{
    json_t *records = json_array(), *rec = json_array();
    buf f;
    buf_init(&f, FIELD_MAX);
    size_t i = 0;
    int fresh = 1;           /* nothing read yet of the current record */
    while (i < n) {
        if (p[i] == '"') {
            size_t start_row = json_array_size(records) + 1;
            i++;
            for (;;) {
                if (i >= n) {
                    json_decref(records); json_decref(rec); buf_reset(&f);
                    api_error(c, 422, "invalid_csv", NULL, "文件格式有误：第 %zu 行的引号没有闭合", start_row);
                    return NULL;
                }
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') { buf_append(&f, "\"", 1); i += 2; continue; }
                    i++;
                    break;
                }
                buf_append(&f, p + i, 1);
                i++;
            }
        }
        /* Unquoted text, or whatever follows a closing quote, up to the delimiter. */
        while (i < n && p[i] != ',' && p[i] != '\n' && p[i] != '\r') { buf_append(&f, p + i, 1); i++; }
        if (f.failed) {
            api_error(c, 422, "invalid_csv", NULL, "文件格式有误：第 %zu 行有超长的单元格", json_array_size(records) + 1);
            json_decref(records); json_decref(rec); buf_reset(&f);
            return NULL;
        }
        json_array_append_new(rec, json_stringn(buf_str(&f), f.len));
        buf_reset(&f);
        buf_init(&f, FIELD_MAX);
        fresh = 0;
        if (i < n && p[i] == ',') { i++; if (i == n) json_array_append_new(rec, json_string("")); continue; }
        /* End of record. */
        if (i < n && p[i] == '\r') { i++; if (i < n && p[i] == '\n') i++; }
        else if (i < n && p[i] == '\n') i++;
        json_array_append_new(records, rec);
        rec = json_array();
        fresh = 1;
        if (json_array_size(records) > max_records) break;
    }
    if (!fresh) json_array_append_new(records, rec);
    else json_decref(rec);
    buf_reset(&f);
    return records;
}

/* --- validation ------------------------------------------------------------ */

static int record_blank(json_t *rec)
{
    size_t i;
    json_t *v;
    json_array_foreach(rec, i, v) {
        char *t = text_trim_dup(json_string_value(v));
        int empty = !t || !*t;
        free(t);
        if (!empty) return 0;
    }
    return 1;
}

static int header_column(const char *name)
{
    for (int col = 0; col < NCOLS; col++)
        for (int k = 0; columns[col].names[k]; k++)
            if (strcasecmp(columns[col].names[k], name) == 0) return col;
    return -1;
}

static void add_error(json_t *errors, int *count, size_t row, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add_error(json_t *errors, int *count, size_t row, const char *column, const char *fmt, ...)
{
    (*count)++;
    if (json_array_size(errors) >= IMPORT_MAX_ERRORS) return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_pack("{s:I, s:s}", "row", (json_int_t)row, "message", msg);
    if (column) json_object_set_new(e, "column", json_string(column));
    json_array_append_new(errors, e);
}

/* name -> id of the active sectors or committees of the caller's body. */
static json_t *name_map(api_ctx *c, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id, name FROM %s WHERE body_id = ? AND active = 1", table);
    json_t *rows = db_rows(c->db, &c->err, sql, DB_ARGS(DBV_INT(c->user.body_id)));
    if (!rows) return NULL;
    json_t *map = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        json_object_set(map, json_string_value(json_object_get(r, "name")), json_object_get(r, "id"));
    json_decref(rows);
    return map;
}

static int valid_phone(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == ' ' || *s == '(' || *s == ')')) return 0;
    return 1;
}

static int parse_standing(const char *s, int *out)
{
    static const char *const yes[] = { "是", "1", "y", "yes", "true", NULL };
    static const char *const no[] = { "", "否", "0", "n", "no", "false", NULL };
    for (int i = 0; yes[i]; i++) if (strcasecmp(s, yes[i]) == 0) { *out = 1; return 1; }
    for (int i = 0; no[i]; i++) if (strcasecmp(s, no[i]) == 0) { *out = 0; return 1; }
    return 0;
}

/* One checked row, ready to insert: trimmed values borrowed from `vals`. */
typedef struct row_in {
    const char *v[NCOLS];
    int64_t sector_id, committee_id;
    int standing;
} row_in;

/* Checks one record; fills r (values point into trimmed, owned by the caller). */
static void check_row(const int *colmap, size_t ncols, json_t *rec, size_t rowno, json_t *sectors,
                      json_t *committees, json_t *errors, int *nerr, char **trimmed, row_in *r)
{
    memset(r, 0, sizeof *r);
    for (int col = 0; col < NCOLS; col++) r->v[col] = "";
    if (json_array_size(rec) > ncols) {
        for (size_t k = ncols; k < json_array_size(rec); k++) {
            char *t = text_trim_dup(json_string_value(json_array_get(rec, k)));
            int extra = t && *t;
            free(t);
            if (extra) {
                add_error(errors, nerr, rowno, NULL, "该行的列数（%zu）多于表头（%zu）", json_array_size(rec), ncols);
                break;
            }
        }
    }
    for (size_t k = 0; k < ncols && k < json_array_size(rec); k++) {
        if (colmap[k] < 0) continue;
        trimmed[colmap[k]] = text_trim_dup(json_string_value(json_array_get(rec, k)));
        if (trimmed[colmap[k]]) r->v[colmap[k]] = trimmed[colmap[k]];
    }
    for (int col = 0; col < NCOLS; col++) {
        const char *label = columns[col].names[0], *s = r->v[col];
        if (columns[col].required && !*s) { add_error(errors, nerr, rowno, label, "「%s」不能为空", label); continue; }
        if (text_has_control(s) || strchr(s, '\n') || strchr(s, '\r')) {
            add_error(errors, nerr, rowno, label, "「%s」不能包含换行或控制字符", label);
            continue;
        }
        long len = utf8_length(s, strlen(s));
        if (columns[col].max && len > columns[col].max)
            add_error(errors, nerr, rowno, label, "「%s」不能超过 %d 个字（现有 %ld 个）", label, columns[col].max, len);
    }
    const char *g = r->v[COL_GENDER];
    if (*g && strcmp(g, "男") != 0 && strcmp(g, "女") != 0)
        add_error(errors, nerr, rowno, "性别", "性别「%s」无效，应为“男”或“女”", g);
    const char *party = r->v[COL_PARTY];
    if (*party) {
        int found = 0;
        for (int i = 0; wf_parties[i]; i++) if (strcmp(wf_parties[i], party) == 0) found = 1;
        if (!found)
            add_error(errors, nerr, rowno, "党派", "党派「%s」不在可选范围内（中共、民革、民盟、民建、民进、农工党、致公党、九三学社、台盟、无党派、群众）", party);
    }
    const char *sec = r->v[COL_SECTOR], *com = r->v[COL_COMMITTEE];
    if (*sec) {
        json_t *id = json_object_get(sectors, sec);
        if (id) r->sector_id = json_integer_value(id);
        else add_error(errors, nerr, rowno, "界别", "界别「%s」不存在，请先在界别管理中添加", sec);
    }
    if (*com) {
        json_t *id = json_object_get(committees, com);
        if (id) r->committee_id = json_integer_value(id);
        else add_error(errors, nerr, rowno, "专委会", "专委会「%s」不存在，请先在专委会管理中添加", com);
    }
    if (!parse_standing(r->v[COL_STANDING], &r->standing))
        add_error(errors, nerr, rowno, "常委", "常委一栏应填“是”或“否”，而不是「%s」", r->v[COL_STANDING]);
    if (*r->v[COL_PHONE] && !valid_phone(r->v[COL_PHONE]))
        add_error(errors, nerr, rowno, "电话", "电话「%s」只能包含数字、+、- 和空格", r->v[COL_PHONE]);
    const char *email = r->v[COL_EMAIL];
    if (*email && (!strchr(email, '@') || strchr(email, ' ')))
        add_error(errors, nerr, rowno, "邮箱", "邮箱「%s」格式不正确", email);
    if (!*r->v[COL_ETHNICITY]) r->v[COL_ETHNICITY] = "汉族";
}

/* --- handler ------------------------------------------------------------------ */

static int content_type_ok(const char *ct)
{
    if (!ct) return 1;
    static const char *const ok[] = { "text/csv", "text/plain", "application/csv", "application/vnd.ms-excel",
                                      "application/octet-stream", NULL };
    for (int i = 0; ok[i]; i++)
        if (strncasecmp(ct, ok[i], strlen(ok[i])) == 0) return 1;
    return 0;
}

/* Answers the 422 with the errors list; steals errors. */
static int import_failed(api_ctx *c, json_t *errors, int nrows_bad, int nerr)
{
    char msg[300];
    snprintf(msg, sizeof msg, "导入失败：共 %d 行有错误（%d 处），未导入任何数据，请修改后重新上传", nrows_bad, nerr);
    json_t *obj = json_pack("{s:{s:s, s:s}, s:o}", "error", "code", "import_failed", "message", msg, "errors", errors);
    return api_json(c, 422, obj);
}

static int import_rows(api_ctx *c, const row_in *rows, size_t n)
{
    int64_t now = clock_now();
    TRY(api_begin(c));
    for (size_t i = 0; i < n; i++) {
        const row_in *r = &rows[i];
        if (db_exec(c->db, &c->err,
                "INSERT INTO members (body_id, name, gender, ethnicity, party, sector_id, committee_id, standing, "
                "workplace, phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(c->user.body_id), DBV_TEXT(r->v[COL_NAME]), DBV_TEXT(r->v[COL_GENDER]),
                        DBV_TEXT(r->v[COL_ETHNICITY]), DBV_TEXT(r->v[COL_PARTY]), DBV_INT(r->sector_id),
                        DBV_INT(r->committee_id), DBV_INT(r->standing), DBV_TEXT(r->v[COL_WORKPLACE]),
                        DBV_TEXT(r->v[COL_PHONE]), DBV_TEXT(r->v[COL_EMAIL]), DBV_INT(now))) < 0)
            return c->err.status;
    }
    return api_commit(c);
}

int registry_members_import(api_ctx *c)
{
    if (!content_type_ok(http_header(c->req, "Content-Type")))
        return api_error(c, 415, "unsupported_media_type", NULL, "请上传 CSV 文件（Content-Type: text/csv）");
    const char *p = c->req->body.data ? c->req->body.data : "";
    size_t n = c->req->body.len;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { p += 3; n -= 3; }
    if (memchr(p, 0, n) || utf8_length(p, n) < 0)
        return api_error(c, 422, "invalid_encoding", NULL,
                         "文件不是 UTF-8 编码（可能是 GBK），请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新上传");
    json_t *records = csv_parse(c, p, n, IMPORT_MAX_ROWS + 1);
    if (!records) return c->err.status;

    int rc = 0;
    json_t *errors = NULL, *sectors = NULL, *committees = NULL;
    row_in *rows = NULL;
    char **trimmed = NULL;
    size_t nrec = json_array_size(records), nrows = 0;
    /* Trailing blank lines do not count as rows. */
    while (nrec > 0 && record_blank(json_array_get(records, nrec - 1))) nrec--;
    if (nrec == 0) { rc = api_error(c, 422, "empty_file", NULL, "文件为空，请至少包含表头和一行委员信息"); goto out; }
    if (nrec > IMPORT_MAX_ROWS + 1) {
        rc = api_error(c, 422, "too_many_rows", NULL, "一次最多导入 %d 行，请分批导入", IMPORT_MAX_ROWS);
        goto out;
    }

    json_t *header = json_array_get(records, 0);
    size_t ncols = json_array_size(header);
    int colmap[64], seen[NCOLS] = { 0 };
    if (ncols > 64) { rc = api_error(c, 422, "unknown_column", NULL, "表头列数过多（%zu 列）", ncols); goto out; }
    for (size_t k = 0; k < ncols; k++) {
        char *name = text_trim_dup(json_string_value(json_array_get(header, k)));
        if (!name) { rc = api_error(c, 500, "oom", NULL, "内存不足"); goto out; }
        colmap[k] = -1;
        if (*name) {
            int col = header_column(name);
            if (col < 0)
                rc = api_error(c, 422, "unknown_column", NULL, "不认识的列「%s」（第 %zu 列）。可用的列：姓名、性别、民族、党派、界别、专委会、常委、工作单位及职务、电话、邮箱", name, k + 1);
            else if (seen[col])
                rc = api_error(c, 422, "duplicate_column", NULL, "列「%s」重复出现", columns[col].names[0]);
            else { seen[col] = 1; colmap[k] = col; }
        }
        free(name);
        if (rc) goto out;
    }
    for (int col = 0; col < NCOLS; col++)
        if (columns[col].required && !seen[col]) {
            rc = api_error(c, 422, "missing_column", NULL, "缺少必填的列「%s」", columns[col].names[0]);
            goto out;
        }
    if (nrec == 1) { rc = api_error(c, 422, "empty_file", NULL, "文件只有表头，没有委员信息"); goto out; }

    sectors = name_map(c, "sectors");
    committees = sectors ? name_map(c, "committees") : NULL;
    if (!committees) { rc = c->err.status ? c->err.status : 500; goto out; }
    errors = json_array();
    rows = calloc(nrec, sizeof *rows);
    trimmed = calloc(nrec * NCOLS, sizeof *trimmed);
    if (!rows || !trimmed) { rc = api_error(c, 500, "oom", NULL, "内存不足"); goto out; }
    int nerr = 0, bad_rows = 0;
    for (size_t i = 1; i < nrec; i++) {
        json_t *rec = json_array_get(records, i);
        if (record_blank(rec)) continue;
        int before = nerr;
        check_row(colmap, ncols, rec, i + 1, sectors, committees, errors, &nerr, trimmed + i * NCOLS, &rows[nrows]);
        if (nerr > before) bad_rows++;
        nrows++;
    }
    if (nerr) {
        rc = import_failed(c, errors, bad_rows, nerr);
        errors = NULL;
        goto out;
    }
    if (nrows == 0) { rc = api_error(c, 422, "empty_file", NULL, "文件只有表头，没有委员信息"); goto out; }
    rc = import_rows(c, rows, nrows);
    if (!rc) rc = api_json(c, 200, json_pack("{s:I}", "imported", (json_int_t)nrows));
out:
    if (trimmed)
        for (size_t i = 0; i < nrec * NCOLS; i++) free(trimmed[i]);
    free(trimmed);
    free(rows);
    json_decref(errors);
    json_decref(sectors);
    json_decref(committees);
    json_decref(records);
    return rc;
}
