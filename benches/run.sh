#!/usr/bin/env bash
# The grade benchmark, run by hand (never in CI): see benches/README.md.
#
#   benches/run.sh                 build grade (release), then measure
#   GRADE=/path/to/grade benches/run.sh    measure that binary, no build
#   RUNS=15 WARMUP=2 BENCH_TIMER=python benches/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

# The interpreter grade is built against and embeds (not a pyenv shim, whose
# own start-up would be charged to the peers).
python="$("$root/build-support/python" -c 'import sys; print(sys.executable)')"

if [[ -z "${GRADE:-}" ]]; then
    echo "building grade (cargo build --release)…" >&2
    (cd "$root" && cargo build --release --quiet)
    GRADE="$root/target/release/grade"
fi
[[ -x "$GRADE" ]] || { echo "no grade binary at $GRADE" >&2; exit 2; }

# pytest: the interpreter's own if it has it, else a venv beside this script
# (benches/.venv, ignored by git), made once.
if "$python" -c 'import pytest' 2>/dev/null; then
    pytest_python="$python"
else
    venv="$here/.venv"
    if ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
        echo "installing pytest into $venv…" >&2
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet pytest
    fi
    pytest_python="$venv/bin/python"
fi

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine not found: timing with a Python loop (apt-get install -y hyperfine to use it)" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/grade-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# The peers run as on a learner's machine: Python may cache bytecode (pytest
# its rewritten test modules), so the warm-up runs fill those caches. This
# workplace sets PYTHONDONTWRITEBYTECODE=1, which makes pytest recompile
# everything on every run.
unset PYTHONDONTWRITEBYTECODE
# A cold cache of reference expectations too (these cases never need one).
export XDG_CACHE_HOME="$work/cache"
# A private copy, so that a rebuild during the run cannot swap the binary.
cp "$GRADE" "$work/grade"

"$python" "$here/bench.py" \
    --grade "$work/grade" --grade-source "$GRADE" \
    --python "$python" \
    --pytest-python "$pytest_python" \
    --work "$work" \
    --runs "${RUNS:-15}" \
    --warmup "${WARMUP:-2}"
