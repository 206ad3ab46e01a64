#!/usr/bin/env bash
# bench-compare.sh: Tern, Mosquitto and (if Maven Central has it) HiveMQ CE embedded, side by side on
# 127.0.0.1 with the same load generator (`tern bench`), one scenario at a time, brokers alternating.
#
# Prints a table: msgs/s, p99, deliveries per broker CPU-second, broker RSS, and Tern / other ratios.
# Every run is bounded (BENCH_DURATION, default 10s); every broker is stopped at the end (trap).
#
# Environment:
#   BENCH_DURATION   measured time per run (default 10s)
#   BENCH_BROKERS    which brokers (default "tern mosquitto hivemq"; hivemq is skipped if it cannot be had;
#                    "tern1" is Tern with engine.threads = 1, "ternhash" with engine.publisher_affinity = false,
#                    "ternb" with the JVM options in BENCH_TERNB_JAVA_OPTS, for comparison)
#   BENCH_SCENARIOS  which rows (default: all of fanin-q0 fanin-q1 fanout-q0 pairs-q0 pairs-q1 latency-q1 conn keepalive)
#   BENCH_CONNS      idle connections for conn (default 10000); BENCH_KEEPALIVE_N for keepalive (default 10000)
#   BENCH_CONN_WARMUP  conn: connections opened and closed first, in waves of BENCH_CONNS, unmeasured (default 60000:
#                    on 2 cores both JVMs were still C2-compiling after 15,000)
#   BENCH_LAT_WARMUP latency-q1: unmeasured time at the fixed rate before the measured run (default 15s: with 2s,
#                    both JVMs were still C2-compiling in the measured window and took cores from the shards)
#   BENCH_REPEAT     runs per scenario and broker (default 1); with more, the brokers alternate in every round
#                    and the table shows the median of each figure (the runs are listed below it)
#   BENCH_OUT        directory for logs, JSON results and each run's whole latency distribution
#                    (latency-<row>-<broker>-<run>.hgrm; default: a new directory under /tmp)
#   TERN_JAVA_OPTS   the broker's JVM options (see scripts/tern); HiveMQ gets the same
#   BENCH_JAVA_OPTS  the load generator's JVM options (default: those scripts/tern gives `tern bench`)
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DUR="${BENCH_DURATION:-10s}"
BROKERS="${BENCH_BROKERS:-tern mosquitto hivemq}"
SCENARIOS="${BENCH_SCENARIOS:-fanin-q0 fanin-q1 fanout-q0 pairs-q0 pairs-q1 latency-q1 conn keepalive}"
CONNS="${BENCH_CONNS:-10000}"
KA_N="${BENCH_KEEPALIVE_N:-10000}"
REPEAT="${BENCH_REPEAT:-1}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/tern-bench.XXXXXX)}"
mkdir -p "$OUT"
declare -A PORT=([tern]=21883 [mosquitto]=21884 [hivemq]=21885 [tern1]=21886 [ternhash]=21887 [ternb]=21888)
declare -A PID=()

# Idle-connection rows need one descriptor per connection in the bench and in each broker.
ulimit -n "$(ulimit -Hn)" || true
echo "bench-compare: results in $OUT, open files limit $(ulimit -n)" >&2

args_of() {
  case "$1" in
    fanin-q0) echo "fanin -P 8 -q 0" ;;
    fanin-q1) echo "fanin -P 8 -q 1" ;;
    fanout-q0) echo "fanout -S 50 -q 0" ;;
    pairs-q0) echo "pairs -P 100 -q 0" ;;
    pairs-q1) echo "pairs -P 100 -q 1" ;;
    latency-q1) echo "fanin -P 1 -r 10000 -q 1 --warmup ${BENCH_LAT_WARMUP:-15s}" ;;
    conn) echo "conn -c $CONNS -k 60 --conn-warmup ${BENCH_CONN_WARMUP:-60000}" ;;
    keepalive) echo "keepalive -c $KA_N -k 2" ;;
    *) echo "bench-compare: unknown scenario $1" >&2; return 1 ;;
  esac
}

# --- brokers ---------------------------------------------------------------------------------------
wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

start_tern() {
  local name="${1:-tern}"
  cat > "$OUT/$name.conf" <<CONF
listeners.tcp { enable = true, bind = "127.0.0.1:${PORT[$name]}" }
mqtt.max_mqueue_len = 100000
persistence.type = memory
log.level = warn
${2:-}
CONF
  "$ROOT/scripts/tern" start -c "$OUT/$name.conf" --pid-file "$OUT/$name.pid" > "$OUT/$name.log" 2>&1 &
  PID[$name]=$!
}

start_tern1() {
  start_tern tern1 "engine.threads = 1"
}

start_ternhash() {
  start_tern ternhash "engine.publisher_affinity = false"
}

start_ternb() {
  TERN_JAVA_OPTS="${BENCH_TERNB_JAVA_OPTS:?ternb needs BENCH_TERNB_JAVA_OPTS}" start_tern ternb
}

start_mosquitto() {
  if ! command -v mosquitto > /dev/null; then
    echo "bench-compare: installing mosquitto from the Debian packages" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y mosquitto > "$OUT/apt.log" 2>&1
    else sudo apt-get install -y mosquitto > "$OUT/apt.log" 2>&1; fi
  fi
  cat > "$OUT/mosquitto.conf" <<CONF
listener ${PORT[mosquitto]} 127.0.0.1
allow_anonymous true
max_queued_messages 1000000
persistence false
# Like Tern's log.level = warn above: no line per connect and disconnect.
connection_messages false
log_type error
log_type warning
CONF
  mosquitto -c "$OUT/mosquitto.conf" > "$OUT/mosquitto.log" 2>&1 &
  PID[mosquitto]=$!
}

HIVE_CP=""
fetch_hivemq() {
  local d="$OUT/hivemq-fetch"
  mkdir -p "$d"
  cat > "$d/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>hivemq-embedded-runner</artifactId><version>1</version>
  <dependencies><dependency><groupId>com.hivemq</groupId>
    <artifactId>hivemq-community-edition-embedded</artifactId><version>2025.5</version></dependency></dependencies>
</project>
POM
  if (cd "$ROOT" && ./mvnw -B -q -f "$d/pom.xml" dependency:build-classpath -Dmdep.outputFile="$d/cp.txt") \
      > "$d/mvn.log" 2>&1; then
    HIVE_CP="$(cat "$d/cp.txt")"
    return 0
  fi
  echo "bench-compare: HiveMQ CE embedded cannot be fetched from Maven Central (see $d/mvn.log);" \
       "comparing Tern with Mosquitto only" >&2
  return 1
}

start_hivemq() {
  local h="$OUT/hivemq"
  mkdir -p "$h/conf" "$h/data" "$h/extensions"
  cat > "$h/conf/config.xml" <<CONF
<?xml version="1.0"?>
<hivemq>
  <listeners><tcp-listener><port>${PORT[hivemq]}</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
  <persistence><mode>in-memory</mode></persistence>
  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
</hivemq>
CONF
  cat > "$h/HiveMqRunner.java" <<'JAVA'
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Path;

/** HiveMQ CE embedded in its own JVM, in-memory persistence, until killed. */
public class HiveMqRunner {
    public static void main(String[] a) throws Exception {
        EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder().withConfigurationFolder(Path.of(a[0]))
                .withDataFolder(Path.of(a[1])).withExtensionsFolder(Path.of(a[2])).build();
        hive.start().join();
        Thread.currentThread().join();
    }
}
JAVA
  # shellcheck disable=SC2086 # the same JVM options Tern gets, split on purpose
  java ${TERN_JAVA_OPTS:--XX:+UseG1GC -Xss512k -XX:+ExitOnOutOfMemoryError} -cp "$HIVE_CP" \
    "$h/HiveMqRunner.java" "$h/conf" "$h/data" "$h/extensions" > "$OUT/hivemq.log" 2>&1 &
  PID[hivemq]=$!
}

