extension JSONValue {
    /// Compact JSON text: no whitespace, members in stored order, non-ASCII kept as UTF-8.
    /// Non-finite doubles, which JSON cannot express, are written as null.
    public var serialized: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d):
            if !d.isFinite {
                out.append(contentsOf: "null".utf8)
            } else if d.rounded() == d && abs(d) < 1e15 {
                // Keep a fraction so the value reads back as a double, not an integer.
                out.append(contentsOf: String(Int64(d)).utf8)
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: "\(d)".utf8)
            }
        case let .string(s): Self.writeString(s, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        // Runs of bytes that need no escape are copied at once: commit files carry every data file's statistics as
        // a JSON string inside JSON, so a commit escapes thousands of quotes.
        s.withUTF8 { bytes in
            out.append(UInt8(ascii: "\""))
            var run = 0
            for i in bytes.indices {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                run = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex.utf8Start[Int(b >> 4)])
                    out.append(hex.utf8Start[Int(b & 15)])
                }
            }
            if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
            out.append(UInt8(ascii: "\""))
        }
    }
}
