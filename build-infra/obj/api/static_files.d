build-infra/obj/api/static_files.o: src/api/static_files.c \
 src/api/static_files.h src/api/api.h src/api/../http/http.h \
 src/api/../http/../util/buf.h src/api/../store/db.h \
 src/api/../store/../util/err.h src/api/../util/err.h \
 src/api/../domain/roles.h
src/api/static_files.h:
src/api/api.h:
src/api/../http/http.h:
src/api/../http/../util/buf.h:
src/api/../store/db.h:
src/api/../store/../util/err.h:
src/api/../util/err.h:
src/api/../domain/roles.h:
