#include "demo.h"
int demo_load(db_pool *pool, yz_err *e) { (void)pool; return yz_fail(e, 500, "todo", NULL, "演示数据尚未实现"); }
int demo_present(db_pool *pool) { (void)pool; return 0; }
void demo_print_logins(FILE *out, const char *base_url) { (void)out; (void)base_url; }
