"""Expected values from the reference solutions: the checks' builders, the cache, the code digest.

Imports ``solutions/`` (and torch, for the convergence run); never shipped to learners. The
runtime's judges compare a learner's outputs with what these builders return.
"""
