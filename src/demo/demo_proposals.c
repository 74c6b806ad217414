/* Proposals of the demo data set with their whole history.
 *
 * Three passes. Plan: every proposal gets a scenario (its final state and how
 * it got there), authors, a topic and the days of each step, placed relative
 * to today so that open items have live deadlines. Link: merged proposals pick
 * their targets, filed proposals get numbers in filing order, key / excellent
 * / published flags are drawn. Write: each proposal is inserted and its steps
 * are replayed into events, assignments, replies and evaluations, the way the
 * workflow would have written them. Draws come from per-proposal generators,
 * so the data is the same on every run except for the dates. */
#include "demo_internal.h"
#include "../domain/workflow.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum scen {
    S_DRAFT, S_DRAFT_RET, S_SUBMITTED, S_REV2, S_REV3, S_REV4, S_REV2_RESUB,
    S_REJECTED, S_CONVERTED, S_WD_DRAFT, S_WD_SUB, S_WD_REV, S_MERGED,
    S_FILED, S_FILED_REROUTE, S_ASSIGNED,
    S_HAND_PLEN_OVER, S_HAND_OVER, S_HAND_SOON, S_HAND,
    S_REPLIED_LATE, S_REPLIED, S_REHANDLING,
    S_CLOSED, S_CLOSED_REH, S_CLOSED_UNEVAL, S_CLOSED_ORD,
    S_N
};

/* City mix: 595 proposals over every state. */
static const int city_mix[S_N] = {
    [S_DRAFT] = 12, [S_DRAFT_RET] = 3, [S_SUBMITTED] = 15, [S_REV2] = 13, [S_REV3] = 15, [S_REV4] = 10,
    [S_REV2_RESUB] = 2, [S_REJECTED] = 15, [S_CONVERTED] = 20, [S_WD_DRAFT] = 2, [S_WD_SUB] = 2, [S_WD_REV] = 4,
    [S_MERGED] = 12, [S_FILED] = 17, [S_FILED_REROUTE] = 3, [S_ASSIGNED] = 30,
    [S_HAND_PLEN_OVER] = 10, [S_HAND_OVER] = 8, [S_HAND_SOON] = 10, [S_HAND] = 52,
    [S_REPLIED_LATE] = 20, [S_REPLIED] = 60, [S_REHANDLING] = 10,
    [S_CLOSED] = 205, [S_CLOSED_REH] = 12, [S_CLOSED_UNEVAL] = 13, [S_CLOSED_ORD] = 20,
};
static const int county_mix[S_N] = {
    [S_DRAFT] = 2, [S_REV2] = 2, [S_REV3] = 1, [S_REJECTED] = 1, [S_FILED] = 2, [S_ASSIGNED] = 2,
    [S_HAND] = 4, [S_HAND_OVER] = 1, [S_REPLIED] = 3, [S_CLOSED] = 6, [S_CLOSED_ORD] = 1,
};

enum act {
    A_SUBMIT, A_COSIGN, A_PASS, A_FILE, A_REJECT, A_CONVERT, A_MERGE, A_RETURN, A_WITHDRAW,
    A_ASSIGN, A_REROUTE, A_ACCEPT, A_REPLY, A_EVAL_CLOSE, A_EVAL_REHANDLE, A_EVAL_PARTIAL,
    A_CLOSE_UNEVAL,
};

typedef struct step { int a; int32_t day; } step;

#define MAX_COS 5
#define MAX_MERGED 12
#define MAX_STEPS 24

typedef struct pplan {
    int scen, idx;
    uint64_t seed;
    int64_t id;
    int plenary;
    const char *kind;              /* individual | joint | collective */
    int author;                    /* member index, -1 for collective */
    int pu;                        /* participating unit index for collective */
    int cos[MAX_COS], ncos;
    char cos_status[MAX_COS];      /* c confirmed, i invited, d declined, x expired */
    int merged[MAX_MERGED], nmerged;
    int64_t merged_ts[MAX_MERGED];
    int domain, obj;
    char title[160];
    int32_t d_create, d_sub, d_cos;
    step steps[MAX_STEPS];
    int nsteps;
    int reroute;                   /* first assignment goes to a wrong unit */
    int32_t fil_day;
    int64_t fil_ts;
    int number;
    int merge_target;              /* plan index, -1 */
    int64_t merge_ts;              /* when this proposal was merged into its target */
    int merged_in;                 /* other proposals merged into this one */
    int64_t merged_in_ts[4];
    int merged_in_from[4];         /* their plan indexes */
    int32_t key_day;
    int32_t first_reply_day;       /* 0 if never replied */
    int key, excellent, consent, published;
    const char *form, *sup_leader;
} pplan;

typedef struct gen {
    dctx *x;
    dbody *b;
    pplan *p;
    int n;
    int32_t P;                     /* first day of the plenary session */
    int32_t AD;                    /* the assignment meeting (交办会) after it */
    int *weights;                  /* authoring weight per member */
} gen;

#define FAIL(g) ((g)->x->e->status ? (g)->x->e->status : 500)

/* ---------- small helpers ---------- */

static int32_t wdf(gen *g, int32_t d) { return cal_roll_forward(&g->x->cal, d); }
static int32_t wdb(gen *g, int32_t d)
{
    for (int guard = 0; guard < 30 && !cal_is_workday(&g->x->cal, d); guard++) d--;
    return d;
}

static void push(pplan *p, int a, int32_t day)
{
    if (p->nsteps < MAX_STEPS) p->steps[p->nsteps++] = (step){ a, day };
}

static int has_step(const pplan *p, int a)
{
    for (int i = 0; i < p->nsteps; i++)
        if (p->steps[i].a == a) return i;
    return -1;
}

