# The few commands a newcomer needs. Everything runs inside .venv, created on demand.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format bench serve worker messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml tests/calendars/package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@# ical.js (Thunderbird's calendar parser) reads our feeds in the tests.
	@if command -v npm >/dev/null; then npm ci --prefix tests/calendars --no-audit --no-fund --silent; \
		else echo "npm not found: the ical.js calendar tests will be skipped"; fi
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A local .env with a fresh secret key, written once and never committed.
.env:
	@$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50)); print('DEBUG=true')" > .env
	@echo "Wrote .env with a new SECRET_KEY (git-ignored)."

run: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/
	@echo "Mail (e.g. .venv/bin/python manage.py send_invitations --summit tacoma-2024) is written to var/mail/."
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production setup on this machine: gunicorn + whitenoise, production settings, and
# PostgreSQL/Redis when DATABASE_URL/REDIS_URL say so. Plain HTTP locally, hence SECURE_SSL=false.
serve: install .env
	DJANGO_SETTINGS_MODULE=config.settings.production SECURE_SSL=$${SECURE_SSL:-false} DEBUG=false \
		$(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=config.settings.production SECURE_SSL=$${SECURE_SSL:-false} DEBUG=false \
		$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production SECURE_SSL=$${SECURE_SSL:-false} DEBUG=false \
		GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn --config config/gunicorn.py config.wsgi

# The Celery worker that sends mail (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/1).
worker: install .env
	$(BIN)/celery -A config worker --concurrency 2 --loglevel INFO

test: install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: install-dev
	$(BIN)/python manage.py makemessages --locale zh_Hans --locale ar --ignore '.venv/*' --ignore 'staticfiles/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
