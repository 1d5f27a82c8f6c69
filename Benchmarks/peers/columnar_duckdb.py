"""The `columnar` suite's read workloads on DuckDB, over the Parquet files pyarrow writes (zstd) from lake-bench's
exported rows: full scan into an Arrow table, and `_id, owner_id, server_modified_on` in a 10% time window from
the unsorted and the sorted file. Single-threaded like the other peers (plus one multi-threaded full scan).

DuckDB's Parquet reader is built into the wheel; extension auto-install is switched off, so nothing is fetched.

usage: columnar_duckdb.py EXPORT_DIR [--runs K] [--json FILE]
"""
import datetime
import os
import tempfile

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

import common

PROJECTED = ("SELECT _id, owner_id, server_modified_on FROM read_parquet(?) "
             "WHERE server_modified_on >= ? AND server_modified_on < ?")


def connect(threads):
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "allow_community_extensions": False})
    con.execute(f"SET threads = {threads}")
    return con


def utc(micros):
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=micros)


def main():
    ap = common.arguments(rows_required=False)
    args = ap.parse_args()
    table = common.load(os.path.join(args.export_dir, "cases.ndjson"))
    sorted_table = common.load(os.path.join(args.export_dir, "cases-sorted.ndjson"))
    lo, hi = common.window(table)
    n = table.num_rows
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cases.parquet")
        spath = os.path.join(tmp, "cases-sorted.parquet")
        pq.write_table(table, path, compression="zstd")
        pq.write_table(sorted_table, spath, compression="zstd")
        del table, sorted_table

        for threads, label in [(1, "full scan"), (os.cpu_count() or 2, "full scan (multi-threaded)")]:
            con = connect(threads)

            def scan(con=con):
                t = con.sql("SELECT * FROM read_parquet(?)", params=[path]).to_arrow_table()
                if t.num_rows != n:
                    raise RuntimeError(f"duckdb read {t.num_rows} of {n} rows")
            secs = common.measure(scan, args.runs)
            figures.append(common.figure("columnar", label, secs, rows_per_s=n / min(secs)))
            con.close()

        con = connect(1)
        for label, p in [("unsorted", path), ("sorted", spath)]:
            def projected(p=p):
                return con.sql(PROJECTED, params=[p, utc(lo), utc(hi)]).to_arrow_table()
            rows = projected().num_rows
            secs = common.measure(projected, args.runs)
            figures.append(common.figure("columnar", f"projected+filtered scan ({label})", secs,
                                         rows_matched=rows, file_bytes=os.path.getsize(p)))
        con.close()
    common.emit(figures, args.json)


if __name__ == "__main__":
    pa.set_cpu_count(1)
    main()
