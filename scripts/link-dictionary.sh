#!/usr/bin/env sh
# Offline builds: points .lindera-cache (git-ignored) at a prepared ko-dic cache for lindera 6.2.0,
# by default ../shared/lindera-cache. A build tried without it leaves an empty .lindera-cache/
# folder behind (lindera creates it before its download fails); such empty folders are replaced.
# A real, downloaded cache is left alone.
#
#   scripts/link-dictionary.sh [PREPARED-CACHE]
set -eu
cd "$(dirname "$0")/.."
source=${1:-../shared/lindera-cache}
[ -L .lindera-cache ] && exit 0
if [ ! -d "$source" ]; then
    echo "link-dictionary: no prepared cache at $source" >&2
    exit 1
fi
if [ -d .lindera-cache ]; then
    find .lindera-cache -depth -type d -empty -delete
fi
if [ -e .lindera-cache ]; then
    echo "link-dictionary: .lindera-cache holds a cache already; left as it is" >&2
    exit 0
fi
ln -s "$(cd "$source" && pwd)" .lindera-cache
