#if canImport(Glibc)
import Glibc
#endif

/// Large decode outputs (a row group's values, offsets and string bytes: megabytes each) are written once, front
/// to back, into memory the process has never touched, so a full scan spends much of its time in page faults,
/// one per 4 KiB. Where the kernel offers transparent huge pages on request (Linux `madvise` mode), asking for
/// them on such a buffer before writing it takes one fault per 2 MiB instead.
enum HugePageAdvice {
    /// Buffers smaller than this are left alone (no 2 MiB-aligned range of them would be worth a huge page).
    static let minimumBytes = 2 << 20
    static let hugePageBytes = 2 << 20
}

extension Array where Element: BitwiseCopyable {
    /// Reserves room for `capacity` elements and asks for huge pages on every whole 2 MiB-aligned range of the
    /// buffer (only advice: memory stays unpopulated until written, and nothing changes where the kernel declines).
    mutating func reserveForDecoding(_ capacity: Int) {
        reserveCapacity(capacity)
        #if os(Linux)
        let bytes = self.capacity * MemoryLayout<Element>.stride
        guard bytes >= HugePageAdvice.minimumBytes else { return }
        withUnsafeMutableBufferPointer { buf in
            // The storage's start even while the array is empty (capacity was reserved just above).
            guard let base = buf.baseAddress else { return }
            let page = HugePageAdvice.hugePageBytes
            let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
            let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        }
        #endif
    }
}
