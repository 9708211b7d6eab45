"""The judges: how each kind of check calls the learner's code and compares what comes back.

This package (with the sandbox, the codec and ``compare``) is what a learner release ships;
the expected values it compares with come from the kit's builders or from a release's pack.
"""

from .base import Check, Context, Failure, GraderBug, Judge, Source, failure_of, visible_seed
from .convergence import convergence
from .gradients import gradient
from .training import optimiser, state_reset, train_loop
from .values import Case, value

JUDGES: dict[str, Judge] = {
    "value": value, "gradient": gradient, "optimiser": optimiser, "state_reset": state_reset,
    "train_loop": train_loop, "convergence": convergence,
}

__all__ = ["JUDGES", "Case", "Check", "Context", "Failure", "GraderBug", "Source", "failure_of", "visible_seed"]
