/// File paths in the log are URIs (RFC 2396): SwiftLake percent-encodes every byte outside the unreserved set,
/// `/` and `=` when writing, and decodes any percent-escape when reading (other writers encode less).
/// `=` stays as is because Spark and delta-rs write Hive partition directories that way, and some readers
/// (delta-rs) match a `remove` to its `add` by the path text: a `remove` of their file must spell it alike.
enum PathCoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ path: String) -> String {
        // Absolute URIs from other writers (s3://..., file:/...) were stored decoded; keep their scheme intact.
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        var inScheme = path.contains("://") || path.hasPrefix("file:")
        for b in path.utf8 {
            if inScheme {
                out.append(b)
                if b == UInt8(ascii: ":") { inScheme = false }
                continue
            }
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "="):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `decode(encode(path))` gives `path` back: `encode` keeps a URI scheme as is, so a `%` before the
    /// scheme's colon is the one thing it would not survive.
    static func roundTrips(_ path: String) -> Bool {
        guard path.utf8.contains(UInt8(ascii: "%")), path.contains("://") || path.hasPrefix("file:") else { return true }
        return !path.utf8.prefix { $0 != UInt8(ascii: ":") }.contains(UInt8(ascii: "%"))
    }

    static func decode(_ path: String) throws(ActionFieldError) -> String {
        guard path.utf8.contains(UInt8(ascii: "%")) else { return path }
        let bytes = Array(path.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) else {
                    throw ActionFieldError(detail: "invalid percent-escape in path '\(path)'")
                }
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
