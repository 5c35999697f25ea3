# One command each: `make demo` sets up and checks the bundled story, `make test` sets up and runs the tests.
VENV := .venv
BIN := $(VENV)/bin
DEMO := corpora/demo/wire-xi-putin
QE_SLICE := 200

.PHONY: setup demo test bench evaluate train-qe clean

$(BIN)/checktrans: pyproject.toml scripts/setup.sh
	scripts/setup.sh
	touch $@

setup: $(BIN)/checktrans

# The demo story has errors, so checktrans exits 1 (findings at the gate): that is the demo working, not failing.
demo: setup
	$(BIN)/checktrans check $(DEMO).fr.txt $(DEMO).en.txt || [ $$? -eq 1 ]

test: setup
	scripts/setup_browser.sh
	$(BIN)/ruff check checker tests scripts
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python scripts/bench.py

evaluate: setup
	$(BIN)/python scripts/evaluate.py all

# The quality model from scratch (needs ../shared/corpora): the full model, then the slice the tests retrain.
train-qe: setup
	$(BIN)/python scripts/train_qe.py
	$(BIN)/python scripts/train_qe.py --limit $(QE_SLICE) --epochs 3 --out out/qe-slice --record-into checker/quality/provenance.json

clean:
	rm -rf $(VENV) build *.egg-info
