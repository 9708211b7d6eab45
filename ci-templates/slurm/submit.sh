#!/bin/bash
# Queue the grading array, then the merge once every array task has ended (afterany: a failed shard is reported).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
grading=$(sbatch --parsable --export=ALL "$here/grade-class.sbatch")
sbatch --parsable --export=ALL --dependency="afterany:${grading%%;*}" "$here/merge.sbatch"
