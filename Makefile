# warclaims: `make help` lists the targets. Every target creates .venv and installs the project first
# when needed (a fresh machine needs only Python 3.11+, pip and venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
AXE    := node_modules/axe-core/axe.min.js
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

.DEFAULT_GOAL := help
.PHONY: help install report test lab bench notebooks validate teaching clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install warclaims with its test tools

report: $(STAMP) ## Build every report in reports/schedule.yml as offline HTML, plus reports/index.html
	$(VENV)/bin/warclaims build --jobs $(JOBS)

# axe-core, for the accessibility scan of every built page, comes from the npm registry (package-lock.json).
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

# The browser checks open the reports `make report` writes, so the tests build them first.
test: report $(AXE) ## Build the reports, then run everything: unit tests, nbval over notebooks/, offline browser and accessibility checks
	$(PY) -m pytest -n $(JOBS) --dist loadfile --durations=10 --nbval --nbval-current-env tests notebooks

validate: $(STAMP) ## Check data/ and print its counts (or every problem as file:row:column)
	$(VENV)/bin/warclaims validate

notebooks: $(STAMP) ## Re-execute the committed notebooks with their default parameters (after a data or code change)
	$(VENV)/bin/warclaims refresh-notebooks

teaching: $(STAMP) ## Write the classroom notebook's student .ipynb, student HTML and teacher HTML
	$(VENV)/bin/warclaims build --only classroom_student classroom_teacher

lab: $(STAMP) ## Start JupyterLab on the project's kernel, notebooks trusted
	$(VENV)/bin/jupyter trust notebooks/*.ipynb
	$(VENV)/bin/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/casualty_claims.ipynb

bench: $(STAMP) ## Time load, validate, analyses and a full build at 10k, 100k and 1M claims
	$(PY) benchmarks/run.py

clean: ## Remove built reports and the builds' cache folder .cache/warclaims (keeps .venv)
	rm -rf reports/*.html reports/*.ipynb reports/articles reports/downloads reports/_build reports/build.log .cache/warclaims
