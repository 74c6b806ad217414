build-infra/obj/api/auth.o: src/api/auth.c src/api/auth.h src/api/api.h \
 src/api/../http/http.h src/api/../http/../util/buf.h \
 src/api/../store/db.h src/api/../store/../util/err.h \
 src/api/../util/err.h src/api/../domain/roles.h src/api/../util/clock.h \
 src/api/../util/secret.h
src/api/auth.h:
src/api/api.h:
src/api/../http/http.h:
src/api/../http/../util/buf.h:
src/api/../store/db.h:
src/api/../store/../util/err.h:
src/api/../util/err.h:
src/api/../domain/roles.h:
src/api/../util/clock.h:
src/api/../util/secret.h:
