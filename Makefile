# The course's commands. The two a reader needs: `make lab` and `make test`.
# Both create .venv and install requirements.txt when needed (Python 3.11).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# `make test PYTHON=/path/to/python3.13` builds and tests in its own venv (.venv-python3.13), beside .venv
VENV   ?= $(if $(filter command line,$(origin PYTHON)),.venv-$(notdir $(PYTHON)),.venv)
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
IP     ?= 127.0.0.1
PORT   ?= 8888
SEEDS  ?= 42
NB     ?=
# What `make test` executes with nbval (all of them unless told, e.g. TEST_NOTEBOOKS=notebooks/q01_metrics.ipynb)
TEST_NOTEBOOKS ?= notebooks
# Newer Pythons checked by `make test-pythons` (found on PATH or under pyenv) and the notebooks they execute
OTHER_PYTHONS ?= python3.12 python3.13
REPRESENTATIVE := notebooks/q01_metrics.ipynb notebooks/q03_cnn.ipynb notebooks/q23_recommender.ipynb \
  notebooks/q24_q_learning.ipynb notebooks/q25_time_series.ipynb
# Extra `jupyter lab` options, e.g. LAB_ARGS="--IdentityProvider.token=" (tests/test_browser.py uses it).
LAB_ARGS ?=
# JupyterLab refuses to run as root (e.g. in a container) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Offline-friendly JupyterLab defaults: never ask about or fetch news, never check for updates.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
# Browser assets for make site / slides / cheatsheet (and their tests), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed

.PHONY: venv lab test execute bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)  ## create/update the virtual environment

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $(NODE_STAMP)

$(LAB_OVERRIDES): $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@

lab: $(STAMP) $(LAB_OVERRIDES)  ## open the course in JupyterLab (prints the URL to open)
	@# Trust the course's own notebooks, so their stored widgets render before anything is run.
	@$(BIN)/jupyter trust notebooks/*.ipynb > /dev/null
	$(BIN)/jupyter lab --no-browser --ip=$(IP) --port=$(PORT) $(ROOT_FLAG) \
	  --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_index.ipynb \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate $(LAB_ARGS)

test: $(STAMP) $(NODE_STAMP)  ## unit + contract tests, then nbval runs every notebook offline
	sh tools/offline.sh $(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=600 tests $(TEST_NOTEBOOKS)

execute: $(STAMP)  ## re-execute notebooks in place (NB="notebooks/q01_metrics.ipynb" for one)
	$(BIN)/python tools/run_notebooks.py execute $(NB)

bench: $(STAMP)  ## time every notebook, SEEDS="42 1 2" for several seeds; writes results/
	$(BIN)/python tools/run_notebooks.py bench --seeds "$(SEEDS)" $(NB)

clean:
	rm -rf $(VENV) .pytest_cache _build node_modules

# Longevity. Newer Pythons: the pinned requirements in a venv per Python, the unit and contract tests
# and a few representative notebooks. The canary: the newest releases of the direct dependencies
# (no pins) in a throwaway venv, the tests, then every notebook's SCORECARD against the stored one
# (NB="..." for some); run it before bumping pins. Neither is part of `make test`.
.PHONY: test-pythons test-latest
LATEST := .venv-latest

test-pythons: $(NODE_STAMP)  ## make test under Python 3.12 and 3.13 (own venvs), executing $(REPRESENTATIVE)
	@for p in $(OTHER_PYTHONS); do \
	  exe=$$(sh tools/find_python.sh $$p); \
	  if [ -z "$$exe" ]; then echo "test-pythons: no $$p here, skipped"; continue; fi; \
	  start=$$(date +%s); echo "== $$p: $$exe"; \
	  $(MAKE) --no-print-directory test PYTHON=$$exe TEST_NOTEBOOKS="$(REPRESENTATIVE)" || exit 1; \
	  echo "== $$p: passed in $$(( $$(date +%s) - start )) s (install included)"; \
	done

test-latest: $(NODE_STAMP)  ## canary: newest releases, no pins; reports which SCORECARDs moved (_build/canary.md)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	sed -e 's/#.*//' -e 's/[=<>!~].*//' -e '/^[[:space:]]*$$/d' requirements.txt > $(LATEST)/unpinned.txt
	$(LATEST)/bin/python -m pip install --disable-pip-version-check -q -r $(LATEST)/unpinned.txt
	$(LATEST)/bin/python -m pip install --disable-pip-version-check -q --no-deps -e .
	-sh tools/offline.sh $(LATEST)/bin/python -m pytest -q -p no:cacheprovider tests
	sh tools/offline.sh $(LATEST)/bin/python tools/run_notebooks.py canary $(NB)

# Read and teach: the site, slide decks and cheat sheet, built from the stored notebooks
# (nothing re-executed), offline once the browser assets pinned in package-lock.json are installed.
.PHONY: site slides cheatsheet

site: $(STAMP) $(NODE_STAMP)  ## the course website in _build/site/ (open _build/site/index.html)
	$(BIN)/python tools/site.py

slides: $(STAMP) $(NODE_STAMP)  ## one reveal.js deck per notebook in _build/slides/
	$(BIN)/python tools/slides.py

cheatsheet: $(STAMP) $(NODE_STAMP)  ## 面试速答 + 追问, one page each: _build/cheatsheet/cheatsheet.html and .pdf
	$(BIN)/python tools/cheatsheet.py

# Rehearse: the Anki deck of every question and follow-up, read from the notebooks.
.PHONY: anki

anki: $(STAMP)  ## Anki deck of the 60-second answers and follow-ups: _build/course.apkg (re-import updates)
	$(BIN)/python tools/anki.py _build/course.apkg
