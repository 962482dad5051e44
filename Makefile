# duizhao — make setup | demo | test | bench | lint
# Every target goes through `setup`, which is idempotent: it installs what is missing and
# nothing else (Debian packages, the .venv in the repo root, duizhao in it, htmx from npm —
# the machine's own npm, or Debian's when there is none).

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
EXTRAS ?= embed,postgres,dev,bench
APT_PACKAGES := fonts-wqy-microhei fonts-dejavu-core poppler-utils chromium postgresql libpango-1.0-0 libpangoft2-1.0-0 nginx-light
HTMX := src/duizhao/web/static/htmx.min.js
CEDICT_INDEX := src/duizhao/data/cedict-v5.sqlite
DEMO_DB ?= demo.db
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: setup demo test bench lint clean apt

setup: apt $(VENV)/.installed $(HTMX) $(CEDICT_INDEX)

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else echo "need root to install:$$missing" >&2; exit 1; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[$(EXTRAS)]'
	@touch $@

# the CC-CEDICT query-translation index, built from the installed dictionary into the package data
$(CEDICT_INDEX): $(VENV)/.installed
	$(PY) -m duizhao.search

# htmx comes from the npm package htmx.org@2, fetched at setup time rather than kept in the repo.
$(HTMX):
	@mkdir -p $(dir $@)
	@command -v npm >/dev/null || { echo "installing Debian's npm"; $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -q npm; }
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack -q htmx.org@2 >/dev/null 2>&1 && tar xzf htmx.org-*.tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/$@ && cd / && rm -rf $$tmp && echo "htmx: $$(head -c 60 $(CURDIR)/$@ | tr -d '\n')…"

demo: setup
	$(PY) scripts/demo.py --db $(DEMO_DB)
	$(VENV)/bin/duizhao --db $(DEMO_DB) list
	$(VENV)/bin/duizhao --db $(DEMO_DB) serve --host $(HOST) --port $(PORT)

test: setup
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest -q
	@if [ -d ../shared/acceptance ]; then $(PY) ../shared/acceptance/check_seeds.py; fi

bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; } || true
	@[ -f /usr/share/libgweather-4/Locations.xml ] || { [ "$$(id -u)" = 0 ] && apt-get install -y -q libgweather-4-common >/dev/null; } || true  # round 4 of bench/names_unseen.py
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
