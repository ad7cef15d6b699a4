#!/usr/bin/env bash
# The test-files benchmark, run by hand (never in CI): the synthetic week as
# plain-assert test files, under grade and under pytest, round by round.
#   benches/testfiles.sh [--rounds N]
#   GRADE=/path/to/grade benches/testfiles.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$here/common.sh" grade-testfiles pytest
"$python" "$here/testfiles.py" --grade "$work/grade" --pytest-python "$pytest_python" --work "$work" "$@"
