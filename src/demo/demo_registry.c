/* The registry part of the demo data set: bodies, sessions, sectors,
 * committees, participating and handling units, members and users. */
#include "demo_internal.h"
#include "../domain/workflow.h"
#include "../store/seed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CK(expr) do { if ((expr) < 0) return x_fail(x); } while (0)

static int x_fail(dctx *x) { return x->e->status ? x->e->status : 500; }

static int64_t add_user(dctx *x, int64_t body, const char *username, const char *display, const char *role,
                        int64_t member_id, int64_t unit_id, int64_t committee_id, int active)
{
    return db_insert(x->c, x->e,
        "INSERT INTO users (body_id, username, display_name, password_hash, role, member_id, unit_id, committee_id, "
        "active, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(body), DBV_TEXT(username), DBV_TEXT(display), DBV_TEXT(x->pwhash), DBV_TEXT(role),
                member_id ? DBV_INT(member_id) : DBV_NULL, unit_id ? DBV_INT(unit_id) : DBV_NULL,
                committee_id ? DBV_INT(committee_id) : DBV_NULL, DBV_INT(active), DBV_INT(x->now), DBV_INT(x->now)));
}

/* Looks up the term and current session seed_body created. */
static int body_ids(dctx *x, dbody *b)
{
    json_t *row = db_row(x->c, x->e, "SELECT s.id AS sid, s.term_id AS tid FROM bodies b JOIN sessions s ON s.id = b.current_session_id WHERE b.id = ?",
                         DB_ARGS(DBV_INT(b->id)));
    if (!row) return x_fail(x);
    b->session_id = json_integer_value(json_object_get(row, "sid"));
    b->term_id = json_integer_value(json_object_get(row, "tid"));
    json_decref(row);
    return 0;
}

/* Sessions 1..current-1 of the term, one a year before the current one. */
static int older_sessions(dctx *x, dbody *b)
{
    for (int n = 1; n < b->session_no; n++) {
        char tn[16], sn[16], name[64], start[24], end[24];
        int year = b->year - (b->session_no - n);
        wf_cn_numeral(b->term_no, tn, sizeof tn);
        wf_cn_numeral(n, sn, sizeof sn);
        snprintf(name, sizeof name, "%s届%s次会议", tn, sn);
        snprintf(start, sizeof start, "%04d-01-01", year);
        snprintf(end, sizeof end, "%04d-12-31", year);
        CK(db_insert(x->c, x->e,
            "INSERT INTO sessions (body_id, term_id, number, year, name, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(b->id), DBV_INT(b->term_id), DBV_INT(n), DBV_INT(year), DBV_TEXT(name),
                    DBV_TEXT(start), DBV_TEXT(end))));
    }
    return 0;
}

static void mobile(rng *r, char out[16])
{
    static const char *const pre[] = { "139", "138", "137", "136", "135", "158", "159", "186", "189", "139" };
    snprintf(out, 16, "%s%04d%04d", pre[rng_int(r, 0, 9)], rng_int(r, 0, 9999), rng_int(r, 0, 9999));
}

static const char *party_for(rng *r, const demo_sector *s)
{
    if (s->party) return s->party;
    if (strcmp(s->name, "共青团") == 0) return rng_pct(r, 75) ? "中共" : "群众";
    if (strcmp(s->name, "宗教界") == 0) return rng_pct(r, 75) ? "无党派" : "群众";
    if (strcmp(s->name, "台联") == 0) { int k = rng_int(r, 0, 9); return k < 5 ? "台盟" : k < 8 ? "无党派" : "中共"; }
    int k = rng_int(r, 0, 99);
    if (k < 42) return "中共";
    if (k < 62) return "无党派";
    if (k < 92) return demo_democratic_parties[rng_int(r, 0, 6)];
    return "群众";
}

/* "示例市第一人民医院副院长" from the sector's workplace list. */
static void workplace_for(rng *r, const demo_sector *s, const char *const *orgs, const char *party, int standing,
                          char *out, size_t len)
{
    int n = demo_count(orgs);
    const char *org = orgs[rng_int(r, 0, n - 1)];
    const char *const *titles = demo_titles_for(org[0]);
    const char *title = titles[rng_int(r, 0, demo_count(titles) - 1)];
    snprintf(out, len, "%s%s", org + 1, title);
    /* Leaders of a democratic party often hold a post in its city committee too. */
    if (org[0] != 'D' && standing && s->party && strcmp(s->party, "中共") != 0 && strcmp(s->party, "无党派") != 0) {
        size_t l = strlen(out);
        snprintf(out + l, len - l, "，%s示例市委副主委", party);
    }
}

static int insert_member(dctx *x, dbody *b, dmember *m, int64_t sector_id, const char *ethnicity,
                         const char *party, const char *workplace, const char *phone, const char *term_start,
                         const char *term_end, const char *status, const char *residence)
{
    m->id = db_insert(x->c, x->e,
        "INSERT INTO members (body_id, name, gender, ethnicity, party, sector_id, committee_id, standing, workplace, phone, "
        "term_start, term_end, status, residence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(b->id), DBV_TEXT(m->name), DBV_TEXT(m->female ? "女" : "男"), DBV_TEXT(ethnicity),
                DBV_TEXT(party), DBV_INT(sector_id), DBV_INT(b->committee_id[m->committee]), DBV_INT(m->standing),
                DBV_TEXT(workplace), DBV_TEXT(phone), DBV_TEXT(term_start), DBV_TEXT(term_end), DBV_TEXT(status),
                DBV_TEXT(residence), DBV_INT(x->now)));
    return m->id < 0 ? x_fail(x) : 0;
}

static int insert_units(dctx *x, dbody *b, rng *r, const demo_unit_def *defs, int n, const char *handler_prefix)
{
    b->u = calloc((size_t)n, sizeof *b->u);
    if (!b->u) return yz_fail(x->e, 500, "oom", NULL, "内存不足");
    b->nu = n;
    for (int i = 0; i < n; i++) {
        dunit *u = &b->u[i];
        char contact[24], signer[24], phone[16];
        int female = rng_pct(r, 45);
        demo_person_name(x, r, female, contact);
        demo_person_name(x, r, rng_pct(r, 25), signer);
        mobile(r, phone);
        u->name = defs[i].name;
        u->key = defs[i].key;
        snprintf(u->signer, sizeof u->signer, "%s（%s）", signer, defs[i].signer_title);
        snprintf(u->handler, sizeof u->handler, "%s", contact);
        u->id = db_insert(x->c, x->e,
            "INSERT INTO handling_units (body_id, name, kind, contact, phone) VALUES (?, ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(b->id), DBV_TEXT(defs[i].name), DBV_TEXT(defs[i].kind), DBV_TEXT(contact), DBV_TEXT(phone)));
        CK(u->id);
        char username[40];
        snprintf(username, sizeof username, "%sh%02d", handler_prefix, i + 1);
        u->user_id = add_user(x, b->id, username, contact, "unit_handler", 0, u->id, 0, 1);
        CK(u->user_id);
    }
    return 0;
}

int demo_city_registry(dctx *x, dbody *b)
{
    rng r;
    rng_seed(&r, 0x59A12026C17ull);
    b->city = "示例市";
    b->here = "我市";
    b->user_prefix = "";
    b->term_no = 8;
    b->session_no = 5;
    b->showcase = 0;
    b->id = seed_body(x->c, x->e, "政协示例市委员会", "示例市政协", "city", 0, b->term_no, b->session_no, b->year);
    CK(b->id);
    if (body_ids(x, b) || older_sessions(x, b)) return x_fail(x);

    /* Leaders quoted elsewhere keep their names to themselves. */
    static const char *const reserved[] = { "王建华", "李卫东", "陈秀英", "张立新", "刘海涛", "赵明", "周志强", "孙丽萍", "吴国庆", NULL };
    for (int i = 0; reserved[i]; i++) demo_name_reserve(x, reserved[i]);

    int64_t sector_id[64];
    for (int i = 0; i < demo_sector_count; i++) {
        sector_id[i] = db_insert(x->c, x->e, "INSERT INTO sectors (body_id, name, sort) VALUES (?, ?, ?) RETURNING id",
                                 DB_ARGS(DBV_INT(b->id), DBV_TEXT(demo_sectors[i].name), DBV_INT(i + 1)));
        CK(sector_id[i]);
    }
    b->ncomm = demo_committee_count;
    for (int i = 0; i < b->ncomm; i++) {
        b->committee_id[i] = db_insert(x->c, x->e,
            "INSERT INTO committees (body_id, name, is_proposal_committee) VALUES (?, ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(b->id), DBV_TEXT(demo_committees[i]), DBV_INT(i == 0)));
        CK(b->committee_id[i]);
    }
    b->npu = demo_city_pu_count;
    b->pu = calloc((size_t)b->npu, sizeof *b->pu);
    if (!b->pu) return yz_fail(x->e, 500, "oom", NULL, "内存不足");
    for (int i = 0; i < b->npu; i++) {
        b->pu[i].name = demo_city_pus[i].name;
        b->pu[i].domains = demo_city_pus[i].domains;
        b->pu[i].id = db_insert(x->c, x->e,
            "INSERT INTO participating_units (body_id, name, kind) VALUES (?, ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(b->id), DBV_TEXT(demo_city_pus[i].name), DBV_TEXT(demo_city_pus[i].kind)));
        CK(b->pu[i].id);
    }

    /* Members, listed by sector as a registry book is. */
    int total = 0;
    for (int i = 0; i < demo_sector_count; i++) total += demo_sectors[i].count;
    b->m = calloc((size_t)total, sizeof *b->m);
    if (!b->m) return yz_fail(x->e, 500, "oom", NULL, "内存不足");
    b->nm = total;
    int k = 0;
    for (int si = 0; si < demo_sector_count; si++) {
        const demo_sector *s = &demo_sectors[si];
        for (int j = 0; j < s->count; j++, k++) {
            dmember *m = &b->m[k];
            m->sector = si;
            m->female = rng_pct(&r, s->female_pct);
            m->in_office = 1;
            demo_person_name(x, &r, m->female, m->name);
            if (s->committee >= 0 && rng_pct(&r, 55)) m->committee = s->committee;
            else {
                static const int cw[] = { 24, 10, 16, 6, 10, 10, 10, 20 };
                m->committee = rng_weighted(&r, cw, 8);
            }
        }
    }
    /* Standing committee: 45 members, more often from the parties' leaders. */
    int standing = 0;
    while (standing < 45) {
        int i = rng_int(&r, 0, total - 1);
        if (b->m[i].standing) continue;
        int party_sector = demo_sectors[b->m[i].sector].party != NULL;
        if (!party_sector && rng_pct(&r, 40)) continue;
        b->m[i].standing = 1;
        standing++;
    }
    b->m[0].standing = 1;   /* the showcase member */
    /* A few resigned during the term; a few joined later (补选). */
    int resigned = 0;
    while (resigned < 4) {
        int i = rng_int(&r, 10, total - 1);
        if (!b->m[i].in_office || b->m[i].standing || demo_sectors[b->m[i].sector].count < 5) continue;
        b->m[i].in_office = 0;
        resigned++;
    }
    char ts_start[24], ts_end[24];
    snprintf(ts_start, sizeof ts_start, "%04d-01-10", b->year - 4);
    snprintf(ts_end, sizeof ts_end, "%04d-12-31", b->year);
    for (int i = 0; i < total; i++) {
        dmember *m = &b->m[i];
        const demo_sector *s = &demo_sectors[m->sector];
        const char *party = party_for(&r, s);
        const char *eth = "汉族";
        if (strcmp(s->name, "少数民族界") == 0) eth = demo_minorities[rng_int(&r, 0, demo_minority_count - 1)];
        else if (rng_pct(&r, 6)) eth = demo_minorities[rng_int(&r, 0, demo_minority_count - 1)];
        char work[200], phone[24], start[24], end[24];
        workplace_for(&r, s, s->orgs, party, m->standing, work, sizeof work);
        if (strstr(work, "伊斯兰教")) eth = "回族";
        const char *residence = "";
        if (strcmp(s->name, "特邀香港人士") == 0) {
            residence = "香港";
            snprintf(phone, sizeof phone, "+852 9%03d %04d", rng_int(&r, 0, 999), rng_int(&r, 0, 9999));
        } else if (strcmp(s->name, "特邀澳门人士") == 0) {
            residence = "澳门";
            snprintf(phone, sizeof phone, "+853 6%03d %04d", rng_int(&r, 0, 999), rng_int(&r, 0, 9999));
        } else {
            mobile(&r, phone);
        }
        snprintf(start, sizeof start, "%s", ts_start);
        snprintf(end, sizeof end, "%s", ts_end);
        if (!m->in_office) snprintf(end, sizeof end, "%04d-%02d-%02d", b->year - rng_int(&r, 1, 2), rng_int(&r, 3, 11), rng_int(&r, 1, 28));
        else if (i > 0 && rng_pct(&r, 3)) snprintf(start, sizeof start, "%04d-01-%02d", b->year - rng_int(&r, 1, 2), rng_int(&r, 10, 20));
        m->weight = !m->in_office ? 0 : m->standing ? 3 : residence[0] ? 1 : rng_int(&r, 1, 3);
        if (insert_member(x, b, m, sector_id[m->sector], eth, party, work, phone, start, end,
                          m->in_office ? "in_office" : "resigned", residence))
            return x_fail(x);
    }

    if (insert_units(x, b, &r, demo_city_units, demo_city_unit_count, "")) return x_fail(x);

    /* Staff and members' accounts. */
    char name[24];
    CK(b->admin = add_user(x, b->id, "admin", "系统管理员", "admin", 0, 0, 0, 1));
    demo_person_name(x, &r, 1, name);
    CK(b->pstaff = add_user(x, b->id, "pstaff", name, "proposal_staff", 0, 0, 0, 1));
    for (int i = 0; i < b->ncomm; i++) {
        char u[24];
        snprintf(u, sizeof u, "cstaff%02d", i + 1);
        demo_person_name(x, &r, rng_pct(&r, 50), name);
        CK(b->cstaff[i] = add_user(x, b->id, u, name, "committee_staff", 0, 0, b->committee_id[i], 1));
    }
    demo_person_name(x, &r, 0, name);
    CK(b->info = add_user(x, b->id, "info", name, "info_staff", 0, 0, 0, 1));
    CK(b->leader = add_user(x, b->id, "leader", "王主席", "leader", 0, 0, 0, 1));
    for (int i = 0; i < total; i++) {
        char u[24];
        snprintf(u, sizeof u, "m%04d", i + 1);
        b->m[i].user_id = add_user(x, b->id, u, b->m[i].name, "member", b->m[i].id, 0, 0, b->m[i].in_office);
        CK(b->m[i].user_id);
    }
    return 0;
}

/* The county body: a small registry of its own, under the city. */
int demo_county_registry(dctx *x, dbody *b, int64_t parent_id)
{
    rng r;
    rng_seed(&r, 0xC0F7E5ull);
    b->city = "示例县";
    b->here = "我县";
    b->user_prefix = "county_";
    b->term_no = 5;
    b->session_no = 3;
    b->showcase = -1;
    b->id = seed_body(x->c, x->e, "政协示例县委员会", "示例县政协", "county", parent_id, b->term_no, b->session_no, b->year);
    CK(b->id);
    if (body_ids(x, b) || older_sessions(x, b)) return x_fail(x);

    /* County sectors reuse the city's tables (index into demo_sectors). */
    static const int sectors[] = { 0, 21, 23, 26, 22 };
    const char *const *const county_orgs[] = {
        (const char *const[]){ "P中共示例县青山镇委员会", "W示例县人民政府办公室", "G示例县财政局", "N示例县城关街道", NULL },
        (const char *const[]){ "E示例县农产品加工有限公司", "B示例县农村信用合作联社", "E示例县建材有限公司", NULL },
        (const char *const[]){ "S示例县第一中学", "S示例县实验小学", "S示例县职业中学", NULL },
        (const char *const[]){ "H示例县人民医院", "H示例县中医院", "C示例县疾病预防控制中心", NULL },
        (const char *const[]){ "V示例县青山镇柳树村", "V示例县白沙镇茶叶专业合作社", "R示例县农业技术推广中心", NULL },
    };  /* 中共, 经济界, 教育界, 医药卫生界, 农业界 */
    static const char *const committees[] = { "提案委员会", "经济和农业农村委员会", "教科卫体和社会法制委员会" };
    int64_t sector_id[5];
    for (int i = 0; i < 5; i++) {
        sector_id[i] = db_insert(x->c, x->e, "INSERT INTO sectors (body_id, name, sort) VALUES (?, ?, ?) RETURNING id",
                                 DB_ARGS(DBV_INT(b->id), DBV_TEXT(demo_sectors[sectors[i]].name), DBV_INT(i + 1)));
        CK(sector_id[i]);
    }
    b->ncomm = 3;
    for (int i = 0; i < 3; i++) {
        b->committee_id[i] = db_insert(x->c, x->e,
            "INSERT INTO committees (body_id, name, is_proposal_committee) VALUES (?, ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(b->id), DBV_TEXT(committees[i]), DBV_INT(i == 0)));
        CK(b->committee_id[i]);
    }
    b->nm = 20;
    b->m = calloc(20, sizeof *b->m);
    if (!b->m) return yz_fail(x->e, 500, "oom", NULL, "内存不足");
    char ts_start[24], ts_end[24];
    snprintf(ts_start, sizeof ts_start, "%04d-01-08", b->year - 2);
    snprintf(ts_end, sizeof ts_end, "%04d-12-31", b->year + 2);
    for (int i = 0; i < 20; i++) {
        dmember *m = &b->m[i];
        int si = sectors[i / 4];
        const demo_sector *s = &demo_sectors[si];
        m->sector = si;
        m->female = rng_pct(&r, s->female_pct);
        m->in_office = 1;
        m->standing = i % 4 == 0;
        m->weight = 2;
        m->committee = i < 4 ? rng_int(&r, 0, 2) : (si == 21 || si == 22) ? 1 : 2;
        if (i % 7 == 3) m->committee = 0;
        demo_person_name(x, &r, m->female, m->name);
        const char *party = party_for(&r, s);
        char work[200], phone[16];
        workplace_for(&r, s, county_orgs[i / 4], party, 0, work, sizeof work);
        mobile(&r, phone);
        if (insert_member(x, b, m, sector_id[i / 4], rng_pct(&r, 5) ? "回族" : "汉族", party, work, phone,
                          ts_start, ts_end, "in_office", ""))
            return x_fail(x);
    }
    if (insert_units(x, b, &r, demo_county_units, demo_county_unit_count, "county_")) return x_fail(x);
    char name[24];
    CK(b->admin = add_user(x, b->id, "county_admin", "县政协系统管理员", "admin", 0, 0, 0, 1));
    demo_person_name(x, &r, 1, name);
    CK(b->pstaff = add_user(x, b->id, "county_pstaff", name, "proposal_staff", 0, 0, 0, 1));
    b->leader = b->pstaff;
    b->info = 0;
    for (int i = 0; i < 20; i++) {
        char u[24];
        snprintf(u, sizeof u, "county_m%02d", i + 1);
        b->m[i].user_id = add_user(x, b->id, u, b->m[i].name, "member", b->m[i].id, 0, 0, 1);
        CK(b->m[i].user_id);
    }
    return 0;
}
