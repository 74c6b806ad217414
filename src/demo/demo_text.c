/* Randomness and text composition for the demo data set. */
#include "demo_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rng_seed(rng *r, uint64_t seed) { r->s = seed; }

/* splitmix64 (Steele, Lea, Flood 2014). */
uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int rng_int(rng *r, int lo, int hi)
{
    uint64_t v = rng_next(r);   /* always one draw, whatever the range */
    if (hi <= lo) return lo;
    return lo + (int)(v % (uint64_t)(hi - lo + 1));
}

int rng_pct(rng *r, int pct) { return rng_int(r, 0, 99) < pct; }

int rng_weighted(rng *r, const int *w, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) total += w[i] > 0 ? w[i] : 0;
    if (total <= 0) return 0;
    long x = (long)(rng_next(r) % (uint64_t)total);
    for (int i = 0; i < n; i++) {
        if (w[i] <= 0) continue;
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

int demo_count(const char *const *a)
{
    int n = 0;
    while (a && a[n]) n++;
    return n;
}

long demo_utf8_len(const char *s)
{
    long n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* Appends s to out (bounded). */
static void put(char *out, size_t len, size_t *pos, const char *s)
{
    size_t n = strlen(s);
    if (*pos + n >= len) n = *pos < len ? len - *pos - 1 : 0;
    memcpy(out + *pos, s, n);
    *pos += n;
    out[*pos] = 0;
}

/* One {…} slot: "lo-hi" or "lo.d-hi.d". Writes the value into v; 0 if not a range. */
static int range_value(rng *r, const char *spec, size_t n, char *v, size_t vlen)
{
    char tmp[32];
    if (n == 0 || n >= sizeof tmp) return 0;
    memcpy(tmp, spec, n);
    tmp[n] = 0;
    char *dash = strchr(tmp, '-');
    if (!dash || dash == tmp) return 0;
    *dash = 0;
    const char *a = tmp, *b = dash + 1;
    if (strchr(a, '.')) {
        int lo = (int)(strtod(a, NULL) * 10 + 0.5), hi = (int)(strtod(b, NULL) * 10 + 0.5);
        int x = rng_int(r, lo, hi);
        snprintf(v, vlen, "%d.%d", x / 10, x % 10);
    } else {
        int x = rng_int(r, atoi(a), atoi(b));
        snprintf(v, vlen, "%d", x);
    }
    return 1;
}

void demo_expand(rng *r, const char *tpl, const char *object, const char *city,
                 const char *here, int year, char *out, size_t len)
{
    size_t pos = 0;
    out[0] = 0;
    const char *p = tpl;
    while (*p) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            if (end) {
                size_t n = (size_t)(end - p - 1);
                char v[64];
                v[0] = 0;
                if (n == 1 && p[1] == 'Y') snprintf(v, sizeof v, "%d", year - 1);
                else if (n == 1 && p[1] == 'C') snprintf(v, sizeof v, "%s", city);
                else if (n == 1 && p[1] == 'H') snprintf(v, sizeof v, "%s", here);
                else if (n == 1 && p[1] == 'O') snprintf(v, sizeof v, "%s", object ? object : "");
                else if (!range_value(r, p + 1, n, v, sizeof v)) { v[0] = 0; }
                put(out, len, &pos, v);
                p = end + 1;
                continue;
            }
        }
        char ch[2] = { *p++, 0 };
        put(out, len, &pos, ch);
    }
}

/* Title patterns per object type letter; %s is the object. */
static const char *const pat_p[] = { "关于加快推进%s的建议", "关于稳步推进%s的建议", "关于推动%s提质增效的建议", "关于扎实推进%s的提案" };
static const char *const pat_s[] = { "关于完善%s的建议", "关于健全%s的建议", "关于进一步完善%s的提案", "关于加快构建%s的建议" };
static const char *const pat_w[] = { "关于加强%s的建议", "关于进一步加强%s的提案", "关于切实做好%s的建议", "关于强化%s的建议" };
static const char *const pat_i[] = { "关于推动%s高质量发展的建议", "关于加快发展%s的建议", "关于培育壮大%s的提案", "关于支持%s发展的建议" };
static const char *const pat_x[] = { "关于破解%s问题的建议", "关于缓解%s问题的建议", "关于着力解决%s问题的提案", "关于有效解决%s问题的建议" };
static const char *const pat_q[] = { "关于提升%s的建议", "关于进一步提升%s的建议", "关于全面提升%s的提案", "关于着力提升%s的建议" };
static const char *const pat_g[] = { "关于加强%s保护的建议", "关于加强%s保护利用的建议", "关于推进%s活化利用的提案", "关于做好%s保护传承的建议" };

void demo_title(rng *r, const char *obj, const char *here, int variant, char *out, size_t len)
{
    const char *const *pats;
    switch (obj[0]) {
    case 'P': pats = pat_p; break;
    case 'S': pats = pat_s; break;
    case 'I': pats = pat_i; break;
    case 'X': pats = pat_x; break;
    case 'Q': pats = pat_q; break;
    case 'G': pats = pat_g; break;
    default: pats = pat_w; break;
    }
    char o[160];
    /* Variants 4..7 name the place: 关于完善我市…的建议. */
    if (variant >= 4) snprintf(o, sizeof o, "%s%s", here, obj + 1);
    else snprintf(o, sizeof o, "%s", obj + 1);
    (void)r;
    /* 提质增效 suits building work (…建设); other projects get 加快…步伐. */
    size_t ol = strlen(obj);
    if (pats == pat_p && variant % 4 == 2 && !(ol > 6 && strcmp(obj + ol - 6, "建设") == 0)) {
        snprintf(out, len, "关于加快%s步伐的建议", o);
        return;
    }
    snprintf(out, len, pats[variant % 4], o);
}

int demo_name_reserve(dctx *x, const char *name)
{
    for (int i = 0; i < x->n_used_names; i++)
        if (strcmp(x->used_names[i], name) == 0) return -1;
    if (x->n_used_names < (int)(sizeof x->used_names / sizeof x->used_names[0]))
        snprintf(x->used_names[x->n_used_names++], sizeof x->used_names[0], "%s", name);
    return 0;
}

void demo_person_name(dctx *x, rng *r, int female, char out[24])
{
    for (int attempt = 0; attempt < 400; attempt++) {
        /* The first 20 surnames cover about half of the draws, as in real life. */
        int si = rng_pct(r, 50) ? rng_int(r, 0, 19) : rng_int(r, 0, demo_surname_count - 1);
        if (rng_pct(r, 90) && strlen(demo_surnames[si]) > 3) si = rng_int(r, 0, 19); /* compound surnames are rare */
        const char *g = female ? demo_given_f[rng_int(r, 0, demo_given_f_count - 1)]
                               : demo_given_m[rng_int(r, 0, demo_given_m_count - 1)];
        snprintf(out, 24, "%s%s", demo_surnames[si], g);
        if (demo_name_reserve(x, out) == 0) return;
    }
    /* Practically unreachable; keeps names unique all the same. */
    snprintf(out, 24, "%s%d", demo_surnames[0], x->n_used_names);
    demo_name_reserve(x, out);
}
