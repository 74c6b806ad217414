build-infra/obj/main.o: src/main.c src/cli/cli.h src/cli/../store/db.h \
 src/cli/../store/../util/err.h src/util/secret.h
src/cli/cli.h:
src/cli/../store/db.h:
src/cli/../store/../util/err.h:
src/util/secret.h:
