"""Benchmarks: ``make bench`` (or ``python -m bench``); never part of the tests."""
