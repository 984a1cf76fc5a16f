#!/usr/bin/env bash
# A long fuzz run (issue 8): TRIES programs generated from the grammar and TRIES mutations of
# the golden files, examples and fuzz seeds, each through the command line with a 2 s limit.
# Violations do not stop the run: each is saved under target/fuzz/failures/ (the input and
# what went wrong) for minimising by hand into src/test/resources/golden/regressions/.
# The summary (inputs, exit codes, distinct diagnostics, violations) is target/fuzz/report.txt.
#
#   scripts/fuzz.sh [TRIES]        default 20000 per kind (about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
tries=${1:-20000}
rm -rf target/fuzz
mvn -q -B -ntp test -Dtest=FuzzTest -Djqwik.tries.default="$tries" -Dfuzz.collect=true \
    -Dsurefire.failIfNoSpecifiedTests=false | grep -v '^VIOLATION' || true
cat target/fuzz/report.txt | sed -n '1,8p'
violations=$(sed -n 's/^violations: //p' target/fuzz/report.txt)
[ "$violations" = 0 ]