/* The n-th item of a comma-separated list into out; 0 if there is none. */
static int csv_item(const char *csv, int n, char *out, size_t len)
{
    const char *p = csv;
    for (int i = 0; p && *p; i++) {
        const char *end = strchr(p, ',');
        size_t l = end ? (size_t)(end - p) : strlen(p);
        if (i == n) {
            if (l >= len) l = len - 1;
            memcpy(out, p, l);
            out[l] = 0;
            return 1;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

static int csv_count(const char *csv)
{
    char tmp[64];
    int n = 0;
    while (csv_item(csv, n, tmp, sizeof tmp)) n++;
    return n;
}

static int unit_by_key(const dbody *b, const char *key)
{
    for (int i = 0; i < b->nu; i++)
        if (strcmp(b->u[i].key, key) == 0) return i;
    return -1;
}

/* Units a domain routes to in this body, best first, without duplicates. */
static int domain_units(const dbody *b, const demo_domain *d, int *out, int max, int lead_only)
{
    int n = 0;
    char key[32];
    for (int pass = 0; pass < (lead_only ? 1 : 2); pass++) {
        const char *csv = pass == 0 ? d->lead_keys : d->co_keys;
        for (int i = 0; csv_item(csv, i, key, sizeof key) && n < max; i++) {
            int u = unit_by_key(b, key);
            int dup = 0;
            for (int j = 0; j < n; j++) dup |= out[j] == u;
            if (u >= 0 && !dup) out[n++] = u;
        }
    }
    return n;
}

static int is_author(const pplan *p, int m)
{
    if (p->author == m) return 1;
    for (int i = 0; i < p->ncos; i++) if (p->cos[i] == m) return 1;
    for (int i = 0; i < p->nmerged; i++) if (p->merged[i] == m) return 1;
    return 0;
}

/* ---------- pass 1: plan ---------- */

static int pick_member(gen *g, rng *r, const pplan *p)
{
    for (int guard = 0; guard < 200; guard++) {
        int m = rng_weighted(r, g->weights, g->b->nm);
        if (g->b->m[m].in_office && !is_author(p, m) && m != g->b->showcase) return m;
    }
    return -1;
}

static int pick_domain(gen *g, rng *r, const char *prefs)
{
    int n = prefs ? csv_count(prefs) : 0;
    for (int guard = 0; guard < 50; guard++) {
        int d = -1;
        if (n > 0 && rng_pct(r, 55)) {
            char code[32];
            csv_item(prefs, rng_int(r, 0, n - 1), code, sizeof code);
            d = demo_domain_find(code);
        }
        if (d < 0) {
            int w[64];
            for (int i = 0; i < demo_domain_count; i++) w[i] = demo_domains[i].weight;
            d = rng_weighted(r, w, demo_domain_count);
        }
        /* A body routes only what it has a unit for (the county has five). */
        int u[1];
        if (domain_units(g->b, &demo_domains[d], u, 1, 1) > 0) return d;
    }
    return demo_domain_find("edu");
}

static int title_taken(gen *g, int upto, const char *t)
{
    for (int i = 0; i < upto; i++)
        if (strcmp(g->p[i].title, t) == 0) return 1;
    return 0;
}

static void plan_topic(gen *g, rng *r, pplan *p)
{
    const char *prefs = NULL;
    if (p->author >= 0) prefs = demo_sectors[g->b->m[p->author].sector].domains;
    else if (p->pu >= 0) prefs = g->b->pu[p->pu].domains;
    for (int attempt = 0; attempt < 60; attempt++) {
        p->domain = pick_domain(g, r, prefs);
        const demo_domain *d = &demo_domains[p->domain];
        p->obj = rng_int(r, 0, demo_count(d->objects) - 1);
        int variant = rng_int(r, 0, 3) + (rng_pct(r, 30) ? 4 : 0);
        for (int v = 0; v < 8; v++) {
            demo_title(r, d->objects[p->obj], g->b->here, (variant + v) % 8, p->title, sizeof p->title);
            if (demo_utf8_len(p->title) <= 50 && !title_taken(g, p->idx, p->title)) return;
        }
    }
    /* Every pattern of every drawn object is taken: number the last one. */
    size_t l = strlen(p->title);
    snprintf(p->title + l, sizeof p->title - l, "（%d）", p->idx);
}

typedef struct chain { int32_t sub, cos, r2, r3, fil; } chain;

/* Submission to filing, forward from the submission day. */
static void chain_fwd(gen *g, rng *r, chain *c, int32_t sub, int joint, int32_t review_from)
{
    c->sub = sub;
    c->cos = joint ? sub + rng_int(r, 1, 3) : sub;
    int32_t base = c->cos > review_from ? c->cos : review_from;
    c->r2 = wdf(g, base + rng_int(r, 1, 5));
    c->r3 = wdf(g, c->r2 + rng_int(r, 2, 5));
    c->fil = wdf(g, c->r3 + rng_int(r, 2, 6));
}

/* The same chain, backward from a given filing day. */
static void chain_back(gen *g, rng *r, chain *c, int32_t fil, int joint)
{
    c->fil = fil;
    c->r3 = wdb(g, fil - rng_int(r, 2, 5));
    c->r2 = wdb(g, c->r3 - rng_int(r, 2, 5));
    c->cos = c->r2 - rng_int(r, 1, 4);
    c->sub = joint ? c->cos - rng_int(r, 1, 3) : c->cos;
}

static void plenary_chain(gen *g, rng *r, chain *c, int joint)
{
    chain_fwd(g, r, c, g->P + rng_int(r, -10, 2), joint, g->P + 3);
}

/* Steps from submission to a review decision `dec` taken at `stage` (2..4). */
static void push_review(pplan *p, const chain *c, int stage, int dec)
{
    push(p, A_SUBMIT, c->sub);
    push(p, A_COSIGN, c->cos);
    if (stage >= 3) push(p, A_PASS, c->r2);
    if (stage >= 4) push(p, A_PASS, c->r3);
    if (dec >= 0) push(p, dec, stage == 2 ? c->r2 : stage == 3 ? c->r3 : c->fil);
    p->d_sub = c->sub;
    p->d_cos = c->cos;
}

static int32_t plenary_assign_day(gen *g, rng *r, int32_t fil)
{
    if (fil < g->AD && rng_pct(r, 75)) return g->AD;
    return wdf(g, fil + rng_int(r, 4, 8));
}

static int plan_timeline(gen *g, rng *r, pplan *p)
{
    int32_t T = g->x->today;
    int joint = strcmp(p->kind, "joint") == 0;
    chain c;
    int32_t asg, acc, rep, d;
    memset(&c, 0, sizeof c);
    switch (p->scen) {
    case S_DRAFT:
        p->d_create = T - rng_int(r, 1, 40);
        return 0;
    case S_DRAFT_RET: {
        c.sub = c.cos = wdb(g, T - rng_int(r, 12, 30));
        int stage = rng_int(r, 2, 3);
        c.r2 = wdf(g, c.sub + rng_int(r, 2, 4));
        int32_t ret = wdf(g, (stage == 3 ? c.r2 : c.sub) + rng_int(r, 2, 4));
        if (ret > T - 1) ret = T - 1;
        push_review(p, &c, stage, -1);
        push(p, A_RETURN, ret);
        break;
    }
    case S_SUBMITTED:
        p->d_sub = T - rng_int(r, 1, 6);
        push(p, A_SUBMIT, p->d_sub);
        break;
    case S_REV2:
        c.cos = T - rng_int(r, 1, 8);
        c.sub = joint ? c.cos - rng_int(r, 1, 3) : c.cos;
        push_review(p, &c, 2, -1);
        break;
    case S_REV3:
        c.r2 = wdb(g, T - rng_int(r, 1, 6));
        c.cos = c.r2 - rng_int(r, 2, 5);
        c.sub = joint ? c.cos - rng_int(r, 1, 3) : c.cos;
        push_review(p, &c, 3, -1);
        break;
    case S_REV4:
        c.r3 = wdb(g, T - rng_int(r, 1, 5));
        c.r2 = wdb(g, c.r3 - rng_int(r, 2, 4));
        c.cos = c.r2 - rng_int(r, 2, 5);
        c.sub = joint ? c.cos - rng_int(r, 1, 3) : c.cos;
        push_review(p, &c, 4, -1);
        break;
    case S_REV2_RESUB: {
        int32_t sub2 = T - rng_int(r, 1, 6);
        int32_t ret = wdb(g, sub2 - rng_int(r, 2, 6));
        c.sub = c.cos = wdb(g, ret - rng_int(r, 3, 7));
        push_review(p, &c, 2, -1);
        push(p, A_RETURN, ret);
        push(p, A_SUBMIT, sub2);
        push(p, A_COSIGN, sub2);
        break;
    }
    case S_REJECTED:
    case S_CONVERTED: {
        if (p->plenary) plenary_chain(g, r, &c, joint);
        else { int32_t s = T - rng_int(r, 30, 240); chain_fwd(g, r, &c, s, joint, s); }
        int k = rng_int(r, 0, 99);
        int stage = k < 40 ? 2 : k < 85 ? 3 : 4;
        push_review(p, &c, stage, p->scen == S_REJECTED ? A_REJECT : A_CONVERT);
        break;
    }
    case S_WD_DRAFT:
        p->d_create = T - rng_int(r, 20, 120);
        push(p, A_WITHDRAW, p->d_create + rng_int(r, 1, 15));
        return 0;
    case S_WD_SUB:
        p->d_sub = T - rng_int(r, 10, 100);
        push(p, A_SUBMIT, p->d_sub);
        push(p, A_WITHDRAW, p->d_sub + rng_int(r, 1, 3));
        break;
    case S_WD_REV: {
        if (p->plenary) plenary_chain(g, r, &c, joint);
        else { int32_t s = T - rng_int(r, 30, 200); chain_fwd(g, r, &c, s, joint, s); }
        int stage = rng_int(r, 2, 3);
        push_review(p, &c, stage, -1);
        push(p, A_WITHDRAW, (stage == 2 ? c.cos : c.r2) + 1);
        break;
    }
    case S_MERGED:
        plenary_chain(g, r, &c, joint);
        push_review(p, &c, 3, -1);
        push(p, A_MERGE, wdf(g, c.r2 + rng_int(r, 6, 12)));   /* day fixed when the target is known */
        break;
    case S_FILED:
        chain_back(g, r, &c, wdb(g, T - rng_int(r, 1, 8)), joint);
        push_review(p, &c, 4, A_FILE);
        break;
    case S_FILED_REROUTE:
        asg = wdb(g, T - rng_int(r, 3, 8));
        chain_back(g, r, &c, wdb(g, asg - rng_int(r, 4, 8)), joint);
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        d = wdf(g, asg + rng_int(r, 1, 3));
        push(p, A_REROUTE, d > T - 1 ? T - 1 : d);
        p->reroute = 1;
        break;
    case S_ASSIGNED:
        asg = wdb(g, T - (rng_pct(r, 80) ? rng_int(r, 1, 6) : rng_int(r, 8, 15)));
        chain_back(g, r, &c, wdb(g, asg - rng_int(r, 4, 9)), joint);
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        break;
    case S_HAND_PLEN_OVER:
    case S_HAND_OVER:
    case S_HAND_SOON:
    case S_HAND: {
        if (p->scen == S_HAND_PLEN_OVER) {
            plenary_chain(g, r, &c, joint);
            asg = plenary_assign_day(g, r, c.fil);
        } else {
            if (p->scen == S_HAND_OVER) asg = wdb(g, T - rng_int(r, 95, 135));
            else if (p->scen == S_HAND) asg = wdb(g, T - rng_int(r, 10, 80));
            else {
                /* Due within the week: the first assignment day whose 3-month limit falls on or after T+j. */
                int j = rng_int(r, 0, 6);
                asg = T - 95;
                for (int32_t day = T - 100; day < T - 60; day++)
                    if (cal_is_workday(&g->x->cal, day) && cal_deadline_months(&g->x->cal, day, 3) >= T + j) { asg = day; break; }
            }
            chain_back(g, r, &c, wdb(g, asg - rng_int(r, 4, 9)), joint);
        }
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        push(p, A_ACCEPT, wdf(g, asg + rng_int(r, 1, 3)));
        break;
    }
    case S_REPLIED_LATE:
    case S_REPLIED:
        rep = wdb(g, T - rng_int(r, 1, 28));
        if (p->scen == S_REPLIED_LATE) {
            plenary_chain(g, r, &c, joint);
            asg = plenary_assign_day(g, r, c.fil);
        } else {
            asg = wdb(g, rep - rng_int(r, 20, 80));
            chain_back(g, r, &c, wdb(g, asg - rng_int(r, 4, 9)), joint);
        }
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        push(p, A_ACCEPT, wdf(g, asg + rng_int(r, 1, 3)));
        push(p, A_REPLY, rep);
        push(p, A_EVAL_PARTIAL, T - 1);
        break;
    case S_REHANDLING: {
        int32_t reh = T - rng_int(r, 3, 25);
        rep = wdb(g, reh - rng_int(r, 4, 15));
        asg = wdb(g, rep - rng_int(r, 20, 70));
        chain_back(g, r, &c, wdb(g, asg - rng_int(r, 4, 9)), joint);
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        push(p, A_ACCEPT, wdf(g, asg + rng_int(r, 1, 3)));
        push(p, A_REPLY, rep);
        push(p, A_EVAL_REHANDLE, reh);
        break;
    }
    case S_CLOSED:
    case S_CLOSED_REH:
    case S_CLOSED_UNEVAL:
    case S_CLOSED_ORD:
        if (p->scen == S_CLOSED_ORD) {
            int32_t s = T - rng_int(r, 175, 240);
            chain_fwd(g, r, &c, s, joint, s);
            asg = wdf(g, c.fil + rng_int(r, 4, 8));
        } else {
            plenary_chain(g, r, &c, joint);
            asg = plenary_assign_day(g, r, c.fil);
        }
        acc = wdf(g, asg + rng_int(r, 1, 3));
        push_review(p, &c, 4, A_FILE);
        push(p, A_ASSIGN, asg);
        push(p, A_ACCEPT, acc);
        if (p->scen == S_CLOSED_REH) {
            rep = wdf(g, asg + rng_int(r, 30, 80));
            int32_t reh = rep + rng_int(r, 3, 15);
            int32_t rep2 = wdf(g, reh + rng_int(r, 8, 25));
            push(p, A_REPLY, rep);
            push(p, A_EVAL_REHANDLE, reh);
            push(p, A_REPLY, rep2);
            push(p, A_EVAL_CLOSE, rep2 + rng_int(r, 3, 15));
        } else {
            rep = wdf(g, asg + (rng_pct(r, 6) ? rng_int(r, 95, 130) : rng_int(r, 20, 85)));
            push(p, A_REPLY, rep);
            if (p->scen == S_CLOSED_UNEVAL)
                push(p, A_CLOSE_UNEVAL, cal_deadline_days(&g->x->cal, rep, 30) + 1);
            else if (strcmp(p->kind, "collective") == 0)
                push(p, A_CLOSE_UNEVAL, cal_deadline_days(&g->x->cal, rep, 30) + 1);
            else
                push(p, A_EVAL_CLOSE, rep + rng_int(r, 3, 20));
        }
        break;
    default:
        return yz_fail(g->x->e, 500, "demo_plan", NULL, "internal: unknown scenario %d", p->scen);
    }
    if (!p->d_sub && p->nsteps) p->d_sub = p->steps[0].day;
    if (!p->d_cos) p->d_cos = p->d_sub;
    p->d_create = p->d_sub - (p->plenary ? rng_int(r, 1, 20) : rng_int(r, 0, 10));
    /* Days never run backwards and nothing happens after yesterday. */
    for (int i = 0; i < p->nsteps; i++) {
        if (i > 0 && p->steps[i].day < p->steps[i - 1].day) p->steps[i].day = p->steps[i - 1].day;
        if (p->steps[i].day > T - 1) p->steps[i].day = T - 1;
    }
    return 0;
}

static const char *scen_kind(rng *r, int scen, int has_pu)
{
    switch (scen) {
    case S_SUBMITTED: case S_WD_SUB: return "joint";
    case S_DRAFT: case S_DRAFT_RET: case S_WD_DRAFT: case S_REV2_RESUB: return "individual";
    case S_REPLIED: case S_REPLIED_LATE: case S_REHANDLING: case S_CLOSED_REH: case S_CLOSED_UNEVAL: case S_MERGED:
        return rng_pct(r, 72) ? "individual" : "joint";
    default: {
        int k = rng_int(r, 0, 99);
        if (k < 20 && has_pu) return "collective";
        return k < 80 ? "individual" : "joint";
    }
    }
}

static int scen_plenary(rng *r, int scen)
{
    switch (scen) {
    case S_MERGED: case S_HAND_PLEN_OVER: case S_REPLIED_LATE: case S_CLOSED: case S_CLOSED_REH: case S_CLOSED_UNEVAL:
        return 1;
    case S_REJECTED: case S_CONVERTED: return rng_pct(r, 70);
    case S_WD_REV: return rng_pct(r, 50);
    default: return 0;
    }
}

static int plan_all(gen *g, const int *mix, uint64_t seed)
{
    dbody *b = g->b;
    int idx = 0;
    for (int s = 0; s < S_N; s++) {
        for (int i = 0; i < mix[s]; i++, idx++) {
            pplan *p = &g->p[idx];
            rng r;
            memset(p, 0, sizeof *p);
            p->idx = idx;
            p->scen = s;
            p->seed = seed ^ ((uint64_t)(idx + 1) * 0x9E3779B97F4A7C15ull);
            p->merge_target = -1;
            p->author = p->pu = -1;
            rng_seed(&r, p->seed);
            p->kind = scen_kind(&r, s, b->npu > 0);
            p->plenary = scen_plenary(&r, s);
            /* The showcase member (m0001) gets work in several states. */
            int force = b->showcase >= 0 &&
                ((s == S_DRAFT && i == 0) || (s == S_REV3 && i == 0) || (s == S_HAND && i == 0) ||
                 (s == S_REPLIED && i < 2) || (s == S_CLOSED && i == 0));
            if (force) p->kind = "individual";
            if (strcmp(p->kind, "collective") == 0) {
                p->pu = rng_int(&r, 0, b->npu - 1);
            } else {
                p->author = force ? b->showcase : pick_member(g, &r, p);
                if (p->author < 0) return yz_fail(g->x->e, 500, "demo_plan", NULL, "internal: no author");
            }
            if (strcmp(p->kind, "joint") == 0) {
                p->ncos = rng_int(&r, 2, 5);
                for (int k = 0; k < p->ncos; k++) {
                    int m = -1;
                    /* Co-signers usually come from the first author's committee. */
                    for (int guard = 0; guard < 40 && m < 0; guard++) {
                        int c = pick_member(g, &r, p);
                        if (c >= 0 && (b->m[c].committee == b->m[p->author].committee || rng_pct(&r, 40))) m = c;
                    }
                    if (m < 0) m = pick_member(g, &r, p);
                    p->cos[k] = m;
                    p->cos_status[k] = 'c';
                }
                if (s == S_SUBMITTED || s == S_WD_SUB) {
                    int inv = rng_int(&r, 1, p->ncos);
                    for (int k = p->ncos - inv; k < p->ncos; k++) p->cos_status[k] = s == S_SUBMITTED ? 'i' : 'x';
                    if (s == S_SUBMITTED && i < 2 && b->showcase >= 0 && !is_author(p, b->showcase))
                        p->cos[p->ncos - 1] = b->showcase;
                } else if (p->ncos >= 3 && rng_pct(&r, 15)) {
                    p->cos_status[0] = 'd';
                }
            }
            plan_topic(g, &r, p);
            if (plan_timeline(g, &r, p)) return FAIL(g);
        }
    }
    g->n = idx;
    return 0;
}

/* ---------- pass 2: link ---------- */

static int cmp_fil(const void *a, const void *b)
{
    const pplan *x = *(pplan *const *)a, *y = *(pplan *const *)b;
    if (x->fil_day != y->fil_day) return x->fil_day < y->fil_day ? -1 : 1;
    return x->idx - y->idx;
}

static int link_all(gen *g, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    for (int i = 0; i < g->n; i++) {
        pplan *p = &g->p[i];
        int k = has_step(p, A_FILE);
        p->fil_day = k >= 0 ? p->steps[k].day : 0;
        k = has_step(p, A_REPLY);
        p->first_reply_day = k >= 0 ? p->steps[k].day : 0;
    }
    /* Merged proposals join a filed one on the same topic, before it is answered. */
    for (int i = 0; i < g->n; i++) {
        pplan *p = &g->p[i];
        int ms = has_step(p, A_MERGE);
        if (ms < 0) continue;
        int best = -1, best_score = -1;
        for (int j = 0; j < g->n; j++) {
            pplan *t = &g->p[j];
            int jitter = rng_int(&r, 0, 1);
            if (!t->fil_day || t->author < 0 || t->merged_in >= 4 || t->nmerged + 1 + p->ncos > MAX_MERGED || is_author(t, p->author)) continue;
            if (t->fil_day > p->steps[ms].day + 10) continue;
            if (t->first_reply_day && t->first_reply_day <= p->steps[ms].day + 15) continue;
            int score = (t->domain == p->domain) * 2 + (t->domain == p->domain && t->obj == p->obj) * 3 + jitter;
            if (score > best_score) { best = j; best_score = score; }
        }
        if (best < 0) return yz_fail(g->x->e, 500, "demo_plan", NULL, "internal: no merge target");
        pplan *t = &g->p[best];
        if (p->steps[ms].day < t->fil_day) p->steps[ms].day = wdf(g, t->fil_day + 1);
        if (p->steps[ms].day > g->x->today - 1) p->steps[ms].day = g->x->today - 1;
        p->merge_target = best;
        p->merge_ts = demo_ts(p->steps[ms].day, 630 + (i % 60) * 3);
        /* The API credits every confirmed author of the merged proposal on the target. */
        int joining[1 + MAX_COS], nj = 0;
        joining[nj++] = p->author;
        for (int k = 0; k < p->ncos; k++) if (p->cos_status[k] == 'c') joining[nj++] = p->cos[k];
        for (int k = 0; k < nj; k++) {
            if (is_author(t, joining[k])) continue;
            t->merged[t->nmerged] = joining[k];
            t->merged_ts[t->nmerged++] = p->merge_ts;
        }
        t->merged_in_ts[t->merged_in] = p->merge_ts;
        t->merged_in_from[t->merged_in++] = i;
    }
    /* Numbers in filing order; filings of one day a few minutes apart. */
    pplan **filed = calloc(g->n > 0 ? (size_t)g->n : 1, sizeof *filed);
    if (!filed) return yz_fail(g->x->e, 500, "oom", NULL, "内存不足");
    int nf = 0;
    for (int i = 0; i < g->n; i++)
        if (g->p[i].fil_day) filed[nf++] = &g->p[i];
    qsort(filed, (size_t)nf, sizeof *filed, cmp_fil);
    int same_day = 0;
    for (int i = 0; i < nf; i++) {
        same_day = i > 0 && filed[i]->fil_day == filed[i - 1]->fil_day ? same_day + 1 : 0;
        filed[i]->number = i + 1;
        filed[i]->fil_ts = demo_ts(filed[i]->fil_day, 540 + same_day * 3 + (same_day > 60 ? 90 : 0));
    }
    free(filed);

    /* Key proposals (chosen by the chair meeting), excellent ones, publication. */
    if (g->b->showcase >= 0) {
        static const struct { int scen, n; } key_quota[] = { { S_CLOSED, 8 }, { S_HAND_PLEN_OVER, 2 }, { S_REPLIED_LATE, 2 } };
        static const char *const cppcc_leaders[] = { "王建华（市政协主席）", "李卫东（市政协副主席）", "陈秀英（市政协副主席）",
                                                    "张立新（市政协副主席）", "刘海涛（市政协副主席）", "赵明（市政协秘书长）" };
        static const char *const gov_leaders[] = { "吴国庆（常务副市长）", "周志强（副市长）", "孙丽萍（副市长）" };
        for (size_t q = 0; q < sizeof key_quota / sizeof key_quota[0]; q++) {
            int want = key_quota[q].n;
            for (int guard = 0; want > 0 && guard < 5000; guard++) {
                pplan *p = &g->p[rng_int(&r, 0, g->n - 1)];
                if (p->scen != key_quota[q].scen || p->key) continue;
                p->key = 1;
                p->key_day = wdf(g, (p->fil_day + 1 > g->AD ? p->fil_day + 1 : g->AD) + rng_int(&r, 3, 10));
                int f = rng_int(&r, 0, demo_count(wf_supervision_forms) - 1);
                p->form = wf_supervision_forms[f];
                p->sup_leader = f == 0 ? gov_leaders[rng_int(&r, 0, 2)]
                              : f == 1 ? cppcc_leaders[rng_int(&r, 0, 4)] : cppcc_leaders[rng_int(&r, 1, 5)];
                want--;
            }
        }
        int want = 20;
        for (int guard = 0; want > 0 && guard < 5000; guard++) {
            pplan *p = &g->p[rng_int(&r, 0, g->n - 1)];
            if (p->scen != S_CLOSED || p->excellent) continue;
            p->excellent = 1;
            want--;
        }
    }
    for (int i = 0; i < g->n; i++) {
        pplan *p = &g->p[i];
        p->consent = rng_pct(&r, 30);
        int closed = p->scen >= S_CLOSED;
        p->published = p->consent && closed && rng_pct(&r, 60);
    }
    return 0;
}

/* ---------- pass 3: write ---------- */

typedef struct asg_row {
    int64_t id;
    int unit;
    const char *role;              /* lead | co | split */
    int32_t deadline;
    int replied;
} asg_row;

/* Events are collected per proposal and written in time order at the end:
 * notes of the record (confirmations, co-opinions, supervision) fall between
 * the state changes and take the state of their moment. */
typedef struct evrow {
    int64_t at, actor;
    int seq, info;
    const char *action, *from, *to;
    char note[640];
} evrow;
#define MAX_EVENTS 128

typedef struct em {
    gen *g;
    pplan *p;
    rng r;
    int64_t last;                  /* running clock: every event is later than the one before */
    const char *state;
    int stage;
    asg_row as[4];
    int nas;
    int round;
    int32_t asg_day, acc_day, reply_day, first_asg_day;
    const char *contact;           /* contact method of the latest reply */
    char reply_cat;
    /* proposal columns written at the end */
    int64_t submitted_at, filed_at, assigned_at, replied_at, closed_at;
    int32_t reroute_deadline, reply_deadline, eval_deadline;
    int eval_round, rehandled, closed_uneval;
    const char *nfr, *conv;
    int64_t max_resp;              /* latest co-signer answer */
    evrow ev[MAX_EVENTS];
    int nev;
} em;

static int64_t tick(em *m, int32_t day)
{
    /* Both draws always happen, so later draws do not depend on the calendar. */
    int minute = rng_int(&m->r, 540, 1050), gap = rng_int(&m->r, 60, 900);
    int64_t t = demo_ts(day, minute);
    if (t <= m->last) t = m->last + gap;
    return m->last = t;
}

static int64_t tick_after(em *m, int lo, int hi)
{
    return m->last += rng_int(&m->r, lo, hi);
}

static int add_event(em *m, int64_t at, int64_t actor, const char *action, const char *from, const char *to,
                     const char *note, int info)
{
    if (m->nev >= MAX_EVENTS) return yz_fail(m->g->x->e, 500, "demo_plan", NULL, "internal: too many events");
    evrow *v = &m->ev[m->nev];
    *v = (evrow){ .at = at, .actor = actor, .seq = m->nev, .info = info, .action = action, .from = from, .to = to };
    snprintf(v->note, sizeof v->note, "%s", note);
    m->nev++;
    return 0;
}

/* A state change at the running clock. */
static int transition(em *m, int64_t actor, const char *action, const char *to, const char *note)
{
    int rc = add_event(m, m->last, actor, action, m->state, to, note, 0);
    m->state = to;
    return rc;
}

/* A note of the record at time at; its states are filled in when written. */
static int info_event(em *m, int64_t at, int64_t actor, const char *action, const char *note)
{
    return add_event(m, at, actor, action, NULL, NULL, note, 1);
}

static int cmp_event(const void *a, const void *b)
{
    const evrow *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->seq - y->seq;
}

static int flush_events(em *m)
{
    gen *g = m->g;
    qsort(m->ev, (size_t)m->nev, sizeof m->ev[0], cmp_event);
    const char *state = "draft";
    for (int i = 0; i < m->nev; i++) {
        evrow *v = &m->ev[i];
        if (v->info) v->from = v->to = state;
        else state = v->to;
        if (db_exec(g->x->c, g->x->e,
                "INSERT INTO proposal_events (body_id, proposal_id, actor_user_id, at, action, from_state, to_state, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(g->b->id), DBV_INT(m->p->id), v->actor ? DBV_INT(v->actor) : DBV_NULL, DBV_INT(v->at),
                        DBV_TEXT(v->action), DBV_TEXT(v->from), DBV_TEXT(v->to), DBV_TEXT(v->note))) < 0)
            return FAIL(g);
    }
    return 0;
}

static int64_t author_user(em *m)
{
    return m->p->author >= 0 ? m->g->b->m[m->p->author].user_id : m->g->b->pstaff;
}

static int64_t reviewer(em *m, int stage)
{
    dbody *b = m->g->b;
    if (stage == 4) return b->leader;
    if (stage == 3) return b->pstaff;
    int c = m->p->author >= 0 ? b->m[m->p->author].committee : demo_domains[m->p->domain].committee;
    if (c >= b->ncomm) c = 0;
    return b->cstaff[c] ? b->cstaff[c] : b->pstaff;
}

static const char *unit_self(const char *name)
{
    static const struct { const char *suffix, *self; } t[] = {
        { "委员会", "我委" }, { "人民法院", "我院" }, { "检察院", "我院" }, { "公司", "我公司" }, { "集团", "我集团" },
        { "支队", "我支队" }, { "办公室", "我办" }, { "联合会", "我会" }, { "局", "我局" },
    };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t l = strlen(t[i].suffix);
        if (n >= l && strcmp(name + n - l, t[i].suffix) == 0) return t[i].self;
    }
    return "我单位";
}

/* Three distinct entries of a NULL-terminated list (fewer if it is shorter). */
static int pick3(rng *r, const char *const *list, int out[3])
{
    int n = demo_count(list), k = 0;
    while (k < 3 && k < n) {
        int v = rng_int(r, 0, n - 1), dup = 0;
        for (int j = 0; j < k; j++) dup |= out[j] == v;
        if (!dup) out[k++] = v;
    }
    return k;
}

static void numbered(em *m, const char *const *list, char *out, size_t len)
{
    static const char *const ord[] = { "一是", "二是", "三是" };
    dbody *b = m->g->b;
    int idx[3], n = pick3(&m->r, list, idx);
    size_t pos = 0;
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        char part[600];
        demo_expand(&m->r, list[idx[i]], NULL, b->city, b->here, b->year, part, sizeof part);
        pos += (size_t)snprintf(out + pos, pos < len ? len - pos : 0, "%s%s%s", ord[i], part, i + 1 < n ? "；" : "。");
        if (pos >= len) break;
    }
}

