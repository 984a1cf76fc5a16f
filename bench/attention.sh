#!/usr/bin/env bash
# attention(X, X, X) with X of 2048×64 (randn, seed 1): bin/nnspec as a whole process against
# python3 + numpy (Debian's, on OpenBLAS) doing the same computation as a whole process.
# Runs them interleaved, prints each one's median wall time and the ratio nnspec/numpy
# (issue 6's target: at most 1.5).
#
#   bench/attention.sh [RUNS]          whole-process comparison (default 7 runs each)
#   bench/attention.sh --kernel [N D] [STEP...]
#                                      time the Java kernels alone, no interpreter (needs
#                                      target/classes: mvn -q compile), each step in a fresh JVM
#                                      (cold = first call, as a whole process pays it); $JAVA_OPTS
#                                      go to those JVMs (e.g. -XX:ActiveProcessorCount=1)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
EJML_CP="$HOME/.m2/repository/org/ejml/ejml-core/0.43.1/ejml-core-0.43.1.jar:$HOME/.m2/repository/org/ejml/ejml-ddense/0.43.1/ejml-ddense-0.43.1.jar"

if [[ "${1:-}" == "--kernel" ]]; then
    shift
    size=()
    if [[ $# -ge 2 && "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ ]]; then size=("$1" "$2"); shift 2; fi
    steps=("$@")
    [[ ${#steps[@]} -gt 0 ]] || steps=(attention scores-gemm scores-ejml scores-ejml-mt scores-ejml-transb scores-dots
        softmax output-gemm output-ejml output-ejml-mt)
    # compiled ahead: java's source launcher would run javac in the measured JVM, whose
    # compile queue is then busy with javac's methods when the kernels want theirs
    mkdir -p target/bench-classes
    javac -d target/bench-classes -cp "target/classes:$EJML_CP" bench/AttentionKernelBench.java
    echo "attention(X, X, X), X ${size[0]:-2048}×${size[1]:-64}, $(nproc) processors, a fresh JVM for each step"
    # shellcheck disable=SC2086
    for step in "${steps[@]}"; do
        java -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "target/bench-classes:target/classes:$EJML_CP" AttentionKernelBench \
            "${size[@]}" "$step"
    done
    exit
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
