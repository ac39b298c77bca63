# Two commands on a fresh machine: `make demo` and `make test`.
# The virtual environment's interpreter: Debian's own python3.11 where the machine has
# it (with its venv module), else the first python3 on PATH. Debian builds its Python
# with profile-guided and link-time optimisation into a statically linked binary, as
# the python:3.11-slim image of the Dockerfile is optimised; pyenv's default build
# (no --enable-optimizations, a shared libpython) ran the checkout's Python 10-20 %
# slower on the bench machine (issue 19). Another one: make install PYTHON=...
DEBIAN_PYTHON := $(shell /usr/bin/python3.11 -c "import ensurepip, venv" >/dev/null 2>&1 && echo /usr/bin/python3.11)
PYTHON ?= $(or $(DEBIAN_PYTHON),python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: demo worker test install messages chromium wrk lint format bench clean screenshots

# The virtual environment is rebuilt whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Vietnamese strings live in locale/vi; compile them with Babel (no gettext needed).
messages: install
	$(BIN)/pybabel compile --statistics -d locale -D django

# Cards in the demo go to localstripe (payments/localstripe_runner.py) on
# STRIPE_DEMO_PORT with made-up keys, unless STRIPE_SECRET_KEY is set: then to the
# Stripe account of the keys in the environment (README, "Payments").
STRIPE_DEMO_PORT ?= 8420
ifeq ($(STRIPE_SECRET_KEY),)
DEMO_LOCALSTRIPE := http://127.0.0.1:$(STRIPE_DEMO_PORT)
demo: export PAYMENT_METHODS ?= vietqr,stripe,cod
demo: export STRIPE_SECRET_KEY := sk_test_demo
demo: export STRIPE_PUBLISHABLE_KEY := pk_test_demo
demo: export STRIPE_WEBHOOK_SECRET := whsec_demo
demo: export STRIPE_API_BASE := $(DEMO_LOCALSTRIPE)
demo: export STRIPE_JS_URL := $(DEMO_LOCALSTRIPE)/js.stripe.com/v3/
endif

# The web server, one Celery worker (with the beat scheduler inside it) and, for
# cards, localstripe; Ctrl-C stops them all. The worker's queue is a folder under
# var/celery: no Redis needed.
demo: messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@mkdir -p var/celery/queue var/celery/processed var/celery/control
	@trap 'kill $$worker $$stripe 2>/dev/null; wait' EXIT INT TERM; \
	if [ -n "$(DEMO_LOCALSTRIPE)" ]; then \
		$(BIN)/python -m payments.localstripe_runner --port $(STRIPE_DEMO_PORT) \
			--webhook-url http://127.0.0.1:$(PORT)/payments/webhooks/stripe/ \
			--webhook-secret "$$STRIPE_WEBHOOK_SECRET" --state var/localstripe.pickle \
			& stripe=$$!; \
	fi; \
	$(BIN)/celery -A shop worker --beat --pool=solo --loglevel=INFO & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A Celery worker alone (production runs it as its own process, see docs/deploy.md).
worker: install
	$(BIN)/celery -A shop worker --loglevel=INFO

# Browser tests drive Debian's Chromium; install it (as root) where it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# The tests where buyers, sellers and bank notifications race each other. When the
# suite runs on PostgreSQL they run once more on SQLite, the demo's embedded default,
# which must hold under the same races.
CONCURRENCY_TESTS = tests/test_overselling.py tests/test_voucher_race.py \
	tests/test_concurrent_writes.py tests/payments/test_concurrency.py \
	tests/markets/test_concurrency.py tests/sellers/test_cash_received.py

test: messages chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "The concurrency tests again, on SQLite:"; \
		env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS) $(CONCURRENCY_TESTS); \
	fi

# docs/screenshots/: the main storefront pages as a phone (360×800) and a desktop
# (1280×800) see them, from the demo data, in Chromium (shop/screenshots.py).
screenshots: messages chromium
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python -m shop.screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks (never part of `make test`): PostgreSQL, Redis when REDIS_URL is set,
# wrk as the load generator, Chromium for page weight. BENCH_ARGS: see python -m bench -h.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ocop_bench
BENCH_ARGS ?=

wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
		else echo "Benchmarks need wrk: sudo apt-get install wrk" >&2; exit 1; fi; }

bench: messages chromium wrk
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 var

# Search benchmark (not part of `make test`): BENCH_PRODUCTS generated products, p50/p95
# of typical and facet queries. Point DATABASE_URL at a database of its own, e.g.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench make bench-search
BENCH_PRODUCTS ?= 100000
.PHONY: bench-search
bench-search: messages
	$(BIN)/python bench/search.py --products $(BENCH_PRODUCTS)
