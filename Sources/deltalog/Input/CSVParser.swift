/// RFC 4180 CSV: fields separated by commas, records by LF or CRLF; a field in double quotes may hold
/// commas, newlines and doubled quotes. Works on bytes; fields are decoded as UTF-8.
struct CSVParser {
    enum Failure: Error, Equatable {
        case unterminatedQuote(line: Int)
        case quoteInsideField(line: Int)
        case invalidUTF8(line: Int)
    }

    /// Every record, with the 1-based line on which it starts.
    static func records(_ bytes: [UInt8]) throws(Failure) -> [(line: Int, fields: [String])] {
        var out: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        func finishField() throws(Failure) {
            guard let s = String(validating: field, as: UTF8.self) else { throw .invalidUTF8(line: line) }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") && field.isEmpty && !fieldStarted {
                // A quoted field runs to the next quote not followed by another quote.
                let start = line
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(bytes[i]); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    if bytes[i] == 0x0A { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                guard closed else { throw .unterminatedQuote(line: start) }
                fieldStarted = true
                if i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != 0x0A, bytes[i] != 0x0D { throw .quoteInsideField(line: line) }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                try finishField()
                fieldStarted = false
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A:
                try finishField()
                if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) { out.append((recordLine, fields)) }
                fields.removeAll()
                fieldStarted = false
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                throw .quoteInsideField(line: line)
            default:
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted {
            try finishField()
            out.append((recordLine, fields))
        }
        return out
    }
}
