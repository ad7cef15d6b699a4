#!/usr/bin/env bash
# Real exercise suites (Exercism's Python track, or any suite laid out as
# it is) under grade and under pytest, verdict by verdict. Run by hand:
#   benches/real-suites.sh PATH/TO/exercism-python
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 1 && -d "$1/exercises/practice" ]] || {
    echo "usage: benches/real-suites.sh PATH (a checkout of github.com/exercism/python)" >&2
    exit 2
}
suite="$(cd "$1" && pwd)"
# shellcheck source=common.sh
source "$here/common.sh" grade-real-suites pytest
"$python" "$here/real_suites.py" "$suite" --grade "$GRADE" --pytest-python "$pytest_python" --work "$work"
