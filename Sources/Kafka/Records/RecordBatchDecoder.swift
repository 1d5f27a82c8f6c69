import Codecs

/// Decodes the RECORDS field of a fetch response: a sequence of magic-2 record batches.
///
/// Every batch's CRC-32C is verified (brokers may not check it), control batches are skipped, records below
/// `minOffset` are dropped (a fetch returns whole batches), and a trailing partial batch — which brokers may
/// send when a response is cut at its byte limit — is ignored rather than reported.
public struct RecordBatchDecoder: Sendable {
    /// The most bytes one batch may decompress to; a larger claim is treated as corrupt.
    public var maxDecompressedBatchBytes: Int

    public init(maxDecompressedBatchBytes: Int = 256 << 20) {
        self.maxDecompressedBatchBytes = maxDecompressedBatchBytes
    }

    /// What one decode produced besides the records.
    public struct Summary: Sendable, Equatable {
        /// One past the last offset of the last complete batch (control batches included), or nil if none.
        public var nextOffset: Int64?
        /// Complete batches seen.
        public var batches: Int
        /// Bytes of a trailing partial batch that were ignored.
        public var partialBytes: Int
    }

    /// Attributes bit 4: the batch belongs to a transaction.
    static let transactionalFlag: Int16 = 0x10
    /// Attributes bit 5: the batch holds a control record (a transaction's commit or abort marker).
    static let controlFlag: Int16 = 0x20

    /// Size of the batch header after the base offset and length (leader epoch through record count).
    static let headerSizeAfterLength = 49
    /// Byte offset, from the batch start, of the first byte the CRC covers (the attributes).
    static let crcCoverageStart = 21

    /// Appends the records of `buffer[range]` with offset >= `minOffset` to `records`.
    ///
    /// For a read-committed fetch pass the partition's `abortedTransactions` (an empty list included): the
    /// transactional batches of a producer from an aborted transaction's first offset up to that producer's
    /// abort marker are then skipped, as Kafka's consumers do. Nil means read uncommitted: every data batch.
    public func decode(_ buffer: [UInt8], range: Range<Int>, minOffset: Int64 = 0,
                       abortedTransactions: [FetchRequest.AbortedTransaction]? = nil,
                       into records: inout [KafkaRecord]) throws(KafkaError) -> Summary {
        var reader = WireReader(buffer, range: range)
        var summary = Summary(nextOffset: nil, batches: 0, partialBytes: 0)
        var aborts = abortedTransactions.map { AbortTracker($0) }
        while reader.remaining > 0 {
            guard reader.remaining >= 12 else {
                summary.partialBytes = reader.remaining
                break
            }
            let batchStart = reader.offset
            let baseOffset = try reader.readInt64()
            let lengthAt = reader.offset
            let batchLength = Int(try reader.readInt32())
            guard batchLength >= 0 else { throw .invalidLength(offset: lengthAt, value: batchLength) }
            guard batchLength <= reader.remaining else {
                summary.partialBytes = reader.end - batchStart
                break
            }
            let batchEnd = reader.offset + batchLength
            // Magic sits at the same position (byte 16) in every message format, so check it first.
            guard batchLength >= 5 else { throw .malformedBatch(baseOffset: baseOffset, detail: "length \(batchLength)") }
            let magic = Int8(bitPattern: buffer[batchStart + 16])
            guard magic == 2 else { throw .unsupportedMagic(baseOffset: baseOffset, magic: magic) }
            guard batchLength >= Self.headerSizeAfterLength else {
                throw .malformedBatch(baseOffset: baseOffset, detail: "length \(batchLength) is below the header size")
            }
            let header = try readHeader(buffer, start: batchStart, end: batchEnd, baseOffset: baseOffset)
            if try isAborted(header, buffer, tracker: &aborts) {
                // Rolled back: nothing to deliver, but the position moves past it.
            } else if header.isControl || header.lastOffset < minOffset || header.count == 0 {
                // Control batches carry no user records; a batch wholly below the requested offset needs no
                // decompression.
            } else {
                try decodeRecords(of: header, buffer, minOffset: minOffset, into: &records)
            }
            summary.nextOffset = header.lastOffset + 1
            summary.batches += 1
            try reader.skip(batchEnd - reader.offset)
        }
        return summary
    }

    /// Decodes every record of all batches in `buffer` (test and tool convenience).
    public func decodeAll(_ buffer: [UInt8], minOffset: Int64 = 0) throws(KafkaError) -> [KafkaRecord] {
        var records: [KafkaRecord] = []
        _ = try decode(buffer, range: 0..<buffer.count, minOffset: minOffset, into: &records)
        return records
    }

