/* Internals of the demo data set, shared by the src/demo files only.
 *
 * demo_data.c     registry tables: names, sectors, committees, units
 * demo_topics.c   proposal topics (domains) with their phrases
 * demo_text.c     template expansion: titles, analysis, suggestions, replies
 * demo_registry.c bodies, members, units and users
 * demo_proposals.c proposals with their whole history
 * demo.c          the public entry points */
#ifndef YZ_DEMO_INTERNAL_H
#define YZ_DEMO_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "../domain/calendar.h"
#include "../store/db.h"

/* ---- deterministic randomness (splitmix64) ---- */
typedef struct rng { uint64_t s; } rng;
void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
int rng_int(rng *r, int lo, int hi);          /* inclusive */
int rng_pct(rng *r, int pct);                 /* 1 with probability pct % */
/* Index drawn with the given integer weights (n > 0, some weight > 0). */
int rng_weighted(rng *r, const int *w, int n);

/* ---- registry tables ---- */
typedef struct demo_sector {
    const char *name;
    int count;                /* members in the city body */
    const char *party;        /* fixed party, or NULL for a mix */
    int committee;            /* preferred committee index, -1 none */
    const char *domains;      /* preferred topic codes, comma-separated */
    const char *const *orgs;  /* "T机构名" lines, T = title type */
    int female_pct;
} demo_sector;
extern const demo_sector demo_sectors[];
extern const int demo_sector_count;

extern const char *const demo_committees[];   /* 8; index 0 is the proposal committee */
extern const int demo_committee_count;

typedef struct demo_unit_def {
    const char *name;
    const char *kind;         /* government | court | procuratorate | enterprise | other */
    const char *key;          /* topic routing key */
    const char *signer_title; /* 局长 / 副院长 … */
} demo_unit_def;
extern const demo_unit_def demo_city_units[];
extern const int demo_city_unit_count;
extern const demo_unit_def demo_county_units[];
extern const int demo_county_unit_count;

typedef struct demo_pu_def {
    const char *name;
    const char *kind;         /* party | organisation | sector_group */
    const char *domains;      /* topics its collective proposals take up */
} demo_pu_def;
extern const demo_pu_def demo_city_pus[];
extern const int demo_city_pu_count;

/* Title words for a workplace type letter; NULL-terminated. */
const char *const *demo_titles_for(char type);
extern const char *const demo_surnames[];
extern const int demo_surname_count;
extern const char *const demo_given_m[];
extern const int demo_given_m_count;
extern const char *const demo_given_f[];
extern const int demo_given_f_count;
extern const char *const demo_minorities[];
extern const int demo_minority_count;
extern const char *const demo_democratic_parties[]; /* 民革 … 台盟 */

/* ---- topics ---- */
typedef struct demo_domain {
    const char *code;
    const char *category;        /* economy | politics | culture | society | ecology | other */
    int weight;                  /* draw weight when the author has no preference */
    int committee;               /* reviewing special committee index */
    const char *lead_keys;       /* handling unit keys, comma-separated, best first */
    const char *co_keys;
    const char *field;           /* "养老服务" — used in replies */
    const char *keywords;        /* comma-separated */
    const char *const *objects;  /* "T对象", T = title pattern type; NULL-terminated */
    const char *const *stats;    /* analysis opening, with {..} slots */
    const char *const *problems;
    const char *const *suggest;  /* suggestion clauses (no numbering) */
    const char *const *measures; /* what a unit reports having done */
} demo_domain;
extern const demo_domain demo_domains[];
extern const int demo_domain_count;
int demo_domain_find(const char *code);

/* ---- text ---- */
/* Expands {lo-hi} (integer), {lo.d-hi.d} (one decimal), {Y} (last year),
 * {C} (city short name), {H} (我市/我县), {O} (topic object) into out. */
void demo_expand(rng *r, const char *tpl, const char *object, const char *city,
                 const char *here, int year, char *out, size_t len);
/* Number of strings in a NULL-terminated array. */
int demo_count(const char *const *a);
/* Title "关于……的建议" for object line obj ("T对象"); variant picks the pattern. */
void demo_title(rng *r, const char *obj, const char *here, int variant, char *out, size_t len);
long demo_utf8_len(const char *s);

/* ---- the loading context ---- */
typedef struct dmember {
    int64_t id, user_id;
    char name[24];
    int sector, committee, standing, female, in_office;
    int weight;               /* how often they author */
} dmember;

typedef struct dunit {
    int64_t id, user_id;
    const char *name, *key;
    char signer[64];          /* "张伟（副局长）" */
    char handler[24];         /* the handler user's name */
} dunit;

typedef struct dpu {
    int64_t id;
    const char *name, *domains;
} dpu;

typedef struct dbody {
    int64_t id, term_id, session_id;
    int term_no, session_no, year;
    const char *city;         /* 示例市 */
    const char *here;         /* 我市 */
    const char *user_prefix;  /* "" or "county_" */
    dmember *m; int nm;
    dunit *u; int nu;
    dpu *pu; int npu;
    int64_t committee_id[8]; int ncomm;
    int64_t cstaff[8];        /* committee staff user per committee, 0 = none */
    int64_t admin, pstaff, info, leader;
    int showcase;             /* member index forced into several states, -1 none */
} dbody;

typedef struct dctx {
    db_conn *c;
    yz_err *e;
    calendar cal;
    cal_exception *ex;
    int32_t today;            /* day number of today (Beijing) */
    int64_t now;
    char pwhash[128];
    char used_names[1200][24];
    int n_used_names;
} dctx;

/* A fresh person name not used before in this load. */
void demo_person_name(dctx *x, rng *r, int female, char out[24]);
int demo_name_reserve(dctx *x, const char *name);   /* 0 if it was free */

int demo_city_registry(dctx *x, dbody *b);
int demo_county_registry(dctx *x, dbody *b, int64_t parent_id);

int demo_city_proposals(dctx *x, dbody *b);
int demo_county_proposals(dctx *x, dbody *b);

/* Unix seconds of a minute in the Beijing day. */
static inline int64_t demo_ts(int32_t day, int minute)
{
    return (int64_t)day * 86400 - 8 * 3600 + (int64_t)minute * 60;
}

#endif
