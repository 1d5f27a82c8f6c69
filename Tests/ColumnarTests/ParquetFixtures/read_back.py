"""Reads Parquet files written by SwiftLake with pyarrow and prints, as JSON, each file's rows, schema facts
(types, field ids), statistics presence and every value in make_fixtures.py's canonical form.

usage: read_back.py FILE...
"""
import json
import sys

import pyarrow.parquet as pq

from make_fixtures import column_values


def describe(path):
    pf = pq.ParquetFile(path)
    table = pf.read()
    meta = pf.metadata
    schema = pf.schema_arrow
    fields = {}
    for i, f in enumerate(schema):
        fields[f.name] = {
            "type": str(f.type),
            "nullable": f.nullable,
            "field_id": int((f.metadata or {}).get(b"PARQUET:field_id", b"-1")),
        }
    chunks = []
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        for c in range(rg.num_columns):
            col = rg.column(c)
            stats = col.statistics
            chunks.append({
                "column": col.path_in_schema,
                "encodings": list(col.encodings),
                "compression": col.compression,
                "has_min_max": bool(stats is not None and stats.has_min_max),
                "null_count": None if stats is None else stats.null_count,
                "bloom": col.bloom_filter_offset is not None,
            })
    columns = {name: column_values(table.column(name).combine_chunks()) for name in table.column_names}
    return {"rows": table.num_rows, "row_groups": meta.num_row_groups, "fields": fields, "chunks": chunks,
            "columns": columns}


def main():
    json.dump({path: describe(path) for path in sys.argv[1:]}, sys.stdout)


if __name__ == "__main__":
    main()
