# Werkmaatje: `make install`, then `make test`; `make run` starts the product.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
# The local PostgreSQL for the PostgreSQL half of the storage tests; override freely.
export WERKMAATJE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

TRAINING_INPUTS := config.yml domain.yml $(wildcard nlu/data/*.yml nlu/dialogue/*.yml) nlu/duckling_extractor.py
MODEL := models/werkmaatje.tar.gz
SPACY_PIPELINE := build/spacy_nl/meta.json

.PHONY: help install test run chat bench clean

help:
	@echo "make install  - virtualenv, dependencies, Dutch spaCy pipeline, Rasa model"
	@echo "make test     - the whole test suite (SQLite and PostgreSQL)"
	@echo "make run      - Rasa, action server and Telegram bot together"
	@echo "make chat     - talk to Werkmaatje in this terminal"
	@echo "make bench    - Werkmaatje against stock Rasa (about 30 minutes); writes bench/results/latest.json"

install: $(VENV)/.installed $(SPACY_PIPELINE) $(MODEL) browser nginx

# Portal
# The portal's browser tests drive Debian's chromium through Playwright; Playwright
# never downloads a browser of its own. Installed once, when missing (needs root).
.PHONY: browser
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "chromium ontbreekt: installeren met apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The production profile's load balancer and TLS end, also started by its end-to-end test.
# policy-rc.d keeps Debian from starting a system nginx on port 80 while installing.
.PHONY: nginx
nginx:
	@command -v nginx >/dev/null 2>&1 || { \
	  echo "nginx ontbreekt: installeren met apt-get"; \
	  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	  status=$$?; rm -f /usr/sbin/policy-rc.d; exit $$status; }

# Reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@python310="$$(scripts/find-python310)" && \
	  { [ -x $(PY) ] || "$$python310" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade "pip<25" "setuptools>=68,<71"
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(SPACY_PIPELINE): nlu/spacy_pipeline.py $(VENV)/.installed
	$(PY) -m nlu.spacy_pipeline build/spacy_nl

# Make skips training when no training input is newer than the model.
# --skip-validation: `make test` validates the data (tests/nlu/test_nlu_pipeline.py);
# here it would add some 20 s to every training (make bench times training).
$(MODEL): $(TRAINING_INPUTS) $(SPACY_PIPELINE)
	$(VENV)/bin/rasa train --skip-validation --config config.yml --domain domain.yml \
	  --data nlu/data nlu/dialogue --out models --fixed-model-name werkmaatje
	touch $@

# pytest exits 5 when it collected no tests: that is a failure here, said plainly.
test: install
	@$(PY) -m pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest vond geen tests" >&2; fi; \
	  exit $$status

run: install
	@$(VENV)/bin/werkmaatje run

chat: install
	@$(VENV)/bin/werkmaatje chat

# Figures, never pass/fail on time: see bench/ and the README's Performance section.
bench: install
	$(PY) -m bench

clean:
	rm -rf build models .pytest_cache
