#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu): it installs CPython 3.11 and builds grade, which embeds it.
#
# The zip you upload holds, at its root (zip the files, not their folder):
#   setup.sh, run_autograder   these two scripts
#   course/exercises/...       the challenges: exercise.toml, README.md, stubs
#   course/solutions/...       their reference solutions (students never see
#                              the image)
#   course/tests/...           optional: hidden cases kept out of the
#                              students' repo (grade --tests)
#   course/requirements.txt    optional: packages the challenges import
#                              (pytest, numpy, ...), installed in a venv
#   grade/                     optional: grade's source; without it, grade is
#                              built from GRADE_GIT
# run_autograder says which challenges the assignment grades (ASSIGNMENT).
set -euo pipefail

SOURCE=/autograder/source
GRADE_GIT="${GRADE_GIT:-https://github.com/OWNER/grade}"
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends \
  build-essential ca-certificates curl git pkg-config

# grade embeds CPython 3.11 and links its shared library: Ubuntu 22.04 and
# 24.04 ship another Python, the deadsnakes archive has 3.11.
if ! apt-cache show python3.11-dev > /dev/null 2>&1; then
  apt-get install -y --no-install-recommends software-properties-common gpg-agent
  add-apt-repository -y ppa:deadsnakes/ppa
  apt-get update
fi
apt-get install -y --no-install-recommends python3.11 python3.11-dev python3.11-venv

# The Rust toolchain, to build grade against that interpreter.
curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
# shellcheck source=/dev/null
. "$HOME/.cargo/env"
PYO3_PYTHON="$(command -v python3.11)"
export PYO3_PYTHON
if [ -d "$SOURCE/grade" ]; then
  cargo install --locked --root /usr/local --path "$SOURCE/grade"
else
  cargo install --locked --root /usr/local --git "$GRADE_GIT" grade
fi

CHECK=("$SOURCE/course/exercises")
if [ -d "$SOURCE/course/tests" ]; then
  CHECK+=(--tests "$SOURCE/course/tests")
fi
if [ -f "$SOURCE/course/requirements.txt" ]; then
  python3.11 -m venv /autograder/venv
  /autograder/venv/bin/pip install --no-cache-dir -r "$SOURCE/course/requirements.txt"
  CHECK+=(--site-packages /autograder/venv/lib/python3.11/site-packages)
fi

# The build log says which sandbox protections this image allows ...
grade doctor || true
# ... and a course that would mis-grade never reaches a student: every
# reference passes, every stub fails (the image build stops otherwise).
grade check "${CHECK[@]}"
