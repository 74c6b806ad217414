#include "roles.h"
#include <string.h>

static const struct { int role; const char *code, *label; } roles[] = {
    { ROLE_MEMBER, "member", "委员" },
    { ROLE_COMMITTEE_STAFF, "committee_staff", "专委会工作人员" },
    { ROLE_PROPOSAL_STAFF, "proposal_staff", "提案工作人员" },
    { ROLE_INFO_STAFF, "info_staff", "社情民意信息编辑" },
    { ROLE_UNIT_HANDLER, "unit_handler", "承办单位经办人" },
    { ROLE_LEADER, "leader", "领导" },
    { ROLE_ADMIN, "admin", "系统管理员" },
    { ROLE_SYSTEM, "system", "系统" },
};
#define NROLES (sizeof roles / sizeof roles[0])

int role_from_code(const char *code)
{
    if (!code) return 0;
    for (size_t i = 0; i < NROLES; i++)
        if (strcmp(roles[i].code, code) == 0) return roles[i].role;
    return 0;
}

const char *role_code(int role)
{
    for (size_t i = 0; i < NROLES; i++)
        if (roles[i].role == role) return roles[i].code;
    return NULL;
}

const char *role_label(int role)
{
    for (size_t i = 0; i < NROLES; i++)
        if (roles[i].role == role) return roles[i].label;
    return "";
}

int role_mask_parse(const char *list)
{
    int mask = 0;
    const char *p = list;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        char code[32];
        if (l == 0 || l >= sizeof code) return -1;
        memcpy(code, p, l);
        code[l] = 0;
        int r = role_from_code(code);
        if (!r) return -1;
        mask |= r;
        p = comma ? comma + 1 : NULL;
    }
    return mask;
}
