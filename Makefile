# Two commands matter: `make run` and `make test`. Each installs what it needs.
SHELL := /bin/bash
# Rasa 3.6 runs on Python 3.10 only; find it even where pyenv hides it.
PYTHON ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
export BOT_PORT ?= 5005
export ACTIONS_PORT ?= 5055
# Rasa phones home unless told not to.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
PO := $(wildcard translations/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

.PHONY: run test eval bench catalogs extract clean

run: $(VENV)/.installed catalogs
	@$(PY) -m bot.engine.train >/dev/null
	@bash scripts/run.sh

test: $(VENV)/.installed catalogs
	@$(PY) -m bot.engine.train >/dev/null
	$(PY) -m pytest $(PYTEST_ARGS)

eval: $(VENV)/.installed catalogs
	$(PY) -m bot.engine.evaluate

# Bridge next to a bare `rasa init` bot under the same load (scripts/bench.py);
# BENCH_DATABASE_URL=postgresql://... and BENCH_REDIS_URL=redis://... add two processes.
bench: $(VENV)/.installed catalogs
	@$(PY) -m bot.engine.train >/dev/null
	$(PY) scripts/bench.py

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.10 is required (Rasa 3.6 supports no newer Python)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip<25' 'setuptools<70' wheel
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

catalogs: $(MO)

%.mo: %.po
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

# After changing any text in bot/: refresh the template and every catalog.
extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-default-keywords --no-location \
		--omit-header --sort-output -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(VENV)/bin/pybabel extract -F babel-console.cfg -k C_ -k _ --no-default-keywords --no-location \
		--omit-header --sort-output -o translations/console.pot .
	$(VENV)/bin/pybabel update -D console -l nl -i translations/console.pot -d translations --no-fuzzy-matching

clean:
	rm -rf models/*.tar.gz $(MO)
