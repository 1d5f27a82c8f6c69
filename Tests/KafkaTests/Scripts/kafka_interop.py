#!/usr/bin/env python3
"""confluent-kafka as a third-party client for the Swift Kafka tests.

  produce BOOTSTRAP TOPIC CODEC COUNT   write records 0..COUNT-1 (see record()) to partition 0
  consume BOOTSTRAP TOPIC COUNT         read COUNT records of partition 0 from offset 0, print JSON lines

The record formula must match InteropTests.record(_:) on the Swift side.
"""
import json
import sys

from confluent_kafka import Consumer, Producer, TopicPartition


def record(i):
    key = None if i % 7 == 0 else f"key-{i}".encode()
    if i % 11 == 0:
        value = None
    elif i % 13 == 0:
        value = b""
    else:
        value = (f"value-{i}-" * (i % 5 + 1)).encode()
    headers = [("idx", str(i).encode()), ("null", None)] if i % 2 == 0 else []
    return key, value, headers, 1_700_000_000_000 + i


def produce(bootstrap, topic, codec, count):
    p = Producer({"bootstrap.servers": bootstrap, "compression.type": codec, "linger.ms": 50,
                  "enable.idempotence": False, "acks": "all"})
    errors = []
    for i in range(count):
        key, value, headers, ts = record(i)
        p.produce(topic, value=value, key=key, headers=headers, partition=0, timestamp=ts,
                  on_delivery=lambda err, msg: errors.append(err) if err else None)
    left = p.flush(30)
    if left or errors:
        sys.exit(f"produce failed: {left} undelivered, errors {errors[:3]}")


def consume(bootstrap, topic, count):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "interop-" + topic, "enable.auto.commit": False,
                  "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(topic, 0, 0)])
    got = 0
    idle = 0
    while got < count and idle < 40:
        msg = c.poll(0.5)
        if msg is None:
            idle += 1
            continue
        if msg.error():
            sys.exit(f"consume error: {msg.error()}")
        idle = 0
        key, value = msg.key(), msg.value()
        headers = [[k, None if v is None else v.hex()] for k, v in (msg.headers() or [])]
        print(json.dumps({"offset": msg.offset(), "key": None if key is None else key.hex(),
                          "value": None if value is None else value.hex(), "headers": headers,
                          "timestamp": msg.timestamp()[1]}))
        got += 1
    c.close()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "produce":
        produce(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif cmd == "consume":
        consume(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(f"unknown command {cmd}")
