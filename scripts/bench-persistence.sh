#!/usr/bin/env bash
# bench-persistence: persisted QoS 1 fan-in against type = memory, and restart time over a large store
# (docs/benchmarks.md, section Persistence). Loopback only; bounded in time and size.
#
# Environment:
#   BENCH_ROUNDS    fan-in rounds per store type, alternating (default 3)
#   BENCH_DURATION  measured time per fan-in run (default 10s)
#   BENCH_WARMUP    publishing before each measured run (default 3s: the steady state, not JIT warm-up)
#   LOAD_SESSIONS   sessions in the restart-time store (default 100000)
#   LOAD_RETAINED   retained messages in the restart-time store (default 1000000)
#   OUT             where configs, logs and stores go (default: a new temp dir)
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$(mktemp -d /tmp/tern-bench-persistence.XXXXXX)}"
mkdir -p "$OUT"
BROKER=""
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-3s}"
DURATION="${BENCH_DURATION:-10s}"
PORT=18890
CP="$ROOT/broker-cli/target/test-classes:$ROOT/broker-cli/target/classes:$ROOT/broker-cli/target/lib/*"

start_tern() { # name, extra hocon
  cat > "$OUT/$1.conf" <<CONF
listeners.tcp { enable = true, bind = "127.0.0.1:$PORT" }
mqtt.max_mqueue_len = 100000
log.level = info
$2
CONF
  "$ROOT/scripts/tern" start -c "$OUT/$1.conf" --pid-file "$OUT/$1.pid" > "$OUT/$1.log" 2>&1 &
  BROKER=$!
  for _ in $(seq 1 600); do
    grep -q "started, pid" "$OUT/$1.log" && return 0
    kill -0 "$BROKER" 2>/dev/null || { cat "$OUT/$1.log" >&2; return 1; }
    sleep 0.05
  done
  return 1
}

stop_tern() {
  [ -n "$BROKER" ] || return 0
  kill "$BROKER" 2>/dev/null || true
  wait "$BROKER" 2>/dev/null || true
}
trap stop_tern EXIT

echo "results in $OUT; load before: $(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for type in memory rocksdb; do
    [ $((round % 2)) = 0 ] && type=$([ "$type" = memory ] && echo rocksdb || echo memory)
    rm -rf "$OUT/data-$type"
    start_tern "fanin-$type" "persistence { type = $type, dir = \"$OUT/data-$type\" }"
    echo "== round $round, persistence.type = $type (load $(cut -d' ' -f1 /proc/loadavg))"
    "$ROOT/scripts/tern" bench fanin -P 8 -q 1 --session-expiry 60 --warmup "$WARMUP" -d "$DURATION" -p "$PORT" \
      --broker-pid "$BROKER" --json > "$OUT/fanin-$type-$round.json"
    stop_tern
  done
done
# msgs/s per run, the rocksdb / memory ratio per round (the two runs of a round are back to back) and the medians
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
ratios, cpu_ratios = [], []
for r in range(1, rounds + 1):
    m = json.load(open(f"{out}/fanin-memory-{r}.json"))
    k = json.load(open(f"{out}/fanin-rocksdb-{r}.json"))
    ratios.append(k["msgs_per_s"] / m["msgs_per_s"])
    cpu_ratios.append(k["deliveries_per_broker_cpu_s"] / m["deliveries_per_broker_cpu_s"])
    print(f"round {r}: memory {m['msgs_per_s']:,.0f} msgs/s, rocksdb {k['msgs_per_s']:,.0f} msgs/s "
          f"(lost {k['lost']}, duplicates {k['duplicates']}): ratio {ratios[-1]:.2f}; "
          f"per broker CPU-second {cpu_ratios[-1]:.2f}")
print(f"median ratio rocksdb / memory: msgs/s {statistics.median(ratios):.2f}, "
      f"per broker CPU-second {statistics.median(cpu_ratios):.2f}")
PY

echo "== restart time: ${LOAD_SESSIONS:-100000} sessions, ${LOAD_RETAINED:-1000000} retained"
rm -rf "$OUT/data-load"
java -cp "$CP" dev.tern.cli.bench.StoreLoader "$OUT/data-load" "${LOAD_SESSIONS:-100000}" "${LOAD_RETAINED:-1000000}"
du -sh "$OUT/data-load"
for run in 1 2; do
  t0=$(date +%s%N)
  start_tern "restart-$run" "persistence { type = rocksdb, dir = \"$OUT/data-load\" }"
  t1=$(date +%s%N)
  echo "run $run: started after $(( (t1 - t0) / 1000000 )) ms (JVM start included); RSS $(grep VmRSS /proc/$(cat "$OUT/restart-$run.pid")/status | awk '{print $2, $3}')"
  grep "persistence: recovered" "$OUT/restart-$run.log"
  stop_tern
done
