"""Shared helpers for the peer benchmarks: loading the exported NDJSON with the exact SwiftLake schema,
timing with a warm-up and K runs, and printing figures in lake-bench's JSON shape."""
import argparse
import json
import os
import resource
import statistics
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

STRING_COLS = ["_id", "domain", "type", "owner_id", "user_id", "supervisor_id", "name", "external_id"] + \
    [f"case__p{k}" for k in range(10)] + ["case__t0", "case__t1"]
TS_COLS = ["opened_on", "modified_on", "server_modified_on", "closed_on"]
ORDER = ["_id", "domain", "type", "owner_id", "user_id", "supervisor_id", "opened_on", "modified_on",
         "server_modified_on", "closed", "closed_on", "name", "external_id", "month"] + \
    [f"case__p{k}" for k in range(10)] + [f"case__n{k}" for k in range(5)] + \
    [f"case__d{k}" for k in range(3)] + ["case__t0", "case__t1"]


def arguments(rows_required=False):
    """The arguments every peer takes, in lake-bench's spelling; a peer adds its own before parse_args()."""
    ap = argparse.ArgumentParser()
    ap.add_argument("export_dir")
    if rows_required:
        ap.add_argument("--rows", type=int, required=True)
    else:
        ap.add_argument("--rows", type=int, help="row count (the export directory already implies it)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    return ap


def read_schema():
    fields = []
    for c in ORDER:
        if c in STRING_COLS:
            t = pa.string()
        elif c in TS_COLS:
            t = pa.int64()
        elif c == "closed":
            t = pa.bool_()
        elif c == "month":
            t = pa.int32()
        elif c.startswith("case__n"):
            t = pa.int64()
        else:
            t = pa.float64()
        fields.append(pa.field(c, t))
    return pa.schema(fields)


def load(path):
    """The exported rows as an Arrow table with SwiftLake's logical types (timestamps µs UTC, month date32)."""
    t = pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=read_schema()))
    cols = []
    for name in ORDER:
        col = t.column(name)
        if name in TS_COLS:
            col = col.cast(pa.timestamp("us", tz="UTC"))
        elif name == "month":
            col = col.cast(pa.date32())
        cols.append(col)
    return pa.Table.from_arrays(cols, names=ORDER).combine_chunks()


def window(table):
    """The server_modified_on window holding ~10% of rows: [45th, 55th) percentile by position."""
    s = pc.sort_indices(table.column("server_modified_on"))
    vals = table.column("server_modified_on").cast(pa.int64()).take(s).to_pylist()
    n = len(vals)
    return vals[n * 45 // 100], vals[n * 55 // 100]


def measure(body, runs, setup=None):
    if setup:
        setup()
    body()
    out = []
    for _ in range(max(runs, 1)):
        if setup:
            setup()
        t0 = time.perf_counter()
        body()
        out.append(time.perf_counter() - t0)
    return out


def figure(suite, workload, seconds, **extra):
    return {
        "suite": suite, "workload": workload, "seconds": seconds,
        "median": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
        "extra": {k: float(v) for k, v in extra.items()},
        "peakRSS": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def emit(figures, path):
    text = json.dumps(figures, indent=1)
    if path:
        with open(path, "w") as f:
            f.write(text)
    else:
        print(text)


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total
