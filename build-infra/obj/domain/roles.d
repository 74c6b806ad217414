build-infra/obj/domain/roles.o: src/domain/roles.c src/domain/roles.h
src/domain/roles.h:
