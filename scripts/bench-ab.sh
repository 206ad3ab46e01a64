#!/usr/bin/env bash
# bench-ab.sh: two builds of Tern side by side, the working tree against a git revision, with the same
# load generator (this tree's `tern bench`), runs alternating between them in every round.
#
# Environment: BASE (git revision to compare against, default HEAD), ROUNDS (default 3), DURATION (per
# run, default 8s), SCENARIOS (';'-separated `tern bench` arguments, default
# "fanout -S 50 -q 0;pairs -P 100 -q 1;fanin -P 8 -q 0"), BENCH_JAVA_OPTS (the load generator's JVM).
# The base is built in a temporary git worktree (offline Maven), which is removed at the end.
# Prints one line per run: build, scenario, msgs/s, deliveries per broker CPU-second, p99 us.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${BASE:-HEAD}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-8s}"
SCENARIOS="${SCENARIOS:-fanout -S 50 -q 0;pairs -P 100 -q 1;fanin -P 8 -q 0}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
WORK="$(mktemp -d /tmp/tern-ab.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  git -C "$ROOT" worktree remove --force "$WORK/base" 2> /dev/null || true
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)" || true
git -C "$ROOT" worktree add -q --detach "$WORK/base" "$BASE"
(cd "$WORK/base" && ./mvnw -B -o -q -DskipTests package)
(cd "$ROOT" && ./mvnw -B -o -q -DskipTests package)
echo "bench-ab: base $(git -C "$ROOT" rev-parse --short "$BASE") against the working tree; logs in $WORK" >&2

declare -A PORT=([base]=21911 [tree]=21912) HOME_OF=([base]="$WORK/base" [tree]="$ROOT") PID=()
for b in base tree; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${PORT[$b]}") 2> /dev/null; then
    echo "bench-ab: port ${PORT[$b]} is already open: another process listens there and would be measured as $b" >&2
    exit 1
  fi
  cat > "$WORK/$b.conf" <<CONF
listeners.tcp { enable = true, bind = "127.0.0.1:${PORT[$b]}" }
mqtt.max_mqueue_len = 100000
persistence.type = memory
log.level = warn
CONF
  "${HOME_OF[$b]}/scripts/tern" start -c "$WORK/$b.conf" --pid-file "$WORK/$b.pid" > "$WORK/$b.log" 2>&1 &
  PID[$b]=$!
  PIDS+=("$!")
done
for b in base tree; do
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/${PORT[$b]}") 2> /dev/null && break
    sleep 0.1
  done
  if ! kill -0 "${PID[$b]}" 2> /dev/null; then
    echo "bench-ab: the $b broker did not start (log: $WORK/$b.log)" >&2
    exit 1
  fi
done

IFS=';' read -r -a scenarios <<< "$SCENARIOS"
for round in $(seq 1 "$ROUNDS"); do
  for b in base tree; do
    for sc in "${scenarios[@]}"; do
      # shellcheck disable=SC2086 # the scenario is a list of arguments
      line="$(TERN_JAVA_OPTS="$BENCH_JAVA_OPTS" "$ROOT/scripts/tern" bench $sc -d "$DURATION" -p "${PORT[$b]}" \
        --broker-pid "${PID[$b]}" --json 2> /dev/null | tail -n 1)"
      python3 - "$line" "$round" "$b" "$sc" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("round %s  %-4s  %-22s %12s msgs/s %12s per CPU-s  p99 %s us" % (sys.argv[2], sys.argv[3], sys.argv[4],
      format(round(r["msgs_per_s"]), ","), format(round(r["deliveries_per_broker_cpu_s"]), ","),
      format(round(r["latency_p99_us"]), ",")))
PY
    done
  done
done