static void compose_analysis(em *m, char *out, size_t len)
{
    static const char *const lead_in[] = { "但调研发现，", "但从调研情况看，", "但与群众期盼相比，", "但在实际工作中，" };
    static const char *const closing[] = { "在一定程度上制约了%s工作的高质量发展", "与人民群众的期盼仍有差距",
                                           "亟需引起重视并加以解决", "影响了群众的获得感和满意度" };
    dbody *b = m->g->b;
    const demo_domain *d = &demo_domains[m->p->domain];
    int ns = demo_count(d->stats);
    int s1 = rng_int(&m->r, 0, ns - 1), s2 = ns > 1 && rng_pct(&m->r, 45) ? (s1 + 1) % ns : -1;
    char a[600], bb[600], probs[3][400], close_s[200];
    demo_expand(&m->r, d->stats[s1], NULL, b->city, b->here, b->year, a, sizeof a);
    bb[0] = 0;
    if (s2 >= 0) demo_expand(&m->r, d->stats[s2], NULL, b->city, b->here, b->year, bb, sizeof bb);
    int idx[3], np = pick3(&m->r, d->problems, idx);
    if (np == 3 && rng_pct(&m->r, 50)) np = 2;
    for (int i = 0; i < np; i++) demo_expand(&m->r, d->problems[idx[i]], NULL, b->city, b->here, b->year, probs[i], sizeof probs[i]);
    int c = rng_int(&m->r, 0, 3);
    if (c == 0) snprintf(close_s, sizeof close_s, closing[0], d->field);
    else snprintf(close_s, sizeof close_s, "%s", closing[c]);
    char problems[1300];
    snprintf(problems, sizeof problems, "%s%s%s%s%s", probs[0], np > 1 ? "；" : "", np > 1 ? probs[1] : "",
             np > 2 ? "；" : "", np > 2 ? probs[2] : "");
    snprintf(out, len, "%s。%s%s%s%s，%s。", a, bb, bb[0] ? "。" : "", lead_in[rng_int(&m->r, 0, 3)], problems, close_s);
}

