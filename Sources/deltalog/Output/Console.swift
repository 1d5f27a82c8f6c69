#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard output (results) and standard error (progress and errors), unbuffered per call so
/// the two never interleave mid-line.
enum Console {
    static func out(_ text: String) { write(text + "\n", to: 1) }
    static func err(_ text: String) { write(text + "\n", to: 2) }

    /// A JSON document on one line.
    static func json(_ value: Json) { out(value.jsonText) }

    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count, let base = buf.baseAddress {
                let n = systemWrite(fd, base + offset, buf.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Whether standard error is a terminal (progress bars) rather than a file or pipe (progress lines).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
