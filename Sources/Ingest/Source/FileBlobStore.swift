#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Codecs

/// HQ's filesystem blob store: blob `key` lives at `<root>/<key>`.
///
/// Keys come from the database, so they are checked before use: no absolute paths, no `..` segments, no NUL;
/// a blob larger than `maxBytes` (compressed or not) is refused rather than read into memory.
public struct FileBlobStore: BlobStore, Sendable {
    public var root: String
    public var maxBytes: Int

    public init(root: String, maxBytes: Int = 64 << 20) {
        self.root = root
        self.maxBytes = maxBytes
    }

    public func read(key: String, compressed: Bool) throws(DocumentSourceError) -> [UInt8] {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !key.utf8.contains(0),
              !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw .blob(key: key, reason: "unsafe blob key")
        }
        let raw = try readFile(root + "/" + key, key: key)
        // Gzip members start with 1f 8b; HQ marks compressed blobs by a non-null compressed_length.
        guard compressed || (raw.count > 2 && raw[0] == 0x1F && raw[1] == 0x8B) else { return raw }
        do {
            return try Zlib.decompress(raw, format: .gzip, limit: maxBytes)
        } catch {
            throw .blob(key: key, reason: "cannot decompress: \(error)")
        }
    }

    private func readFile(_ path: String, key: String) throws(DocumentSourceError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .blob(key: key, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            guard out.count <= maxBytes else { throw .blob(key: key, reason: "larger than \(maxBytes) bytes") }
            if n < chunk.count {
                if ferror(file) != 0 { throw .blob(key: key, reason: "read error") }
                return out
            }
        }
    }
}
