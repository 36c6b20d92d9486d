#!/usr/bin/env bash
# First start on a fresh clone: seconds from `make run` until /readyz says ready and the first chat answer.
# Usage: benchmarks/first_start.sh [REPO] [WORKDIR]   (defaults: this checkout, /tmp/lsa-first-start)
# Port 8000 on 127.0.0.1 must be free; the service is stopped at the end.
set -u
repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
work="${2:-/tmp/lsa-first-start}"
rm -rf "$work" && git clone -q "$repo" "$work" && cd "$work" || exit 1
start=$(date +%s.%N)
setsid make run > "$work/run.log" 2>&1 &
pid=$!
trap 'kill -- -"$pid" 2>/dev/null' EXIT
installed=""
while true; do
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  if [ -z "$installed" ] && [ -f .venv/.installed ]; then installed=$elapsed; echo "installed after ${elapsed} s"; fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/readyz)" = "200" ]; then
    echo "ready after ${elapsed} s"; break
  fi
  if (( $(echo "$elapsed > 1500" | bc) )); then echo "not ready after ${elapsed} s"; exit 1; fi
  sleep 2
done
curl -s -X POST http://127.0.0.1:8000/v1/chat -H 'content-type: application/json' \
  -d '{"messages":[{"role":"user","content":"Wo melde ich meinen Wohnsitz in Wernigerode an?"}]}' | head -c 200; echo
echo "first answer after $(echo "$(date +%s.%N) - $start" | bc) s"
grep -aE "Modell bereit|Antworten bereit|Gesamt|  Dense \(e5\)|  Sparse \(BM25\): [0-9]" "$work/run.log" | tail -6
