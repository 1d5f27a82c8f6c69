"""The `table` suite on delta-rs (the `deltalake` package), on lake-bench's exported rows.

Workloads: create a table from all rows (one commit); open the latest snapshot of a 1,000-commit table
without and with a checkpoint; open version 500 of it; MERGE (update all / insert all on _id) of the
10,000-row upsert batch; 100 consecutive 500-row upserts, each its own commit (per-commit latencies);
DELETE of 1,000 keys; OPTIMIZE (compact) of a table of 500 appends x 200 rows, then VACUUM with zero
retention. Each MERGE/DELETE/OPTIMIZE run starts from a fresh copy of its table (the copy is not timed).

usage: table_deltars.py EXPORT_DIR [--runs K] [--commits N] [--stream-commits N] [--workloads LIST] [--json FILE]
"""
import math
import os
import shutil
import statistics
import tempfile
import time

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

import common


def main():
    ap = common.arguments(rows_required=False)
    ap.add_argument("--commits", type=int, default=1000)
    ap.add_argument("--stream-commits", type=int, default=100,
                    help="upserts in the stream (each rewrites a data file on delta-rs: slow on big tables)")
    ap.add_argument("--workloads", default="create,log,merge,stream,delete,optimize",
                    help="comma-separated subset of create,log,merge,stream,delete,optimize (optimize includes vacuum);"
                         " like lake-bench's LAKE_BENCH_TABLE_WORKLOADS")
    args = ap.parse_args()
    args.selected = set(w.strip() for w in args.workloads.split(","))
    table = common.load(os.path.join(args.export_dir, "cases.ndjson"))
    n = table.num_rows
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "create")

        def reset():
            shutil.rmtree(path, ignore_errors=True)

        if "create" in args.selected:
            secs = common.measure(lambda: write_deltalake(path, table, mode="error"), args.runs, setup=reset)
            figures.append(common.figure("table", f"create {n}-row table", secs, rows_per_s=n / min(secs),
                                         table_bytes=common.dir_size(path)))
        else:
            write_deltalake(path, table, mode="error")
        if "log" in args.selected:
            figures += log_replay(args, tmp, table)
        figures += mutations(args, tmp, base=path, table=table)
    common.emit(figures, args.json)


def log_replay(args, tmp, table):
    """Open the latest snapshot of a table of many small commits, without and with a checkpoint, and an older version."""
    figures = []
    # A log of many small commits: each appends 10 rows.
    log_path = os.path.join(tmp, "log")
    small = table.slice(0, min(10, table.num_rows))
    for _ in range(args.commits):
        write_deltalake(log_path, small, mode="append")
    versions = args.commits - 1

    def open_latest():
        dt = DeltaTable(log_path)
        return len(dt.file_uris())

    secs = common.measure(open_latest, args.runs)
    figures.append(common.figure("table", f"open latest of {args.commits} commits (no checkpoint)", secs))
    DeltaTable(log_path).create_checkpoint()
    secs = common.measure(open_latest, args.runs)
    figures.append(common.figure("table", f"open latest of {args.commits} commits (checkpoint)", secs))
    mid = versions // 2

    def open_mid():
        dt = DeltaTable(log_path, version=mid)
        return len(dt.file_uris())

    secs = common.measure(open_mid, args.runs)
    figures.append(common.figure("table", f"open version {mid}", secs))
    shutil.rmtree(log_path)
    return figures


def measure_cpu(body, runs, setup=None):
    """common.measure, also returning the median CPU seconds (user + system, all threads) of the timed runs."""
    cpu = []

    def timed():
        c0 = time.process_time()
        body()
        cpu.append(time.process_time() - c0)

    wall = common.measure(timed, runs, setup)
    return wall, statistics.median(cpu[-len(wall):])


def fresh_copy(base, tmp, name):
    dst = os.path.join(tmp, name)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(base, dst)
    return dst


def upsert(path, source):
    """MERGE on _id: update all columns of matched rows, insert the others (the dataset doc's upsert)."""
    return (DeltaTable(path).merge(source, predicate="t._id = s._id", source_alias="s", target_alias="t")
            .when_matched_update_all().when_not_matched_insert_all().execute())


