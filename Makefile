# mpbridge: the only glue between the Java half (Maven) and the Python half (pip + pytest).
#   make run       the scenario matrix on every CPython found (sets everything up first)
#   make test      every test: Java unit + interop, Python interop (sets everything up first)
#   make build     virtualenv + jars;  make fixtures  regenerate CPython golden bytes;  make bench
#   make install   every module (jars, sources, javadoc, BOM) into the local Maven repository;  make dist  the wheel
#   make docker    a Docker engine (starts dockerd as root);  make images  one Python image per CPython (docs/containers.md)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
JAR := java-side/cli/target/mpbridge.jar
MVN ?= mvn
MVN_FLAGS ?= -B -q -ntp -Dstyle.color=never
# The build, install and test runs show progress and test counts, without colour codes; the whole log is kept.
MVN_LOUD ?= -B -ntp -Dstyle.color=never
MVN_PLAIN := sed -u 's/\x1b\[[0-9;]*m//g'   # Debian's Maven 3.8 prints ESC[0m even with -B -Dstyle.color=never
MVN_SHOW := grep --line-buffered -E '^\[INFO\] (Building |Tests run:|BUILD |Installing .*\.(jar|pom)$$)|^\[(ERROR|WARNING)\]|^Tests run:|Reactor Summary'
VERSION = $(shell sed -n 's/^__version__ = "\([^"]*\)".*/\1/p' python-side/src/mpbridge/__init__.py)
WHEEL = build/dist/mpbridge-$(VERSION)-py3-none-any.whl
JAVA_SOURCES := $(shell find java-side -name '*.java' -o -name pom.xml 2>/dev/null) pom.xml

# The virtualenv's interpreter: $MPBRIDGE_BOOT_PYTHON, else the first CPython >= 3.10 on PATH or under pyenv.
BOOT_PYTHON ?= $(shell for p in "$${MPBRIDGE_BOOT_PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10 \
    $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.1[0-9]*/bin/python 2>/dev/null | sort -rV); do \
  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
  && { command -v "$$p"; break; }; done)

export MPBRIDGE_CLI := $(ROOT)/bin/mpbridge
export MPBRIDGE_REPO := $(ROOT)
export MPBRIDGE_PYTHON := $(PY)

.PHONY: help venv build test test-java test-python shm-snapshot shm-check run fixtures bench clean install dist test-outside docker images test-images containers-check conformance oracle fuzz fuzz-seeds soak
help:
	@sed -n '2,6p' Makefile

venv: $(VENV)/.installed $(VENV)/.jep
$(VENV)/.installed: python-side/pyproject.toml
	@if [ -z "$(BOOT_PYTHON)" ]; then echo "make: no CPython >= 3.10 found for the virtualenv (tried python3, python3.1x, pyenv versions); set MPBRIDGE_BOOT_PYTHON" >&2; exit 1; fi
	@echo "== virtualenv $(VENV) from $(BOOT_PYTHON)"
	"$(BOOT_PYTHON)" -m venv "$(VENV)"
	"$(PY)" -m pip install --disable-pip-version-check --progress-bar off -e 'python-side[test]' | grep --line-buffered -E '^(Collecting|Successfully|ERROR)' || true
	"$(PY)" -c 'import mpbridge, pytest, yaml'
	touch $@

# Jep's native part, built against the virtualenv's CPython (shared libpython) and the JDK; its version is the jar's
# (org.ninia:jep in pom.xml: a mismatch can crash the JVM). JAVA_HOME: as set, else from `java` on PATH.
JEP_PIP := jep==4.3.1
$(VENV)/.jep: $(VENV)/.installed
	@command -v java >/dev/null || [ -n "$${JAVA_HOME:-}" ] || { echo "make: no java on PATH and no JAVA_HOME: Jep needs a JDK" >&2; exit 1; }
	@echo "== $(JEP_PIP) into $(VENV)"
	"$(PY)" -m pip install -q --disable-pip-version-check wheel setuptools
	JAVA_HOME="$${JAVA_HOME:-$$(dirname "$$(dirname "$$(readlink -f "$$(command -v java)")")")}" \
	  "$(PY)" -m pip install -q --disable-pip-version-check --no-cache-dir --no-build-isolation '$(JEP_PIP)'
	touch $@

