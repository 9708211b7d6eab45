"""Reference solutions: the kit's one source of truth (exercises/ is generated from here)."""
