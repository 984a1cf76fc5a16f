#!/bin/sh
# Speed of the model zoo (issue 4): whole-process time of summarising ResNet-50 and
# DenseNet-121 against the seed's small CNN (bench/seed_cnn.nnspec). Runs are interleaved
# (seed, resnet50, densenet121, seed, ...) so that machine load hits all three alike; the
# script prints each file's median and its ratio to the seed's. Target: ratio ≤ 1.3.
# Usage: bench/zoo.sh [runs]   (default 11)
set -e
cd "$(dirname "$0")/.."
runs=${1:-11}
if [ -x bin/nnspec ]; then
  run() { bin/nnspec "$@"; }
  bin/nnspec layers > /dev/null   # build the jar once, outside the timings
else
  # TODO: use bin/nnspec only, once the launcher is on main
  [ -f target/nnspec.jar ] || mvn -q -B package -DskipTests
  run() { java -jar target/nnspec.jar "$@"; }
fi
files="bench/seed_cnn.nnspec examples/zoo/resnet50.nnspec examples/zoo/densenet121.nnspec"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-zoo-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in $files; do run "$f" > /dev/null; done   # warm the file cache; fail early on errors
i=0
while [ "$i" -lt "$runs" ]; do
  for f in $files; do
    start=$(date +%s%N)
    run "$f" > /dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 )) >> "$tmp/$(basename "$f" .nnspec)"
  done
  i=$((i + 1))
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base=$(median "$tmp/seed_cnn")
printf '%-14s %12s %8s\n' file "median ms" ratio
for f in $files; do
  name=$(basename "$f" .nnspec)
  m=$(median "$tmp/$name")
  printf '%-14s %12.1f %8.2f\n' "$name" "$(echo "$m / 1000" | bc -l)" "$(echo "$m / $base" | bc -l)"
done
echo "($runs interleaved runs each; target: resnet50 and densenet121 ratio ≤ 1.3)"
