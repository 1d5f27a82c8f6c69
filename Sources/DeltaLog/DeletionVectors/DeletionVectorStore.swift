import Codecs
import Foundation

/// Reads and writes deletion vectors as the Delta protocol stores them:
/// - inline (`i`): the serialised bitmap, Z85-encoded in `pathOrInlineDv`;
/// - in a file named by a UUID (`u`): `<prefix>/deletion_vector_<uuid>.bin`, where `pathOrInlineDv` is the
///   optional prefix followed by the Z85 of the UUID's 16 bytes (20 characters);
/// - at an absolute path (`p`), accepted when it lies inside the table.
///
/// A deletion-vector file is one version byte (1), then per vector: its size (u32, big-endian), the
/// serialised bitmap, and the CRC-32 of the bitmap (big-endian). A descriptor's `offset` points at the size.
struct DeletionVectorStore {
    let storage: any Storage
    /// The table root as written in absolute (`p`) paths, to resolve them to storage paths.
    let location: String

    static let fileVersion: UInt8 = 1
    static let filePrefix = "deletion_vector_"
    /// Bitmaps up to this many bytes go inline in the log; larger ones into a file (table property
    /// `swiftlake.deletionVectors.inlineThreshold`).
    static let inlineThresholdProperty = "swiftlake.deletionVectors.inlineThreshold"
    static let defaultInlineThreshold = 1024

    /// The storage path of a file-backed deletion vector, or nil for an inline one.
    func path(of d: DeletionVectorDescriptor) throws(DeltaLogError) -> String? {
        switch d.storageType {
        case "i": return nil
        case "u":
            let text = d.pathOrInlineDv
            guard text.utf8.count >= 20 else { throw .corruptDeletionVector(path: text, detail: "the UUID needs 20 characters") }
            let prefix = String(text.dropLast(20))
            guard let raw = Z85.decode(String(text.suffix(20))), raw.count == 16 else {
                throw .corruptDeletionVector(path: text, detail: "not a Z85-encoded UUID")
            }
            let name = Self.filePrefix + Self.uuidString(raw) + ".bin"
            return prefix.isEmpty ? name : prefix + "/" + name
        case "p":
            var p = d.pathOrInlineDv
            for scheme in ["file://", "file:"] where p.hasPrefix(scheme) { p = String(p.dropFirst(scheme.count)); break }
            let root = location.hasSuffix("/") ? location : location + "/"
            guard p.hasPrefix(root) else {
                throw .corruptDeletionVector(path: d.pathOrInlineDv, detail: "absolute deletion-vector paths outside the table are not supported")
            }
            do { return try PathCoding.decode(String(p.dropFirst(root.count))) } catch {
                throw .corruptDeletionVector(path: d.pathOrInlineDv, detail: error.detail)
            }
        default:
            throw .corruptDeletionVector(path: d.pathOrInlineDv, detail: "unknown storage type '\(d.storageType)'")
        }
    }

    /// The rows `d` deletes.
    func load(_ d: DeletionVectorDescriptor) throws(DeltaLogError) -> RoaringBitmapArray {
        let bytes: [UInt8]
        let label: String
        if let path = try path(of: d) {
            label = path
            guard let offset = d.offset.map(Int.init) else { throw .corruptDeletionVector(path: path, detail: "no offset") }
            let size = Int(d.sizeInBytes)
            let framed: [UInt8]
            do { framed = try storage.read(path, range: offset..<(offset + 8 + size)) } catch {
                throw .corruptDeletionVector(path: path, detail: error.description)
            }
            let stored = Self.bigEndian(framed, 0)
            guard stored == UInt32(size) else {
                throw .corruptDeletionVector(path: path, detail: "size \(stored) at offset \(offset), descriptor says \(size)")
            }
            bytes = Array(framed[4..<(4 + size)])
            let crc = Self.bigEndian(framed, 4 + size)
            guard CRC32.checksum(bytes) == crc else { throw .corruptDeletionVector(path: path, detail: "checksum mismatch at offset \(offset)") }
        } else {
            label = "inline deletion vector"
            guard let decoded = Z85.decode(d.pathOrInlineDv, count: Int(d.sizeInBytes)) else {
                throw .corruptDeletionVector(path: label, detail: "not valid Z85 of \(d.sizeInBytes) bytes")
            }
            bytes = decoded
        }
        let bitmap: RoaringBitmapArray
        do { bitmap = try RoaringBitmapArray(serialized: bytes) } catch { throw .corruptDeletionVector(path: label, detail: error.detail) }
        guard bitmap.cardinality == d.cardinality else {
            throw .corruptDeletionVector(path: label, detail: "holds \(bitmap.cardinality) rows, descriptor says \(d.cardinality)")
        }
        return bitmap
    }

    /// Stores `bitmaps`: small ones inline, the rest together in one new deletion-vector file. Returns a
    /// descriptor per bitmap, in order.
    func store(_ bitmaps: [RoaringBitmapArray], inlineThreshold: Int) throws(DeltaLogError) -> [DeletionVectorDescriptor] {
        var out: [DeletionVectorDescriptor?] = Array(repeating: nil, count: bitmaps.count)
        var file: [UInt8] = [Self.fileVersion]
        var pending: [(Int, Int32, Int32)] = []  // index, offset, size
        for (i, b) in bitmaps.enumerated() {
            let bytes = b.serialized()
            guard let size = Int32(exactly: bytes.count) else { throw .invalidArgument("deletion vector of \(bytes.count) bytes is too large") }
            if bytes.count <= inlineThreshold {
                out[i] = DeletionVectorDescriptor(storageType: "i", pathOrInlineDv: Z85.encode(bytes), offset: nil,
                                                  sizeInBytes: size, cardinality: Int64(b.cardinality))
                continue
            }
            guard let offset = Int32(exactly: file.count) else { throw .invalidArgument("deletion-vector file exceeds 2 GiB") }
            Self.appendBigEndian(UInt32(bytes.count), to: &file)
            file.append(contentsOf: bytes)
            Self.appendBigEndian(CRC32.checksum(bytes), to: &file)
            pending.append((i, offset, size))
        }
        if !pending.isEmpty {
            let uuid = UUID()
            let raw = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            let name = Self.filePrefix + uuid.uuidString.lowercased() + ".bin"
            do { try storage.write(name, file) } catch { throw .storage(error) }
            let encoded = Z85.encode(raw)
            for (i, offset, size) in pending {
                out[i] = DeletionVectorDescriptor(storageType: "u", pathOrInlineDv: encoded, offset: offset, sizeInBytes: size,
                                                  cardinality: Int64(bitmaps[i].cardinality))
            }
        }
        return out.compactMap { $0 }
    }

    static func uuidString(_ b: [UInt8]) -> String {
        let hex = b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-" + hex[8..<10].joined()
            + "-" + hex[10..<16].joined()
    }

    /// Whether `path` (relative to the table root) names a deletion-vector file.
    static func isDeletionVectorFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasPrefix(filePrefix) && name.hasSuffix(".bin") && name.utf8.count == filePrefix.utf8.count + 36 + 4
    }

    private static func bigEndian(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(b[at + $1]) }
    }

    private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }
}
