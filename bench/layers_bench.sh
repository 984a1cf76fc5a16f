#!/bin/sh
# Linear-growth benchmark of networks (issue 3): generates 1k, 10k and 100k-layer files with
# bench/layers_gen.py and times `bin/nnspec` on each, whole process, best of 3.
# Usage: bench/layers_bench.sh [sizes...]   (default: 1000 10000 100000)
set -e
cd "$(dirname "$0")/.."
sizes=${*:-"1000 10000 100000"}
tmp=${TMPDIR:-/tmp}/nnspec-layers-bench
mkdir -p "$tmp"
bin/nnspec layers > /dev/null   # build the jar once, outside the timings
printf '%10s %10s %14s\n' layers seconds "µs per layer"
for n in $sizes; do
  python3 bench/layers_gen.py "$n" > "$tmp/layers_$n.nnspec"
  best=""
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    bin/nnspec "$tmp/layers_$n.nnspec" > /dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%10d %10.3f %14.1f\n' "$n" "$best" "$(echo "$best * 1000000 / $n" | bc -l)"
done
