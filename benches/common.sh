# Sourced by run.sh and class.sh (never run alone): the set-up both
# benchmarks share. Usage: source common.sh PREFIX PACKAGE...
# Sets python (the interpreter grade embeds), GRADE (built unless given),
# pytest_python (an interpreter with the PACKAGEs) and work (a scratch
# folder removed on exit, holding a private copy of grade as $work/grade).

prefix="$1"
shift
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

# The packages: the interpreter's own if it has them all, else a venv beside
# this script (benches/.venv, ignored by git), made once and topped up.
modules="$(printf '%s\n' "$@" | tr '-' '_' | sed 's/^pytest_xdist$/xdist/' | paste -sd, -)"
if "$python" -c "import $modules" 2>/dev/null; then
    pytest_python="$python"
else
    venv="$here/.venv"
    [[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
    if ! "$venv/bin/python" -c "import $modules" 2>/dev/null; then
        echo "installing $* into $venv…" >&2
        "$venv/bin/python" -m pip install --quiet "$@"
    fi
    pytest_python="$venv/bin/python"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# The peers run as on a learner's machine: Python may cache bytecode (pytest
# its rewritten test modules, the learners' files), so the warm-up runs fill
# those caches for the timed ones. This workplace sets
# PYTHONDONTWRITEBYTECODE=1, which makes pytest recompile everything on
# every run.
unset PYTHONDONTWRITEBYTECODE
# A cold cache of reference expectations too (these cases never need one).
export XDG_CACHE_HOME="$work/cache"
# A private copy, so that a rebuild during the run cannot swap the binary.
cp "$GRADE" "$work/grade"
