build-infra/obj/cli/config.o: src/cli/config.c src/cli/cli.h \
 src/cli/../store/db.h src/cli/../store/../util/err.h \
 src/cli/../store/migrate.h src/cli/../store/db.h
src/cli/cli.h:
src/cli/../store/db.h:
src/cli/../store/../util/err.h:
src/cli/../store/migrate.h:
src/cli/../store/db.h:
