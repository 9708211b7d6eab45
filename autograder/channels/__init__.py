"""The ways in: the command line, Gradescope's entry point, nbgrader (its notebooks and autograde).

Each parses its input, checks paths, calls :mod:`autograder.grading`, prints and returns an exit code.
"""
