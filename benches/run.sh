#!/usr/bin/env bash
# The grade benchmark, run by hand (never in CI): see benches/README.md.
#
#   benches/run.sh                 build grade (release), then measure
#   GRADE=/path/to/grade benches/run.sh    measure that binary, no build
#   RUNS=15 WARMUP=2 BENCH_TIMER=python benches/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$here/common.sh" grade-bench pytest

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine not found: timing with a Python loop (apt-get install -y hyperfine to use it)" >&2
fi

"$python" "$here/bench.py" \
    --grade "$work/grade" --grade-source "$GRADE" \
    --python "$python" \
    --pytest-python "$pytest_python" \
    --work "$work" \
    --runs "${RUNS:-15}" \
    --warmup "${WARMUP:-2}"
