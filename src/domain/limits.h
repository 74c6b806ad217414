/* Time limits of the proposal cycle (domain.md §3). Defaults here; each body
 * may override any of them in its settings table. Pure data. */
#ifndef YZ_LIMITS_H
#define YZ_LIMITS_H

typedef struct limit_def {
    const char *key;
    int dflt;
    int min, max;
    const char *label;
} limit_def;

extern const limit_def limit_defs[];   /* terminated by key == NULL */

/* Default for key, or -1 if the key is unknown. */
int limit_default(const char *key);
const limit_def *limit_find(const char *key);

#endif
