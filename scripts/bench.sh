#!/usr/bin/env bash
# Whole-command timings as users feel them: `noteseek search` end to end (checking every note,
# with and without walking the folder, and answered by `noteseek watch`), `noteseek index` cold and
# after one note changed, the time from a save to a search that finds it under a watcher, and
# `rg -l -F` on the same folders; peak memory; index size.
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
        row "$name" "noteseek search $q" "$checked ms" "$mem MB" "check included: a stat per note, folders unchanged"
        if [ "$q" = "${queries[0]}" ]; then
            # Without the record of the last walk (as after a note is added or removed): a walk.
            hyperfine -N --warmup 3 --runs 30 --prepare "rm -f $index/.noteseek-folders.json" \
                --export-json "$json" "$bin --notes $notes --index $index search $q" >/dev/null 2>&1
            row "$name" "noteseek search $q, walking the folder" "$(median_ms "$json") ms" "" "check included: the whole walk"
        fi
        row "$name" "noteseek --no-update search $q" "$direct ms" "" ""
        row "$name" "rg -l -F $term" "$rg ms" "" ""
    done
}

# With a watcher: searches are answered by it; and how long a saved note takes to be found
# (not in the bundled notes, which this script does not write into).
bench_watch() {
    local name=$1 notes=$2 index=$3 latency=${4:-yes}
    local json=$work/h.json log=$work/watch.log
    "$bin" --notes "$notes" --index "$index" watch 2>"$log" &
    local pid=$!
    until grep -q "^noteseek: watching" "$log"; do sleep 0.1; done
    for q in "${queries[@]}"; do
        hyperfine -N --warmup 3 --runs 30 --export-json "$json" \
            "$bin --notes $notes --index $index search $q" >/dev/null 2>&1
        row "$name" "noteseek search $q (watcher running)" "$(median_ms "$json") ms" "" "answered by the watcher"
    done
    if [ "$latency" != yes ]; then
        kill -TERM "$pid"
        wait "$pid" || true
        return
    fi
    # From the write of a new note to the first search that finds its word, five times.
    local latency
    latency=$(python3 - "$bin" "$notes" "$index" <<'PY'
import subprocess, sys, time, os, statistics
bin, notes, index = sys.argv[1:4]
times = []
for i in range(5):
    word = f"저장확인단어{i}x{os.getpid()}"
    path = os.path.join(notes, f"watch-latency-{i}.md")
    start = time.monotonic()
    with open(path, "w") as f:
        f.write(f"# 저장 확인 {i}\n\n## 정의\n{word}\n")
    while subprocess.run([bin, "--notes", notes, "--index", index, "search", "-l", word],
                         capture_output=True).returncode != 0:
        time.sleep(0.005)
    times.append((time.monotonic() - start) * 1000)
    os.remove(path)
    time.sleep(0.5)
print(f"{statistics.median(times):.0f} ms (of {', '.join(f'{t:.0f}' for t in times)})")
PY
)
    row "$name" "save → found by search (watcher running)" "$latency" "" "median of 5"
    kill -TERM "$pid"
    wait "$pid" || true
}

bench_folder "bundled (122)" "$PWD/notes" "$work/index-bundled" 10
bench_watch "bundled (122)" "$PWD/notes" "$work/index-bundled" no
for n in $sizes; do
    notes=$work/notes-$n
    [ -d "$notes" ] || "$gen" --count "$n" --seed 42 --out "$notes" 2>/dev/null
    runs=5; [ "$n" -ge 100000 ] && runs=1
    bench_folder "$n" "$notes" "$work/index-$n" "$runs"
    bench_watch "$n" "$notes" "$work/index-$n"
done
cat "$results"
