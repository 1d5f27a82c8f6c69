import Testing
import TestSupport
@testable import Kafka

/// Read-committed consumption: aborted transactions listed in a fetch response are skipped up to their abort
/// markers, control batches never reach the caller, and the position still moves past all of them.
@Suite struct ReadCommittedTests {
    static let aborted: Int64 = 7
    static let committed: Int64 = 8

    /// A batch at `base` with one record per value; `producer` nil = not transactional.
    static func batch(at base: Int64, _ values: [String], producer: Int64? = nil,
                      compression: KafkaCompression = .none) throws -> [UInt8] {
        let records = values.map { ProducerRecord(key: nil, value: Array($0.utf8), timestamp: 1_700_000_000_000) }
        var bytes = try RecordBatchEncoder(compression: compression).encode(
            records, now: 0, producer: producer.map { ProducerIdentity(producerID: $0, epoch: 0) },
            baseSequence: 0, transactional: producer != nil)
        bytes.replaceSubrange(0..<8, with: withUnsafeBytes(of: base.bigEndian, Array.init))
        RecordBatchEncoder.seal(&bytes)
        return bytes
    }

    /// A transaction marker as a transaction coordinator writes it: key (version 0, type), value (version 0,
    /// coordinator epoch), in a batch with the transactional and control bits set.
    static func marker(at base: Int64, producer: Int64, commit: Bool) throws -> [UInt8] {
        let record = ProducerRecord(key: [0, 0, 0, commit ? 1 : 0], value: [0, 0, 0, 0, 0, 0], timestamp: 1_700_000_000_000)
        var bytes = try RecordBatchEncoder().encode([record], now: 0, producer: ProducerIdentity(producerID: producer, epoch: 0),
                                                    baseSequence: -1, transactional: true)
        bytes.replaceSubrange(0..<8, with: withUnsafeBytes(of: base.bigEndian, Array.init))
        bytes[22] |= 0x20
        RecordBatchEncoder.seal(&bytes)
        return bytes
    }

    /// Offsets 0-1 plain, 2-3 an aborted transaction of producer 7 (gzip), 4-5 a committed one of producer 8,
    /// 6 producer 7's abort marker, 7 producer 8's commit marker, 8-9 a later transaction of producer 7, 10 its commit.
    static func log() throws -> [UInt8] {
        try batch(at: 0, ["a0", "a1"]) + batch(at: 2, ["x0", "x1"], producer: aborted, compression: .gzip)
            + batch(at: 4, ["c0", "c1"], producer: committed) + marker(at: 6, producer: aborted, commit: false)
            + marker(at: 7, producer: committed, commit: true) + batch(at: 8, ["y0", "y1"], producer: aborted)
            + marker(at: 10, producer: aborted, commit: true)
    }

    /// A Fetch v12 response frame (after the size prefix) for one partition, built field by field.
    static func fetchResponse(records: [UInt8], aborted: [(Int64, Int64)], lastStable: Int64) -> [UInt8] {
        var w = WireWriter(flexible: true)
        w.writeInt32(42)  // correlation id
        w.writeEmptyTaggedFields()  // response header v1
        w.writeInt32(0)  // throttle
        w.writeInt16(0)  // error
        w.writeInt32(0)  // session id
        w.writeArrayCount(1)
        w.writeString("txn")
        w.writeArrayCount(1)
        w.writeInt32(0)  // partition
        w.writeInt16(0)  // error
        w.writeInt64(11)  // high watermark
        w.writeInt64(lastStable)
        w.writeInt64(0)  // log start
        w.writeArrayCount(aborted.count)
        for (producer, first) in aborted {
            w.writeInt64(producer)
            w.writeInt64(first)
            w.writeEmptyTaggedFields()
        }
        w.writeInt32(-1)  // preferred read replica
        w.writeBytes(records)
        w.writeEmptyTaggedFields()
        w.writeEmptyTaggedFields()
        w.writeEmptyTaggedFields()
        return w.bytes
    }

    static func values(_ records: [KafkaRecord]) -> [String] {
        records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
    }

    @Test func abortedTransactionsAndMarkersAreSkipped() throws {
        // Listed out of order, plus one that starts beyond these records: both must be handled.
        let frame = Self.fetchResponse(records: try Self.log(), aborted: [(99, 50), (Self.aborted, 2)], lastStable: 11)
        let (id, response) = try FetchRequest.decodeResponseFrame(frame, version: 12)
        #expect(id == 42)
        let p = try #require(response.topics.first?.partitions.first)
        #expect(p.lastStableOffset == 11)
        #expect(p.abortedTransactions == [.init(producerID: 99, firstOffset: 50), .init(producerID: Self.aborted, firstOffset: 2)])
        let range = try #require(p.records)

        var committed: [KafkaRecord] = []
        let summary = try RecordBatchDecoder().decode(response.frame, range: range, abortedTransactions: p.abortedTransactions,
                                                      into: &committed)
        #expect(Self.values(committed) == ["a0", "a1", "c0", "c1", "y0", "y1"])
        #expect(committed.map(\.offset) == [0, 1, 4, 5, 8, 9])
        #expect(summary.nextOffset == 11)
        #expect(summary.batches == 7)

        // Read uncommitted: every data record, aborted or not; still no control records.
        var everything: [KafkaRecord] = []
        _ = try RecordBatchDecoder().decode(response.frame, range: range, into: &everything)
        #expect(Self.values(everything) == ["a0", "a1", "x0", "x1", "c0", "c1", "y0", "y1"])

        // An empty list under read committed hides nothing but the markers.
        var none: [KafkaRecord] = []
        _ = try RecordBatchDecoder().decode(response.frame, range: range, abortedTransactions: [], into: &none)
        #expect(Self.values(none) == Self.values(everything))

        // Starting inside the log: records below the position are dropped, the aborted ones stay hidden.
        var tail: [KafkaRecord] = []
        _ = try RecordBatchDecoder().decode(response.frame, range: range, minOffset: 3,
                                            abortedTransactions: p.abortedTransactions, into: &tail)
        #expect(tail.map(\.offset) == [4, 5, 8, 9])
    }

