# Two commands on a fresh machine: `make install`, then `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The assignment of course/assignments.toml that release, gradescope and the nbgrader targets work on: rnn-lstm
# (the whole kit) by default; a weekly course gives week1 ... week4 (docs/instructors.md, "A weekly course").
ASSIGNMENT ?= rnn-lstm

.PHONY: install install-browser test test-fast lint exercises bench grade release gradescope clean notebooks \
        release-nbgrader collect autograde autograde-fast feedback export course-demo

install: $(STAMP)

# torch==2.13.0's CPU wheel from PyTorch's index (PyPI's Linux torch brings CUDA: gigabytes). TORCH_INDEX=... another
# index (a mirror; a CUDA one); TORCH_INDEX= (empty) or an index that cannot be reached: torch==2.13.0 from wherever
# pip finds it (its own configuration, e.g. a local wheel). The pin is constraints.txt's (tests/kit/test_install.py).
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	@if [ -n "$(TORCH_INDEX)" ] && $(PY) -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1].rstrip('/') + '/torch/', timeout=10)" "$(TORCH_INDEX)" 2>/dev/null; then \
	  echo "torch==2.13.0 from $(TORCH_INDEX)"; \
	  $(PY) -m pip install --quiet --index-url "$(TORCH_INDEX)" "torch==2.13.0" || \
	    echo "note: torch==2.13.0 from $(TORCH_INDEX) failed; from pip's own indexes"; \
	else \
	  echo "note: TORCH_INDEX '$(TORCH_INDEX)' cannot be reached; torch==2.13.0 from pip's own indexes"; \
	fi
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@# jupyter-events asks for jsonschema[format-nongpl], whose rfc3987-syntax builds 38 lark grammars at every
	@# `import jsonschema` (3.3 s per nbgrader command or nbformat import here); nothing here checks its IRI formats.
	$(PY) -m pip uninstall --quiet --yes rfc3987-syntax lark
	touch $(STAMP)

# Headless Chromium and its driver from Debian, and axe-core (its WCAG rules, run in the pages) from npm into
# .browser/, for tests/formats/test_browser.py (skipped without them). Needs root unless all are there already.
AXE_VERSION := 4.14.1
AXE_PACKAGE := .browser/node_modules/axe-core/package.json

install-browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then echo "chromium: already installed"; else \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver >/dev/null && echo "chromium: installed"; fi
	@if grep -qs '"version": "$(AXE_VERSION)"' $(AXE_PACKAGE); then echo "axe-core $(AXE_VERSION): already installed"; \
	else \
	  command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    npm >/dev/null; }; \
	  npm install --prefix .browser --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION) && \
	    echo "axe-core $(AXE_VERSION): installed in .browser/"; fi

test: lint
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

# The inner loop: everything but the tests marked slow (whole classes, releases, courses), in about a minute.
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist load -m "not slow"

# Style (ruff), the layers' order and acyclic packages (import-linter, pyproject.toml), types (mypy).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy

# Regenerate everything derived from solutions/ and tasks.toml (stubs, the README task table, docs/isolation.md).
exercises: $(STAMP)
	$(PY) -m kit.generate

# The learner release: dist/learner/, a repository to push as a GitHub Classroom template. ASSIGNMENT=week3 (a
# weekly course, course/assignments.toml): dist/learner-week3/, that assignment's stubs and visible checks alone.
RELEASE_DIR = dist/learner$(if $(filter-out rnn-lstm,$(ASSIGNMENT)),-$(ASSIGNMENT))
release: $(STAMP)
	$(PY) -m kit.release --out $(RELEASE_DIR) $(if $(filter-out rnn-lstm,$(ASSIGNMENT)),--assignment $(ASSIGNMENT))

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache results dist test-artifacts

# The main job, on the bundled example class: grade every example learner, print the gradebook;
# results/index.html is the class dashboard, results/<learner>/report.html each learner's page.
grade: $(STAMP)
	$(PY) -m autograder grade-class examples/submissions --out results --jobs 2 --seed 1 --html

