build-infra/obj/domain/calendar.o: src/domain/calendar.c \
 src/domain/calendar.h
src/domain/calendar.h:
