"""``python -m selfcheck`` (``python -m autograder.runtime`` in the kit): see :mod:`.learner`."""

import sys

from .sandbox.isolation import probe_ahead

if sys.argv[1:2] in (["check"], ["classroom"]):   # a root user's namespace probe runs while the checker loads
    probe_ahead()
from .learner import main  # noqa: E402

sys.exit(main())
