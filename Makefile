# Two commands set everything up on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.presswork-installed

.PHONY: demo test bench fidelity previews system clean

system:
	@PYTHON=$(PYTHON) bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

demo: system $(STAMP)
	$(BIN)/presswork lint
	$(BIN)/presswork build

previews: system $(STAMP)
	$(BIN)/python scripts/make_previews.py

test: system $(STAMP)
	$(BIN)/python -m pytest -q

# kinds x sizes x themes x both languages, PDF and DOCX through LibreOffice, checked page by page
fidelity: system $(STAMP)
	$(BIN)/python scripts/fidelity.py

bench: system $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/serve.py

clean:
	rm -rf $(VENV) output/*.pdf output/*.png output/*.docx output/*.html
