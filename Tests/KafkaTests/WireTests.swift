import Testing
@testable import Kafka

/// Primitive encodings, checked against hand-computed bytes and for typed errors on bad input.
@Suite struct WireTests {
    @Test func zigzagVarintsMatchKnownBytes() throws {
        let cases: [(Int32, [UInt8])] = [(0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (63, [0x7E]),
                                         (64, [0x80, 0x01]), (150, [0xAC, 0x02]), (Int32.max, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]),
                                         (Int32.min, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])]
        for (value, bytes) in cases {
            var w = WireWriter()
            w.writeVarint(value)
            #expect(w.bytes == bytes, "\(value)")
            var r = WireReader(bytes)
            #expect(try r.readVarint() == value)
            #expect(r.isAtEnd)
        }
    }

    @Test func varlongsRoundTripAtTheEdges() throws {
        for value: Int64 in [0, -1, 1, Int64.max, Int64.min, 1_700_000_000_000, -1_700_000_000_000] {
            var w = WireWriter()
            w.writeVarlong(value)
            var r = WireReader(w.bytes)
            #expect(try r.readVarlong() == value)
            #expect(r.isAtEnd)
        }
    }

    @Test func overlongVarintsAreRejected() {
        var r = WireReader([0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: KafkaError.invalidVarint(offset: 0)) { try r.readVarint() }
        var r2 = WireReader([0x80, 0x80])
        #expect(throws: KafkaError.truncated(offset: 2, needed: 1)) { try r2.readUnsignedVarint() }
        var r3 = WireReader([UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(throws: KafkaError.invalidVarint(offset: 0)) { try r3.readUnsignedVarlong() }
    }

    @Test func classicAndCompactStringsAndBytes() throws {
        for flexible in [false, true] {
            var w = WireWriter(flexible: flexible)
            w.writeString("héllo")
            w.writeNullableString(nil)
            w.writeString("")
            w.writeNullableBytes([1, 2, 3] as [UInt8])
            w.writeNullableBytes(nil as [UInt8]?)
            w.writeArray([7, 8] as [Int32]) { w, v in w.writeInt32(v) }
            w.writeArrayCount(nil)
            w.writeEmptyTaggedFields()
            var r = WireReader(w.bytes, flexible: flexible)
            #expect(try r.readString() == "héllo")
            #expect(try r.readNullableString() == nil)
            #expect(try r.readNullableString() == "")
            #expect(try r.readNullableBytes() == [1, 2, 3])
            #expect(try r.readNullableBytes() == nil)
            #expect(try r.readArray { (r: inout WireReader) throws(KafkaError) in try r.readInt32() } == [7, 8])
            #expect(try r.readArrayCount() == nil)
            try r.skipTaggedFields()
            try r.expectEnd()
        }
        var w = WireWriter(flexible: true)
        w.writeString("ab")
        #expect(w.bytes == [0x03, 0x61, 0x62])
    }

    @Test func lengthsBeyondTheFrameAreTypedErrors() {
        var r = WireReader([0x00, 0x05, 0x61])
        #expect(throws: KafkaError.invalidLength(offset: 0, value: 5)) { try r.readString() }
        var r2 = WireReader([0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaError.invalidLength(offset: 0, value: Int(Int32.max))) { try r2.readArrayCount() }
        var r3 = WireReader([0x00, 0x01])
        #expect(throws: KafkaError.truncated(offset: 0, needed: 4)) { try r3.readInt32() }
        var r4 = WireReader([0x00, 0x02, 0xC3, 0x28])
        #expect(throws: KafkaError.invalidString(offset: 2)) { try r4.readString() }
        var r5 = WireReader([0x01, 0x00, 0x05, 0x01], flexible: true)  // one tagged field claiming 5 bytes
        #expect(throws: KafkaError.truncated(offset: 3, needed: 5)) { try r5.skipTaggedFields() }
    }

    @Test func murmur2MatchesKafkasVectors() {
        // Values from Apache Kafka's own partitioner tests.
        let vectors: [(String, Int32)] = [("21", -973_932_308), ("foobar", -790_332_482),
                                          ("a-little-bit-long-string", -985_981_536),
                                          ("a-little-bit-longer-string", -1_486_304_829),
                                          ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
                                          ("abc", 479_470_107)]
        for (text, hash) in vectors { #expect(Murmur2.hash(Array(text.utf8)) == hash, "\(text)") }
    }
}
