#!/usr/bin/env bash
# Whole-command timings as users feel them: `noteseek search` end to end, `noteseek index` cold
# and after one note changed, and `rg -l -F` on the same folders; peak memory; index size.
# Folders of 1k, 10k and 100k generated notes are made with noteseek-gen (seed 42).
#
#   scripts/bench.sh                 # all sizes (the 100k folder takes ~1 min to index)
#   SIZES="1000 10000" scripts/bench.sh
#
# Needs hyperfine and ripgrep (Debian packages; installed with apt-get when missing and root).
# Writes target/bench/results.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
    command -v "$1" >/dev/null && return
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
    else
        echo "bench.sh: install $2 (apt-get install $2)" >&2
        exit 2
    fi
}
need hyperfine hyperfine
need rg ripgrep
need python3 python3

cargo build --release --quiet --features gen
bin=$PWD/target/release/noteseek
gen=$PWD/target/release/noteseek-gen
work=$PWD/target/bench
mkdir -p "$work"
sizes=${SIZES:-"1000 10000 100000"}
queries=("쿠버네티스" "컨테이너 오케스트레이션" "정규화")
results=$work/results.md

median_ms() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"; }
peak_mb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }

row() { printf '| %s | %s | %s | %s | %s |\n' "$@" >> "$results"; }

{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(hyperfine --version), $(rg --version | sed -n 1p)."
    echo
    echo "| folder | command | median | peak memory | notes |"
    echo "|---|---|---:|---:|---|"
} > "$results"

bench_folder() {
    local name=$1 notes=$2 index=$3 runs=$4
    local json=$work/h.json
    # Cold index: from an empty index folder.
    hyperfine -N --runs "$runs" --prepare "rm -rf $index" --export-json "$json" \
        "$bin --notes $notes --index $index index" >/dev/null 2>&1
    local cold; cold=$(median_ms "$json")
    local count; count=$(find "$notes" -name '*.md' | wc -l)
    local rate; rate=$(python3 -c "print(round($count / ($cold / 1000)))")
    local mem; mem=$(peak_mb "$bin" --notes "$notes" --index "$index" index --rebuild)
    row "$name" "noteseek index (cold)" "$cold ms" "$mem MB" "$count notes, $rate notes/s"
    # One note touched.
    local one; one=$(find "$notes" -name '*.md' -print -quit)
    hyperfine -N --runs 10 --prepare "touch '$one'" --export-json "$json" \
        "$bin --notes $notes --index $index index" >/dev/null 2>&1
    row "$name" "noteseek index (one note changed)" "$(median_ms "$json") ms" "" ""
    local notes_kb index_kb
    notes_kb=$(du -sk --apparent-size "$notes" | cut -f1)
    index_kb=$(du -sk "$index" | cut -f1)
    row "$name" "index size" "" "" "$index_kb KB for $notes_kb KB of notes ($(python3 -c "print(round($index_kb / $notes_kb, 2))")×)"
    for q in "${queries[@]}"; do
        hyperfine -N --warmup 3 --runs 30 --export-json "$json" \
            "$bin --notes $notes --index $index search $q" >/dev/null 2>&1
        local checked; checked=$(median_ms "$json")
        hyperfine -N --warmup 3 --runs 30 --export-json "$json" \
            "$bin --notes $notes --index $index search --no-update $q" >/dev/null 2>&1
        local direct; direct=$(median_ms "$json")
        local term=${q%% *}
        hyperfine -N --warmup 3 --runs 30 -i --export-json "$json" "rg -l -F $term $notes" >/dev/null 2>&1
        local rg; rg=$(median_ms "$json")
        mem=$(peak_mb "$bin" --notes "$notes" --index "$index" search $q)
        row "$name" "noteseek search $q" "$checked ms" "$mem MB" "freshness check of every note included"
        row "$name" "noteseek --no-update search $q" "$direct ms" "" ""
        row "$name" "rg -l -F $term" "$rg ms" "" ""
    done
}

bench_folder "bundled (122)" "$PWD/notes" "$work/index-bundled" 10
for n in $sizes; do
    notes=$work/notes-$n
    [ -d "$notes" ] || "$gen" --count "$n" --seed 42 --out "$notes" 2>/dev/null
    runs=5; [ "$n" -ge 100000 ] && runs=1
    bench_folder "$n" "$notes" "$work/index-$n" "$runs"
done
cat "$results"
