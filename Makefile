# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate messages seed lint browsers clean bench

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) .env

# Local development settings, so `manage.py` works in this checkout without exporting anything.
# Production sets its own environment (.env is never committed nor copied into the image).
.env:
	printf 'DEBUG=1\n' > .env

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

# make run: the embedded default (SQLite, filesystem broker, mails in var/mail) unless the
# environment names servers. Visitors see the portal's own error pages: DEBUG is off unless a
# developer asks for it (DEBUG=1 make run). Two-factor is not required for the demo accounts.
# PORT is passed on so that links in mails and calendar files use it (settings.SITE_URL).
run: export DEBUG ?= 0
run: export MAGNET_EMBEDDED_DEMO ?= 1
run: export MAGNET_REQUIRE_MFA ?= 0
run: export PORT := $(PORT)
run: install messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) -m magnet.run

lint: install
	$(VENV)/bin/ruff check .

# make test: ruff, then pytest on the database DATABASE_URL names (Postgres in CI).
test: export DEBUG ?= 1
test: install messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# make bench: the load benchmark (benchmarks/load.py) on the Postgres DATABASE_URL names; it adds
# scale data there, so name a database of its own.
bench: install messages
	$(PY) benchmarks/load.py

clean:
	rm -rf var staticfiles
