# patuh — the two commands a new machine needs: `make demo` and `make test`.
# Everything they need is installed by `make setup`, which both depend on.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# The policy engine is pinned and built from the Go module proxy, cached outside the
# working tree so that every clone on this machine reuses one build.
OPA_VERSION := v1.22.4
CONFTEST_VERSION := v0.71.1
CACHE_HOME := $(if $(XDG_CACHE_HOME),$(XDG_CACHE_HOME),$(HOME)/.cache)
TOOLS_DIR := $(CACHE_HOME)/patuh/tools/opa-$(OPA_VERSION)_conftest-$(CONFTEST_VERSION)
OPA := $(TOOLS_DIR)/opa
CONFTEST := $(TOOLS_DIR)/conftest

# patuh and the tests find the pinned OPA through this variable; the conftest tests
# (tests/evaluating/test_conftest_policies.py) find the pinned conftest through the next.
export PATUH_OPA_BINARY := $(OPA)
export PATUH_CONFTEST_BINARY := $(CONFTEST)

# actionlint checks the GitHub Actions recipe (examples/ci/), with shellcheck on its scripts.
ACTIONLINT_VERSION := v1.7.12
ACTIONLINT := $(CACHE_HOME)/patuh/tools/actionlint-$(ACTIONLINT_VERSION)/actionlint
export PATUH_ACTIONLINT := $(ACTIONLINT)

.PHONY: catalog setup demo test checks lint imports typecheck opa-check opa-test pytest tools-path release-tag clean help debian-tools report-screenshot bench mutants coverage desk desk-screenshots

help:
	@echo "make demo   install, then check the example fixtures and print the report"
	@echo "make test   install, then run every check and test"
	@echo "make setup  create $(VENV)/ (with patuh) and build the pinned OPA"
	@echo "make catalog   after editing rules/*.yaml: their validated form (engine/catalog/validated.json)"
	@echo "make -s tools-path   print the folder holding the pinned OPA (and conftest)"
	@echo "make report-screenshot   the fixtures' HTML report as out/report.{html,png,pdf}"
	@echo "make bench  patuh and conftest side by side (figures, ~6 min; docs/benchmarks.md)"
	@echo "make mutants   mutation testing of the policies: a score per file, every survivor (~5 min)"
	@echo "make coverage   the tests with branch coverage per module of engine/ (docs/coverage.md)"
	@echo "make desk   the review desk with demo data at http://127.0.0.1:$(DESK_PORT) (logins printed)"
	@echo "make desk-screenshots   every page of the desk, from the browser journeys, as out/desk/*.png"

setup: $(BIN)/.installed $(OPA)

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Built into a temporary folder and moved into place, so an interrupted build never
# leaves a half-written binary behind.
$(OPA):
	@mkdir -p $(TOOLS_DIR)
	@tmp=$$(mktemp -d) && echo "building opa $(OPA_VERSION) (once per machine)..." && \
	  GOBIN=$$tmp GOFLAGS=-buildvcs=false go install github.com/open-policy-agent/opa@$(OPA_VERSION) && \
	  mv $$tmp/opa $(OPA) && rmdir $$tmp

$(CONFTEST):
	@mkdir -p $(TOOLS_DIR)
	@tmp=$$(mktemp -d) && echo "building conftest $(CONFTEST_VERSION) (once per machine)..." && \
	  GOBIN=$$tmp GOFLAGS=-buildvcs=false go install github.com/open-policy-agent/conftest@$(CONFTEST_VERSION) && \
	  mv $$tmp/conftest $(CONFTEST) && rmdir $$tmp

tools-path:
	@echo $(TOOLS_DIR)

# A release: the tag that pre-commit's `rev:` names (README, CI recipes), v + the
# version in engine/__init__.py, on the commit checked out. Prints the tag.
release-tag:
	@version=$$(sed -n 's/^__version__ = "\(.*\)"$$/\1/p' engine/__init__.py) && \
	  test -n "$$version" && git tag -a "v$$version" -m "patuh $$version" && echo "v$$version"

# After editing rules/*.yaml: the catalog's validated form, read by every command
# without pydantic (engine/catalog/schema.py); tests/catalog/test_catalog.py says when it is due.
catalog: setup
	$(BIN)/python -m engine.catalog.schema

# Exit status 1 only means "findings"; the demo succeeds when the report was made.
demo: setup
	@$(BIN)/patuh check fixtures/examples; status=$$?; [ $$status -le 1 ]

lint: setup
	$(BIN)/ruff check --no-cache engine tests bench
	$(BIN)/ruff format --no-cache --check engine tests bench

# django-stubs' plugin imports the desk's settings: a throwaway key, so that no key file
# is made in the user's data folder.
# The layout's contracts (pyproject.toml, tool.importlinter; docs/architecture.md): the
# stages as layers, no import circle anywhere in engine/.
imports: setup
	$(BIN)/lint-imports --no-cache

typecheck: setup
	PATUH_DESK_SECRET_KEY=mypy-only-not-a-secret-but-long-enough-for-the-desk-0123 $(BIN)/mypy
	$(BIN)/mypy bench

opa-check: setup
	$(OPA) fmt --list --fail policies
	$(OPA) check --strict policies

opa-test: setup
	$(OPA) test --coverage --format=json policies > .opa-coverage.json
	@$(BIN)/python -c "import json; c = json.load(open('.opa-coverage.json')); print(f\"opa test --coverage: {c['coverage']:.1f} %\")"
	$(OPA) test policies

