"""The `kafka` suite on confluent-kafka (librdkafka): consume the N messages lake-bench produced into
topic lake-bench-<N> (4 partitions), from the beginning, and report messages/s, MB/s and CPU time.

usage: kafka_confluent.py EXPORT_DIR --rows N [--runs K] [--json FILE]   (needs SWIFTLAKE_TEST_KAFKA)
"""
import os
import resource
import sys

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

import common


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def consume_all(bootstrap, topic, n):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "lake-bench-peer", "enable.auto.commit": False,
                  "fetch.wait.max.ms": 100, "api.version.request": True})
    c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(4)])
    seen = 0
    size = 0
    idle = 0
    while seen < n:
        msgs = c.consume(num_messages=10000, timeout=1.0)
        if not msgs:
            idle += 1
            if idle > 30:
                raise RuntimeError(f"stalled at {seen} of {n}")
            continue
        idle = 0
        for m in msgs:
            if m.error():
                continue
            seen += 1
            v = m.value()
            size += len(v) if v else 0
    c.close()
    return size


def main():
    ap = common.arguments(rows_required=True)
    args = ap.parse_args()
    bootstrap = os.environ.get("SWIFTLAKE_TEST_KAFKA")
    if not bootstrap:
        print("kafka peer skipped: SWIFTLAKE_TEST_KAFKA is not set", file=sys.stderr)
        common.emit([], args.json)
        return
    topic = f"lake-bench-{args.rows}"
    sizes, cpus = [], []

    def run():
        c0 = cpu()
        sizes.append(consume_all(bootstrap, topic, args.rows))
        cpus.append(cpu() - c0)

    secs = common.measure(run, args.runs)
    best = min(secs)
    cpus = sorted(cpus)
    figures = [common.figure("kafka", f"consume {args.rows} messages", secs, messages_per_s=args.rows / best,
                             mb_per_s=sizes[-1] / 1e6 / best, cpu_s=cpus[len(cpus) // 2])]
    common.emit(figures, args.json)


if __name__ == "__main__":
    main()
