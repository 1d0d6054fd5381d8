# soplan: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both set up everything first (Debian packages when run as root, the virtualenv, front-end
# assets from package-lock.json, compiled translations) and are safe to run again.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the demo logins seed_demo prints point where `make run` serves, unless set.
SOPLAN_BASE_URL ?= http://$(HOST):$(PORT)
EMBEDDED := DJANGO_DEBUG=true SOPLAN_BASE_URL=$(SOPLAN_BASE_URL)

.PHONY: setup setup-test system-deps system-deps-test run test test-browser guide-screenshots bench load lint messages clean

system-deps:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

setup: system-deps $(VENV)/.installed node_modules/.installed
	$(EMBEDDED) $(PY) manage.py compilemessages --verbosity 0 --ignore=.venv --ignore=node_modules

setup-test: system-deps-test setup

run: setup
	$(EMBEDDED) $(PY) manage.py migrate --verbosity 0
	$(EMBEDDED) $(PY) manage.py seed_demo
	$(EMBEDDED) $(PY) manage.py runserver $(HOST):$(PORT)

test: setup-test
	$(PY) -m pytest

test-browser: setup-test
	$(PY) -m pytest -m browser

# The user guide's pictures, from the screenshots the journeys take (scripts/guide_screenshots.py).
guide-screenshots: test-browser
	$(PY) scripts/guide_screenshots.py

bench: setup
	$(EMBEDDED) $(PY) -m bench
	$(EMBEDDED) $(PY) -m bench.regional

# Locust against the production topology on this machine: PostgreSQL, Redis, a Celery worker,
# gunicorn; 50 users for 60 s (scripts/load.sh; docs/performance.md, "Load").
load: setup
	scripts/load.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

messages: setup
	$(EMBEDDED) $(PY) manage.py makemessages --locale nl --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete
	$(EMBEDDED) $(PY) manage.py compilemessages --verbosity 0 --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var staticfiles
