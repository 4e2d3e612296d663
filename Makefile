# Two commands set up everything on a fresh Debian machine with Python 3.11:
#   make site   - create .venv, install (and Debian's graphviz, Pango and fonts), check the
#                 glossary, build site/ with the PDF and the offline copy (site.zip)
#   make test   - the above plus what the tests need (Debian's chromium, npm packages),
#                 then the code gates (ruff, mypy, import-linter, ESLint) and the whole suite
#   make test-fast - the unit layer only (tests/unit: no MkDocs build, no browser), in seconds
#   make publish   - the site to host (make site, but a placeholder address is an error)
#   make serve     - the preview with live reload (ADDR=host:port, default 127.0.0.1:8000)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Debian packages are installed as root, or through sudo for any other user (GitHub's runners).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: site publish check serve test test-fast lint bench graphviz pdf-libs browser schema lock clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

check: $(INSTALLED)
	$(BIN)/mesa-glossary check --strict

# `make site SITE_ONLY=1` builds the pages alone, without the PDF and site.zip: for a large
# glossary, whose book takes minutes, while trying changes.
site: $(INSTALLED) graphviz pdf-libs
	$(BIN)/mesa-glossary check --strict
	$(BIN)/mesa-glossary build $(if $(SITE_ONLY),--site-only)

# The site to host: as `site`, but a placeholder `url` in glossary/site.yaml is an error
# (the GitHub Pages workflow, .github/workflows/pages.yml, runs this).
publish: $(INSTALLED) graphviz pdf-libs
	$(BIN)/mesa-glossary check --strict
	$(BIN)/mesa-glossary build --for-hosting

# The preview; `make serve ADDR=0.0.0.0:8000` serves on another address.
ADDR ?= 127.0.0.1:8000
serve: $(INSTALLED) graphviz
	$(BIN)/mesa-glossary serve --dev-addr $(ADDR)

# Graphviz draws the concept maps when the site is rendered.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "installing Debian's graphviz for the concept maps"; $(APT_INSTALL) graphviz >/dev/null; }

# WeasyPrint lays out the PDF with Debian's Pango and embeds these fonts.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra fonts-liberation
pdf-libs:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  echo "installing Debian's Pango and fonts for the PDF"; $(APT_INSTALL) $(PDF_PACKAGES) >/dev/null; }

# Debian's chromium for the browser tests; Playwright drives it, never downloads one.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; $(APT_INSTALL) chromium >/dev/null; }

# axe-core (the accessibility scan the browser tests serve locally) and ESLint, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing Debian's npm"; $(APT_INSTALL) npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The code gates: style and errors (ruff), types (mypy), the package's layers (import-linter,
# contracts in pyproject.toml) and the browser scripts (ESLint).
lint: $(INSTALLED) node_modules/.installed
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	npx --no-install eslint src/mesa_glossary/assets

# The browser tests run in one worker (one Chromium), the rest in the others.
test: lint graphviz pdf-libs browser
	$(BIN)/pytest -n auto --dist loadgroup

test-fast: $(INSTALLED) graphviz
	$(BIN)/pytest tests/unit

# Speed and memory on synthetic glossaries of 100, 1,000, 2,000 and 10,000 terms (takes long);
# writes the table to docs/benchmark.md. SIZES=100,1000 for a quicker run.
SIZES ?= 100,1000,2000,10000
bench: $(INSTALLED) graphviz pdf-libs browser
	$(BIN)/python scripts/bench.py --sizes $(SIZES)

schema: $(INSTALLED)
	$(BIN)/mesa-glossary schema

lock: $(INSTALLED)
	{ sed -n '1,2p' requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v '^mesa-glossary'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf build site .pytest_cache node_modules
