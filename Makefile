# Two commands on a fresh machine: `make install`, then `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install install-browser test lint exercises bench grade release gradescope clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Headless Chromium and its driver from Debian, for tests/test_browser.py (skipped without them). Needs root.
install-browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then echo "chromium: already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver >/dev/null && echo "chromium: installed"; fi

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

# Regenerate everything derived from solutions/ and tasks.toml (stubs, README task table).
exercises: $(STAMP)
	$(PY) -m kit.generate

# The learner release: dist/learner/, a repository to push as a GitHub Classroom template.
release: $(STAMP)
	$(PY) -m kit.release

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache results dist test-artifacts

# The main job, on the bundled example class: grade every example learner, print the gradebook;
# results/index.html is the class dashboard, results/<learner>/report.html each learner's page.
grade: $(STAMP)
	$(PY) -m autograder grade-class examples/submissions --out results --jobs 2 --seed 1 --html

# Gradescope's autograder bundle, dist/autograder.zip (the course's seed: SEED=N or $$AUTOGRADER_SEED).
gradescope: $(STAMP)
	$(PY) -m kit.gradescope $(if $(SEED),--seed $(SEED)) --out dist/autograder.zip
