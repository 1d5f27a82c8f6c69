extension ColumnType {
    /// Parses Hive's type syntax as found in `COLUMNS_V2.TYPE_NAME` (spaces tolerated, keywords in any case).
    /// `varchar(n)` and `char(n)` read as `string`; bare `decimal` is Hive's `decimal(10,0)`.
    public init(hiveName: String) throws(MetastoreError) {
        var parser = HiveTypeParser(text: hiveName)
        self = try parser.parseType(depth: 0)
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.failure("unexpected text after the type") }
    }
}

/// Recursive descent over the bytes of a Hive type name, with a nesting limit so a hostile string
/// cannot exhaust the stack.
private struct HiveTypeParser {
    static let maxDepth = 64
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { position >= bytes.count }

    func failure(_ reason: String) -> MetastoreError {
        .invalidType(text, reason: "\(reason) at offset \(position)")
    }

    mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
    }

    mutating func expect(_ c: Character) throws(MetastoreError) {
        skipSpaces()
        guard position < bytes.count, let ascii = c.asciiValue, bytes[position] == ascii else {
            throw failure("expected '\(c)'")
        }
        position += 1
    }

    mutating func peek(_ c: Character) -> Bool {
        skipSpaces()
        guard position < bytes.count, let ascii = c.asciiValue else { return false }
        return bytes[position] == ascii
    }

    mutating func word() -> String {
        skipSpaces()
        let start = position
        while position < bytes.count, isWordByte(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Struct field names may be quoted with backticks in Hive DDL output.
    mutating func fieldName() throws(MetastoreError) -> String {
        skipSpaces()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "`") else {
            let w = word()
            guard !w.isEmpty else { throw failure("expected a field name") }
            return w
        }
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "`") { position += 1 }
        guard position < bytes.count else { throw failure("unterminated quoted field name") }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return name
    }

    mutating func integer() throws(MetastoreError) -> Int {
        let w = word()
        guard w.utf8.count <= 9, let v = Int(w) else { throw failure("expected a small integer") }
        return v
    }

    mutating func parseType(depth: Int) throws(MetastoreError) -> ColumnType {
        guard depth < Self.maxDepth else { throw failure("types nested deeper than \(Self.maxDepth)") }
        let keyword = word().lowercased()
        switch keyword {
        case "boolean": return .boolean
        case "tinyint": return .byte
        case "smallint": return .short
        case "int", "integer": return .int
        case "bigint": return .long
        case "float": return .float
        case "double": return .double
        case "string": return .string
        case "binary": return .binary
        case "date": return .date
        case "timestamp": return .timestamp
        case "varchar", "char":
            try expect("(")
            _ = try integer()
            try expect(")")
            return .string
        case "decimal":
            guard peek("(") else { return .decimal(precision: 10, scale: 0) }
            try expect("(")
            let p = try integer()
            var s = 0
            if peek(",") {
                try expect(",")
                s = try integer()
            }
            try expect(")")
            return try ColumnType.decimal(p, s, source: text)
        case "array":
            try expect("<")
            let element = try parseType(depth: depth + 1)
            try expect(">")
            return .array(element: element, containsNull: true)
        case "map":
            try expect("<")
            let key = try parseType(depth: depth + 1)
            try expect(",")
            let value = try parseType(depth: depth + 1)
            try expect(">")
            return .map(key: key, value: value, valueContainsNull: true)
        case "struct":
            try expect("<")
            var fields: [CatalogColumn] = []
            if !peek(">") {
                repeat {
                    if !fields.isEmpty { try expect(",") }
                    let name = try fieldName()
                    try expect(":")
                    fields.append(.init(name: name, type: try parseType(depth: depth + 1)))
                } while peek(",")
            }
            try expect(">")
            return .struct(fields)
        case "":
            throw failure("expected a type name")
        default:
            throw failure("unknown type '\(keyword)'")
        }
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
