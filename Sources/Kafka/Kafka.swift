// The Kafka wire-protocol client. See docs/KAFKA.md.
