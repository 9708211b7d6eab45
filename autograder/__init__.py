"""RNN and LSTM autograder, in layers; each imports only the layers below it (import-linter, ``make lint``).

- :mod:`autograder.channels`: the CLI, the Gradescope entry, nbgrader: arguments, paths, printing, exit codes
- :mod:`autograder.grading`: one submission (the Grader) or a whole class into files on disk; no argv, no printing
- :mod:`autograder.formats`: a Report into Gradescope JSON, the gradebook, HTML pages, the dashboard, progress lines
- :mod:`autograder.expected`: expected values from the reference (``solutions/``); never shipped to learners
- :mod:`autograder.runtime`: what ships to learners, whole (the learner release's ``selfcheck/``): the result
  model, the judges, the engine, the sandbox, the learner's checker; only the standard library and numpy

docs/architecture.md draws them and follows a submission through them.
"""
