#!/usr/bin/env bash
# Start-up benchmark for nnspec (see bench/README.md).
#
#   bench/startup.sh [-n RUNS] [--check] [--compare LAUNCHER]
#
# Times whole processes, interleaved, against a hello-world Java program compiled here:
# `bin/nnspec bench/seed_cnn.nnspec` (the seed's CNN), `bin/nnspec bench/small.nnspec` (four
# lines) and `bin/nnspec --version` (no program: the floor of any command). Prints each median
# and its ratio to the hello-world median.
#   -n RUNS              runs of each command (default 21)
#   --check              exit 1 when the seed's ratio is above 4.0
#   --compare LAUNCHER   also time another launcher on the same files in the same rounds
#                        (e.g. an older checkout's bin/nnspec), for a before/after table
#
# Needs bash, coreutils and a JDK (javac). Times come from $EPOCHREALTIME (bash 5) or
# `date +%s%N`; runs write to /dev/null.

set -euo pipefail

repo=$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=21 check=0 other=
while [ $# -gt 0 ]; do
  case $1 in
    --check) check=1 ;;
    --compare) other=$2; shift ;;
    -n) runs=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA_HOME:-}" ]; then jdk_bin=$JAVA_HOME/bin/; else jdk_bin=; fi
java=${jdk_bin}java javac=${jdk_bin}javac
command -v "$javac" >/dev/null || { echo "startup.sh: needs a JDK ($javac not found)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$javac" -d "$work/hello" "$repo/bench/hello/Hello.java"

now_us() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo "${t#0}"
  else
    echo $(($(date +%s%N) / 1000))
  fi
}

# Wall time of one run, in microseconds.
time_us() {
  local start end
  start=$(now_us)
  "$@" >/dev/null 2>&1 </dev/null || { echo "startup.sh: failed: $*" >&2; return 1; }
  end=$(now_us)
  echo $((end - start))
}

median() {
  local -a v
  mapfile -t v < <(sort -n)
  local n=${#v[@]}
  if ((n % 2)); then echo "${v[n / 2]}"; else echo $(((v[n / 2 - 1] + v[n / 2]) / 2)); fi
}

ms() { printf '%d.%d ms' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# The commands, as names of arrays, with their labels.
hello=("$java" -cp "$work/hello" Hello)
names=(hello) labels=("hello-world JVM")
add() { # label launcher args...
  local label=$1 name=cmd_${#names[@]}
  shift
  declare -g -a "$name"
  local -n cmd=$name
  cmd=("$@")
  names+=("$name") labels+=("$label")
}
for launcher in "$repo/bin/nnspec" ${other:+"$other"}; do
  prefix=
  [ "$launcher" != "$repo/bin/nnspec" ] && prefix="--compare: "
  # Warm-up, outside the timing: builds the jar if needed and records the CDS archive.
  for file in seed_cnn small; do
    "$launcher" "$repo/bench/$file.nnspec" >/dev/null || { echo "startup.sh: $launcher $file.nnspec failed" >&2; exit 1; }
  done
  add "${prefix}bin/nnspec seed_cnn.nnspec" "$launcher" "$repo/bench/seed_cnn.nnspec"
  add "${prefix}bin/nnspec small.nnspec" "$launcher" "$repo/bench/small.nnspec"
  add "${prefix}bin/nnspec --version" "$launcher" --version
done
"${hello[@]}" >/dev/null

# Interleaved rounds; the order rotates each round so that no command always runs right
# after another (caches, CPU frequency, other users of the machine).
n=${#names[@]}
for ((k = 0; k < n; k++)); do : >"$work/times.$k"; done
for ((i = 0; i < runs; i++)); do
  for ((k = 0; k < n; k++)); do
    j=$(((k + i) % n))
    declare -n cmd=${names[j]}
    time_us "${cmd[@]}" >>"$work/times.$j"
    unset -n cmd
  done
done
med=()
for ((k = 0; k < n; k++)); do med[k]=$(median <"$work/times.$k"); done

echo "java: $("$java" -version 2>&1 | head -1)   runs: $runs interleaved   load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
for ((k = 0; k < n; k++)); do
  ratio=$((med[k] * 100 / med[0]))
  printf '%-*s %10s  %d.%02d x hello world\n' 40 "${labels[k]}" "$(ms "${med[k]}")" $((ratio / 100)) $((ratio % 100))
done
seed_ratio=$((med[1] * 100 / med[0]))
printf 'seed ratio: %d.%02d (target <= 4.00)\n' $((seed_ratio / 100)) $((seed_ratio % 100))
if [ "$check" = 1 ] && [ "$seed_ratio" -gt 400 ]; then exit 1; fi
exit 0
