"""Writes Parquet fixture files with pyarrow and, next to them, expected.json: every value of every column in
a canonical text form that the Swift tests compare against exactly.

usage: make_fixtures.py OUT_DIR

Canonical forms: null -> None; booleans -> "true"/"false"; integers (also dates as days, timestamps as
microseconds, times as microseconds) -> decimal text; floats -> "f32:"/"f64:" + the IEEE bits in hex;
strings -> the string; binary -> "hex:" + hex; nested values -> parsed JSON (compared structurally).
"""
import datetime
import decimal
import json
import math
import os
import random
import struct
import sys
import uuid

import pyarrow as pa
import pyarrow.parquet as pq

N = 3000
rng = random.Random(12)


def maybe_null(values, every=7):
    return [None if i % every == 3 else v for i, v in enumerate(values)]


def base_table():
    ints = [rng.randint(-2**31, 2**31 - 1) for _ in range(N)]
    longs = [rng.randint(-2**63, 2**63 - 1) for _ in range(N)]
    sorted_longs = sorted(rng.randint(0, 10**12) for _ in range(N))
    words = ["alpha", "beta", "gamma", "delta", "épsilon", "ζeta", ""]
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    cols = {
        "b": pa.array(maybe_null([rng.random() < 0.3 for _ in range(N)]), pa.bool_()),
        "i8": pa.array(maybe_null([rng.randint(-128, 127) for _ in range(N)]), pa.int8()),
        "i16": pa.array(maybe_null([rng.randint(-32768, 32767) for _ in range(N)]), pa.int16()),
        "i32": pa.array(maybe_null(ints), pa.int32()),
        "i64": pa.array(maybe_null(longs, 5), pa.int64()),
        "i64_sorted": pa.array(sorted_longs, pa.int64()),
        "u8": pa.array([rng.randint(0, 255) for _ in range(N)], pa.uint8()),
        "u32": pa.array([rng.randint(0, 2**32 - 1) for _ in range(N)], pa.uint32()),
        "u64": pa.array([rng.randint(0, 2**63 - 1) for _ in range(N)], pa.uint64()),
        "f32": pa.array(maybe_null([rng.uniform(-1e6, 1e6) for _ in range(N)] [:N - 2] + [float("nan"), -0.0]), pa.float32()),
        "f64": pa.array(maybe_null([rng.uniform(-1e9, 1e9) for _ in range(N)][:N - 2] + [float("inf"), float("nan")]), pa.float64()),
        "s_low": pa.array(maybe_null([rng.choice(words) for _ in range(N)], 11), pa.string()),
        "s_high": pa.array(maybe_null(["id-%08d-%s" % (i * 7919 % 100000, "x" * (i % 13)) for i in range(N)]), pa.string()),
        "bin": pa.array(maybe_null([bytes(rng.getrandbits(8) for _ in range(i % 9)) for i in range(N)]), pa.binary()),
        "fixed": pa.array([bytes([i % 256, (i * 3) % 256, 7, 9]) for i in range(N)], pa.binary(4)),
        "d": pa.array(maybe_null([datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(-5000, 9000)) for _ in range(N)]), pa.date32()),
        "ts_ms": pa.array([rng.randint(0, 2 * 10**12) for _ in range(N)], pa.timestamp("ms")),
        "ts_us": pa.array(maybe_null([rng.randint(-10**15, 10**16) for _ in range(N)]), pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array([rng.randint(-10**17, 10**18) for _ in range(N)], pa.timestamp("ns")),
        "t_ms": pa.array([rng.randint(0, 86400 * 1000 - 1) for _ in range(N)], pa.time32("ms")),
        "t_us": pa.array([rng.randint(0, 86400 * 10**6 - 1) for _ in range(N)], pa.time64("us")),
        "dec9": pa.array(maybe_null([decimal.Decimal(rng.randint(-10**8, 10**8)) / 100 for _ in range(N)]), pa.decimal128(9, 2)),
        "dec18": pa.array([decimal.Decimal(rng.randint(-10**17, 10**17)) / 10**6 for _ in range(N)], pa.decimal128(18, 6)),
        "dec30": pa.array([decimal.Decimal(rng.randint(-10**14, 10**14)) / 10**3 for _ in range(N)], pa.decimal128(30, 3)),
        "h": pa.array([float(rng.randint(-2048, 2048)) / 8 for _ in range(N)], pa.float16()),
        "uuid": pa.array([bytes(rng.getrandbits(8) for _ in range(16)) for _ in range(N)], pa.binary(16)).cast(pa.uuid()),
        "js": pa.array(maybe_null(['{"k": %d}' % i for i in range(N)]), pa.json_()),
        "st": pa.array(maybe_null([{"x": i, "y": None if i % 4 == 0 else "v%d" % i} for i in range(N)]),
                       pa.struct([("x", pa.int32()), ("y", pa.string())])),
        "li": pa.array(maybe_null([list(range(i % 4)) if i % 5 else [] for i in range(N)]), pa.list_(pa.int64())),
        "lo": pa.array([[None, i] if i % 3 == 0 else [i] for i in range(N)], pa.list_(pa.int32())),
        "mp": pa.array(maybe_null([[("a", i), ("b", None)] if i % 2 else [] for i in range(N)]), pa.map_(pa.string(), pa.int32())),
        "ls": pa.array([[{"p": i, "q": [i % 100, i % 100 + 1]}] if i % 2 else None for i in range(N)],
                       pa.list_(pa.struct([("p", pa.int16()), ("q", pa.list_(pa.int8()))]))),
    }
    return pa.table(cols)