static void keywords_for(em *m, char *out, size_t len)
{
    const demo_domain *d = &demo_domains[m->p->domain];
    int n = csv_count(d->keywords);
    int pick[3] = { 0, -1, -1 }, k = 1;
    while (k < 3 && k < n) {
        int v = rng_int(&m->r, 1, n - 1), dup = 0;
        for (int j = 0; j < k; j++) dup |= pick[j] == v;
        if (!dup) pick[k++] = v;
    }
    out[0] = 0;
    size_t pos = 0;
    for (int i = 0; i < k; i++) {
        char w[64];
        csv_item(d->keywords, pick[i], w, sizeof w);
        pos += (size_t)snprintf(out + pos, pos < len ? len - pos : 0, "%s%s", i ? "," : "", w);
    }
}

static void reply_text(em *m, int unit, int round, char cat, const char *contact, char *out, size_t len)
{
    static const char *const cat_sent[] = {
        "您提出的意见建议已基本吸收采纳，所提问题已得到解决。",
        "您提出的建议具有很强的针对性，我们已将相关内容列入下一步工作计划，将结合财力状况和工作实际逐步推进解决。",
        "您提出的建议很有意义，但受现行政策规定和财力条件限制，目前暂不具备全面实施的条件，我们将积极研究，创造条件逐步推进。",
    };
    pplan *p = m->p;
    dbody *b = m->g->b;
    const char *uname = b->u[unit].name, *self = unit_self(uname);
    char hello[120], meas[1400];
    if (p->author >= 0) snprintf(hello, sizeof hello, "尊敬的%s委员：", b->m[p->author].name);
    else snprintf(hello, sizeof hello, "%s：", b->pu[p->pu].name);
    numbered(m, demo_domains[p->domain].measures, meas, sizeof meas);
    const char *how = strcmp(contact, "面商") == 0 ? "主要负责同志带队与提案人当面沟通交流"
                    : strcmp(contact, "电话") == 0 ? "办理过程中通过电话与提案人沟通办理思路" : "认真研究提案内容并书面征求意见";
    const char *you = p->author >= 0 ? "您" : "贵单位";
    int ci = cat == 'A' ? 0 : cat == 'B' ? 1 : 2;
    if (round == 1)
        snprintf(out, len, "%s\n%s提出的《%s》收悉。%s高度重视，%s，现将办理情况答复如下：\n%s\n%s\n感谢%s对%s工作的关心和支持，欢迎继续提出宝贵意见。",
                 hello, you, p->title, self, how, meas, cat_sent[ci], you, demo_domains[p->domain].field);
    else
        snprintf(out, len, "%s\n针对%s对《%s》首次答复提出的意见，%s重新研究办理，%s，现补充答复如下：\n%s\n%s\n感谢%s的监督和支持。",
                 hello, you, p->title, self, how, meas, cat_sent[ci], you);
}

