#!/usr/bin/env bash
# The class benchmark, run by hand (never in CI): see benches/README.md.
#
#   benches/class.sh                         build grade (release), then measure
#   GRADE=/path/to/grade benches/class.sh    measure that binary, no build
#   benches/class.sh --learners 200 --rounds 3 [--seed S] [--scale]
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

# pytest and pytest-xdist: the interpreter's own if it has both, else the
# venv beside this script that run.sh also uses (benches/.venv, ignored by
# git), made once; xdist is added to it if run.sh made it with pytest alone.
if "$python" -c 'import pytest, xdist' 2>/dev/null; then
    pytest_python="$python"
else
    venv="$here/.venv"
    [[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
    if ! "$venv/bin/python" -c 'import pytest, xdist' 2>/dev/null; then
        echo "installing pytest and pytest-xdist into $venv…" >&2
        "$venv/bin/python" -m pip install --quiet pytest pytest-xdist
    fi
    pytest_python="$venv/bin/python"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/grade-class.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# The peers run as on a learner's machine: Python may cache bytecode (pytest
# its rewritten test modules, the learners' files), so the check run fills
# those caches for the timed ones. This workplace sets
# PYTHONDONTWRITEBYTECODE=1, which makes pytest recompile everything on every
# run.
unset PYTHONDONTWRITEBYTECODE
# A cold cache of reference expectations too (these cases never need one).
export XDG_CACHE_HOME="$work/cache"
# A private copy, so that a rebuild during the run cannot swap the binary.
cp "$GRADE" "$work/grade"

"$python" "$here/class.py" \
    --grade "$work/grade" --grade-source "$GRADE" \
    --python "$python" \
    --pytest-python "$pytest_python" \
    --work "$work" \
    "$@"
