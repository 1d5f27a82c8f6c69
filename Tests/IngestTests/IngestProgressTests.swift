@testable import Kafka
import Testing
@testable import Ingest

@Suite struct IngestProgressTests {
    @Test func appIDsRoundTrip() {
        let tp = TopicPartition("case-sql", 7)
        #expect(IngestProgress.appID(tp) == "swiftlake-ingest/case-sql/7")
        #expect(IngestProgress.partition(ofAppID: IngestProgress.appID(tp)) == tp)
        #expect(IngestProgress.partition(ofAppID: "swiftlake-ingest/a/b/3") == TopicPartition("a/b", 3))
        for bad in ["other/case-sql/1", "swiftlake-ingest/case-sql/-1", "swiftlake-ingest//1", "swiftlake-ingest/x/", "swiftlake-ingest/x"] {
            #expect(IngestProgress.partition(ofAppID: bad) == nil, "\(bad)")
        }
        #expect(IngestProgress.versions(fromTxns: ["swiftlake-ingest/form-sql/0": 10, "spark-job": 3])
                == [TopicPartition("form-sql", 0): 10])
    }

    @Test func resumeFromTheSmallestCommittedOffsetAndSkipPerTable() {
        let p0 = TopicPartition("case-sql", 0), p1 = TopicPartition("case-sql", 1), p2 = TopicPartition("case-sql", 2)
        let tableA = [p0: 120, p1: 40] as [TopicPartition: Int64]
        let tableB = [p0: 100] as [TopicPartition: Int64]
        #expect(IngestProgress.resumeOffsets(for: [p0, p1, p2], tables: [tableA, tableB]) == [p0: 100, p1: 40])

        // Redelivered messages 100..<120 of partition 0: table A has them, table B does not.
        let changes = (98..<123).map { o in
            RoutedChange(message: IncomingMessage(topic: "case-sql", partition: 0, offset: Int64(o), key: nil, value: nil),
                         topic: .cases, change: ChangeMeta(documentID: "c\(o)", documentType: "CommCareCase",
                                                           documentSubtype: "t", domain: "d", isDeletion: false))
        }
        let group = ChangeGroup(key: "t", changes: changes)
        #expect(IngestProgress.unapplied(group, tableVersions: tableA).changes.map(\.message.offset) == [120, 121, 122])
        #expect(IngestProgress.unapplied(group, tableVersions: tableB).changes.first?.message.offset == 100)
        #expect(IngestProgress.unapplied(group, tableVersions: [:]).changes.count == changes.count)
    }

    @Test func kafkaRecordsBecomeMessages() {
        let polled = [PartitionRecords(topicPartition: TopicPartition("form-sql", 2),
                                       records: [KafkaRecord(offset: 5, timestamp: 0, key: [1, 2][...], value: nil),
                                                 KafkaRecord(offset: 6, timestamp: 0, key: nil, value: Array("{}".utf8)[...])],
                                       highWatermark: 7)]
        let messages = IncomingMessage.messages(from: polled)
        #expect(messages == [IncomingMessage(topic: "form-sql", partition: 2, offset: 5, key: [1, 2], value: nil),
                             IncomingMessage(topic: "form-sql", partition: 2, offset: 6, key: nil, value: Array("{}".utf8))])
        #expect(messages[0].topicPartition == TopicPartition("form-sql", 2))
    }
}