static char draw_category(em *m, int hard)
{
    int k = rng_int(&m->r, 0, 99);
    if (hard) return k < 55 ? 'B' : 'C';
    return k < 55 ? 'A' : k < 90 ? 'B' : 'C';
}

static const char *draw_contact(em *m)
{
    int k = rng_int(&m->r, 0, 99);
    return k < 45 ? "面商" : k < 80 ? "电话" : "书面";
}

static int step_assign(em *m, int32_t day)
{
    gen *g = m->g;
    dbody *b = g->b;
    pplan *p = m->p;
    const demo_domain *d = &demo_domains[p->domain];
    int units[8] = { 0 };
    int nlead = domain_units(b, d, units, 8, 1);
    int nu = domain_units(b, d, units, 8, 0);   /* lead units first, then co units */
    int64_t at = tick(m, day);
    m->nas = 0;
    char note[480], who[360];
    char *const note_units = who;
    if (p->reroute) {
        /* Sent first to a unit outside the topic's field, which asks to re-route. */
        int u;
        do u = rng_int(&m->r, 0, b->nu - 1); while (u == units[0] && b->nu > 1);
        m->as[m->nas++] = (asg_row){ 0, u, "lead", cal_deadline_months(&g->x->cal, day, 3), 0 };
        snprintf(who, sizeof who, "主办：%s", b->u[u].name);
    } else if (nu >= 2 && rng_pct(&m->r, 5) && p->scen != S_REHANDLING && p->scen != S_CLOSED_REH) {
        m->as[m->nas++] = (asg_row){ 0, units[0], "split", cal_deadline_months(&g->x->cal, day, 3), 0 };
        m->as[m->nas++] = (asg_row){ 0, units[nlead < nu ? nlead : 1], "split", cal_deadline_months(&g->x->cal, day, 3), 0 };
        snprintf(who, sizeof who, "分办：%s、%s", b->u[m->as[0].unit].name, b->u[m->as[1].unit].name);
    } else {
        int lead = nlead > 1 && rng_pct(&m->r, 20) ? units[1] : units[0];
        if (nu == 0) lead = 0;
        m->as[m->nas++] = (asg_row){ 0, lead, "lead", cal_deadline_months(&g->x->cal, day, 3), 0 };
        int nco = rng_int(&m->r, 0, 2);
        size_t pos = (size_t)snprintf(who, sizeof who, "主办：%s", b->u[lead].name);
        for (int k = 0; k < nco; k++) {
            int cand = -1;
            for (int guard = 0; guard < 10 && cand < 0; guard++) {
                int c = units[rng_int(&m->r, 0, nu > 0 ? nu - 1 : 0)];
                int dup = 0;
                for (int j = 0; j < m->nas; j++) dup |= m->as[j].unit == c;
                if (!dup) cand = c;
            }
            if (cand < 0) break;
            m->as[m->nas++] = (asg_row){ 0, cand, "co", cal_deadline_months(&g->x->cal, day, 1), 0 };
            pos += (size_t)snprintf(who + pos, pos < sizeof who ? sizeof who - pos : 0, "%s%s",
                                    k == 0 ? "；协办：" : "、", b->u[cand].name);
        }
    }
    for (int i = 0; i < m->nas; i++) {
        char dl[11];
        date_format(m->as[i].deadline, dl);
        m->as[i].id = db_insert(g->x->c, g->x->e,
            "INSERT INTO proposal_assignments (proposal_id, unit_id, role, state, assigned_at, deadline) "
            "VALUES (?, ?, ?, 'assigned', ?, ?) RETURNING id",
            DB_ARGS(DBV_INT(p->id), DBV_INT(b->u[m->as[i].unit].id), DBV_TEXT(m->as[i].role), DBV_INT(at), DBV_TEXT(dl)));
        if (m->as[i].id < 0) return FAIL(g);
    }
    m->asg_day = day;
    if (!m->first_asg_day) m->first_asg_day = day;
    m->assigned_at = at;
    m->reroute_deadline = cal_add_workdays(&g->x->cal, day, 5);
    m->reply_deadline = m->as[0].deadline;
    char dl[11];
    date_format(m->reply_deadline, dl);
    snprintf(note, sizeof note, "%s交办，答复期限 %s。%s", strcmp(m->as[0].role, "split") == 0 ? "分办" : "", dl, note_units);
    return transition(m, b->pstaff, "assign", "assigned", note);
}

static int step_reroute(em *m, int32_t day)
{
    gen *g = m->g;
    tick(m, day);
    for (int i = 0; i < m->nas; i++)
        if (db_exec(g->x->c, g->x->e, "UPDATE proposal_assignments SET state = 'withdrawn', active = 0 WHERE id = ?",
                    DB_ARGS(DBV_INT(m->as[i].id))) < 0)
            return FAIL(g);
    int64_t who = g->b->u[m->as[0].unit].user_id;
    m->nas = 0;
    m->assigned_at = 0;
    m->reroute_deadline = m->reply_deadline = 0;
    return transition(m, who, "reroute", "filed", "申请调整承办单位：所提事项不属于本单位职责范围，建议改由相关职能部门办理");
}

static int step_accept(em *m, int32_t day)
{
    gen *g = m->g;
    int64_t at = tick(m, day);
    m->acc_day = day;
    char note[80];
    /* Lead and split units sign for it; co-units only send an opinion later. */
    for (int i = 0; i < m->nas; i++) {
        if (strcmp(m->as[i].role, "co") == 0) continue;
        int64_t t = at + i * rng_int(&m->r, 600, 7200);
        dunit *u = &g->b->u[m->as[i].unit];
        if (db_exec(g->x->c, g->x->e, "UPDATE proposal_assignments SET state = 'handling', accepted_at = ? WHERE id = ?",
                    DB_ARGS(DBV_INT(t), DBV_INT(m->as[i].id))) < 0)
            return FAIL(g);
        snprintf(note, sizeof note, "%s签收", u->handler);
        if (i > 0 && info_event(m, t, u->user_id, "accept", note)) return FAIL(g);
    }
    snprintf(note, sizeof note, "%s签收", g->b->u[m->as[0].unit].handler);
    return transition(m, g->b->u[m->as[0].unit].user_id, "accept", "handling", note);
}

/* Co-unit i sends its opinion to the lead unit on day d. */
static int co_opinion(em *m, int i, int32_t d)
{
    gen *g = m->g;
    dbody *b = g->b;
    int64_t t = demo_ts(d, rng_int(&m->r, 540, 1000));
    char text[2000], meas[1400];
    numbered(m, demo_domains[m->p->domain].measures, meas, sizeof meas);
    snprintf(text, sizeof text, "关于《%s》的协办意见：%s结合职责研究提出以下意见。%s我们将积极配合主办单位做好办理工作。",
             m->p->title, unit_self(b->u[m->as[i].unit].name), meas);
    if (db_exec(g->x->c, g->x->e,
                "INSERT INTO co_opinions (proposal_id, assignment_id, unit_id, text, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DBV_INT(m->p->id), DBV_INT(m->as[i].id), DBV_INT(b->u[m->as[i].unit].id), DBV_TEXT(text),
                        DBV_INT(b->u[m->as[i].unit].user_id), DBV_INT(t))) < 0 ||
        db_exec(g->x->c, g->x->e, "UPDATE proposal_assignments SET state = 'replied', replied_at = ? WHERE id = ?",
                DB_ARGS(DBV_INT(t), DBV_INT(m->as[i].id))) < 0)
        return FAIL(g);
    m->as[i].replied = 1;
    char note[80];
    snprintf(note, sizeof note, "%s提交协办意见", b->u[m->as[i].unit].handler);
    return info_event(m, t, b->u[m->as[i].unit].user_id, "co_opinion", note) ? FAIL(g) : 0;
}

