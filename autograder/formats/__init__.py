"""A Report into what each consumer reads: pure functions of the report (and the manifest's tasks).

Gradescope's ``results.json``, the gradebook CSV, the learner's HTML page and the class
dashboard (jinja2 templates in ``templates/``, matplotlib pictures), the roster and progress lines.
"""
