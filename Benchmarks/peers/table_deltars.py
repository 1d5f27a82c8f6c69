"""The `table` suite on delta-rs (the `deltalake` package), on lake-bench's exported rows.

Workloads: create a table from all rows (one commit); open the latest snapshot of a 1,000-commit table
without and with a checkpoint; open version 500 of it.

usage: table_deltars.py EXPORT_DIR [--runs K] [--commits N] [--json FILE]
"""
import argparse
import os
import shutil
import tempfile

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

import common


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export_dir")
    ap.add_argument("--rows", type=int, help="row count (the export directory already implies it)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--commits", type=int, default=1000)
    ap.add_argument("--json")
    args = ap.parse_args()
    table = common.load(os.path.join(args.export_dir, "cases.ndjson"))
    n = table.num_rows
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "create")

        def reset():
            shutil.rmtree(path, ignore_errors=True)

        secs = common.measure(lambda: write_deltalake(path, table, mode="error"), args.runs, setup=reset)
        figures.append(common.figure("table", f"create {n}-row table", secs, rows_per_s=n / min(secs),
                                     table_bytes=common.dir_size(path)))

        # A log of many small commits: each appends 10 rows.
        log_path = os.path.join(tmp, "log")
        small = table.slice(0, min(10, n))
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
    common.emit(figures, args.json)


if __name__ == "__main__":
    main()