/* While the lead unit is still handling, most co-units past their month have answered. */
static int co_opinions_in_progress(em *m)
{
    int32_t T = m->g->x->today;
    for (int i = 0; i < m->nas; i++) {
        if (strcmp(m->as[i].role, "co") != 0 || m->as[i].replied) continue;
        int due = m->as[i].deadline <= T - 1;
        int32_t lo = m->acc_day + 3, hi = due ? m->as[i].deadline : T - 1;
        int32_t d = lo + rng_int(&m->r, 0, hi - lo > 0 ? hi - lo : 0);
        if (!rng_pct(&m->r, due ? 85 : 30) || lo > T - 1) continue;
        if (d > T - 1) d = T - 1;
        if (co_opinion(m, i, d)) return FAIL(m->g);
    }
    return 0;
}

static int step_reply(em *m, int32_t day)
{
    gen *g = m->g;
    dbody *b = g->b;
    pplan *p = m->p;
    m->round++;
    int hard = m->round == 1 && (p->scen == S_REHANDLING || p->scen == S_CLOSED_REH);
    /* Co-units send their opinions to the lead unit first (round 1 only). */
    if (m->round == 1) {
        for (int i = 0; i < m->nas; i++) {
            if (strcmp(m->as[i].role, "co") != 0 || m->as[i].replied) continue;
            int32_t od = day - rng_int(&m->r, 3, 20);
            if (od <= m->acc_day) od = m->acc_day + 1;   /* after the co-unit signed for it */
            if (od > day) od = day;
            if (co_opinion(m, i, od)) return FAIL(g);
        }
    }
    int answering[4], na = 0;
    for (int i = 0; i < m->nas; i++)
        if (strcmp(m->as[i].role, "co") != 0 && (m->round == 1 || strcmp(m->as[i].role, "lead") == 0)) answering[na++] = i;
    if (na == 0) return yz_fail(g->x->e, 500, "demo_plan", NULL, "internal: no answering unit");
    int64_t last_at = 0;
    for (int k = 0; k < na; k++) {
        asg_row *a = &m->as[answering[k]];
        int32_t rd = day;
        int64_t at;
        if (k + 1 < na) {
            /* An earlier split reply: a few days before the last one. */
            rd = day - rng_int(&m->r, 1, 6);
            if (rd <= m->asg_day) rd = m->asg_day + 1;
            if (rd > day) rd = day;
            at = demo_ts(rd, rng_int(&m->r, 540, 700));
            if (at <= m->last) at = m->last + 60;
        } else {
            at = tick(m, day);
        }
        if (at > m->last) m->last = at;
        char cat = draw_category(m, hard);
        const char *contact = draw_contact(m);
        char text[2400];
        reply_text(m, a->unit, m->round, cat, contact, text, sizeof text);
        char cats[2] = { cat, 0 };
        int32_t limit = m->round == 1 ? a->deadline : m->reply_deadline;
        if (db_exec(g->x->c, g->x->e,
                    "INSERT INTO proposal_replies (proposal_id, assignment_id, unit_id, round, text, category, signed_by, "
                    "contact_method, on_time, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(p->id), DBV_INT(a->id), DBV_INT(b->u[a->unit].id), DBV_INT(m->round), DBV_TEXT(text),
                            DBV_TEXT(cats), DBV_TEXT(b->u[a->unit].signer), DBV_TEXT(contact), DBV_INT(rd <= limit),
                            DBV_INT(b->u[a->unit].user_id), DBV_INT(at))) < 0 ||
            db_exec(g->x->c, g->x->e, "UPDATE proposal_assignments SET state = 'replied', replied_at = ? WHERE id = ?",
                    DB_ARGS(DBV_INT(at), DBV_INT(a->id))) < 0)
            return FAIL(g);
        a->replied = 1;
        last_at = at;
        m->reply_cat = cat;
        m->contact = contact;
        char note[120];
        snprintf(note, sizeof note, "%s答复（%c类）%s", b->u[a->unit].handler, cat, rd <= limit ? "" : "，已超过答复期限");
        /* Earlier split answers leave the proposal in handling; the last one moves it. */
        if (k + 1 < na) {
            if (info_event(m, at, b->u[a->unit].user_id, "reply", note)) return FAIL(g);
        } else if (transition(m, b->u[a->unit].user_id, "reply", "replied", note)) {
            return FAIL(g);
        }
    }
    m->reply_day = day;
    m->replied_at = last_at;
    m->eval_round = m->round;
    m->eval_deadline = cal_deadline_days(&g->x->cal, day, 30);
    return 0;
}

static const char *sat_label(const char *code)
{
    return strcmp(code, "satisfied") == 0 ? "满意" : strcmp(code, "basic") == 0 ? "基本满意" : "不满意";
}

/* Evaluations of one round. mode: 0 close, 1 rehandle, 2 partial. */
static int step_evaluate(em *m, int32_t day, int mode)
{
    gen *g = m->g;
    dbody *b = g->b;
    pplan *p = m->p;
    int who[1 + MAX_COS + MAX_MERGED], n = 0;
    if (p->author >= 0) who[n++] = p->author;
    for (int i = 0; i < p->ncos; i++) if (p->cos_status[i] == 'c') who[n++] = p->cos[i];
    for (int i = 0; i < p->nmerged; i++) who[n++] = p->merged[i];
    int rate = n;
    if (mode == 2) {
        /* Awaiting evaluation: some co-authors rated, at least one (and m0001) has not. */
        rate = n > 1 && rng_pct(&m->r, 60) ? rng_int(&m->r, 1, n - 1) : 0;
        if (day <= m->reply_day) rate = 0;
    }
    int32_t days[1 + MAX_COS + MAX_MERGED];
    for (int i = 0; i < rate; i++) days[i] = m->reply_day + rng_int(&m->r, 1, day - m->reply_day > 1 ? day - m->reply_day : 1);
    if (mode != 2 && rate > 0) days[rng_int(&m->r, 0, rate - 1)] = day;
    /* Order by day: insertion sort of (day, author). */
    for (int i = 1; i < rate; i++)
        for (int j = i; j > 0 && days[j] < days[j - 1]; j--) {
            int32_t td = days[j]; days[j] = days[j - 1]; days[j - 1] = td;
            int tw = who[j]; who[j] = who[j - 1]; who[j - 1] = tw;
        }
    int unhappy = mode == 1 ? rng_int(&m->r, 0, rate - 1) : -1;
    int contacted_base = strcmp(m->contact ? m->contact : "书面", "书面") != 0;
    for (int i = 0; i < rate; i++) {
        int member = who[i];
        if (mode == 2 && member == b->showcase) continue;
        const char *proc, *res;
        int k1 = rng_int(&m->r, 0, 99), k2 = rng_int(&m->r, 0, 99);
        if (m->round >= 2) {
            proc = k1 < 70 ? "satisfied" : "basic";
            res = k2 < 50 ? "satisfied" : k2 < 85 ? "basic" : "dissatisfied";
        } else {
            proc = k1 < 85 ? "satisfied" : "basic";
            res = m->reply_cat == 'C' ? (k2 < 40 ? "satisfied" : "basic") : (k2 < 75 ? "satisfied" : "basic");
        }
        if (i == unhappy) { res = "dissatisfied"; proc = k1 < 50 ? "basic" : "dissatisfied"; }
        static const char *const good[] = { "答复认真，措施具体", "承办单位主动沟通，办理态度好", "希望进一步抓好落实", "建议加快推进相关工作" };
        static const char *const bad[] = { "答复内容较为原则，缺乏具体措施", "所提问题未得到实质性解决" };
        const char *comment = strcmp(res, "dissatisfied") == 0 ? bad[rng_int(&m->r, 0, 1)]
                            : rng_pct(&m->r, 40) ? good[rng_int(&m->r, 0, 3)] : "";
        int contacted = contacted_base ? 1 : rng_pct(&m->r, 50);
        int64_t at = tick(m, days[i]);
        if (db_exec(g->x->c, g->x->e,
                    "INSERT INTO evaluations (proposal_id, member_id, round, process_satisfaction, result_satisfaction, contacted, "
                    "comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(p->id), DBV_INT(b->m[member].id), DBV_INT(m->round), DBV_TEXT(proc), DBV_TEXT(res),
                            DBV_INT(contacted), DBV_TEXT(comment), DBV_INT(b->m[member].user_id), DBV_INT(at))) < 0)
            return FAIL(g);
        char note[120];
        snprintf(note, sizeof note, "%s评价：%s", b->m[member].name, sat_label(res));
        if (transition(m, b->m[member].user_id, "evaluate", "replied", note)) return FAIL(g);
    }
    if (mode == 0) {
        tick_after(m, 1, 120);
        m->closed_at = m->last;
        return transition(m, 0, "close", "closed", "全部提案人已评价，办结");
    }
    if (mode == 1) {
        tick_after(m, 1, 120);
        m->rehandled = 1;
        m->reply_deadline = cal_deadline_months(&g->x->cal, day, 1);
        char dl[11];
        date_format(m->reply_deadline, dl);
        for (int i = 0; i < m->nas; i++) {
            if (strcmp(m->as[i].role, "lead") != 0) continue;
            if (db_exec(g->x->c, g->x->e,
                        "UPDATE proposal_assignments SET state = 'handling', deadline = ? WHERE id = ?",
                        DB_ARGS(DBV_TEXT(dl), DBV_INT(m->as[i].id))) < 0)
                return FAIL(g);
        }
        char note[120];
        snprintf(note, sizeof note, "提案人对办理结果不满意，重新办理，答复期限 %s", dl);
        return transition(m, 0, "rehandle", "rehandling", note);
    }
    return 0;
}

