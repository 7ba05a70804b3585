# peiyou - build, test, run, benchmark, install.  See README.md.
#
#   make            build bin/peiyou-*
#   make run        build, then run the pipeline on the sample corpus in data/
#   make test       build and run the test suite (last line: N passed, N failed)
#   make test SAN=1 the same under AddressSanitizer and UBSan (objects in build/san)
#   make bench      benchmarks (not tests): throughput and memory
#   make precision  the drafting checks' precision on the real texts in ../shared
#   make install PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
# -O3: extract's chain (the provisions scan, normalisation, repairs) runs
# about 8% faster than at -O2 on the 10,000-document benchmark.
CFLAGS ?= -O3 -g
PKGS = libpcre2-8 sqlite3 libutf8proc libcurl jansson libxml-2.0

ifdef SAN
O := build/san
BINDIR := build/san/bin
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
O := build/obj
BINDIR := bin
SANFLAGS :=
endif

# Recursively expanded: pkg-config runs only when a recipe needs the flags,
# after scripts/deps.sh has installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm -pthread
ALL_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Ilib $(SANFLAGS) $(CFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
# One program per stage directory that has sources: bin/peiyou-<stage>.
STAGES := $(foreach s,fetch extract analyze report,$(if $(wildcard $(s)/*.c),$(s)))
STAGE_OBJ = $(patsubst %.c,$(O)/%.o,$(wildcard $(1)/*.c))
PROGRAMS := $(STAGES:%=$(BINDIR)/peiyou-%) $(BINDIR)/peiyou
TEST_TOOLS := $(O)/tests/harness $(O)/tests/unit $(O)/tests/httpd $(O)/tests/queries $(O)/bench/gencorpus
BENCH_TOOLS := $(O)/bench/gencorpus $(O)/bench/runbench $(O)/bench/nfkc

DB ?= var/peiyou.db

.PHONY: all deps run test bench precision install clean
all: $(PROGRAMS)

deps:
	@sh scripts/deps.sh

# Objects depend on the Makefile too: a change of flags rebuilds them.
$(O)/%.o: %.c Makefile | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(O)/libpeiyou.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

define stage_program
$(BINDIR)/peiyou-$(1): $(call STAGE_OBJ,$(1)) $(O)/libpeiyou.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(PKG_LIBS)
endef
$(foreach s,$(STAGES),$(eval $(call stage_program,$(s))))

# The front command (peiyou run, nightly, backup, STAGE ...).
$(BINDIR)/peiyou: $(call STAGE_OBJ,cli) $(O)/libpeiyou.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(O)/tests/harness: $(O)/tests/harness.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Runs the SQL examples of docs/queries.md.
$(O)/tests/queries: $(O)/tests/queries.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Per-check precision against our verdicts (make precision).
$(O)/tests/precision: $(O)/tests/precision.o $(O)/libpeiyou.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# unit.c also checks the paths of extract's provisions scan.
$(O)/tests/unit: $(O)/tests/unit.o $(O)/extract/provision.o $(O)/libpeiyou.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# A small HTTP server with fault modes, for the fetch tests and benchmark.
$(O)/tests/httpd: $(O)/tests/httpd.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(O)/bench/nfkc: $(O)/bench/nfkc.o $(O)/libpeiyou.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(O)/bench/%: $(O)/bench/%.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^

# The sample source needs no network: a manifest of file:// paths (relative
# to the manifest) and a crawler over our own pages in data/sample-site/.
run: all
	@mkdir -p $(dir $(DB))
	$(BINDIR)/peiyou run --db $(DB) --manifest data/sample-manifest.tsv --source data/sources/sample.json --out $(dir $(DB))report
	@echo "results: $(DB) (sqlite3 $(DB) 'SELECT * FROM v_documents'); fetched bodies: $(DB).store/"
	@echo "report: $(abspath $(dir $(DB))report/report.html)"

test: all $(TEST_TOOLS)
	@sh scripts/deps.sh test
	@sh tests/run.sh $(BINDIR) $(O)

bench: all $(BENCH_TOOLS)
	@sh bench/run.sh $(BINDIR) $(O)

# PRECISION=--unjudged lists the findings not yet judged (see tests/precision.c).
precision: all $(O)/tests/precision
	@sh tests/precision.sh $(BINDIR) $(O) $(PRECISION)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/peiyou
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 data/lexicon.tsv data/weights.conf data/withdrawn.tsv $(DESTDIR)$(PREFIX)/share/peiyou/

clean:
	rm -rf build bin

-include $(LIB_OBJ:.o=.d) $(patsubst %.o,%.d,$(foreach s,$(STAGES) cli tests bench,$(call STAGE_OBJ,$(s))))
