build-infra/obj/cli/commands.o: src/cli/commands.c src/cli/cli.h \
 src/cli/../store/db.h src/cli/../store/../util/err.h \
 src/cli/../api/api.h src/cli/../api/../http/http.h \
 src/cli/../api/../http/../util/buf.h src/cli/../api/../store/db.h \
 src/cli/../api/../util/err.h src/cli/../api/../domain/roles.h \
 src/cli/../demo/demo.h src/cli/../demo/../store/db.h \
 src/cli/../domain/roles.h src/cli/../store/migrate.h \
 src/cli/../store/db.h src/cli/../store/seed.h src/cli/../util/clock.h \
 src/cli/../util/secret.h
src/cli/cli.h:
src/cli/../store/db.h:
src/cli/../store/../util/err.h:
src/cli/../api/api.h:
src/cli/../api/../http/http.h:
src/cli/../api/../http/../util/buf.h:
src/cli/../api/../store/db.h:
src/cli/../api/../util/err.h:
src/cli/../api/../domain/roles.h:
src/cli/../demo/demo.h:
src/cli/../demo/../store/db.h:
src/cli/../domain/roles.h:
src/cli/../store/migrate.h:
src/cli/../store/db.h:
src/cli/../store/seed.h:
src/cli/../util/clock.h:
src/cli/../util/secret.h:
