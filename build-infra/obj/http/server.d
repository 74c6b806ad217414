build-infra/obj/http/server.o: src/http/server.c src/http/http.h \
 src/http/../util/buf.h
src/http/http.h:
src/http/../util/buf.h:
