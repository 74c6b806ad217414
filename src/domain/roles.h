/* Roles of domain.md §1 as bit flags, so a route or transition can name a set. */
#ifndef YZ_ROLES_H
#define YZ_ROLES_H

enum {
    ROLE_MEMBER = 1 << 0,
    ROLE_COMMITTEE_STAFF = 1 << 1,
    ROLE_PROPOSAL_STAFF = 1 << 2,
    ROLE_INFO_STAFF = 1 << 3,
    ROLE_UNIT_HANDLER = 1 << 4,
    ROLE_LEADER = 1 << 5,
    ROLE_ADMIN = 1 << 6,
    ROLE_SYSTEM = 1 << 7,     /* automatic transitions (expiry, evaluation outcome) */
};
#define ROLE_ANY_USER 0x7F
#define ROLE_STAFF (ROLE_COMMITTEE_STAFF | ROLE_PROPOSAL_STAFF | ROLE_INFO_STAFF | ROLE_LEADER | ROLE_ADMIN)

/* "member" -> ROLE_MEMBER; 0 for an unknown code. */
int role_from_code(const char *code);
/* ROLE_MEMBER -> "member"; NULL for anything but a single known role. */
const char *role_code(int role);
/* ROLE_MEMBER -> "委员". */
const char *role_label(int role);
/* "member,proposal_staff" -> mask; -1 if any part is unknown. */
int role_mask_parse(const char *list);

#endif
