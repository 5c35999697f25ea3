#!/usr/bin/env bash
# Creates .venv and installs checktrans with its test extras. torch goes first and pinned to the CPU build:
# left to the resolver, sentence-transformers would pull a CUDA build of several GB.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "torch==2.13.0"
# The ray extra too, so that the tests of `batch --engine ray` run (CHECKTRANS_EXTRAS=test leaves it out).
.venv/bin/python -m pip install -q -e ".[${CHECKTRANS_EXTRAS:-test,ray}]"
