# GENERATED from solutions/__init__.py by `make exercises`.
# Kit maintainers: edit solutions/__init__.py, not this file, and regenerate.
# Learners: this file is given; read it and use it, there is nothing to write here.
"""Reference solutions: the kit's one source of truth (exercises/ is generated from here)."""