start_broker() {
  if (exec 3<>"/dev/tcp/127.0.0.1/${PORT[$1]}") 2> /dev/null; then
    # Measuring whatever already listens there under $1's name would make the whole table wrong.
    echo "bench-compare: port ${PORT[$1]} is already open: another process listens there, stop it first" >&2
    exit 1
  fi
  "start_$1"
  if ! wait_port "${PORT[$1]}" || ! kill -0 "${PID[$1]}" 2> /dev/null; then
    echo "bench-compare: $1 did not open port ${PORT[$1]} (log: $OUT/$1.log)" >&2
    return 1
  fi
  sleep 1 # let it settle (JIT of the start-up path, HiveMQ's bootstrap) before measuring
}

stop_broker() {
  local p="${PID[$1]:-}"
  [ -n "$p" ] || return 0
  kill "$p" 2> /dev/null || true
  for _ in $(seq 1 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$p" 2> /dev/null || true
  wait "$p" 2> /dev/null || true
  unset "PID[$1]"
}

stop_all() {
  for b in "${!PID[@]}"; do stop_broker "$b"; done
}
trap stop_all EXIT INT TERM

# --- the runs --------------------------------------------------------------------------------------
if [ ! -f "$ROOT/broker-cli/target/classes/dev/tern/cli/bench/BenchCommand.class" ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -DskipTests package)
fi
ACTIVE=()
for b in $BROKERS; do
  if [ "$b" = hivemq ] && ! fetch_hivemq; then continue; fi
  ACTIVE+=("$b")
done

{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{print $2}') kB"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "mosquitto: $(mosquitto -h 2>/dev/null | head -1 || true)"
  echo "TERN_JAVA_OPTS: ${TERN_JAVA_OPTS:-default}"
  echo "duration: $DUR"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

: > "$OUT/results.jsonl"
round=0
for sc in $SCENARIOS; do
 args="$(args_of "$sc")"
 for rep in $(seq 1 "$REPEAT"); do
  # Alternate which broker goes first, so neither always gets the cooler machine.
  order=("${ACTIVE[@]}")
  if (( round % 2 == 1 )); then
    order=(); for ((i = ${#ACTIVE[@]} - 1; i >= 0; i--)); do order+=("${ACTIVE[i]}"); done
  fi
  round=$((round + 1))
  for b in "${order[@]}"; do
    # A fresh broker per row: RSS and per-connection figures then start from the same idle state.
    start_broker "$b" || continue
    load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "bench-compare: $sc on $b (run $rep of $REPEAT): tern bench $args -d $DUR (load average before: $load)" >&2
    # shellcheck disable=SC2086 # args is a list of options
    extra=()
    case "$sc" in conn | keepalive) ;; *) extra=(--latency-out "$OUT/latency-$sc-$b-$rep.hgrm") ;; esac
    if line="$(TERN_JAVA_OPTS="$BENCH_JAVA_OPTS" "$ROOT/scripts/tern" bench $args -d "$DUR" -p "${PORT[$b]}" --broker-pid "${PID[$b]}" --json \
        ${extra[@]+"${extra[@]}"} 2>> "$OUT/bench-$sc-$b.err")"; then
      echo "{\"row\":\"$sc\",\"broker\":\"$b\",\"run\":$rep,\"load_before\":$load,${line#\{}" >> "$OUT/results.jsonl"
    else
      echo "bench-compare: $sc on $b failed (see $OUT/bench-$sc-$b.err)" >&2
    fi
    stop_broker "$b"
  done
 done
done

python3 "$ROOT/scripts/bench-table.py" "$OUT/results.jsonl" | tee "$OUT/table.md"
