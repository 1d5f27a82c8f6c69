import Codecs

/// Builds magic-2 record batches for Produce requests.
public struct RecordBatchEncoder: Sendable {
    public var compression: KafkaCompression

    public init(compression: KafkaCompression = .none) {
        self.compression = compression
    }

    /// Encodes `records` as one batch with base offset 0 (the broker assigns real offsets).
    /// `now` stands in for records without a timestamp. An idempotent producer passes its `producer` identity
    /// and the partition's next `baseSequence`; `transactional` marks records of a transaction.
    public func encode(_ records: [ProducerRecord], now: Int64, producer: ProducerIdentity? = nil,
                       baseSequence: Int32 = -1, transactional: Bool = false) throws(KafkaError) -> [UInt8] {
        guard !records.isEmpty else { throw .invalidArgument("a record batch needs at least one record") }
        guard records.count <= Int(Int32.max) else { throw .invalidArgument("too many records for one batch") }
        let timestamps = records.map { $0.timestamp ?? now }
        let baseTimestamp = timestamps[0]
        let maxTimestamp = timestamps.max() ?? baseTimestamp

        var body = WireWriter(capacity: records.reduce(0) { $0 + ($1.value?.count ?? 0) + ($1.key?.count ?? 0) + 16 })
        var scratch = WireWriter(capacity: 64)
        for (i, record) in records.enumerated() {
            scratch = WireWriter(capacity: 32 + (record.key?.count ?? 0) + (record.value?.count ?? 0))
            scratch.writeInt8(0)
            scratch.writeVarlong(timestamps[i] &- baseTimestamp)
            scratch.writeVarint(Int32(i))
            Self.writeVarintBytes(&scratch, record.key)
            Self.writeVarintBytes(&scratch, record.value)
            scratch.writeVarint(Int32(truncatingIfNeeded: record.headers.count))
            for header in record.headers {
                Self.writeVarintBytes(&scratch, Array(header.key.utf8))
                Self.writeVarintBytes(&scratch, header.value)
            }
            body.writeVarint(Int32(truncatingIfNeeded: scratch.count))
            body.writeRaw(scratch.bytes)
        }
        let payload = try compress(body.bytes)

        var batch = WireWriter(capacity: payload.count + 61)
        batch.writeInt64(0)  // base offset
        batch.writeInt32(0)  // batch length, patched below
        batch.writeInt32(-1)  // partition leader epoch
        batch.writeInt8(2)  // magic
        batch.writeUInt32(0)  // CRC, patched below
        // Attributes: codec, CreateTime, the transactional bit, never control (brokers write those).
        batch.writeInt16(compression.rawValue | (transactional ? RecordBatchDecoder.transactionalFlag : 0))
        batch.writeInt32(Int32(records.count - 1))  // last offset delta
        batch.writeInt64(baseTimestamp)
        batch.writeInt64(maxTimestamp)
        batch.writeInt64(producer?.producerID ?? -1)
        batch.writeInt16(producer?.epoch ?? -1)
        batch.writeInt32(producer == nil ? -1 : baseSequence)
        batch.writeInt32(Int32(records.count))
        batch.writeRaw(payload)
        Self.seal(&batch)
        return batch.bytes
    }

    /// Fills in the length and CRC-32C fields of a single batch whose other bytes are final
    /// (also lets tests build deliberately odd batches that still pass the checksum).
    public static func seal(_ bytes: inout [UInt8]) {
        var w = WireWriter(wrapping: bytes)
        bytes = []
        seal(&w)
        bytes = w.bytes
    }

    private static func seal(_ w: inout WireWriter) {
        guard w.count >= RecordBatchDecoder.crcCoverageStart else { return }
        w.patchInt32(Int32(truncatingIfNeeded: w.count - 12), at: 8)
        let crc = w.bytes.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[RecordBatchDecoder.crcCoverageStart...]))
        }
        w.patchInt32(Int32(bitPattern: crc), at: 17)
    }

    private static func writeVarintBytes(_ w: inout WireWriter, _ bytes: [UInt8]?) {
        guard let bytes else { return w.writeVarint(-1) }
        w.writeVarint(Int32(truncatingIfNeeded: bytes.count))
        w.writeRaw(bytes)
    }

    private func compress(_ bytes: [UInt8]) throws(KafkaError) -> [UInt8] {
        let codec = compression
        let result: Result<[UInt8], CodecError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CodecError) -> [UInt8] in
                switch codec {
                case .none: return Array(raw)
                case .gzip: return try Zlib.compress(raw, format: .gzip)
                case .snappy: return try Snappy.compress(raw)
                case .lz4: return try LZ4.compressFrame(raw)
                case .zstd: return try Zstd.compress(raw)
                }
            }
        }
        switch result {
        case let .success(out): return out
        case let .failure(error): throw .compression(error)
        }
    }
}
