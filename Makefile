# mpbridge: the only glue between the Java half (Maven) and the Python half (pip + pytest).
#   make run       the scenario matrix on every CPython found (sets everything up first)
#   make test      every test: Java unit + interop, Python interop (sets everything up first)
#   make build     virtualenv + jars;  make fixtures  regenerate CPython golden bytes;  make bench
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
JAR := java-side/cli/target/mpbridge.jar
MVN ?= mvn
MVN_FLAGS ?= -B -q -ntp
JAVA_SOURCES := $(shell find java-side -name '*.java' -o -name pom.xml 2>/dev/null) pom.xml

# The virtualenv's interpreter: $MPBRIDGE_BOOT_PYTHON, else the first CPython >= 3.10 on PATH or under pyenv.
BOOT_PYTHON ?= $(shell for p in "$${MPBRIDGE_BOOT_PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10 \
    $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.1[0-9]*/bin/python 2>/dev/null | sort -rV); do \
  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
  && { command -v "$$p"; break; }; done)

export MPBRIDGE_CLI := $(ROOT)/bin/mpbridge
export MPBRIDGE_REPO := $(ROOT)
export MPBRIDGE_PYTHON := $(PY)

.PHONY: help venv build test test-java test-python shm-snapshot shm-check run fixtures bench clean
help:
	@sed -n '2,4p' Makefile

venv: $(VENV)/.installed
$(VENV)/.installed: python-side/pyproject.toml
	@if [ -z "$(BOOT_PYTHON)" ]; then echo "make: no CPython >= 3.10 found for the virtualenv (tried python3, python3.1x, pyenv versions); set MPBRIDGE_BOOT_PYTHON" >&2; exit 1; fi
	@echo "== virtualenv $(VENV) from $(BOOT_PYTHON)"
	"$(BOOT_PYTHON)" -m venv "$(VENV)"
	"$(PY)" -m pip install -q --disable-pip-version-check -e 'python-side[test]'
	touch $@

$(JAR): $(JAVA_SOURCES)
	@command -v $(MVN) >/dev/null || { echo "make: maven ($(MVN)) not found; install it (apt-get install maven)" >&2; exit 1; }
	@echo "== maven package"
	$(MVN) $(MVN_FLAGS) -DskipTests package
	touch $@

build: venv $(JAR)

test: build shm-snapshot test-java test-python shm-check

# /dev/shm hygiene over the whole of `make test` (Java and Python tiers): no new segment or semaphore of the kinds
# the suites make (psm_*, mp-* SemLocks, our mpb* names) may outlive it.
SHM_OURS := ^(psm_|sem\.mp-|mpb|sem\.mpb|wnsm_)
shm-snapshot:
	@mkdir -p build && { ls /dev/shm 2>/dev/null | grep -E '$(SHM_OURS)' || true; } | sort > build/shm-before.txt
shm-check:
	@{ ls /dev/shm 2>/dev/null | grep -E '$(SHM_OURS)' || true; } | sort | comm -13 build/shm-before.txt - > build/shm-left.txt
	@if [ -s build/shm-left.txt ]; then echo "make test: left in /dev/shm:" >&2; cat build/shm-left.txt >&2; exit 1; fi
	@echo "== /dev/shm: nothing left behind"

test-java: build
	@echo "== java tests (unit on golden bytes, interop with real CPython)"
	$(MVN) $(MVN_FLAGS) test -Dsurefire.printSummary=true

test-python: build
	@echo "== python tests (interop: real Java and CPython processes)"
	"$(PY)" -m pytest python-side/tests

run: build
	"$(PY)" -m mpbridge.runner $(RUN_ARGS)

fixtures: build
	"$(PY)" python-side/tools/gen_fixtures.py --out java-side/core/src/test/resources/fixtures
	"$(PY)" python-side/tools/gen_manager_fixtures.py --out java-side/core/src/test/resources/fixtures/manager
	"$(PY)" python-side/tools/gen_shm_fixtures.py --out java-side/core/src/test/resources/fixtures/shm

bench: build
	"$(PY)" -m mpbridge.bench $(BENCH_ARGS)

# ---- pickle codec: JMH microbenchmarks, Java vs CPython in one run, differential decoding (docs/pickle.md)
BENCH_JAR := java-side/bench/target/benchmarks.jar
JMH_ARGS ?=
CODEC_BENCH_ARGS ?=
DIFFERENTIAL_COUNT ?= 200000
DIFFERENTIAL_SEED ?= $(shell date +%s)
.PHONY: bench-jmh bench-codec differential
$(BENCH_JAR): $(JAVA_SOURCES)
	$(MVN) $(MVN_FLAGS) -pl java-side/bench -am -DskipTests package
bench-jmh: build $(BENCH_JAR)
	@mkdir -p build/bench
	java -jar $(BENCH_JAR) -rf json -rff build/bench/jmh.json $(JMH_ARGS)
bench-codec: build $(BENCH_JAR)
	"$(PY)" python-side/tools/bench_codec.py --jar $(BENCH_JAR) $(CODEC_BENCH_ARGS)
differential: build
	$(MVN) $(MVN_FLAGS) -pl java-side/core test -Dtest=DifferentialDecodeTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dmpbridge.differential.count=$(DIFFERENTIAL_COUNT) -Dmpbridge.differential.seed=$(DIFFERENTIAL_SEED); \
	  status=$$?; cat java-side/core/target/differential-report.txt; exit $$status

clean:
	$(MVN) $(MVN_FLAGS) clean || true
	rm -rf "$(VENV)" build python-side/build
