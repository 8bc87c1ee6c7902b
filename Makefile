# OpsTracker: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgis://postgres@127.0.0.1:5432/opstracker
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test bench lint extract-dev

run:
	scripts/bootstrap.sh run
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py load_gazetteer
	DEBUG=1 $(PY) manage.py load_demo
	@echo "==> OpsTracker on http://$(HOST):$(PORT)/"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test:
	scripts/bootstrap.sh test
	$(PY) -m ruff check .
	scripts/audit.sh
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest

bench:
	scripts/bootstrap.sh test
	bench/run_all.sh

extract-dev:
	$(PY) manage.py extract ../shared/eval/dev/articles/*.json > var/dev-predictions.jsonl
	python3 ../shared/eval/score.py --gold ../shared/eval/dev/gold var/dev-predictions.jsonl
