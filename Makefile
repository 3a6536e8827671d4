# Two entry points for a fresh machine with only Python >= 3.11:
#   make book   create .venv, install, build the HTML into book/_build/html
#   make test   create .venv if needed, run the unit tests and nbval on every notebook
# More: make check-html (browser check of the built book), make lint, make pdf, make bench,
# make notebooks.
# Live site: make lite (JupyterLite + Pyodide into book/_build/html/lite), make serve-lite,
# make check-lite (one chapter live in Chromium), make check-lite-all, make test-pyodide-versions.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg --nbval-cell-timeout=600
# two workers, one notebook each at a time (a notebook's cells share one kernel)
NBVAL_PARALLEL := -n 2 --dist loadfile

VENDOR := book/_vendor/.complete

.PHONY: all venv book test unit nbval notebooks ledger controls lint check-html pdf chromium bench clean

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
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 tests

# MPLBACKEND is unset so that an exported MPLBACKEND=Agg (which makes plt.show() warn) does
# not change the notebooks' outputs.
nbval: $(STAMP)
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks under book/"; exit 1; }
	env -u MPLBACKEND $(BIN)/python -m pytest $(NBVAL) $(NBVAL_PARALLEL) $(NOTEBOOKS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools browser_tests tests_browser book/_ext book/*.ipynb

# Re-execute every notebook in place (seeded; widget state is stored for the HTML).
notebooks: $(STAMP)
	cd book && for nb in $(notdir $(NOTEBOOKS)); do env -u MPLBACKEND ../$(BIN)/jupyter execute --inplace --timeout=900 $$nb || exit 1; done

ledger: $(STAMP)
	$(BIN)/python -m rnn_energy.ledger

# Every negative control: exits 0 only if each check rejects its deliberately wrong variant.
controls: $(STAMP)
	$(BIN)/python -m rnn_energy.ledger --controls

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
	rm -rf book/_build/singlehtml
	$(BIN)/jupyter-book build book --builder singlehtml -W -n --keep-going
	$(BIN)/python tools/print_pdf.py book/_build/singlehtml $(PDF)

bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python benchmarks/run.py

clean:
	rm -rf book/_build book/_vendor .pytest_cache .hypothesis build/lite build/lite-report

# --- live site: every chapter runs in the reader's browser (JupyterLite + Pyodide), offline
LITE_STAMP := $(VENV)/.lite-stamp
PYODIDE_VENV := .venv-pyodide-versions
# CPython closest to Pyodide 0.27's 3.12.7: a python3.12 on PATH or under pyenv, else $(PYTHON)
PYODIDE_PYTHON ?= $(firstword $(foreach p,python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12),$(shell $(p) -c 'import sys; assert sys.version_info[:2] == (3, 12); print("$(p)")' 2>/dev/null)) $(PYTHON))

.PHONY: lite serve-lite check-lite check-lite-all test-lite-build test-pyodide-versions

$(LITE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[lite]"
	touch $(LITE_STAMP)

lite: $(LITE_STAMP)
	$(BIN)/python tools/lite/build.py --out book/_build/html/lite

serve-lite:
	$(PYTHON) tools/lite/serve.py book/_build/html --port 8000

test-lite-build: $(LITE_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests_browser/test_lite_build.py

check-lite: book lite test-lite-build
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(BIN)/python -m pytest -v -p no:cacheprovider tests_browser/test_live_chapters.py
	$(BIN)/python tools/lite/report.py build/lite-report

check-lite-all: book lite test-lite-build
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	LITE_CHAPTERS=all $(BIN)/python -m pytest -v -p no:cacheprovider tests_browser/test_live_chapters.py
	$(BIN)/python tools/lite/report.py build/lite-report

test-pyodide-versions:
	$(PYODIDE_PYTHON) -m venv $(PYODIDE_VENV)
	$(PYODIDE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYODIDE_VENV)/bin/python -m pip install --quiet -c lite/pyodide-versions.txt -e ".[book,test]"
	$(PYODIDE_VENV)/bin/python -c 'import sys, numpy, scipy, matplotlib; print("Python", sys.version.split()[0], "numpy", numpy.__version__, "scipy", scipy.__version__, "matplotlib", matplotlib.__version__)'
	MPLBACKEND=Agg $(PYODIDE_VENV)/bin/python -m pytest -q -p no:cacheprovider tests
