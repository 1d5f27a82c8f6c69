"""The `ingest` suite on a Python pipeline: a confluent-kafka consumer and deltalake (delta-rs) MERGE, on topic
lake-bench-ingest-<N>, which lake-bench produced (the identical messages SwiftLake ingests).

Per batch of B messages, what SwiftLake's IngestLoop does: decode each ChangeMeta, keep the latest message per case
id (a later deletion wins, a later save re-creates), flatten the inline documents (nested objects joined with `__`),
derive `month` from `opened_on`, group by table (domain, case type); then per table DELETE the removed ids and MERGE
the saved ones on `_id` (update when `server_modified_on` is not older, else insert), the partitions' next offsets
as Delta `txn` actions in the commit. Deletions carry no case type: they go to every table of the domain.
Both sides commit once per table per batch with every partition's txn. Differences: the peer's schema is declared,
not inferred (in its favour); it never compacts and never fsyncs.

usage: ingest_python.py EXPORT_DIR --rows N [--runs K] [--batches 500,10000] [--json FILE]  (needs SWIFTLAKE_TEST_KAFKA)
"""
import json
import os
import shutil
import sys
import tempfile
import time
import uuid

import pyarrow as pa
import pyarrow.compute as pc
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake

import common

PARTITIONS = 4
TS = ["opened_on", "modified_on", "server_modified_on", "closed_on"]


def schema():
    """The flattened case as declared columns; timestamps arrive as HQ's text and are parsed after."""
    fields = []
    for f in common.read_schema():
        if f.name == "month":
            continue
        fields.append(pa.field(f.name, pa.string() if f.name in TS else f.type))
    return pa.schema(fields)


SCHEMA = schema()


def flatten(doc, prefix="", out=None):
    out = {} if out is None else out
    for k, v in doc.items():
        name = prefix + k
        if isinstance(v, dict):
            flatten(v, name + "__", out)
        elif isinstance(v, list):
            out[name] = json.dumps(v)
        else:
            out[name] = v
    return out


def arrow_rows(docs):
    t = pa.Table.from_pylist([flatten(d) for d in docs], schema=SCHEMA)
    cols, names = [], []
    for name in t.column_names:
        col = t.column(name)
        if name in TS:
            col = col.cast(pa.timestamp("us", tz="UTC"))
        cols.append(col)
        names.append(name)
    opened = cols[names.index("opened_on")]
    month = pc.floor_temporal(opened, unit="month").cast(pa.date32())
    cols.append(month)
    names.append("month")
    return pa.Table.from_arrays(cols, names=names)


class Pipeline:
    def __init__(self, warehouse):
        self.warehouse = warehouse
        self.tables = {}  # (domain, type) -> DeltaTable
        self.commits = 0

    def path(self, domain, case_type):
        return os.path.join(self.warehouse, "commcare", domain, "case-sql", case_type)

    def process(self, messages):
        """messages: [(partition, offset, value bytes)] in offset order per partition."""
        last = {}  # case id -> (is_deletion, domain, type, document)
        nxt = {}
        for part, offset, value in messages:
            meta = json.loads(value)
            last[meta["document_id"]] = (meta["is_deletion"], meta["domain"], meta.get("document_subtype"),
                                         meta.get("document"))
            nxt[part] = max(nxt.get(part, 0), offset + 1)
        txns = [Transaction(f"swiftlake-peer/case-sql/{p}", v) for p, v in sorted(nxt.items())]
        saves, deletes = {}, {}
        for case_id, (deleted, domain, case_type, doc) in last.items():
            if deleted:
                deletes.setdefault(domain, []).append(case_id)
            else:
                saves.setdefault((domain, case_type), []).append(doc)
        touched = set(saves)
        for domain in deletes:
            base = os.path.join(self.warehouse, "commcare", domain, "case-sql")
            if os.path.isdir(base):
                touched |= {(domain, t) for t in os.listdir(base)}
        for key in sorted(touched):
            domain, case_type = key
            props = CommitProperties(app_transactions=txns)
            dt = self.tables.get(key)
            ids = deletes.get(domain, [])
            docs = saves.get(key)
            if dt is not None and ids:
                quoted = ",".join("'" + i.replace("'", "''") + "'" for i in ids)
                dt.delete(f"_id IN ({quoted})", commit_properties=None if docs else props)
                self.commits += 1
            if not docs:
                continue
            source = arrow_rows(docs)
            if dt is None:
                write_deltalake(self.path(domain, case_type), source, partition_by=["month"], commit_properties=props)
                self.tables[key] = DeltaTable(self.path(domain, case_type))
            else:
                (dt.merge(source, predicate="t._id = s._id", source_alias="s", target_alias="t", commit_properties=props)
                   .when_matched_update_all(predicate="s.server_modified_on >= t.server_modified_on")
                   .when_not_matched_insert_all()
                   .execute())
            self.commits += 1


def ingest(bootstrap, topic, n, batch, warehouse):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "lake-bench-peer-" + uuid.uuid4().hex,
                  "enable.auto.commit": False, "fetch.wait.max.ms": 100})
    c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
    pipeline = Pipeline(warehouse)
    pending, latencies = [], []
    seen, idle = 0, 0
    while seen < n:
        msgs = c.consume(num_messages=batch - len(pending), timeout=0.5)
        got = [(m.partition(), m.offset(), m.value()) for m in msgs if not m.error()]
        pending += got
        idle = 0 if got else idle + 1
        if idle > 60:
            raise RuntimeError(f"stalled at {seen + len(pending)} of {n}")
        if len(pending) < batch and seen + len(pending) < n:
            continue
        t0 = time.perf_counter()
        pipeline.process(pending)
        latencies.append(time.perf_counter() - t0)
        seen += len(pending)
        pending = []
    c.close()
    return latencies, pipeline.commits


def main():
    ap = common.arguments(rows_required=True)
    ap.add_argument("--batches", default="500,10000")
    args = ap.parse_args()
    bootstrap = os.environ.get("SWIFTLAKE_TEST_KAFKA")
    if not bootstrap:
        print("ingest peer skipped: SWIFTLAKE_TEST_KAFKA is not set", file=sys.stderr)
        common.emit([], args.json)
        return
    topic = f"lake-bench-ingest-{args.rows}"
    figures = []
    # One short warm-up, as lake-bench's ingest suite: the first 1,000 messages into a scratch warehouse.
    with tempfile.TemporaryDirectory() as tmp:
        ingest(bootstrap, topic, min(args.rows, 1000), 500, os.path.join(tmp, "w"))
    for batch in [int(b) for b in args.batches.split(",") if b]:
        latencies, commits = [], []
        with tempfile.TemporaryDirectory() as tmp:
            def run():
                warehouse = os.path.join(tmp, "w")
                shutil.rmtree(warehouse, ignore_errors=True)
                lat, com = ingest(bootstrap, topic, args.rows, batch, warehouse)
                latencies[:] = lat
                commits.append(com)
            # No warm-up run per size, as lake-bench's ingest suite: every run starts from an empty warehouse.
            secs = []
            for _ in range(max(args.runs, 1)):
                t0 = time.perf_counter()
                run()
                secs.append(time.perf_counter() - t0)
        ordered = sorted(latencies)
        pct = lambda p: ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else 0
        figures.append(common.figure("ingest", f"ingest {args.rows} records, {batch}-record batches", secs,
                                     records_per_s=args.rows / min(secs), batch_p50_ms=pct(0.5), batch_p95_ms=pct(0.95),
                                     process_s=sum(latencies),
                                     batches=len(latencies), commits=commits[-1]))
    common.emit(figures, args.json)


if __name__ == "__main__":
    main()
