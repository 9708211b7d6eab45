"""Authoring tools on top of the autograder: stubs, notebooks, the learner release, the Gradescope bundle, docs.

Each generator reads the one source of truth (``solutions/`` and ``tasks.toml``) and writes a
file that a test finds stale when it is not regenerated.
"""
