build-infra/obj/demo/demo.o: src/demo/demo.c src/demo/demo.h \
 src/demo/../store/db.h src/demo/../store/../util/err.h
src/demo/demo.h:
src/demo/../store/db.h:
src/demo/../store/../util/err.h:
