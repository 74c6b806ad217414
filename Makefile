# yizheng build. `make` builds build/yizheng; `make asan` builds the
# AddressSanitizer + UBSan variant into build-asan/; `make test` runs everything.
CC ?= gcc
PKGS = libmicrohttpd jansson sqlite3 libpq libsodium
CFLAGS_BASE = -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread $(shell pkg-config --cflags $(PKGS))
LDLIBS = $(shell pkg-config --libs $(PKGS)) -pthread -lm
OPT ?= -O2 -g
BUILD ?= build
CFLAGS = $(CFLAGS_BASE) $(OPT) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/migrations_sql.o
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all asan unit test clean
all: $(BUILD)/yizheng $(UNIT_BIN)

$(BUILD)/yizheng: $(BUILD)/obj/main.o $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/migrations_sql.c: $(MIGRATIONS) scripts/embed_sql.sh
	@mkdir -p $(BUILD)
	sh scripts/embed_sql.sh $@ $(MIGRATIONS)

$(BUILD)/obj/migrations_sql.o: $(BUILD)/migrations_sql.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(OBJ) $(LDLIBS)

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined"

unit: all
	@set -e; for t in $(UNIT_BIN); do $$t; done

test:
	bash scripts/test.sh

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
