"""Werkmaatje's benchmarks: `make bench`, or `python -m bench`.

Each benchmark starts the real stack, measures, and adds its figures under its
own name to `bench/results/latest.json`; `python -m bench` prints them as a table.
"""
