#!/usr/bin/env bash
# Per-keystroke timing of `noteseek pick` on generated notes: tmux types queries into the real
# picker, key by key, with NOTESEEK_PICK_TIMING logging the time from each key to the redrawn
# list; this prints the median, 95th percentile and maximum per folder size.
#
#   scripts/pick-timing.sh                       # SIZES="1000 10000", a key every 0.15 s
#   SIZES=1000 KEY_DELAY=0.03 scripts/pick-timing.sh
#   GEN=path/to/noteseek-gen scripts/pick-timing.sh   # a generator already built
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
KEY_DELAY=${KEY_DELAY:-0.15}
WORK=${WORK:-/tmp/noteseek-pick-timing}
QUERIES=("쿠버네티스" "컨테이너 오케스트레이션" "정규화" "ㅋㅂㄴ" "Kubernetes" "사이드카 프록시")

command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 2; }
cargo build --release --quiet --bin noteseek
target=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
bin="$target/release/noteseek"
gen=${GEN:-}
if [ -z "$gen" ]; then
    cargo build --release --quiet --features gen --bin noteseek-gen
    gen="$target/release/noteseek-gen"
fi
mkdir -p "$WORK"

for size in $SIZES; do
    notes="$WORK/notes-$size"
    index="$WORK/index-$size"
    log="$WORK/timing-$size.tsv"
    [ -d "$notes" ] || "$gen" --count "$size" --seed 42 --out "$notes" >/dev/null
    "$bin" --notes "$notes" --index "$index" index >/dev/null
    rm -f "$log"
    socket="noteseek-timing-$$"
    tmux -L "$socket" -f /dev/null new-session -d -s t -x 80 -y 24 \
        "NOTESEEK_PICK_TIMING='$log' '$bin' --notes '$notes' --index '$index' pick --no-update"
    sleep 1
    for query in "${QUERIES[@]}"; do
        # One key at a time: a Hangul syllable, a letter or a space, as an IME commits them.
        while IFS= read -r -n1 ch; do
            [ -z "$ch" ] && ch=" "
            tmux -L "$socket" send-keys -t t -l "$ch"
            sleep "$KEY_DELAY"
        done < <(printf '%s' "$query")
        sleep 0.3
        tmux -L "$socket" send-keys -t t C-u
        sleep 0.3
    done
    tmux -L "$socket" send-keys -t t Escape
    sleep 0.3
    tmux -L "$socket" kill-server 2>/dev/null || true
    echo "== $size notes ($(grep -vc superseded "$log") keystrokes drawn, $(grep -c superseded "$log" || true) overtaken by the next key; $log)"
    for column in 1 2; do
        name=$([ "$column" = 1 ] && echo "key to redrawn list" || echo "search alone       ")
        grep -v superseded "$log" | cut -f"$column" | sort -n | awk -v name="$name" '
            { v[NR] = $1 }
            END {
                p50 = v[int((NR + 1) / 2)]; p95 = v[int(NR * 0.95 + 0.999)]
                printf "%s  median %.2f ms  p95 %.2f ms  max %.2f ms\n", name, p50, p95, v[NR]
            }'
    done
done
