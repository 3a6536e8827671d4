# Two entry points for a fresh machine with only Python >= 3.11:
#   make book   create .venv, install, build the HTML into book/_build/html
#   make test   create .venv if needed, run the unit tests and nbval on every notebook
# More: make check-html (browser check of the built book), make lint, make bench, make notebooks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg
# two workers, one notebook each at a time (a notebook's cells share one kernel)
NBVAL_PARALLEL := -n 2 --dist loadfile

VENDOR := book/_vendor/.complete

.PHONY: all venv book test unit nbval notebooks ledger lint check-html pdf chromium bench clean

all: test

# uv, when the machine has it, builds the venv in seconds; pip is the fallback that needs
# nothing but Python.
UV := $(shell command -v uv 2>/dev/null)

$(STAMP): pyproject.toml
ifneq ($(UV),)
	$(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python -e ".[book,test,check,lint]"
else
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test,check,lint]"
endif
	touch $(STAMP)

venv: $(STAMP)

# MathJax and the widget manager, from the npm registry, so the HTML works offline.
$(VENDOR): tools/fetch_vendor_js.py
	$(PYTHON) tools/fetch_vendor_js.py book/_vendor
	touch $(VENDOR)

book: $(STAMP) $(VENDOR)
	$(BIN)/jupyter-book build book -W -n --keep-going
	@echo "Open book/_build/html/index.html in a browser."

test: unit nbval

unit: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest tests

# MPLBACKEND is unset so that an exported MPLBACKEND=Agg (which makes plt.show() warn) does
# not change the notebooks' outputs.
nbval: $(STAMP)
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks under book/"; exit 1; }
	env -u MPLBACKEND $(BIN)/python -m pytest $(NBVAL) $(NBVAL_PARALLEL) $(NOTEBOOKS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools book/_ext book/*.ipynb

# Re-execute every notebook in place (seeded; widget state is stored for the HTML).
notebooks: $(STAMP)
	cd book && for nb in $(notdir $(NOTEBOOKS)); do env -u MPLBACKEND ../$(BIN)/jupyter execute --inplace $$nb || exit 1; done

ledger: $(STAMP)
	$(BIN)/python -m rnn_energy.ledger

# Debian's Chromium, installed here if missing (never a browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Every page in headless Chromium at 1280 px and 390 px (browser_tests/, pytest-playwright).
# The PDF is built first: the introduction links to it.
check-html: book pdf chromium
	$(BIN)/python tools/check_html.py book/_build/html book/_build/screenshots

# The whole book as one PDF: the single-page HTML build printed by Chromium.
PDF := book/_build/html/rnn-energy.pdf
pdf: $(STAMP) $(VENDOR) chromium
	$(BIN)/jupyter-book build book --builder singlehtml -W -n --keep-going
	$(BIN)/python tools/print_pdf.py book/_build/singlehtml $(PDF)

bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python benchmarks/run.py

clean:
	rm -rf book/_build book/_vendor .pytest_cache .hypothesis
