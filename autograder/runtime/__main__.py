"""``python -m selfcheck`` (``python -m autograder.runtime`` in the kit): see :mod:`.learner`."""

import sys

from .learner import main

sys.exit(main())
