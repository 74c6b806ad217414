build-infra/obj/domain/workflow.o: src/domain/workflow.c \
 src/domain/workflow.h src/domain/../util/err.h src/domain/roles.h
src/domain/workflow.h:
src/domain/../util/err.h:
src/domain/roles.h:
