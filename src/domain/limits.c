#include "limits.h"
#include <string.h>

const limit_def limit_defs[] = {
    { "reroute_workdays", 5, 1, 30, "申请调整承办单位期限（工作日）" },
    { "reply_months", 3, 1, 12, "答复期限（月）" },
    { "reply_max_months", 6, 1, 12, "延期后最长答复期限（月）" },
    { "co_opinion_months", 1, 1, 6, "协办意见期限（月）" },
    { "rehandle_months", 1, 1, 6, "重新办理答复期限（月）" },
    { "evaluation_days", 30, 1, 180, "委员评价期限（天）" },
    { "cosign_days", 7, 1, 60, "联名确认期限（天）" },
    { "due_soon_days", 7, 1, 60, "临期提醒（天）" },
    { NULL, 0, 0, 0, NULL },
};

const limit_def *limit_find(const char *key)
{
    for (const limit_def *d = limit_defs; key && d->key; d++)
        if (strcmp(d->key, key) == 0) return d;
    return NULL;
}

int limit_default(const char *key)
{
    const limit_def *d = limit_find(key);
    return d ? d->dflt : -1;
}
