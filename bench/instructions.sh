#!/usr/bin/env bash
# Machine instructions of nnspec runs with the JIT off (-Xint), counted by valgrind's
# cachegrind: every file's count and its ratio to the first file's. Not a timing: a way to
# compare two builds of the interpreter's work per file when a change is a few percent, which
# wall-clock medians on this shared two-core machine cannot resolve (two runs of the same
# build and file agree to about 0.02 %). Most of what separates DenseNet-121 from the seed
# CNN runs in the bytecode interpreter in a real run too, but -Xint also interprets what a
# real run has compiled early (String, StringBuilder), so it overweights string handling:
# check a change with zoo.sh or phases.sh as well.
#
# The jar (default target/nnspec.jar) runs with a class-data-sharing archive recorded, as
# bin/nnspec records one, by a run of the first file under -Xint, in a temporary directory. Each file
# takes 10-20 s under valgrind. Needs valgrind (Debian: apt-get install valgrind).
# Usage: bench/instructions.sh [--jar JAR] FILE...
# Example: bench/instructions.sh bench/seed_cnn.nnspec examples/zoo/densenet121.nnspec
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/nnspec.jar
if [ "${1:-}" = --jar ]; then
  jar=$2
  shift 2
fi
case ${1:-} in
  ''|-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
command -v valgrind >/dev/null || { echo "valgrind not found (Debian: apt-get install valgrind)" >&2; exit 2; }
for f in "$@"; do [ -f "$f" ] || { echo "no such file: $f" >&2; exit 2; }; done
if [ "$jar" = target/nnspec.jar ]; then
  bin/nnspec --version >/dev/null # builds the jar when the sources are newer
fi
[ -f "$jar" ] || { echo "no such jar: $jar" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-instructions.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
flags=(-Xint -XX:+UseSerialGC -Xshare:auto -Xlog:cds*=off)
java "${flags[@]}" "-XX:ArchiveClassesAtExit=$tmp/archive.jsa" -jar "$jar" "$1" >/dev/null 2>&1 || true
[ -s "$tmp/archive.jsa" ] || { echo "recording the class-data-sharing archive failed" >&2; exit 1; }

first=
printf '%-40s %15s %7s\n' file instructions ratio
for f in "$@"; do
  count=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      java "${flags[@]}" "-XX:SharedArchiveFile=$tmp/archive.jsa" -jar "$jar" "$f" 2>&1 >/dev/null |
    awk '/I +refs:/ { gsub(",", "", $NF); print $NF }')
  [ -n "$count" ] || { echo "valgrind gave no count for $f" >&2; exit 1; }
  first=${first:-$count}
  printf '%-40s %15s %7.3f\n' "$f" "$count" "$(echo "$count / $first" | bc -l)"
done
