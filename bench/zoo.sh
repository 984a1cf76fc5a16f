#!/usr/bin/env bash
# Speed of the model zoo (issue 4): whole-process time of summarising ResNet-50 and
# DenseNet-121 against the seed's small CNN (bench/seed_cnn.nnspec). Runs are interleaved
# (seed, resnet50, densenet121, seed, ...) so that machine load hits all three alike; the
# script prints each file's median and its ratio to the seed's (target: ≤ 1.3), and the middle
# half of the per-round ratios, to show how far one run of the benchmark can be trusted.
# Times are wall clock (to the millisecond) and CPU (user + system, all JVM threads, to the
# 10 ms that /usr/bin/time reports: on a shared machine CPU time is the steadier of the two).
#
# bin/nnspec keeps a class-data-sharing archive of the classes that runs since the build have
# loaded, taking in a run's classes in the background of the run after it; the warm-up runs
# each file twice so that the archive holds all three's. JAVA_OPTS passes through to bin/nnspec (e.g.
# JAVA_OPTS=-XX:TieredStopAtLevel=1 to compare C1-only compilation).
# Usage: bench/zoo.sh [runs]   (default 11)
set -e
cd "$(dirname "$0")/.."
runs=${1:-11}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-zoo-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files="bench/seed_cnn.nnspec examples/zoo/resnet50.nnspec examples/zoo/densenet121.nnspec"
for f in $files $files; do bin/nnspec "$f" > /dev/null; done   # the jar, the archive, the file cache; fail early on errors
i=0
while [ "$i" -lt "$runs" ]; do
  for f in $files; do
    name=$(basename "$f" .nnspec)
    start=$(date +%s%N)
    /usr/bin/time -o "$tmp/one" -f '%U %S' bin/nnspec "$f" > /dev/null
    end=$(date +%s%N)
    read -r user sys < "$tmp/one"
    echo "($end - $start) / 1000000000" | bc -l >> "$tmp/$name.wall"
    echo "$user + $sys" | bc >> "$tmp/$name.cpu"
  done
  i=$((i + 1))
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
base_wall=$(median "$tmp/seed_cnn.wall")
base_cpu=$(median "$tmp/seed_cnn.cpu")
# The spread: each round's wall-time ratio to the seed CNN's run in the same round (paired,
# so slow drifts in load cancel), as its middle half (25th to 75th percentile).
quartiles() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.2f-%.2f", v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)] }'; }
printf '%-14s %10s %7s %10s %7s   %s\n' file "wall s" ratio "cpu s" ratio "rounds' ratios (middle half)"
for f in $files; do
  name=$(basename "$f" .nnspec)
  w=$(median "$tmp/$name.wall")
  c=$(median "$tmp/$name.cpu")
  paste "$tmp/$name.wall" "$tmp/seed_cnn.wall" | awk '{ printf "%.4f\n", $1 / $2 }' > "$tmp/$name.paired"
  printf '%-14s %10.3f %7.2f %10.2f %7.2f   %s\n' "$name" "$w" "$(echo "$w / $base_wall" | bc -l)" "$c" "$(echo "$c / $base_cpu" | bc -l)" \
    "$(quartiles "$tmp/$name.paired")"
done
echo "(medians of $runs interleaved runs each; load average $(cut -d' ' -f1 /proc/loadavg); target: resnet50 and densenet121 ratio ≤ 1.3)"
