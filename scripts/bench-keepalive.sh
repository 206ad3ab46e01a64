#!/usr/bin/env bash
# bench-keepalive.sh: keepalive detection on the broker's side. Starts a fresh Tern (memory, log at info)
# on 127.0.0.1:${PORT:-18860}, runs `tern bench keepalive -c N -k 2` against it, and reads every close
# line ("keepalive timeout (no packet for 3.007 s)"): lateness = idle time - 1.5 x Keep Alive. Prints
# p50 / p99 / max in ms, the broker's CPU for the run and its three longest young GC pauses.
#
# Environment: N (clients, default 10000), RUNS (default 1), WARMUP (unmeasured storms against the same
# broker before the measured one, default 0: a cold broker, whose close path the JIT compiles during the
# storm), PORT, CONF_EXTRA (lines added to the broker's configuration, e.g. "engine.threads = 1"),
# TERN_JAVA_OPTS (the broker's JVM options, passed to scripts/tern as they are: unset means the
# launcher's default), BENCH_ARGS (more options for `tern bench keepalive`, e.g. "--conn-rate 5000"),
# OUT (directory for logs, default a new one under /tmp), GCLOG (the broker's -Xlog option, default
# -Xlog:gc:file=<run dir>/gc.log). GC logging is added through JAVA_TOOL_OPTIONS, so it comes on top of
# whichever options apply.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-10000}"; RUNS="${RUNS:-1}"; PORT="${PORT:-18860}"
OUT="${OUT:-$(mktemp -d /tmp/tern-keepalive.XXXXXX)}"
ulimit -n "$(ulimit -Hn)" || true
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT # never leave a broker behind
for run in $(seq 1 "$RUNS"); do
  D="$OUT/run$run"; mkdir -p "$D"
  cat > "$D/tern.conf" <<CONF
listeners.tcp { enable = true, bind = "127.0.0.1:$PORT" }
persistence.type = memory
log.level = info
${CONF_EXTRA:-}
CONF
  JAVA_TOOL_OPTIONS="${GCLOG:--Xlog:gc:file=$D/gc.log}" "$ROOT/scripts/tern" start -c "$D/tern.conf" \
      --pid-file "$D/tern.pid" > "$D/broker.log" 2>&1 &
  for _ in $(seq 1 300); do
    [ -s "$D/tern.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
  done
  pid="$(cat "$D/tern.pid")"
  if [ "${WARMUP:-0}" -gt 0 ]; then
    for w in $(seq 1 "$WARMUP"); do
      # shellcheck disable=SC2086 # BENCH_ARGS is a list of options, split on purpose
      "$ROOT/scripts/tern" bench keepalive -c "$N" -k 2 -p "$PORT" ${BENCH_ARGS:-} > "$D/warmup$w.out" 2>&1
    done
    sleep 0.5 # the last warm-up close lines reach the log (written by a background thread)
  fi
  skip_closes=$(grep -c "keepalive timeout" "$D/broker.log" || true)
  skip_gcs=$(grep -c "Pause" "$D/gc.log" || true)
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  # shellcheck disable=SC2086 # as above
  "$ROOT/scripts/tern" bench keepalive -c "$N" -k 2 -p "$PORT" ${BENCH_ARGS:-} > "$D/bench.out" 2>&1
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  grep -o "keepalive timeout (no packet for [0-9.]* s" "$D/broker.log" | tail -n "+$((skip_closes + 1))" \
      | awk '{print ($6 - 3.0) * 1000}' | sort -n > "$D/late-ms.txt"
  n=$(wc -l < "$D/late-ms.txt")
  pct() { awk -v n="$n" -v q="$1" 'NR == int(n * q) + 1' "$D/late-ms.txt"; }
  pauses=$(grep "Pause" "$D/gc.log" | tail -n "+$((skip_gcs + 1))" | grep -o "Pause Young.* [0-9.]*ms" \
      | grep -o "[0-9.]*ms$" | sort -n | tail -3 | tr '\n' ' ' || true) # none in a small run
  echo "run $run: closes=$n late_ms p50=$(pct 0.5) p99=$(pct 0.99) max=$(tail -1 "$D/late-ms.txt")" \
       "broker_cpu_ms=$(( (cpu1 - cpu0) * 10 )) longest_young_pauses=[${pauses% }]"
done
echo "logs: $OUT" >&2
