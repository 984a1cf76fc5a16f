#!/usr/bin/env bash
# Time and memory of grad(h[n], h[1]) through a scalar ReLU recurrence (issue 5), whole
# process through bin/nnspec, for n = 10^4, 10^5, 10^6 (or the sizes given). Prints the
# median wall time and peak resident memory of RUNS interleaved runs per size, and each
# size's ratios to the smallest one, next to the ratio of the step counts: linear growth
# means the time and memory ratios follow the step ratio (after the fixed JVM cost).
# Usage: bench/grad.sh [-n RUNS] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
if [ "${1:-}" = -n ]; then runs=$2; shift 2; fi
sizes=(${@:-10000 100000 1000000})
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-grad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
command -v /usr/bin/time >/dev/null || { echo "grad.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
for n in "${sizes[@]}"; do
  cat > "$tmp/grad_$n.nnspec" <<NN
w = 0.3
u = 1
x[t] = 1
h[1] = 1
h[t] = relu(w * h[t-1] + u * x[t])
grad(h[$n], h[1])
NN
done
bin/nnspec "$tmp/grad_${sizes[0]}.nnspec" >/dev/null   # builds the jar and the CDS archive
declare -A times mems
for ((r = 0; r < runs; r++)); do
  for n in "${sizes[@]}"; do
    /usr/bin/time -f "%e %M" -o "$tmp/t" bin/nnspec "$tmp/grad_$n.nnspec" >/dev/null
    read -r secs kb < "$tmp/t"
    times[$n]+="$secs "
    mems[$n]+="$kb "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=${sizes[0]}
bt=$(echo "${times[$base]}" | median); bm=$(echo "${mems[$base]}" | median)
printf '%10s %10s %10s %12s %12s %12s\n' steps "time (s)" "RSS (MB)" "step ratio" "time ratio" "RSS ratio"
for n in "${sizes[@]}"; do
  t=$(echo "${times[$n]}" | median); m=$(echo "${mems[$n]}" | median)
  awk -v n="$n" -v t="$t" -v m="$m" -v b="$base" -v bt="$bt" -v bm="$bm" \
    'BEGIN { printf "%10d %10.2f %10.0f %12.0f %12.2f %12.2f\n", n, t, m/1024, n/b, t/bt, m/bm }'
done
