#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Positional reads from a file's bytes: the reader asks only for the ranges it needs.
public protocol RandomAccessSource: Sendable {
    /// Total size in bytes.
    var size: Int { get }
    /// Exactly `count` bytes starting at `offset`; throws if the range is outside the source.
    func read(at offset: Int, count: Int) throws(ColumnarError) -> [UInt8]
    /// Fills `buffer` with the bytes starting at `offset` (a buffer the caller reuses from read to read, so that
    /// a scan does not allocate and fault in fresh memory for every chunk); throws if the range is outside the source.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ColumnarError)
}

extension RandomAccessSource {
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ColumnarError) {
        let bytes = try read(at: offset, count: buffer.count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }
}

/// A file already in memory.
public struct InMemorySource: RandomAccessSource {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var size: Int { bytes.count }

    public func read(at offset: Int, count: Int) throws(ColumnarError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw .truncated(what: "read", offset: offset, needed: count, available: max(0, bytes.count - max(offset, 0)))
        }
        return Array(bytes[offset..<(offset + count)])
    }

    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ColumnarError) {
        let count = buffer.count
        guard offset >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw .truncated(what: "read", offset: offset, needed: count, available: max(0, bytes.count - max(offset, 0)))
        }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
    }
}

/// A file on disk read with `pread`. Owns its descriptor, closed when the last copy goes away.
public final class FileSource: RandomAccessSource {
    public let path: String
    public let size: Int
    private let fd: Int32

    public init(path: String) throws(ColumnarError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = String(cString: strerror(errno))
            close(fd)
            throw .io(path: path, detail: e)
        }
        self.path = path
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    public func read(at offset: Int, count: Int) throws(ColumnarError) -> [UInt8] {
        try checkRange(offset, count)
        var failure: ColumnarError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, n in
            do throws(ColumnarError) { try read(at: offset, into: UnsafeMutableRawBufferPointer(buf)) } catch { failure = error }
            n = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return out
    }

    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ColumnarError) {
        let count = buffer.count
        try checkRange(offset, count)
        var done = 0
        while done < count {
            let r = pread(fd, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 {
                throw .io(path: path, detail: r == 0 ? "unexpected end of file at \(offset + done)" : String(cString: strerror(errno)))
            }
            done += r
        }
    }

    private func checkRange(_ offset: Int, _ count: Int) throws(ColumnarError) {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .truncated(what: "read", offset: offset, needed: count, available: max(0, size - max(offset, 0)))
        }
    }
}
