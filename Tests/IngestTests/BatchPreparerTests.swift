import Kafka

import Testing
@testable import Ingest

@Suite struct BatchPreparerTests {
    static let x1 = "http://openrosa.org/formdesigner/X1"

    static func line(_ id: String, topic: String = "form-sql", partition: Int = 0, type: String = "XFormInstance",
                     subtype: String? = x1, deletion: Bool = false, document: String?) -> String {
        let sub = subtype.map { "\"\($0)\"" } ?? "null"
        let change = #"{"document_id": "\#(id)", "document_type": "\#(type)", "document_subtype": \#(sub), "domain": "d", "is_deletion": \#(deletion)}"#
        return #"{"kind": "change", "topic": "\#(topic)", "partition": \#(partition), "change": \#(change)\#(document.map { ", \"document\": \($0)" } ?? "")}"#
    }

    static let feed = [
        #"{"kind": "location", "location_id": "st1", "type": "state", "name": "S1"}"#,
        #"{"kind": "location", "location_id": "sup1", "type": "supervisor", "parent_id": "st1"}"#,
        #"{"kind": "location", "location_id": "sup2", "type": "supervisor", "parent_id": "st1"}"#,
        #"{"kind": "location", "location_id": "flwc1", "type": "flwc", "parent_id": "sup1"}"#,
        #"{"kind": "user", "user_id": "u1", "location_id": "flwc1"}"#,
        line("f1", document: #"{"_id": "f1", "form": {"meta": {"userID": "u1", "timeEnd": "2021-03-01T10:14:02.118Z"}}}"#),
        line("f2", partition: 1, document: nil),
        line("f3", document: #"{"_id": "f3", "a": {"b": 1}, "a__b": 2}"#),
        line("f1", partition: 1, document: #"{"_id": "f1", "v": 2, "form": {"meta": {"userID": "u1"}}}"#),
        line("sup1", topic: "location", type: "Location", subtype: nil, document: nil),
        line("gone", topic: "location", type: "Location", subtype: nil, deletion: true, document: nil),
    ].joined(separator: "\n")

    @Test func upsertGroupBecomesRecordsQuarantineAndOffsets() throws {
        let feed = try ReplayFeed(jsonl: Self.feed)
        let plan = BatchRouter().route(feed.messages, now: 0)
        #expect(plan.upserts.count == 1)
        var source = feed.source
        var directory = feed.directory
        var pipeline = TransformPipeline()
        let prepared = try BatchPreparer.prepare(plan.upserts[0], source: &source, pipeline: &pipeline, directory: &directory, now: 42)
        #expect(prepared.records.count == 1)
        #expect(prepared.records[0]["_id"] == .string("f1") && prepared.records[0]["v"] == .int64(2))
        #expect(prepared.records[0]["supervisor_id"] == .string("sup1"))
        #expect(prepared.quarantined.map(\.kind) == [.missingDocument, .transformFailed])
        #expect(prepared.quarantined.map(\.offset) == [0, 1])
        #expect(prepared.quarantined[0].partition == 1 && prepared.quarantined[0].time == 42)
        #expect(prepared.quarantined[1].rawValue.map { String(decoding: $0, as: UTF8.self) } == #"{"_id":"f3","a":{"b":1},"a__b":2}"#)
        #expect(prepared.nextOffsets == [TopicPartition("form-sql", 0): 2,
                                         TopicPartition("form-sql", 1): 2])
    }

    @Test func locationChangesRebuildTheSubtree() throws {
        let feed = try ReplayFeed(jsonl: Self.feed)
        let plan = BatchRouter().route(feed.messages, now: 0)
        var directory = feed.directory
        var pipeline = TransformPipeline()
        let prepared = try BatchPreparer.prepareLocations(plan.locationChanges[0], pipeline: &pipeline, directory: &directory, now: 0)
        #expect(Set(prepared.rows.compactMap { $0["_id"]?.text }) == ["sup1", "flwc1"])
        let flwc = prepared.rows.first { $0["_id"] == .string("flwc1") }
        #expect(flwc?["supervisor_id"] == .string("sup1") && flwc?["state_name"] == .string("S1"))
        #expect(prepared.deletedIDs == ["gone"])
        #expect(prepared.nextOffsets == [TopicPartition("location", 0): 2])
    }
}
