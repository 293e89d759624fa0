"""A whole check: the stages joined, start to end.

In: paths and CheckOptions. Out: a Report. run.py reads (engine/reading), answers each
document from the cache or OPA (answering.py, engine/evaluating, engine/cache) and
assembles the report, failing closed at every step (assembling.py); impact.py runs
the same check under two policy folders.
"""
