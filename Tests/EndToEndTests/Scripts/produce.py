#!/usr/bin/env python3
"""Produces messages with confluent-kafka (librdkafka), the third-party client of the end-to-end tests.

usage: produce.py BOOTSTRAP INPUT.jsonl
Each input line: {"topic": ..., "partition": n, "key": hex|null, "value": hex|null}. Messages are produced in
order to the given partitions (one in flight at a time, so per-partition order holds even on retries); prints the
offset of each, one per line, in input order.
"""
import json
import sys

from confluent_kafka import Producer


def main():
    bootstrap, path = sys.argv[1], sys.argv[2]
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": False, "linger.ms": 5,
                         "max.in.flight.requests.per.connection": 1, "compression.type": "lz4"})
    messages = [json.loads(line) for line in open(path) if line.strip()]
    offsets = [None] * len(messages)
    errors = []

    def delivered(index):
        def callback(err, msg):
            if err is not None:
                errors.append(str(err))
            else:
                offsets[index] = msg.offset()
        return callback

    for i, m in enumerate(messages):
        key = bytes.fromhex(m["key"]) if m["key"] is not None else None
        value = bytes.fromhex(m["value"]) if m["value"] is not None else None
        producer.produce(m["topic"], value=value, key=key, partition=m["partition"], on_delivery=delivered(i))
        producer.poll(0)
    if producer.flush(30) != 0:
        sys.exit("flush timed out")
    if errors:
        sys.exit(f"delivery failed: {errors[0]}")
    if any(o is None for o in offsets):
        sys.exit("some messages were not acknowledged")
    print("\n".join(str(o) for o in offsets))


if __name__ == "__main__":
    main()
