import Kafka

extension IncomingMessage {
    /// The message of `record`, fetched from `topicPartition`.
    public init(_ topicPartition: TopicPartition, _ record: KafkaRecord) {
        self.init(topic: topicPartition.topic, partition: topicPartition.partition, offset: record.offset,
                  key: record.key.map(Array.init), value: record.value.map(Array.init))
    }

    /// The messages of one `KafkaConsumer.poll`, partition by partition, each in offset order.
    public static func messages(from polled: [PartitionRecords]) -> [IncomingMessage] {
        polled.flatMap { p in p.records.map { IncomingMessage(p.topicPartition, $0) } }
    }

    /// The partition the message came from.
    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }
}