    /// The header fields of one complete batch `buffer[start..<end]`, after its CRC-32C is verified.
    private struct BatchHeader {
        var baseOffset: Int64
        var lastOffset: Int64
        var attributes: Int16
        var baseTimestamp: Int64
        var maxTimestamp: Int64
        var producerID: Int64
        var count: Int
        /// Where the (possibly compressed) records start and the batch ends.
        var payload: Range<Int>
        var isControl: Bool { attributes & RecordBatchDecoder.controlFlag != 0 }
        var isTransactional: Bool { attributes & RecordBatchDecoder.transactionalFlag != 0 }
        var timestampType: KafkaTimestampType { attributes & 0x08 != 0 ? .logAppendTime : .createTime }
    }

    private func readHeader(_ buffer: [UInt8], start: Int, end: Int, baseOffset: Int64) throws(KafkaError) -> BatchHeader {
        var header = WireReader(buffer, range: (start + 12)..<end)
        _ = try header.readInt32()  // partition leader epoch
        _ = try header.readInt8()  // magic, checked by the caller
        let storedCRC = try header.readUInt32()
        let computedCRC = buffer.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(start + Self.crcCoverageStart)..<end]))
        }
        guard storedCRC == computedCRC else {
            throw .crcMismatch(baseOffset: baseOffset, stored: storedCRC, computed: computedCRC)
        }
        let attributes = try header.readInt16()
        let lastOffsetDelta = try header.readInt32()
        let baseTimestamp = try header.readInt64()
        let maxTimestamp = try header.readInt64()
        let producerID = try header.readInt64()
        _ = try header.readInt16()  // producer epoch
        _ = try header.readInt32()  // base sequence
        let count = Int(try header.readInt32())
        guard lastOffsetDelta >= 0, count >= 0 else {
            throw .malformedBatch(baseOffset: baseOffset, detail: "last offset delta \(lastOffsetDelta), count \(count)")
        }
        let (lastOffset, overflow) = baseOffset.addingReportingOverflow(Int64(lastOffsetDelta))
        guard !overflow, baseOffset >= 0, lastOffset < Int64.max else {
            throw .malformedBatch(baseOffset: baseOffset, detail: "offsets overflow")
        }
        return BatchHeader(baseOffset: baseOffset, lastOffset: lastOffset, attributes: attributes,
                           baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp, producerID: producerID,
                           count: count, payload: header.offset..<end)
    }

    /// Which producers are inside an aborted transaction at the current batch (read committed).
    private struct AbortTracker {
        var pending: [FetchRequest.AbortedTransaction]
        var next = 0
        var aborting: Set<Int64> = []
        init(_ transactions: [FetchRequest.AbortedTransaction]) {
            pending = transactions.sorted { $0.firstOffset < $1.firstOffset }
        }
    }

    /// Whether a batch must be hidden from a read-committed consumer; updates the tracker with the aborted
    /// transactions that start at or before the batch and with abort markers.
    private func isAborted(_ header: BatchHeader, _ buffer: [UInt8], tracker: inout AbortTracker?) throws(KafkaError) -> Bool {
        guard var t = tracker else { return false }
        defer { tracker = t }
        while t.next < t.pending.count, t.pending[t.next].firstOffset <= header.lastOffset {
            t.aborting.insert(t.pending[t.next].producerID)
            t.next += 1
        }
        if header.isControl {
            // The abort marker closes the producer's aborted transaction; its later batches are a new one.
            if try controlType(of: header, buffer) == Self.abortMarker { t.aborting.remove(header.producerID) }
            return true
        }
        return header.isTransactional && t.aborting.contains(header.producerID)
    }

    /// Control record key type of an abort marker (commit is 1).
    static let abortMarker: Int16 = 0

    /// The type in a control batch's record key (version int16, type int16).
    private func controlType(of header: BatchHeader, _ buffer: [UInt8]) throws(KafkaError) -> Int16 {
        var records: [KafkaRecord] = []
        try decodeRecords(of: header, buffer, minOffset: 0, into: &records)
        guard let key = records.first?.key, key.count >= 4 else {
            throw .malformedBatch(baseOffset: header.baseOffset, detail: "control record without a type")
        }
        return Int16(bitPattern: UInt16(key[key.startIndex + 2]) << 8 | UInt16(key[key.startIndex + 3]))
    }

    private func decodeRecords(of header: BatchHeader, _ buffer: [UInt8], minOffset: Int64,
                               into records: inout [KafkaRecord]) throws(KafkaError) {
        let codecBits = Int(header.attributes & 0x07)
        guard let codec = KafkaCompression(rawValue: Int16(codecBits)) else {
            throw .unknownCodec(baseOffset: header.baseOffset, codec: codecBits)
        }
        if codec == .none {
            try decodeRecords(buffer, range: header.payload, header, minOffset: minOffset, into: &records)
        } else {
            let payload = try decompress(buffer, range: header.payload, codec: codec, baseOffset: header.baseOffset)
            try decodeRecords(payload, range: 0..<payload.count, header, minOffset: minOffset, into: &records)
        }
    }

    private func decompress(_ buffer: [UInt8], range: Range<Int>, codec: KafkaCompression,
                            baseOffset: Int64) throws(KafkaError) -> [UInt8] {
        let limit = maxDecompressedBatchBytes
        let result: Result<[UInt8], CodecError> = buffer.withUnsafeBytes { raw in
            let input = UnsafeRawBufferPointer(rebasing: raw[range])
            return Result { () throws(CodecError) -> [UInt8] in
                switch codec {
                case .none: return Array(input)
                case .gzip: return try Zlib.decompress(input, format: .gzip, limit: limit)
                case .snappy: return try Snappy.decompressFramedOrRaw(input, limit: limit)
                case .lz4: return try LZ4.decompressFrame(input, limit: limit)
                case .zstd: return try Zstd.decompressStream(input, limit: limit)
                }
            }
        }
        switch result {
        case let .success(bytes): return bytes
        case let .failure(error): throw .decompression(baseOffset: baseOffset, error)
        }
    }

    private func decodeRecords(_ buffer: [UInt8], range: Range<Int>, _ c: BatchHeader, minOffset: Int64,
                               into records: inout [KafkaRecord]) throws(KafkaError) {
        var r = WireReader(buffer, range: range)
        guard c.count <= r.remaining else {
            throw .malformedBatch(baseOffset: c.baseOffset, detail: "\(c.count) records cannot fit in \(r.remaining) bytes")
        }
        records.reserveCapacity(records.count + c.count)
        let timestampType = c.timestampType
        for _ in 0..<c.count {
            let lengthAt = r.offset
            let length = Int(try r.readVarint())
            guard length >= 0, length <= r.remaining else { throw .invalidLength(offset: lengthAt, value: length) }
            let recordEnd = r.offset + length
            _ = try r.readInt8()  // record attributes, unused
            let timestampDelta = try r.readVarlong()
            let offsetDelta = try r.readVarint()
            let key = try readVarintBytes(&r, baseOffset: c.baseOffset)
            let value = try readVarintBytes(&r, baseOffset: c.baseOffset)
            let headerCountAt = r.offset
            let headerCount = Int(try r.readVarint())
            guard headerCount >= 0, headerCount <= recordEnd - r.offset else {
                throw .invalidLength(offset: headerCountAt, value: headerCount)
            }
            var headers: [KafkaHeader] = []
            if headerCount > 0 {
                headers.reserveCapacity(headerCount)
                for _ in 0..<headerCount {
                    let keyAt = r.offset
                    guard let keyBytes = try readVarintBytes(&r, baseOffset: c.baseOffset) else {
                        throw .malformedBatch(baseOffset: c.baseOffset, detail: "null header key at \(keyAt)")
                    }
                    guard let headerKey = String(validating: keyBytes, as: UTF8.self) else { throw .invalidString(offset: keyAt) }
                    let headerValue = try readVarintBytes(&r, baseOffset: c.baseOffset).map(Array.init)
                    headers.append(KafkaHeader(key: headerKey, value: headerValue))
                }
            }
            guard r.offset == recordEnd else {
                throw .malformedBatch(baseOffset: c.baseOffset, detail: "record at \(lengthAt) does not end at its length")
            }
            let (offset, overflow) = c.baseOffset.addingReportingOverflow(Int64(offsetDelta))
            guard !overflow, offsetDelta >= 0 else {
                throw .malformedBatch(baseOffset: c.baseOffset, detail: "offset delta \(offsetDelta)")
            }
            if offset < minOffset { continue }
            let timestamp = timestampType == .logAppendTime ? c.maxTimestamp : c.baseTimestamp &+ timestampDelta
            records.append(KafkaRecord(offset: offset, timestamp: timestamp, timestampType: timestampType,
                                       key: key, value: value, headers: headers))
        }
        guard r.isAtEnd else { throw .trailingBytes(offset: r.offset, count: r.remaining) }
    }

    /// A varint length (-1 = null) followed by that many bytes.
    private func readVarintBytes(_ r: inout WireReader, baseOffset: Int64) throws(KafkaError) -> ArraySlice<UInt8>? {
        let at = r.offset
        let length = Int(try r.readVarint())
        if length == -1 { return nil }
        guard length >= 0, length <= r.remaining else { throw .invalidLength(offset: at, value: length) }
        let start = r.offset
        try r.skip(length)
        return r.buffer[start..<start + length]
    }
}
