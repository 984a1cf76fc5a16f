#!/usr/bin/env bash
# Start-up benchmark for nnspec (see bench/README.md).
#
#   bench/startup.sh [-n RUNS]           bin/nnspec bench/small.nnspec against a hello-world
#                                        Java program: interleaved runs, both medians, ratio;
#                                        also `bin/nnspec --version`, the floor: the launcher,
#                                        the JVM with nnspec's flags and archive, and the
#                                        command line, with no program to run
#   bench/startup.sh --flags [-n RUNS]   the JVM flags behind bin/nnspec, one at a time, on the
#                                        real jar
#   bench/startup.sh --check             like the first, but exit 1 when the ratio is above 2.0
#   --hyperfine                          time --flags with hyperfine instead (one command
#                                        after another, so noisier on a shared machine)
#
# Needs bash, coreutils and a JDK (javac, jar); hyperfine only with --hyperfine.
# Times come from $EPOCHREALTIME (bash 5) or `date +%s%N`; runs write to /dev/null.

set -euo pipefail

repo=$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
mode=ratio runs=21 check=0 use_hyperfine=0
while [ $# -gt 0 ]; do
  case $1 in
    --flags) mode=flags ;;
    --check) check=1 ;;
    --hyperfine) use_hyperfine=1 ;;
    -n) runs=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA_HOME:-}" ]; then jdk_bin=$JAVA_HOME/bin/; else jdk_bin=; fi
java=${jdk_bin}java javac=${jdk_bin}javac jartool=${jdk_bin}jar
command -v "$javac" >/dev/null || { echo "startup.sh: needs a JDK ($javac not found)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/nnspec-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
small=$repo/bench/small.nnspec
jar=$repo/target/nnspec.jar

"$javac" -d "$work/hello" "$repo/bench/hello/Hello.java"
hello=("$java" -cp "$work/hello" Hello)

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

# Seconds as hyperfine writes them ("0.071234567") to microseconds.
seconds_to_us() {
  local whole=${1%%.*} frac=${1#*.}000000
  [ "$whole" = "$1" ] && frac=000000
  echo $((10#$whole * 1000000 + 10#${frac:0:6}))
}
ms() { printf '%d.%d ms' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# Interleaved runs of several commands; prints one median (microseconds) per command.
# Commands are given as names of arrays. The order rotates each round so that none of them
# always runs right after another (caches, CPU frequency, other users of the machine).
interleaved_medians() {
  local -a names=("$@") files=()
  local i k n=${#names[@]}
  for ((k = 0; k < n; k++)); do files[k]=$work/times.$k; : >"${files[k]}"; done
  for ((i = 0; i < runs; i++)); do
    for ((k = 0; k < n; k++)); do
      local j=$(((k + i) % n))
      local -n cmd=${names[j]}
      time_us "${cmd[@]}" >>"${files[j]}"
    done
  done
  for ((k = 0; k < n; k++)); do median <"${files[k]}"; done
}

if [ "$mode" = ratio ]; then
  nnspec=("$repo/bin/nnspec" "$small")
  version=("$repo/bin/nnspec" --version)
  # Warm-up: builds the jar if needed and records the CDS archive, outside the timing.
  "${nnspec[@]}" >/dev/null || { echo "startup.sh: bin/nnspec $small failed" >&2; exit 1; }
  "${nnspec[@]}" >/dev/null
  "${hello[@]}" >/dev/null
  mapfile -t med < <(interleaved_medians hello nnspec version)
  ratio=$((med[1] * 100 / med[0])) floor=$((med[2] * 100 / med[0]))
  echo "java: $("$java" -version 2>&1 | head -1)   runs: $runs interleaved"
  echo "hello-world JVM median:           $(ms "${med[0]}")"
  echo "bin/nnspec small.nnspec median:   $(ms "${med[1]}")"
  printf 'bin/nnspec --version median:      %s (%d.%02d x hello world: the floor of any command)\n' \
    "$(ms "${med[2]}")" $((floor / 100)) $((floor % 100))
  printf 'ratio: %d.%02d (target <= 2.00)\n' $((ratio / 100)) $((ratio % 100))
  if [ "$check" = 1 ] && [ "$ratio" -gt 200 ]; then exit 1; fi
  exit 0
fi

# --- --flags: what each JVM option is worth ------------------------------------------------
NNSPEC_CDS=0 "$repo/bin/nnspec" "$small" >/dev/null # builds the jar if needed

# A dynamic CDS archive per workload, recorded the way bin/nnspec records it.
record() { # archive, workload args...
  local archive=$1; shift
  "$java" -XX:+VerifySharedSpaces '-Xlog:cds*=off' \
    "-XX:ArchiveClassesAtExit=$archive" "$@" >/dev/null
}
record "$work/jar.jsa" -jar "$jar" "$small"

# bin/nnspec's flags for compiling with C2 later (HotSpot's Tier4 thresholds ×10)
c2_later=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000
  -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet)
declare -a labels=() commands=()
variant() { labels+=("$1"); shift; commands+=("$*"); }
for workload in jar; do
  target="-jar $jar $small"
  cds="-XX:SharedArchiveFile=$work/$workload.jsa -Xlog:cds*=off"
  variant "$workload: java (defaults)" "$java" "$target"
  variant "$workload: +UseSerialGC" "$java" -XX:+UseSerialGC "$target"
  variant "$workload: +CDS" "$java" "$cds" "$target"
  variant "$workload: +CDS +UseSerialGC" "$java" -XX:+UseSerialGC "$cds" "$target"
  variant "$workload: +CDS +VerifySharedSpaces" "$java" -XX:+VerifySharedSpaces "$cds" "$target"
  variant "$workload: +CDS +TieredStopAtLevel=1" "$java" -XX:TieredStopAtLevel=1 "$cds" "$target"
  variant "$workload: +CDS +UseSerialGC, C2 later" "$java" -XX:+UseSerialGC "${c2_later[@]}" "$cds" "$target"
  variant "$workload: ... and -C1UpdateMethodData (as bin/nnspec)" "$java" -XX:+UseSerialGC -XX:-C1UpdateMethodData \
    "${c2_later[@]}" "$cds" "$target"
  variant "$workload: +CDS +UseSerialGC +ArchiveRelocationMode=0" "$java" -XX:+UseSerialGC \
    -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 "$cds" "$target"
done
variant "bin/nnspec small.nnspec (launcher defaults)" "$repo/bin/nnspec" "$small"
variant "hello-world JVM" "${hello[*]}"
"$repo/bin/nnspec" "$small" >/dev/null # records the launcher's own archive

echo "java: $("$java" -version 2>&1 | head -1)   runs: $runs"
if [ "$use_hyperfine" = 1 ]; then
  args=()
  for k in "${!labels[@]}"; do args+=(-n "${labels[k]}" "${commands[k]}"); done
  hyperfine -N -w 3 -r "$runs" --style none --export-csv "$work/h.csv" "${args[@]}" >/dev/null
  # CSV columns: command,mean,stddev,median,user,system,min,max (seconds)
  tail -n +2 "$work/h.csv" | while IFS=, read -r name _ _ median _; do
    printf '%-52s %s\n' "$name" "$(ms "$(seconds_to_us "$median")")"
  done
else
  for k in "${!commands[@]}"; do read -ra "cmd_$k" <<<"${commands[k]}"; done
  mapfile -t med < <(interleaved_medians $(for k in "${!commands[@]}"; do echo "cmd_$k"; done))
  for k in "${!labels[@]}"; do printf '%-52s %s\n' "${labels[k]}" "$(ms "${med[k]}")"; done
fi
