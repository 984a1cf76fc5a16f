#!/usr/bin/env bash
# Where a run's time goes, by phase: bin/nnspec on each file, RUNS times interleaved, with the
# sampling agent bench/PhaseSampler.java on its worker thread. Prints the mean milliseconds
# per run of each phase (start-up before the command, parse, the layer catalog's first use,
# build networks, render and write, the rest of the interpreter) for each file and the
# difference between the last file and the first; then the nnspec methods (innermost nnspec
# frame, library callees included) whose times differ most. For finding what makes one file
# slower than another (bench/zoo.sh's ratio). The times are the worker thread's only (JVM
# start-up and the JIT's threads are not in them), methods are approximate (safepoint bias),
# and the sampler adds about a tenth to each run. JAVA_OPTS passes through.
#
# Usage: bench/phases.sh [-n RUNS] [-m METHODS] FILE...   (default 10 runs, 25 methods)
# Example: bench/phases.sh -n 20 bench/seed_cnn.nnspec examples/zoo/densenet121.nnspec
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10 methods=25
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -m) methods=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: bench/phases.sh [-n RUNS] [-m METHODS] FILE..." >&2; exit 2; }
for f in "$@"; do [ -f "$f" ] || { echo "no such file: $f" >&2; exit 2; }; done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-phases.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/classes"
# inline string concatenation, as the project builds: its bootstrap would cost milliseconds
javac -XDstringConcat=inline -d "$tmp/classes" bench/PhaseSampler.java
printf 'Premain-Class: PhaseSampler\n' > "$tmp/manifest"
jar --create --file "$tmp/sampler.jar" --manifest "$tmp/manifest" -C "$tmp/classes" .

# Twice, so that bin/nnspec's archive holds every file's classes (as bench/zoo.sh); fail early on errors.
for f in "$@" "$@"; do bin/nnspec "$f" > /dev/null; done

i=0
while [ "$i" -lt "$runs" ]; do
  n=0
  for f in "$@"; do
    JAVA_OPTS="${JAVA_OPTS:-} -javaagent:$tmp/sampler.jar=$tmp/samples.$n" bin/nnspec "$f" > /dev/null
    n=$((n + 1))
  done
  i=$((i + 1))
done

# mean ms per run: key -> value for one file's samples
means() { # file kind
  awk -F'\t' -v kind="$2" -v runs="$runs" '$1 == kind { t[$2] += $3 } END { for (k in t) printf "%s\t%.2f\n", k, t[k] / runs / 1000 }' "$1"
}
n=0
for f in "$@"; do
  means "$tmp/samples.$n" phase > "$tmp/phase.$n"
  means "$tmp/samples.$n" method > "$tmp/method.$n"
  n=$((n + 1))
done

table() { # kind rows file...
  local kind=$1 rows=$2 inputs=() n=0 f
  shift 2
  for f in "$@"; do inputs+=("$tmp/$kind.$n"); n=$((n + 1)); done
  awk -F'\t' -v rows="$rows" -v kind="$kind" -v names="$(for f in "$@"; do basename "$f" .nnspec; done | paste -sd' ')" '
    FNR == 1 { file++ }
    { v[file, $1] = $2; keys[$1] = 1 }
    END {
      nf = split(names, name, " ")
      for (k in keys) { d = v[nf, k] - v[1, k]; order[k] = nf > 1 ? (d < 0 ? -d : d) : v[1, k] }
      printf "%-48s", kind
      for (i = 1; i <= nf; i++) printf " %14s", name[i]
      if (nf > 1) printf " %14s", "last - first"
      printf "\n"
      for (count = 0; count < rows; count++) {
        best = ""
        for (k in order) if (best == "" || order[k] > order[best]) best = k
        if (best == "") break
        printf "%-48s", substr(best, 1, 48)
        for (i = 1; i <= nf; i++) printf " %14.2f", v[i, best]
        if (nf > 1) printf " %+14.2f", v[nf, best] - v[1, best]
        printf "\n"
        delete order[best]
      }
    }' "${inputs[@]}"
}
echo "worker thread, ms per run (mean of $runs runs each; load average $(cut -d' ' -f1 /proc/loadavg))"
table phase 10 "$@"
echo
table method "$methods" "$@"