# The HTML report is tested in Debian's Chromium, headless (Playwright drives it and
# never downloads a browser); shellcheck serves actionlint; the desk's tests start
# Debian's PostgreSQL in a temporary folder. Installed once per machine, only when
# missing; CI runs as root.
CHROMIUM := /usr/bin/chromium
# The desk renders its letters as PDF with WeasyPrint, which draws text with Pango.
PANGO := /usr/share/doc/libpangoft2-1.0-0/copyright
DEBIAN_TOOLS := $(CHROMIUM) /usr/bin/shellcheck /usr/bin/pg_ctlcluster $(PANGO)
DEBIAN_PACKAGES := chromium fonts-liberation fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 shellcheck postgresql

$(DEBIAN_TOOLS):
	@if [ "$$(id -u)" != 0 ]; then echo "the tests need Debian's $(DEBIAN_PACKAGES): apt-get install them as root" >&2; exit 1; fi
	@echo "installing $(DEBIAN_PACKAGES) from Debian for the report tests (once per machine)..."
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) > /dev/null

debian-tools: $(DEBIAN_TOOLS)

$(ACTIONLINT):
	@mkdir -p $(dir $(ACTIONLINT))
	@tmp=$$(mktemp -d) && echo "building actionlint $(ACTIONLINT_VERSION) (once per machine)..." && \
	  GOBIN=$$tmp GOFLAGS=-buildvcs=false go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION) && \
	  mv $$tmp/actionlint $(ACTIONLINT) && rmdir $$tmp

report-screenshot: setup $(CHROMIUM)
	$(BIN)/python tests/report_screenshot.py out fixtures/examples fixtures/invalid/unknown-field.yaml

# The desk's pages as a reviewer sees them: the browser journeys and page tests (Debian's
# Chromium, a real `patuh desk serve` on SQLite) save every page they visit, and the letter
# as PDF, into out/desk/.
desk-screenshots: setup $(CHROMIUM)
	rm -rf out/desk
	PATUH_DESK_SCREENSHOTS=out/desk $(BIN)/pytest -q -p no:cacheprovider tests/desk/browser -k "sqlite"
	@ls out/desk

# pytest on every core (pytest-xdist; PYTEST_WORKERS=0 runs in this one process). A
# worker that runs out of tests takes some from the other (worksteal): the tests' costs
# are uneven, from milliseconds to a pre-commit run of ~40 s. The session's OPA,
# PostgreSQL, desk servers and Chromium are then one per worker (tests/conftest.py).
# The 15 slowest tests are printed before pytest's closing summary line.
PYTEST_WORKERS ?= auto
pytest: setup $(DEBIAN_TOOLS) $(ACTIONLINT) $(CONFTEST)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=15

# The checks before pytest run at once (-O: each one's output printed whole when it ends,
# never interleaved); pytest starts once all of them have passed, so a failing check
# stops `make test` with its status, as before (`make -k test` still runs pytest).
checks: setup
	@$(MAKE) --no-print-directory -j5 -O lint imports typecheck opa-check opa-test

test: checks pytest

# The tests with branch coverage of engine/ (pytest-cov, tool.coverage in pyproject.toml),
# a line per module: on request, not part of `make test` (measuring slows every test).
# Why some modules stay under 80 %: docs/coverage.md.
coverage: setup $(DEBIAN_TOOLS) $(ACTIONLINT) $(CONFTEST)
	rm -f .coverage .coverage.*
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -p no:cacheprovider \
	  --cov=engine --cov-branch --cov-report=term

# Figures, not tests (and not part of `make test`): patuh and conftest on the same
# generated corpora, written to docs/benchmarks.md. Builds the pinned conftest once.
bench: setup $(CONFTEST)
	$(BIN)/python bench/run_bench.py --opa $(OPA) --conftest $(CONFTEST) \
	  --conftest-version $(CONFTEST_VERSION)

# Mutation testing of the policies (bench/mutants.py; docs/mutants.md): every rule file
# and data.json changed one small step at a time, `opa test`, `opa check --strict` and
# the conftest agreement tests on each; fails on a survivor not in the reviewed list of
# equivalent mutants (bench/mutants_equivalent.yaml). Minutes, so not part of `make test`;
# two mutants at a time.
mutants: setup $(CONFTEST)
	$(BIN)/python bench/mutants.py --opa $(OPA) --conftest $(CONFTEST) --jobs 2

# The review desk with the demo (engine/desk/demo.py): Kota Medan's OPDs, one user per
# role, the fixtures as submissions in every status. Its own SQLite file under out/, so
# the user's desk database is never touched; run it again to get fresh passwords.
DESK_PORT ?= 8000
DESK_DATABASE := sqlite:///$(CURDIR)/out/desk-demo.sqlite3

desk: setup $(PANGO)
	@mkdir -p out
	@rm -rf out/demo-certificate
	@PATUH_DESK_PUBLIC_URL=http://127.0.0.1:$(DESK_PORT) \
	  $(BIN)/patuh desk demo --database-url $(DESK_DATABASE) --demo-certificate out/demo-certificate
	@echo "buka http://127.0.0.1:$(DESK_PORT)/ dan masuk dengan salah satu akun di atas (Ctrl-C menghentikan server)"
	@PATUH_DESK_SIGNING_P12=out/demo-certificate/demo-penandatangan.p12 \
	  PATUH_DESK_SIGNING_PASSWORD=demo-bukan-sertifikat-resmi \
	  PATUH_DESK_PUBLIC_URL=http://127.0.0.1:$(DESK_PORT) \
	  $(BIN)/patuh desk serve --database-url $(DESK_DATABASE) --port $(DESK_PORT)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .opa-coverage.json .coverage .coverage.*
