"""The autograder: a channel-free grading core (core.py, checks/), a sandbox for learners' code, and channels.

Channels: ``python -m autograder check | grade | grade-class`` (cli.py), pytest (tests/), and the
serialisers in report/ (terminal summary, Gradescope's results.json, the gradebook).
"""