/* Co-signers answer between submission and the end of the window (or of the
 * cosign step): their rows carry the answer time, their answers are notes. */
static int cosigners(em *m, int32_t until)
{
    gen *g = m->g;
    dbody *b = g->b;
    pplan *p = m->p;
    static const char *const st[] = { "confirmed", "invited", "declined", "expired" };
    for (int i = 0; i < p->ncos; i++) {
        int k = p->cos_status[i] == 'c' ? 0 : p->cos_status[i] == 'i' ? 1 : p->cos_status[i] == 'd' ? 2 : 3;
        int32_t span = until - p->d_sub;
        int64_t resp = demo_ts(p->d_sub + rng_int(&m->r, 0, span > 0 ? span : 0), rng_int(&m->r, 560, 1300));
        if (resp <= m->submitted_at) resp = m->submitted_at + rng_int(&m->r, 600, 7200);
        int answered = k == 0 || k == 2;
        if (db_exec(g->x->c, g->x->e, "INSERT INTO proposal_authors (proposal_id, member_id, role, status, responded_at) VALUES (?, ?, 'cosigner', ?, ?)",
                    DB_ARGS(DBV_INT(p->id), DBV_INT(b->m[p->cos[i]].id), DBV_TEXT(st[k]), answered ? DBV_INT(resp) : DBV_NULL)) < 0)
            return FAIL(g);
        if (!answered) continue;
        char note[80];
        snprintf(note, sizeof note, "%s%s联名", b->m[p->cos[i]].name, k == 0 ? "确认" : "谢绝");
        if (info_event(m, resp, b->m[p->cos[i]].user_id, k == 0 ? "cosign_confirm" : "cosign_decline", note)) return FAIL(g);
        if (resp > m->max_resp) m->max_resp = resp;
    }
    return 0;
}

static int step_review(em *m, const step *s, int32_t next_day)
{
    gen *g = m->g;
    pplan *p = m->p;
    int joint = strcmp(p->kind, "joint") == 0;
    char note[640], label[64];
    switch (s->a) {
    case A_SUBMIT: {
        int first = !m->submitted_at;
        m->submitted_at = tick(m, s->day);
        m->stage = 0;
        if (transition(m, author_user(m), "submit", "submitted", joint ? "已提交，等待联名人确认" : "已提交")) return FAIL(g);
        if (first && joint && cosigners(m, next_day ? next_day : g->x->today - 1)) return FAIL(g);
        if (m->last < m->max_resp) m->last = m->max_resp;   /* what follows comes after the answers */
        return 0;
    }
    case A_COSIGN:
        if (joint) {
            tick(m, s->day);   /* the last co-signer's answer moves it on */
            if (m->last <= m->max_resp) m->last = m->max_resp + rng_int(&m->r, 1, 5);
        } else {
            tick_after(m, 1, 30);
        }
        m->stage = 2;   /* 自审 (stage 1) passes at submission */
        return transition(m, 0, "cosign_complete", "under_review", joint ? "联名确认完成，进入立案审查" : "进入立案审查");
    case A_PASS:
        tick(m, s->day);
        m->stage++;
        return transition(m, reviewer(m, m->stage - 1), "review_pass", "under_review",
                          m->stage == 3 ? "初审意见：符合立案标准，同意提交提案委员会复审"
                                        : "复审意见：符合立案标准，建议立案，报主席会议审定");
    case A_FILE:
        m->last = p->fil_ts > m->last ? p->fil_ts : m->last + 60;
        m->filed_at = m->last;
        wf_number_label(g->b->term_no, g->b->session_no, p->number, label, sizeof label);
        snprintf(note, sizeof note, "立案，编号%s。审查意见：符合立案标准，同意立案", label);
        return transition(m, reviewer(m, m->stage), "file", "filed", note);
    case A_REJECT: {
        static const char *const why[] = { "建议以社情民意信息等其他方式反映", "请提案人参阅有关政策规定", "" };
        tick(m, s->day);
        m->nfr = wf_not_filed_reasons[rng_int(&m->r, 0, demo_count(wf_not_filed_reasons) - 2)];
        const char *o = why[rng_int(&m->r, 0, 2)];
        snprintf(note, sizeof note, "不予立案：%s%s%s", m->nfr, *o ? "。" : "", o);
        return transition(m, reviewer(m, m->stage), "reject", "rejected", note);
    }
    case A_CONVERT: {
        static const int reasons[] = { 1, 2, 3, 6 };
        tick(m, s->day);
        m->nfr = wf_not_filed_reasons[reasons[rng_int(&m->r, 0, 3)]];
        m->conv = rng_pct(&m->r, 60) ? "意见建议" : "社情民意";
        snprintf(note, sizeof note, "不予立案，转%s（%s）", m->conv, m->nfr);
        return transition(m, reviewer(m, m->stage), "convert", "converted", note);
    }
    case A_MERGE: {
        m->last = p->merge_ts > m->last ? p->merge_ts : m->last + 60;
        pplan *t = &g->p[p->merge_target];
        wf_number_label(g->b->term_no, g->b->session_no, t->number, label, sizeof label);
        snprintf(note, sizeof note, "并入%s。与该提案内容相近，并案办理", label);
        return transition(m, reviewer(m, m->stage), "merge", "merged", note);
    }
    case A_RETURN: {
        tick(m, s->day);
        int64_t who = reviewer(m, m->stage);
        m->stage = 0;
        return transition(m, who, "return", "draft", "建议部分不够具体，请补充完善后重新提交");
    }
    case A_WITHDRAW:
        tick(m, s->day);
        return transition(m, author_user(m), "withdraw", "withdrawn", "提案人申请撤回");
    }
    return 0;
}

static int write_supervision(em *m)
{
    gen *g = m->g;
    pplan *p = m->p;
    static const char *const outcomes[] = {
        "召开重点提案督办协商会，听取承办单位办理进展汇报，提出进一步推进意见",
        "组织委员实地视察项目推进情况，现场协调解决存在的困难",
        "召开办理协商座谈会，提案人与承办单位面对面沟通",
        "对办理情况进行评议，形成督办意见转承办单位落实",
    };
    int32_t T1 = g->x->today - 1;
    int32_t kd = p->key_day < T1 ? p->key_day : T1;
    char note[640];
    snprintf(note, sizeof note, "确定为重点提案，%s领衔督办（%s）", p->sup_leader, p->form);
    if (info_event(m, demo_ts(kd, rng_int(&m->r, 900, 1000)), g->b->pstaff, "key", note)) return FAIL(g);
    int32_t lo = m->first_asg_day + 7 > kd + 1 ? m->first_asg_day + 7 : kd + 1;
    int32_t hi = m->reply_day ? m->reply_day - 1 : g->x->today - 1;
    if (hi < lo) hi = lo;
    if (hi > g->x->today - 1) hi = g->x->today - 1;
    int n = rng_int(&m->r, 1, 3);
    int32_t prev = lo;
    for (int i = 0; i < n; i++) {
        int32_t d = prev + rng_int(&m->r, 0, (hi - prev) / (n - i) > 0 ? (hi - prev) / (n - i) : 0);
        if (d > hi) d = hi;
        prev = d + 1 <= hi ? d + 1 : hi;
        char day[11], part[300];
        date_format(d, day);
        int64_t at = demo_ts(d, rng_int(&m->r, 900, 1050));
        const char *unit = m->nas ? g->b->u[m->as[0].unit].name : "承办单位";
        snprintf(part, sizeof part, "%s、提案委员会、%s负责同志及提案人", p->sup_leader, unit);
        if (db_exec(g->x->c, g->x->e,
                    "INSERT INTO supervision_logs (proposal_id, day, form, participants, outcome, created_by, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DBV_INT(p->id), DBV_TEXT(day), DBV_TEXT(p->form), DBV_TEXT(part),
                            DBV_TEXT(outcomes[rng_int(&m->r, 0, 3)]), DBV_INT(g->b->pstaff), DBV_INT(at))) < 0)
            return FAIL(g);
        snprintf(note, sizeof note, "%s %s", day, p->form);
        if (info_event(m, at, g->b->pstaff, "supervise", note)) return FAIL(g);
    }
    return 0;
}