def canonical(value, typ):
    if value is None:
        return None
    if pa.types.is_boolean(typ):
        return "true" if value else "false"
    if pa.types.is_float16(typ):
        return "f32:%08x" % struct.unpack("<I", struct.pack("<f", float(value)))[0]
    if pa.types.is_float32(typ):
        return "f32:%08x" % struct.unpack("<I", struct.pack("<f", value))[0]
    if pa.types.is_float64(typ):
        return "f64:%016x" % struct.unpack("<Q", struct.pack("<d", value))[0]
    if pa.types.is_decimal(typ):
        return "f64:%016x" % struct.unpack("<Q", struct.pack("<d", float(value)))[0]
    if pa.types.is_integer(typ):
        return str(value)
    if pa.types.is_date32(typ):
        return str((value - datetime.date(1970, 1, 1)).days)
    if pa.types.is_timestamp(typ) or pa.types.is_time(typ):
        return None  # handled from the raw integers
    if isinstance(value, uuid.UUID):
        return str(value)
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return value
    if pa.types.is_binary(typ) or pa.types.is_fixed_size_binary(typ) or pa.types.is_large_binary(typ):
        return "hex:" + value.hex()
    return value


def nested_json(value, typ):
    """The JSON SwiftLake renders for a nested value, as a Python structure."""
    if value is None:
        return None
    if pa.types.is_map(typ):
        return {str(k): nested_json(v, typ.item_type) for k, v in value}
    if pa.types.is_list(typ):
        return [nested_json(v, typ.value_type) for v in value]
    if pa.types.is_struct(typ):
        return {f.name: nested_json(value[f.name], f.type) for f in typ}
    return value


def column_values(col):
    typ = col.type
    if isinstance(typ, pa.ExtensionType) and typ.extension_name == "arrow.json":
        return [v for v in col.storage.to_pylist()] if hasattr(col, "storage") else col.cast(pa.string()).to_pylist()
    if pa.types.is_timestamp(typ):
        raw = col.cast(pa.int64()).to_pylist()
        factor = {"s": 10**6, "ms": 1000, "us": 1, "ns": None}[typ.unit]
        if factor is None:
            return [None if v is None else str(v // 1000) for v in raw]
        return [None if v is None else str(v * factor) for v in raw]
    if pa.types.is_time(typ):
        raw = col.cast(pa.int64() if pa.types.is_time64(typ) else pa.int32()).to_pylist()
        factor = {"s": 10**6, "ms": 1000, "us": 1, "ns": None}[typ.unit]
        if factor is None:
            return [None if v is None else str(v // 1000) for v in raw]
        return [None if v is None else str(v * factor) for v in raw]
    if pa.types.is_struct(typ) or pa.types.is_list(typ) or pa.types.is_map(typ):
        return [{"json": nested_json(v, typ)} for v in col.to_pylist()]
    return [canonical(v, typ) for v in col.to_pylist()]


def expected(table):
    cols = {}
    for name in table.column_names:
        cols[name] = column_values(table.column(name).combine_chunks())
    return {"rows": table.num_rows, "columns": cols}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    table = base_table()
    flat = table.drop_columns(["st", "li", "lo", "mp", "ls"])
    manifest = {}

    def write(name, t, **kw):
        pq.write_table(t, os.path.join(out, name), **kw)
        manifest[name] = expected(t)

    for codec in ["none", "snappy", "gzip", "zstd", "lz4"]:
        for version in ["1.0", "2.0"]:
            write("all-%s-v%s.parquet" % (codec, version), table, compression=codec, data_page_version=version,
                  data_page_size=4096, row_group_size=1100)
    write("plain-v1.parquet", table, use_dictionary=False, data_page_version="1.0", compression="none")
    write("plain-v2.parquet", table, use_dictionary=False, data_page_version="2.0", compression="zstd")
    # A dictionary that overflows its page limit falls back to plain mid-chunk.
    write("dict-fallback.parquet", flat, dictionary_pagesize_limit=256, data_page_size=1024)
    delta_ints = {c: "DELTA_BINARY_PACKED" for c in ["i8", "i16", "i32", "i64", "i64_sorted", "u8", "u32", "u64",
                                                       "d", "ts_ms", "ts_us", "ts_ns", "t_ms", "t_us"]}
    delta_strings = {"s_low": "DELTA_LENGTH_BYTE_ARRAY", "s_high": "DELTA_BYTE_ARRAY", "bin": "DELTA_BYTE_ARRAY",
                     "js": "DELTA_LENGTH_BYTE_ARRAY"}
    split = {"f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT", "fixed": "BYTE_STREAM_SPLIT"}
    for version in ["1.0", "2.0"]:
        write("delta-v%s.parquet" % version, flat, use_dictionary=False, data_page_version=version,
              column_encoding={**delta_ints, **delta_strings, **split, "b": "RLE"}, data_page_size=2048)
    write("int96.parquet", flat.select(["ts_ms", "ts_us", "i32"]), use_deprecated_int96_timestamps=True)
    write("empty.parquet", flat.slice(0, 0))
    keyed = flat.select(["s_high", "i64", "i32", "d"]).append_column(
        "s_long", pa.array(["a fairly long key that spans more than 32 bytes #%d" % i for i in range(N)]))
    write("bloom.parquet", keyed, bloom_filter_options={"s_high": {"ndv": N, "fpp": 0.01}, "i64": True,
                                                        "s_long": {"ndv": N}, "i32": True, "d": True})
    manifest["bloom.parquet"]["bloom"] = ["s_high", "i64", "s_long", "i32", "d"]
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(manifest, f)


if __name__ == "__main__":
    main()
