#!/usr/bin/env bash
# attention(X, X, X) with X of 2048×64 (randn, seed 1): bin/nnspec as a whole process against
# python3 + numpy (Debian's, on OpenBLAS) doing the same computation as a whole process.
# Runs them interleaved, prints each one's median wall time and the ratio nnspec/numpy
# (issue 6's target: at most 1.5).
#
#   bench/attention.sh [RUNS]          whole-process comparison (default 7 runs each)
#   bench/attention.sh --kernel [N D]  time the Java kernel alone, no interpreter (needs
#                                      target/classes: mvn -q compile)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
EJML_CP="$HOME/.m2/repository/org/ejml/ejml-core/0.43.1/ejml-core-0.43.1.jar:$HOME/.m2/repository/org/ejml/ejml-ddense/0.43.1/ejml-ddense-0.43.1.jar"

if [[ "${1:-}" == "--kernel" ]]; then
    shift
    exec java -cp "target/classes:$EJML_CP" bench/AttentionKernelBench.java "$@"
fi

RUNS=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/attention.nnspec" <<'NNSPEC'
X = randn(2048, 64, seed=1)
out = attention(X, X, X)
print rows(out), cols(out)
NNSPEC

if ! bin/nnspec "$work/attention.nnspec" > "$work/check.out" 2>&1; then
    echo "bin/nnspec cannot run the benchmark file yet:" >&2
    cat "$work/check.out" >&2
    echo "(the kernel alone: bench/attention.sh --kernel)" >&2
    exit 2
fi
"$PYTHON" -c 'import numpy' || { echo "needs $PYTHON with numpy (Debian: python3-numpy, libopenblas0-pthread)" >&2; exit 2; }

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
: > "$work/java.ms"; : > "$work/numpy.ms"
for ((i = 0; i < RUNS; i++)); do
    t=$(now); bin/nnspec "$work/attention.nnspec" > /dev/null; echo $(( ($(now) - t) / 1000000 )) >> "$work/java.ms"
    t=$(now); "$PYTHON" bench/attention.py > /dev/null; echo $(( ($(now) - t) / 1000000 )) >> "$work/numpy.ms"
done
java_ms=$(median < "$work/java.ms")
numpy_ms=$(median < "$work/numpy.ms")
echo "runs: nnspec $(paste -sd' ' "$work/java.ms") ms; numpy $(paste -sd' ' "$work/numpy.ms") ms"
echo "median: nnspec ${java_ms} ms, numpy ${numpy_ms} ms"
awk -v j="$java_ms" -v n="$numpy_ms" 'BEGIN { r = j / n; printf "ratio nnspec/numpy %.2f (target <= 1.5): %s\n", r, (r <= 1.5 ? "met" : "NOT met") }'
