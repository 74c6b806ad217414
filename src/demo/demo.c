/* Entry points of the demo data set (see demo.h). */
#include "demo.h"
#include "demo_internal.h"
#include "../util/clock.h"
#include "../util/secret.h"
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "yizheng2026"

/* The working-day calendar from calendar_days, owned by x. */
static int load_calendar(dctx *x)
{
    json_t *rows = db_rows(x->c, x->e, "SELECT day, kind FROM calendar_days ORDER BY day", DB_NOARGS);
    if (!rows) return x->e->status;
    size_t n = json_array_size(rows), k = 0;
    x->ex = calloc(n ? n : 1, sizeof *x->ex);
    if (!x->ex) { json_decref(rows); return yz_fail(x->e, 500, "oom", NULL, "内存不足"); }
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        int32_t d = date_parse(json_string_value(json_object_get(r, "day")));
        const char *kind = json_string_value(json_object_get(r, "kind"));
        if (d < 0 || !kind) continue;
        x->ex[k].day = d;
        x->ex[k].workday = strcmp(kind, "workday") == 0;
        k++;
    }
    json_decref(rows);
    x->cal.ex = x->ex;
    x->cal.n = k;
    return 0;
}

/* Units have reported about half of the older B replies done (落实情况), a day
 * after the proposal's last step so every history stays in time order. */
static int demo_followups(dctx *x)
{
    static const char text[] = "该事项已按答复中的计划办理完毕：项目已完成并投入使用，经回访，提案人和群众反映良好。";
    if (db_exec(x->c, x->e,
            "UPDATE proposal_replies SET followup_text = ?, followup_by = created_by, "
            "followup_at = (SELECT MAX(e.at) FROM proposal_events e WHERE e.proposal_id = proposal_replies.proposal_id) + 86400 "
            "WHERE category = 'B' AND proposal_id IN (SELECT id FROM proposals WHERE state = 'closed' AND id % 2 = 0) "
            "AND (SELECT MAX(e.at) FROM proposal_events e WHERE e.proposal_id = proposal_replies.proposal_id) + 86400 < ?",
            DB_ARGS(DBV_TEXT(text), DBV_INT(x->now))) < 0)
        return x->e->status;
    if (db_exec(x->c, x->e,
            "INSERT INTO proposal_events (body_id, proposal_id, actor_user_id, at, action, from_state, to_state, note) "
            "SELECT p.body_id, r.proposal_id, r.followup_by, r.followup_at, 'followup', p.state, p.state, h.name || '报告B类答复事项已落实' "
            "FROM proposal_replies r JOIN proposals p ON p.id = r.proposal_id JOIN handling_units h ON h.id = r.unit_id "
            "WHERE r.followup_at IS NOT NULL ORDER BY r.followup_at, r.id", DB_NOARGS) < 0)
        return x->e->status;
    return 0;
}

int demo_load(db_pool *pool, yz_err *e)
{
    dctx *x = calloc(1, sizeof *x);
    dbody city, county;
    memset(&city, 0, sizeof city);
    memset(&county, 0, sizeof county);
    if (!x) return yz_fail(e, 500, "oom", NULL, "内存不足");
    int rc = 0;
    /* One hash for every demo account: argon2id is deliberately slow. */
    if (password_hash(DEMO_PASSWORD, x->pwhash) != 0) {
        free(x);
        return yz_fail(e, 500, "hash_failed", NULL, "密码处理失败");
    }
    db_conn *c = db_acquire(pool, e);
    if (!c) { free(x); return e->status ? e->status : 503; }
    x->c = c;
    x->e = e;
    x->now = clock_now();
    char today[11];
    clock_today(today);
    x->today = date_parse(today);
    city.year = county.year = atoi(today);

    if ((rc = db_begin(c, e)) != 0) goto out;
    if ((rc = load_calendar(x)) != 0 ||
        (rc = demo_city_registry(x, &city)) != 0 ||
        (rc = demo_county_registry(x, &county, city.id)) != 0 ||
        (rc = demo_city_proposals(x, &city)) != 0 ||
        (rc = demo_county_proposals(x, &county)) != 0 ||
        (rc = demo_followups(x)) != 0) {
        db_rollback(c);
        goto out;
    }
    rc = db_commit(c, e);
    if (rc) db_rollback(c);
out:
    if (rc && !e->status) yz_fail(e, 500, "demo_failed", NULL, "演示数据载入失败");
    db_release(pool, c);
    free(city.m); free(city.u); free(city.pu);
    free(county.m); free(county.u); free(county.pu);
    free(x->ex);
    free(x);
    return rc;
}

int demo_present(db_pool *pool)
{
    yz_err e = {0};
    db_conn *c = db_acquire(pool, &e);
    if (!c) return 0;
    int64_t n = db_int(c, &e, 0, "SELECT COUNT(*) FROM bodies WHERE name = ?", DB_ARGS(DBV_TEXT("政协示例市委员会")));
    db_release(pool, c);
    return n > 0;
}

void demo_print_logins(FILE *out, const char *base_url)
{
    fprintf(out,
        "\n演示数据：政协示例市委员会（八届五次会议，约 300 名委员、600 件提案）及下级的政协示例县委员会。\n"
        "打开 %s ，以下账号的密码均为 " DEMO_PASSWORD "：\n"
        "  系统管理员      admin\n"
        "  提案委工作人员  pstaff\n"
        "  专委会工作人员  cstaff01（提案委员会）… cstaff08（农业和农村委员会）\n"
        "  信息员          info\n"
        "  领导            leader（王主席）\n"
        "  委员            m0001（有待评价的答复、待确认的联名邀请、草稿和办理中的提案）\n"
        "  承办单位经办人  h06（市民政局，在办提案最多）\n"
        "  县政协管理员    county_admin（只能看到县政协的数据）\n\n",
        base_url);
}