# Gradescope's autograder bundle, dist/autograder.zip, 0600 (the course's seed: SEED=N or $$AUTOGRADER_SEED).
# The sandbox's limits: MEMORY=512M CALL_SECONDS=4 SUBMISSION_SECONDS=300 by default (Gradescope's default
# container: 768 MB, half a CPU); raise them with the container's settings. A weekly course: one bundle per
# assignment, `make gradescope ASSIGNMENT=week3` -> dist/autograder-week3.zip (week 3's tasks, points and seed).
gradescope: $(STAMP)
	$(PY) -m kit.gradescope $(if $(SEED),--seed $(SEED)) $(if $(MEMORY),--memory $(MEMORY)) \
	  $(if $(CALL_SECONDS),--call-seconds $(CALL_SECONDS)) \
	  $(if $(SUBMISSION_SECONDS),--submission-seconds $(SUBMISSION_SECONDS)) \
	  $(if $(filter-out rnn-lstm,$(ASSIGNMENT)),--assignment $(ASSIGNMENT) --out dist/autograder-$(ASSIGNMENT).zip,--out dist/autograder.zip)

# --- The nbgrader course (course/; see docs/nbgrader.md) ------------------------------------------
# nbgrader runs in course/, with Jupyter's folders inside it (never the home directory) and the
# venv first on PATH (nbgrader calls `alembic` to create its gradebook). ASSIGNMENT=... picks another.
COURSE     := course
JUPYTER    := $(abspath $(COURSE))/.jupyter
NBGRADER   := cd $(COURSE) && PATH="$(abspath $(VENV))/bin:$$PATH" JUPYTER_CONFIG_DIR=$(JUPYTER)/config \
              JUPYTER_DATA_DIR=$(JUPYTER)/data JUPYTER_RUNTIME_DIR=$(JUPYTER)/runtime $(abspath $(VENV))/bin/nbgrader

# course/source/<assignment>/ from solutions/, tasks.toml and course/assignments.toml
notebooks: $(STAMP)
	$(PY) -m kit.notebooks

# course/release/<assignment>/ (no solutions, no hidden tests) with the learner release's checker
# (selfcheck/, visible checks only) beside the notebook, then into the exchange
release-nbgrader: notebooks release
	rm -rf $(COURSE)/source/$(ASSIGNMENT)/selfcheck
	cp -R $(RELEASE_DIR)/selfcheck $(COURSE)/source/$(ASSIGNMENT)/selfcheck
	$(NBGRADER) generate_assignment $(ASSIGNMENT) --force
	$(NBGRADER) release_assignment $(ASSIGNMENT) --force

# the exchange's submissions -> course/submitted/<learner>/<assignment>/
collect: $(STAMP)
	$(NBGRADER) collect $(ASSIGNMENT) --update

# stock nbgrader: each notebook in a kernel, serially -> course/autograded/, gradebook.db
# The kernels get the assignment's seed, derived from AUTOGRADER_SEED (the course's secret), never the secret:
# learner code runs in them and reads whatever they hold. autograde-fast runs no learner code outside the sandbox.
autograde: $(STAMP)
	@seed=$$($(PY) -m autograder assignment-seed --assignment $(ASSIGNMENT)) && \
	  export AUTOGRADER_ASSIGNMENT_SEED=$$seed && unset AUTOGRADER_SEED && $(NBGRADER) autograde $(ASSIGNMENT) --force

# the kit's: solution cells graded in the sandbox, in parallel -> the same files
autograde-fast: $(STAMP)
	$(PY) -m autograder nbgrader-autograde --assignment $(ASSIGNMENT) --course $(COURSE) --jobs 2

# course/feedback/ (HTML without hidden tests), then into the exchange
feedback: $(STAMP)
	$(NBGRADER) generate_feedback $(ASSIGNMENT) --force
	$(NBGRADER) release_feedback $(ASSIGNMENT)

# course/grades.csv
export: $(STAMP)
	$(NBGRADER) export --to grades.csv

# the whole round trip on a temporary course and exchange, four example learners
course-demo: $(STAMP)
	$(PY) -m kit.course_demo
