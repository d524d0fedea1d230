# The course's commands. The two a reader needs: `make lab` and `make test`.
# Both create .venv and install requirements.txt when needed (Python 3.11).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
IP     ?= 127.0.0.1
PORT   ?= 8888
SEEDS  ?= 42
NB     ?=
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
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

test: $(STAMP) $(NODE_STAMP)  ## unit + contract tests, then nbval runs every notebook offline
	sh tools/offline.sh $(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=600 tests notebooks

execute: $(STAMP)  ## re-execute notebooks in place (NB="notebooks/q01_metrics.ipynb" for one)
	$(BIN)/python tools/run_notebooks.py execute $(NB)

bench: $(STAMP)  ## time every notebook, SEEDS="42 1 2" for several seeds; writes results/
	$(BIN)/python tools/run_notebooks.py bench --seeds "$(SEEDS)" $(NB)

clean:
	rm -rf $(VENV) .pytest_cache _build node_modules

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
