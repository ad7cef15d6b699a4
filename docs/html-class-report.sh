#!/usr/bin/env bash
# Remakes docs/html-class-report.png: five learners of the shipped course
# (week 1, six challenges: the reference, the stubs, and mixes with two
# classic bugs) graded with --format html, shot by headless Chromium.
# Run by hand from the repo root after `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${GRADE_CHROMIUM:-chromium}
class=$(mktemp -d)
trap 'rm -rf "$class"' EXIT
challenges=(fibonacci-generator iterator-protocol lazy-pipeline property-from-scratch
            validating-descriptors c3-linearization)
learner() { # NAME: the stubs of every challenge
    for c in "${challenges[@]}"; do
        mkdir -p "$class/$1/week1/$c"
        cp exercises/week1/"$c"/solution.py "$class/$1/week1/$c/"
    done
}
solve() { # NAME CHALLENGE...: the reference of these
    local who=$1; shift
    for c in "$@"; do cp solutions/week1/"$c"/solution.py "$class/$who/week1/$c/"; done
}
for who in ada bo cy di eve; do learner "$who"; done
solve ada "${challenges[@]}"
solve cy fibonacci-generator iterator-protocol lazy-pipeline
solve di "${challenges[@]}"
solve eve fibonacci-generator iterator-protocol lazy-pipeline validating-descriptors c3-linearization
# The first number yielded is 1, not 0; a container that iterates once.
sed -i 's/        yield a/        yield b/' "$class"/{di,eve}/week1/fibonacci-generator/solution.py
sed -i 's/return CountdownIterator(self.start)/return self.__dict__.setdefault("_it", CountdownIterator(self.start))/' \
    "$class"/di/week1/iterator-protocol/solution.py
paths=()
for c in "${challenges[@]}"; do paths+=("exercises/week1/$c"); done
target/release/grade "${paths[@]}" --class "$class" --format html \
    --output "$class/report.html" > /dev/null || true
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$class/profile" --hide-scrollbars --window-size=1200,1320 \
    --screenshot="$PWD/docs/html-class-report.png" "file://$class/report.html" 2>/dev/null
echo "wrote docs/html-class-report.png"