static int write_one(gen *g, pplan *p)
{
    dctx *x = g->x;
    dbody *b = g->b;
    em m;
    memset(&m, 0, sizeof m);
    m.g = g;
    m.p = p;
    m.state = "draft";
    rng_seed(&m.r, p->seed ^ 0xA5A5A5A5ull);
    int64_t created = demo_ts(p->d_create, rng_int(&m.r, 480, 1260));
    m.last = created;

    char analysis[3000], suggestions[2400], keywords[160], suggested[200], cosign_deadline[11];
    compose_analysis(&m, analysis, sizeof analysis);
    numbered(&m, demo_domains[p->domain].suggest, suggestions, sizeof suggestions);
    keywords_for(&m, keywords, sizeof keywords);
    int units[8], nu = domain_units(b, &demo_domains[p->domain], units, 8, 0);
    if (nu == 0) { units[0] = 0; nu = 1; }
    if (nu > 1 && rng_pct(&m.r, 50)) snprintf(suggested, sizeof suggested, "%s,%s", b->u[units[0]].name, b->u[units[rng_int(&m.r, 1, nu - 1)]].name);
    else snprintf(suggested, sizeof suggested, "%s", b->u[units[0]].name);
    int joint = strcmp(p->kind, "joint") == 0;
    if (joint) date_format(p->d_sub + 7, cosign_deadline);
    int collective = p->author < 0;

    p->id = db_insert(x->c, x->e,
        "INSERT INTO proposals (body_id, session_id, title, analysis, suggestions, category, keywords, kind, plenary, "
        "author_member_id, collective_kind, collective_id, created_by, suggested_units, publish_consent, state, "
        "cosign_deadline, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id",
        DB_ARGS(DBV_INT(b->id), DBV_INT(b->session_id), DBV_TEXT(p->title), DBV_TEXT(analysis), DBV_TEXT(suggestions),
                DBV_TEXT(demo_domains[p->domain].category), DBV_TEXT(keywords), DBV_TEXT(p->kind), DBV_INT(p->plenary),
                collective ? DBV_NULL : DBV_INT(b->m[p->author].id),
                collective ? DBV_TEXT("participating_unit") : DBV_NULL,
                collective ? DBV_INT(b->pu[p->pu].id) : DBV_NULL,
                DBV_INT(collective ? b->pstaff : b->m[p->author].user_id), DBV_TEXT(suggested), DBV_INT(p->consent),
                joint ? DBV_TEXT(cosign_deadline) : DBV_NULL, DBV_INT(created), DBV_INT(created)));
    if (p->id < 0) return FAIL(g);

    /* Authors: the first now, co-signers when submitted, merged-in ones when they joined. */
    if (!collective &&
        db_exec(x->c, x->e, "INSERT INTO proposal_authors (proposal_id, member_id, role, status, responded_at) VALUES (?, ?, 'first', 'confirmed', ?)",
                DB_ARGS(DBV_INT(p->id), DBV_INT(b->m[p->author].id), DBV_INT(created))) < 0)
        return FAIL(g);
    for (int i = 0; i < p->nmerged; i++)
        if (db_exec(x->c, x->e, "INSERT INTO proposal_authors (proposal_id, member_id, role, status, responded_at) VALUES (?, ?, 'merged', 'confirmed', ?)",
                    DB_ARGS(DBV_INT(p->id), DBV_INT(b->m[p->merged[i]].id), DBV_INT(p->merged_ts[i]))) < 0)
            return FAIL(g);
    for (int i = 0; i < p->merged_in; i++) {
        char note[640];
        snprintf(note, sizeof note, "来稿「%s」并入本提案，其提案人一并署名", g->p[p->merged_in_from[i]].title);
        if (info_event(&m, p->merged_in_ts[i], b->pstaff, "merge_in", note)) return FAIL(g);
    }

    /* Replay the steps. */
    for (int i = 0; i < p->nsteps; i++) {
        const step *s = &p->steps[i];
        int32_t next_day = i + 1 < p->nsteps ? p->steps[i + 1].day : 0;
        int rc = 0;
        /* A stream per step: a date-dependent branch in one step leaves the others alone. */
        rng_seed(&m.r, p->seed ^ ((uint64_t)(i + 1) * 0xD1B54A32D192ED03ull));
        switch (s->a) {
        case A_ASSIGN: rc = step_assign(&m, s->day); break;
        case A_REROUTE: rc = step_reroute(&m, s->day); break;
        case A_ACCEPT: rc = step_accept(&m, s->day); break;
        case A_REPLY: rc = step_reply(&m, s->day); break;
        case A_EVAL_CLOSE: rc = step_evaluate(&m, s->day, 0); break;
        case A_EVAL_REHANDLE: rc = step_evaluate(&m, s->day, 1); break;
        case A_EVAL_PARTIAL: rc = step_evaluate(&m, s->day, 2); break;
        case A_CLOSE_UNEVAL:
            m.last = demo_ts(s->day, 1) + rng_int(&m.r, 0, 600);
            m.closed_at = m.last;
            m.closed_uneval = 1;
            rc = transition(&m, 0, "close_unevaluated", "closed", "评价期限已过，按未评价办结");
            break;
        default: rc = step_review(&m, s, next_day); break;
        }
        if (rc) return FAIL(g);
    }
    rng_seed(&m.r, p->seed ^ 0x5EC0D5ull);
    if (p->key && write_supervision(&m)) return FAIL(g);
    rng_seed(&m.r, p->seed ^ 0xC0C0ull);
    if (strcmp(m.state, "handling") == 0 && co_opinions_in_progress(&m)) return FAIL(g);
    if (flush_events(&m)) return FAIL(g);
    int64_t updated = created;
    for (int i = 0; i < m.nev; i++) if (m.ev[i].at > updated) updated = m.ev[i].at;

    /* Final columns. */
    char label[64], d1[11], d2[11], d3[11];
    int numbered_state = p->number > 0;
    if (numbered_state) wf_number_label(b->term_no, b->session_no, p->number, label, sizeof label);
    if (m.reroute_deadline) date_format(m.reroute_deadline, d1);
    if (m.reply_deadline) date_format(m.reply_deadline, d2);
    if (m.eval_deadline) date_format(m.eval_deadline, d3);
    int64_t published_at = 0;
    if (p->published && m.closed_at) {
        published_at = m.closed_at + (int64_t)rng_int(&m.r, 5, 30) * 86400;
        if (published_at > demo_ts(x->today - 1, 1000)) published_at = demo_ts(x->today - 1, 1000);
    }
    int draft = strcmp(m.state, "draft") == 0;
    if (db_exec(x->c, x->e,
        "UPDATE proposals SET kind = ?, state = ?, review_stage = ?, submitted_at = ?, filed_at = ?, number = ?, number_label = ?, "
        "not_filed_reason = ?, converted_to = ?, assigned_at = ?, reroute_deadline = ?, reply_deadline = ?, replied_at = ?, "
        "eval_round = ?, eval_deadline = ?, rehandled = ?, closed_at = ?, closed_unevaluated = ?, key_proposal = ?, "
        "supervising_leader = ?, supervision_form = ?, excellent = ?, published = ?, published_at = ?, updated_at = ? WHERE id = ?",
        DB_ARGS(DBV_TEXT(p->kind), DBV_TEXT(m.state), DBV_INT(m.stage), !draft && m.submitted_at ? DBV_INT(m.submitted_at) : DBV_NULL,
                m.filed_at ? DBV_INT(m.filed_at) : DBV_NULL, numbered_state ? DBV_INT(p->number) : DBV_NULL,
                numbered_state ? DBV_TEXT(label) : DBV_NULL, DBV_TEXT_OR_NULL(m.nfr), DBV_TEXT_OR_NULL(m.conv),
                m.assigned_at ? DBV_INT(m.assigned_at) : DBV_NULL, m.reroute_deadline ? DBV_TEXT(d1) : DBV_NULL,
                m.reply_deadline ? DBV_TEXT(d2) : DBV_NULL, m.replied_at ? DBV_INT(m.replied_at) : DBV_NULL,
                DBV_INT(m.eval_round), m.eval_deadline ? DBV_TEXT(d3) : DBV_NULL, DBV_INT(m.rehandled),
                m.closed_at ? DBV_INT(m.closed_at) : DBV_NULL, DBV_INT(m.closed_uneval), DBV_INT(p->key),
                DBV_TEXT_OR_NULL(p->sup_leader), DBV_TEXT_OR_NULL(p->form), DBV_INT(p->excellent),
                DBV_INT(published_at > 0), published_at ? DBV_INT(published_at) : DBV_NULL, DBV_INT(updated),
                DBV_INT(p->id))) < 0)
        return FAIL(g);
    return 0;
}

static int cmp_create(const void *a, const void *b)
{
    const pplan *x = *(pplan *const *)a, *y = *(pplan *const *)b;
    if (x->d_create != y->d_create) return x->d_create < y->d_create ? -1 : 1;
    return x->idx - y->idx;
}

static int write_all(gen *g)
{
    dctx *x = g->x;
    pplan **order = calloc(g->n > 0 ? (size_t)g->n : 1, sizeof *order);
    if (!order) return yz_fail(x->e, 500, "oom", NULL, "内存不足");
    for (int i = 0; i < g->n; i++) order[i] = &g->p[i];
    qsort(order, (size_t)g->n, sizeof *order, cmp_create);
    int rc = 0, max_number = 0;
    for (int i = 0; i < g->n && !rc; i++) {
        rc = write_one(g, order[i]);
        if (order[i]->number > max_number) max_number = order[i]->number;
    }
    free(order);
    if (rc) return rc;
    for (int i = 0; i < g->n; i++) {
        pplan *p = &g->p[i];
        if (p->merge_target < 0) continue;
        if (db_exec(x->c, x->e, "UPDATE proposals SET merged_into_id = ? WHERE id = ?",
                    DB_ARGS(DBV_INT(g->p[p->merge_target].id), DBV_INT(p->id))) < 0)
            return FAIL(g);
    }
    char scope[64];
    snprintf(scope, sizeof scope, "proposal_number:%lld", (long long)g->b->session_id);
    if (db_exec(x->c, x->e, "INSERT INTO counters (body_id, scope, value) VALUES (?, ?, ?)",
                DB_ARGS(DBV_INT(g->b->id), DBV_TEXT(scope), DBV_INT(max_number))) < 0)
        return FAIL(g);
    return 0;
}

static int run(dctx *x, dbody *b, const int *mix, uint64_t seed)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.x = x;
    g.b = b;
    int total = 0;
    for (int s = 0; s < S_N; s++) total += mix[s];
    g.p = calloc((size_t)total, sizeof *g.p);
    g.weights = calloc((size_t)b->nm, sizeof *g.weights);
    if (!g.p || !g.weights) { free(g.p); free(g.weights); return yz_fail(x->e, 500, "oom", NULL, "内存不足"); }
    for (int i = 0; i < b->nm; i++) g.weights[i] = b->m[i].in_office ? (b->m[i].weight ? b->m[i].weight : 1) : 0;
    /* The plenary session opened about ten months ago; proposals were assigned a month later. */
    g.P = wdf(&g, x->today - 300);
    g.AD = wdf(&g, g.P + 32);
    int rc = plan_all(&g, mix, seed);
    if (!rc) rc = link_all(&g, seed ^ 0x1111);
    if (!rc) rc = write_all(&g);
    free(g.p);
    free(g.weights);
    return rc;
}

int demo_city_proposals(dctx *x, dbody *b) { return run(x, b, city_mix, 0xC17E5EED2026ull); }
int demo_county_proposals(dctx *x, dbody *b) { return run(x, b, county_mix, 0xC0C0A5EEDull); }
