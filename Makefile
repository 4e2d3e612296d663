# Two commands set up everything on a fresh Debian machine with Python 3.11:
#   make site   - create .venv, install, check the glossary, build site/
#   make test   - the above plus what the tests need (Debian's chromium), then the suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site check serve test browser schema lock clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

check: $(INSTALLED)
	$(BIN)/mesa-glossary check --strict

site: $(INSTALLED)
	$(BIN)/mesa-glossary check --strict
	$(BIN)/mesa-glossary build

serve: $(INSTALLED)
	$(BIN)/mesa-glossary serve

# Debian's chromium for the browser tests; Playwright drives it, never downloads one.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(INSTALLED) browser
	$(BIN)/pytest

schema: $(INSTALLED)
	$(BIN)/mesa-glossary schema

lock: $(INSTALLED)
	{ sed -n '1,2p' requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v '^mesa-glossary'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf build site .pytest_cache
