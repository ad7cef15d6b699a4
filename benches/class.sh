#!/usr/bin/env bash
# The class benchmark, run by hand (never in CI): see benches/README.md.
#
#   benches/class.sh                         build grade (release), then measure
#   GRADE=/path/to/grade benches/class.sh    measure that binary, no build
#   benches/class.sh --learners 200 --rounds 3 [--seed S] [--scale]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$here/common.sh" grade-class pytest pytest-xdist

"$python" "$here/class.py" \
    --grade "$work/grade" --grade-source "$GRADE" \
    --python "$python" \
    --pytest-python "$pytest_python" \
    --work "$work" \
    "$@"