def mutations(args, tmp, base, table):
    figures = []
    exported = args.export_dir
    source = common.load(os.path.join(exported, "upserts-10000.ndjson"))
    copies = {}

    def setup(name):
        def go():
            copies[name] = fresh_copy(base, tmp, name)
        return go

    if "merge" in args.selected:
        figures.append(merge(args, source, copies, setup))
    if "stream" in args.selected:
        figures.append(upsert_stream(args, tmp, base))
    if "delete" in args.selected:
        figures.append(delete(args, copies, setup))
    for name in ("merge", "delete"):
        shutil.rmtree(copies.get(name, os.path.join(tmp, name)), ignore_errors=True)
    if "optimize" in args.selected:
        figures += compaction(args, tmp, table, copies)
    return figures


def merge(args, source, copies, setup):
    results = []
    secs, cpu = measure_cpu(lambda: results.append(upsert(copies["merge"], source)), args.runs, setup=setup("merge"))
    r = results[-1]
    if r["num_target_rows_updated"] != source.num_rows // 2 or r["num_target_rows_inserted"] != source.num_rows - source.num_rows // 2:
        raise RuntimeError(f"merge: unexpected metrics {r}")
    return common.figure("table", f"merge {source.num_rows}-row upsert", secs,
                         files_touched=r["num_target_files_removed"], files_added=r["num_target_files_added"], cpu_s=cpu)


def upsert_stream(args, tmp, base):
    exported = args.export_dir
    stream = common.load(os.path.join(exported, "stream-500x100.ndjson"))
    batch = 500
    commits = min(args.stream_commits, stream.num_rows // batch)
    path = fresh_copy(base, tmp, "stream")
    lat = []
    for b in range(commits):
        part = stream.slice(b * batch, batch)
        t0 = time.perf_counter()
        upsert(path, part)
        lat.append(time.perf_counter() - t0)
    shutil.rmtree(path)
    ordered = sorted(lat)
    p95 = ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]
    return common.figure("table", f"{commits} x {batch}-row upserts, per commit", lat, p95_s=p95, first_s=lat[0])


def delete(args, copies, setup):
    exported = args.export_dir
    keys = [line.split('"')[3] for line in open(os.path.join(exported, "deletes-1000.ndjson")) if line.strip()]
    predicate = "_id IN (" + ", ".join(f"'{k}'" for k in keys) + ")"
    deleted = []
    secs, cpu = measure_cpu(lambda: deleted.append(DeltaTable(copies["delete"]).delete(predicate)), args.runs,
                            setup=setup("delete"))
    if deleted[-1]["num_deleted_rows"] != len(keys):
        raise RuntimeError(f"delete: unexpected metrics {deleted[-1]}")
    return common.figure("table", f"delete {len(keys)} keys", secs, cpu_s=cpu)


def compaction(args, tmp, table, copies):
    """OPTIMIZE (compact) of 500 appends x 200 rows, then VACUUM with zero retention of the replaced files."""
    figures = []
    # 500 appends x 200 rows.
    small = os.path.join(tmp, "small-files")
    files, rows = 500, 200
    for f in range(files):
        write_deltalake(small, table.slice((f * rows) % table.num_rows, rows), mode="append")

    def setup_small(optimized):
        def go():
            copies["small"] = fresh_copy(small, tmp, "small-copy")
            if optimized:
                DeltaTable(copies["small"]).optimize.compact()
        return go

    added = []
    secs, cpu = measure_cpu(lambda: added.append(DeltaTable(copies["small"]).optimize.compact()), args.runs,
                            setup=setup_small(False))
    figures.append(common.figure("table", f"optimize {files} small files", secs,
                                 files_added=added[-1]["numFilesAdded"], cpu_s=cpu))
    removed = []
    secs, cpu = measure_cpu(lambda: removed.append(DeltaTable(copies["small"]).vacuum(
        retention_hours=0, dry_run=False, enforce_retention_duration=False)), args.runs, setup=setup_small(True))
    if len(removed[-1]) != files:
        raise RuntimeError(f"vacuum removed {len(removed[-1])} of {files} files")
    figures.append(common.figure("table", f"vacuum {files} removed files", secs, cpu_s=cpu))
    return figures


if __name__ == "__main__":
    main()
