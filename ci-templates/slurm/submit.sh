#!/bin/bash
# Queue the expected values (prepare), the grading array once they are ready (afterok), then the merge once every
# array task has ended (afterany: a failed shard is reported). Export AUTOGRADER_SEED first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prepared=$(sbatch --parsable --export=ALL "$here/prepare.sbatch")
grading=$(sbatch --parsable --export=ALL --dependency="afterok:${prepared%%;*}" "$here/grade-class.sbatch")
sbatch --parsable --export=ALL --dependency="afterany:${grading%%;*}" "$here/merge.sbatch"