$(JAR): $(JAVA_SOURCES)
	@command -v $(MVN) >/dev/null || { echo "make: maven ($(MVN)) not found; install it (apt-get install maven)" >&2; exit 1; }
	@echo "== maven package (log: build/logs/maven-package.log)"
	@mkdir -p build/logs
	$(MVN) $(MVN_LOUD) -DskipTests -Dmaven.source.skip=true -Dmaven.javadoc.skip=true package 2>&1 | $(MVN_PLAIN) | tee build/logs/maven-package.log | $(MVN_SHOW)
	touch $@

# py4j (pure Python) alone in a directory, for interpreters without it: scenario py4j-calls, PythonGateway
PY4J_PYLIB := build/py4j-python/.installed
$(PY4J_PYLIB): $(VENV)/.installed
	"$(PY)" -m pip install -q --disable-pip-version-check --no-deps --target build/py4j-python 'py4j==0.10.9.9'
	touch $@

build: venv $(JAR) $(PY4J_PYLIB)

test: build shm-snapshot test-java test-python test-outside shm-check

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
	@echo "== java tests (unit on golden bytes, interop with real CPython); log: build/logs/java-test.log"
	@mkdir -p build/logs
	$(MVN) $(MVN_LOUD) test -Dsurefire.printSummary=true 2>&1 | $(MVN_PLAIN) | tee build/logs/java-test.log | $(MVN_SHOW)

test-python: build
	@echo "== python tests (interop: real Java and CPython processes)"
	"$(PY)" -m pytest python-side/tests

# GNU make exits 2 whenever a recipe fails, whatever the recipe's code; the runner's own code (0 passed, 1 a cell
# failed, 2 usage) is printed and kept in build/report/exit-code. `.venv/bin/python -m mpbridge.runner` returns it.
run: build $(if $(findstring container,$(RUN_ARGS)),images)
	@mkdir -p build/report; code=0; "$(PY)" -m mpbridge.runner $(RUN_ARGS) || code=$$?; echo $$code > build/report/exit-code; \
	case $$code in 0) ;; 1) echo "make run: the runner exited 1: a cell failed" >&2;; 2) echo "make run: the runner exited 2: usage or scenario-file error" >&2;; \
	*) echo "make run: the runner exited $$code" >&2;; esac; exit $$code

fixtures: build
	"$(PY)" python-side/tools/gen_fixtures.py --out java-side/core/src/test/resources/fixtures
	"$(PY)" python-side/tools/gen_manager_fixtures.py --out java-side/core/src/test/resources/fixtures/manager
	"$(PY)" python-side/tools/gen_shm_fixtures.py --out java-side/core/src/test/resources/fixtures/shm

# The pickle oracle outside the test run: N random values each way (Java encodes -> the JVM's own CPython decodes,
# CPython pickles at protocols 0-5 -> Java decodes); failures with the seed and shrunk; ends `P passed, F failed`.
ORACLE_CASES ?= 10000
ORACLE_SEED ?=
oracle: build
	@$(MVN) $(MVN_FLAGS) -pl java-side/jep -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
	  -Dmdep.outputFile=target/oracle.classpath -Dmdep.includeScope=test >/dev/null
	@java -cp "java-side/jep/target/test-classes:java-side/jep/target/classes:$$(cat java-side/jep/target/oracle.classpath)" \
	  org.mpbridge.jep.oracle.OracleMain $(ORACLE_CASES) "$(ORACLE_SEED)"

bench: build
	"$(PY)" -m mpbridge.bench $(BENCH_ARGS)

# Every module into the local Maven repository (~/.m2), publish-ready: jar, -sources.jar, -javadoc.jar, the BOM.
install: build
	@echo "== maven install into the local repository (log: build/logs/maven-install.log)"
	@mkdir -p build/logs
	$(MVN) $(MVN_LOUD) -DskipTests install 2>&1 | $(MVN_PLAIN) | tee build/logs/maven-install.log | $(MVN_SHOW)

