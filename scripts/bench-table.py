#!/usr/bin/env python3
"""Turns the JSON lines of scripts/bench-compare.sh into Markdown tables with Tern / other ratios.

With several runs per scenario and broker (BENCH_REPEAT), every figure in the main tables is the median
of the runs, and a last table lists each run's msgs/s and p99, so the spread is visible."""
import json
import statistics
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
brokers = []
for r in rows:
    if r["broker"] not in brokers:
        brokers.append(r["broker"])
runs = {}
for r in rows:
    runs.setdefault((r["row"], r["broker"]), []).append(r)


def median_row(rs):
    """One row whose numbers are the medians of the runs (other fields from the first run)."""
    if len(rs) == 1:
        return rs[0]
    m = dict(rs[0])
    for k, v in rs[0].items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            vals = [x[k] for x in rs if isinstance(x.get(k), (int, float))]
            med = statistics.median(vals)
            m[k] = int(med) if isinstance(v, int) and med == int(med) else med
    return m


by = {k: median_row(v) for k, v in runs.items()}
repeated = any(len(v) > 1 for v in runs.values())
if repeated:
    print(f"Each figure is the median of {max(len(v) for v in runs.values())} runs (each run listed at the end).")
    print()
scenarios = []
for r in rows:
    if r["row"] not in scenarios:
        scenarios.append(r["row"])


def fmt(v, digits=0):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def ratio(a, b, lower_is_better=False):
    if a is None or b is None or a == 0 or b == 0:
        return "-"
    return f"{(b / a if lower_is_better else a / b):.2f}"


others = [b for b in brokers if b != "tern"]
pubsub = [s for s in scenarios if s not in ("conn", "keepalive")]
if pubsub:
    cols = ["msgs/s", "p99 ms", "deliveries/broker CPU-s", "RSS MiB", "lost", "bench CPU %"]
    head = "| scenario | broker | " + " | ".join(cols) + " |"
    if others:
        head += " " + " | ".join(f"Tern/{o} msgs/s | Tern/{o} p99 (>1 = Tern lower) | Tern/{o} per CPU-s" for o in others) + " |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for s in pubsub:
        for b in brokers:
            r = by.get((s, b))
            if not r:
                continue
            cells = [s, b, fmt(r.get("msgs_per_s")), fmt((r.get("latency_p99_us") or 0) / 1000, 2),
                     fmt(r.get("deliveries_per_broker_cpu_s")), fmt((r.get("broker_rss_kib") or 0) / 1024, 1),
                     fmt(r.get("lost")), fmt(r.get("bench_cpu_pct"))]
            line = "| " + " | ".join(cells) + " |"
            if others:
                t = by.get((s, "tern"))
                for o in others:
                    ro = by.get((s, o))
                    if b == "tern" and t and ro:
                        line += " " + " | ".join([ratio(t.get("msgs_per_s"), ro.get("msgs_per_s")),
                                                  ratio(t.get("latency_p99_us"), ro.get("latency_p99_us"), True),
                                                  ratio(t.get("deliveries_per_broker_cpu_s"),
                                                        ro.get("deliveries_per_broker_cpu_s"))]) + " |"
                    else:
                        line += " | | |"
            print(line)
    print()

if "conn" in scenarios:
    print("| conn | broker | connected | connects/s | RSS before MiB | RSS held MiB | KiB per connection |")
    print("|---|---|---|---|---|---|---|")
    for b in brokers:
        r = by.get(("conn", b))
        if r:
            print(f"| conn | {b} | {fmt(r['connected'])} | {fmt(r['connects_per_s'])} | "
                  f"{fmt(r['broker_rss_before_kib'] / 1024, 1)} | {fmt(r['broker_rss_held_kib'] / 1024, 1)} | "
                  f"{fmt(r['rss_per_conn_kib'], 2)} |")
    print()

if "keepalive" in scenarios:
    print("| keepalive | broker | clients | k s | wills | early | late p50 ms | late p99 ms | late max ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for b in brokers:
        r = by.get(("keepalive", b))
        if r:
            print(f"| keepalive | {b} | {fmt(r['connected'])} | {r['keepalive_s']} | {fmt(r['detected'])} | "
                  f"{fmt(r['early'])} | {fmt(r['late_p50_ms'], 1)} | {fmt(r['late_p99_ms'], 1)} | "
                  f"{fmt(r['late_max_ms'], 1)} |")

if repeated:
    print()
    print("| scenario | broker | run | msgs/s | p99 ms | connects/s | late max ms |")
    print("|---|---|---|---|---|---|---|")
    for s in scenarios:
        for b in brokers:
            for r in runs.get((s, b), []):
                p99 = r.get("latency_p99_us")
                print(f"| {s} | {b} | {r.get('run', '-')} | {fmt(r.get('msgs_per_s'))} | "
                      f"{fmt(p99 / 1000, 2) if p99 else '-'} | {fmt(r.get('connects_per_s'))} | "
                      f"{fmt(r.get('late_max_ms'), 1)} |")
