"""The `columnar` suite on pyarrow's Parquet (zstd), single-threaded, on lake-bench's exported rows.

usage: columnar_pyarrow.py EXPORT_DIR [--runs K] [--json FILE]
"""
import os
import statistics
import tempfile
import time

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

import common


def measure_cpu(body, runs):
    """common.measure, also returning the CPU seconds (user+sys, time.process_time) of each timed run,
    to compare with lake-bench's cpu_s on a loaded machine."""
    cpu = []

    def timed():
        c0 = time.process_time()
        body()
        cpu.append(time.process_time() - c0)
    secs = common.measure(timed, runs)
    return secs, statistics.median(cpu[-len(secs):])


def main():
    ap = common.arguments(rows_required=False)
    args = ap.parse_args()
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    table = common.load(os.path.join(args.export_dir, "cases.ndjson"))
    sorted_table = common.load(os.path.join(args.export_dir, "cases-sorted.ndjson"))
    lo, hi = common.window(table)
    n = table.num_rows
    in_bytes = os.path.getsize(os.path.join(args.export_dir, "cases.ndjson"))
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cases.parquet")
        spath = os.path.join(tmp, "cases-sorted.parquet")

        secs, cpu = measure_cpu(lambda: pq.write_table(table, path, compression="zstd"), args.runs)
        size = os.path.getsize(path)
        figures.append(common.figure("columnar", "write", secs, rows_per_s=n / min(secs), file_bytes=size,
                                     input_mb_per_s=in_bytes / 1e6 / min(secs), cpu_s=cpu))
        # lake-bench's write figures include an fsync of the file (its writes are durable); this is the same
        # work on pyarrow's side, so that the two can be compared like for like.
        def write_durable():
            pq.write_table(table, path, compression="zstd")
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        secs, cpu = measure_cpu(write_durable, args.runs)
        figures.append(common.figure("columnar", "write (fsynced)", secs, rows_per_s=n / min(secs), cpu_s=cpu))
        pq.write_table(sorted_table, spath, compression="zstd")

        secs, cpu = measure_cpu(lambda: pq.read_table(path, use_threads=False), args.runs)
        figures.append(common.figure("columnar", "full scan", secs, rows_per_s=n / min(secs), cpu_s=cpu))
        secs = common.measure(lambda: pq.read_table(path, use_threads=True), args.runs)
        figures.append(common.figure("columnar", "full scan (multi-threaded)", secs, rows_per_s=n / min(secs)))

        lo_ts = pa.scalar(lo, pa.timestamp("us", tz="UTC"))
        hi_ts = pa.scalar(hi, pa.timestamp("us", tz="UTC"))
        cols = ["_id", "owner_id", "server_modified_on"]
        for label, p in [("unsorted", path), ("sorted", spath)]:
            def scan(p=p):
                flt = (ds.field("server_modified_on") >= lo_ts) & (ds.field("server_modified_on") < hi_ts)
                return pq.read_table(p, columns=cols, filters=flt, use_threads=False)
            rows = scan().num_rows
            secs = common.measure(scan, args.runs)
            figures.append(common.figure("columnar", f"projected+filtered scan ({label})", secs,
                                         rows_matched=rows, file_bytes=os.path.getsize(p)))
    common.emit(figures, args.json)


if __name__ == "__main__":
    main()
