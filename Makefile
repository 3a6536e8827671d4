# Two entry points for a fresh machine with only Python >= 3.11:
#   make book   create .venv, install, build the HTML into book/_build/html
#   make test   create .venv if needed, run the unit tests and nbval on every notebook
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg

.PHONY: all venv book test unit nbval notebooks ledger clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test]"
	touch $(STAMP)

venv: $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build book -W -n --keep-going
	@echo "Open book/_build/html/index.html in a browser."

test: unit nbval

unit: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest tests

nbval: $(STAMP)
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks under book/"; exit 1; }
	$(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS)

# Re-execute every notebook in place (seeded; widget state is stored for the HTML).
notebooks: $(STAMP)
	cd book && for nb in $(notdir $(NOTEBOOKS)); do ../$(BIN)/jupyter execute --inplace $$nb || exit 1; done

ledger: $(STAMP)
	$(BIN)/python -m rnn_energy.ledger

clean:
	rm -rf book/_build .pytest_cache .hypothesis