    @Test func onlyTheAbortingProducersTransactionalBatchesAreHidden() throws {
        // Producer 7's non-transactional batch inside its aborted range is not part of the transaction.
        let records = try Self.batch(at: 0, ["x0"], producer: Self.aborted) + Self.batch(at: 1, ["plain"])
            + Self.batch(at: 2, ["c0"], producer: Self.committed) + Self.marker(at: 3, producer: Self.aborted, commit: false)
        var out: [KafkaRecord] = []
        _ = try RecordBatchDecoder().decode(records, range: 0..<records.count,
                                            abortedTransactions: [.init(producerID: Self.aborted, firstOffset: 0)], into: &out)
        #expect(Self.values(out) == ["plain", "c0"])
    }

    @Test func malformedMarkerIsATypedError() throws {
        // A control batch whose record key is one byte long: too short to hold a marker type.
        var bad = try RecordBatchEncoder().encode([ProducerRecord(key: [0], value: [0, 0, 0, 0, 0, 0], timestamp: 1_700_000_000_000)],
                                                  now: 0, producer: ProducerIdentity(producerID: Self.aborted, epoch: 0),
                                                  baseSequence: -1, transactional: true)
        bad[22] |= 0x20
        RecordBatchEncoder.seal(&bad)
        #expect(throws: KafkaError.malformedBatch(baseOffset: 0, detail: "control record without a type")) {
            var out: [KafkaRecord] = []
            _ = try RecordBatchDecoder().decode(bad, range: 0..<bad.count, abortedTransactions: [], into: &out)
        }
    }

    /// Mutations of the hand-built read-committed response: a typed error or a result, never a crash.
    @Test func mutatedReadCommittedResponsesNeverCrash() throws {
        let clean = Self.fetchResponse(records: try Self.log(), aborted: [(Self.aborted, 2)], lastStable: 11)
        var rng = SeededGenerator(seed: 0xAB07)
        var failures = 0
        for _ in 0..<3000 {
            var frame = clean
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<frame.count, using: &rng)
                if Bool.random(using: &rng) {
                    frame[at] = UInt8.random(in: 0...255, using: &rng)
                } else {
                    frame.removeSubrange(at..<min(frame.count, at + Int.random(in: 1...16, using: &rng)))
                }
                if frame.isEmpty { frame = [0] }
            }
            do {
                let (_, response) = try FetchRequest.decodeResponseFrame(frame, version: 12)
                for p in response.topics.flatMap(\.partitions) {
                    guard let range = p.records else { continue }
                    var out: [KafkaRecord] = []
                    // Re-seal damaged batches so that the record and marker parsers see the damage too.
                    var bytes = Array(response.frame[range])
                    var at = 0
                    while at + 12 <= bytes.count {
                        let length = Int(Int32(bigEndian: bytes[(at + 8)...].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
                        guard length >= 49, at + 12 + length <= bytes.count else { break }
                        var one = Array(bytes[at..<at + 12 + length])
                        RecordBatchEncoder.seal(&one)
                        bytes.replaceSubrange(at..<at + 12 + length, with: one)
                        at += 12 + length
                    }
                    _ = try RecordBatchDecoder().decode(bytes, range: 0..<bytes.count, abortedTransactions: p.abortedTransactions,
                                                        into: &out)
                }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 500)
    }

    /// Against the broker: a read-committed consumer reads ordinary records and takes the log end from the
    /// last stable offset (the test broker reports it equal to the high watermark).
    @Test func readCommittedConsumerAgainstTheBroker() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("read-committed")
        try await client.createTopic(topic, partitions: 1)
        let tp = TopicPartition(topic, 0)
        try await KafkaProducer(client: client).produce(topic: topic, partition: 0, (0..<20).map {
            ProducerRecord(key: nil, value: Array("r\($0)".utf8))
        })
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50, isolationLevel: 1))
        await consumer.assign(offsets: [tp: 0])
        let got = try await Broker.consume(consumer, count: 20)[tp] ?? []
        #expect(Self.values(got) == (0..<20).map { "r\($0)" })
        #expect(try await consumer.endOffsets([tp]) == [tp: 20])
        await client.close()
    }
}