# The wheel of python-side carrying the shaded CLI jar (mpbridge/jars/mpbridge.jar), from a staging copy.
dist: $(WHEEL)
$(WHEEL): $(JAR) $(shell find python-side/src -name '*.py' 2>/dev/null) python-side/pyproject.toml LICENSE | venv
	@echo "== wheel $(WHEEL)"
	rm -rf build/wheel-src && mkdir -p build/wheel-src build/dist
	cp -r python-side/pyproject.toml python-side/README.md python-side/src build/wheel-src/
	cp LICENSE build/wheel-src/LICENSE
	find build/wheel-src -name __pycache__ -prune -exec rm -rf {} +
	mkdir -p build/wheel-src/src/mpbridge/jars && cp $(JAR) build/wheel-src/src/mpbridge/jars/mpbridge.jar
	rm -f build/dist/mpbridge-*.whl
	"$(PY)" -m pip wheel --disable-pip-version-check --progress-bar off --no-deps -q -w build/dist build/wheel-src
	@ls -l $(WHEEL)

# As an outside user: a throwaway Maven project (offline, only the installed artifacts) and a throwaway virtualenv
# (only the wheel), both in temporary directories outside the repository.
test-outside: install dist
	@echo "== outside-user tests: Maven project on the installed artifacts, virtualenv with only the wheel"
	MPBRIDGE_WHEEL="$(ROOT)/$(WHEEL)" MPBRIDGE_BOOT_PYTHON="$(BOOT_PYTHON)" "$(PY)" -m pytest -p no:cacheprovider python-side/tests_outside

# CPython's own test._test_multiprocessing (each CPython's own file) with the Java side in the peer's role, fork and
# spawn, beside a CPython baseline: build/report/conformance.{json,html}, conformance-junit.xml (docs/conformance.md)
conformance: build
	"$(PY)" -m mpbridge.conformance $(CONFORMANCE_ARGS)

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

# ---- reliability: fuzzing (Jazzer) and soak; docs/reliability.md
# `make fuzz FUZZ_SECONDS=N` fuzzes every target for N seconds each (FUZZ_RUNS=R stops a target after R executions
# instead, whichever comes first); coverage-guided over org.mpbridge.**. A finding is written to the target's
# src/test/resources/...Inputs/ directory (so plain `mvn test` replays it from then on) and fails the target.
# Per-target logs and build/fuzz/summary.txt (executions, seconds, coverage, verdict).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 0
# simple names of Throwables the pickle and dispatcher targets treat as known, reported codec findings
# (e.g. StackOverflowError) while their fix is pending; never set in make test
FUZZ_TOLERATE ?=
FUZZ_MVN_FLAGS ?= $(MVN_FLAGS)
FUZZ_TARGETS := org.mpbridge.fuzz.FramingFuzzTest\#frames \
  org.mpbridge.fuzz.HandshakeFuzzTest\#listenerLegacy org.mpbridge.fuzz.HandshakeFuzzTest\#listenerModern \
  org.mpbridge.fuzz.HandshakeFuzzTest\#clientLegacy org.mpbridge.fuzz.HandshakeFuzzTest\#clientModern \
  org.mpbridge.fuzz.PickleFuzzTest\#loads org.mpbridge.fuzz.XmlRpcFuzzTest\#loads \
  org.mpbridge.manager.server.ManagerDispatchFuzzTest\#pickleRequest \
  org.mpbridge.manager.server.ManagerDispatchFuzzTest\#xmlrpclibRequest \
  org.mpbridge.manager.server.ManagerDispatchFuzzTest\#rawRequest \
  org.mpbridge.fuzz.ShareableListFuzzTest\#attach
