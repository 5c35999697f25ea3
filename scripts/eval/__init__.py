"""Evaluation of checktrans on shared reference data; `scripts/evaluate.py` is the entry point."""