fuzz:
	@command -v $(MVN) >/dev/null || { echo "make: maven ($(MVN)) not found; install it (apt-get install maven)" >&2; exit 1; }
	@mkdir -p build/fuzz && : > build/fuzz/summary.txt
	@failed=0; for t in $(FUZZ_TARGETS); do \
	  log=build/fuzz/$$(echo "$$t" | sed 's/.*\.//; s/#/-/').log; echo "== fuzz $$t ($(FUZZ_SECONDS) s, runs <= $(FUZZ_RUNS))"; \
	  if JAZZER_FUZZ=1 JAZZER_INSTRUMENT='org.mpbridge.**' JAZZER_MAX_DURATION=$(FUZZ_SECONDS)s JAZZER_MAX_EXECUTIONS=$(FUZZ_RUNS) MPBRIDGE_FUZZ_TOLERATE=$(FUZZ_TOLERATE) \
	     $(MVN) $(FUZZ_MVN_FLAGS) -pl java-side/fuzz -am test -Dtest="$$t" -Dsurefire.failIfNoSpecifiedTests=false \
	     -Dsurefire.redirectTestOutputToFile=false -Dfuzz.test.timeout="$$(( $(FUZZ_SECONDS) * 2 + 600 )) s" >"$$log" 2>&1; then verdict=ok; else verdict=FOUND; failed=1; fi; \
	  runs=$$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$$log" | tail -1 | awk '{print $$2, $$5}'); \
	  cov=$$(grep -ao 'cov: [0-9]* ft: [0-9]*' "$$log" | tail -1); \
	  printf '%-70s %-8s runs/seconds: %-16s %s\n' "$$t" "$$verdict" "$$runs" "$$cov" | tee -a build/fuzz/summary.txt; \
	done; echo "== build/fuzz/summary.txt"; exit $$failed

# `make soak`: 200 CPython clients x 5,000 mixed messages into the Java listener and x 1,000 calls into the Java
# manager, CPython's own servers alongside (build/soak.json); then every fault and signal-cleanup trial at 100.
SOAK_ARGS ?=
soak: build
	"$(PY)" -m mpbridge.soak --json build/soak.json $(SOAK_ARGS)
	MPBRIDGE_FAULT_TRIALS=100 MPBRIDGE_SIGNAL_TRIALS_JAVA=100 "$(PY)" -m pytest -q -s -p no:cacheprovider \
	  python-side/tests/test_reliability_faults.py python-side/tests/test_signal_cleanup.py python-side/tests/test_stalled_clients.py

# Regenerates the fuzz seeds with real CPython (ShareableList segments from every interpreter version found).
fuzz-seeds: build
	"$(PY)" python-side/tools/gen_fuzz_seeds.py --out java-side/fuzz/src/test/resources
	@for p in $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.*/bin/python 2>/dev/null); do \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null && \
	  "$$p" python-side/tools/gen_fuzz_seeds.py --out java-side/fuzz/src/test/resources --shareable-list-only || true; done

clean:
	$(MVN) $(MVN_FLAGS) clean || true
	rm -rf "$(VENV)" build python-side/build

# Python peers in containers (docs/containers.md): an engine, then one image per CPython found (cached by content hash).
.PHONY: docker images test-images containers-check
docker:
	@bin/docker-engine

images: venv docker
	"$(PY)" -m mpbridge.images build $(IMAGES_ARGS)

# make test's container peers and cells use the images when an engine answers (skips otherwise; MPBRIDGE_REQUIRE_DOCKER=1
# makes no engine an error)
test-java test-python: test-images
test-images: venv
	"$(PY)" -m mpbridge.images build --if-engine
# ...and leave no container behind (runner cells: org.mpbridge.cell, JUnit peers: org.mpbridge.peer)
test: containers-check
containers-check:
	@if docker version >/dev/null 2>&1; then left="$$(docker ps -a --filter label=org.mpbridge.cell --format '{{.Names}} {{.Labels}}'; \
	  docker ps -a --filter label=org.mpbridge.peer --format '{{.Names}} {{.Labels}}')"; \
	  if [ -n "$$left" ]; then echo "make test: containers left behind:" >&2; echo "$$left" >&2; exit 1; fi; \
	  echo "== containers: nothing left behind"; fi
