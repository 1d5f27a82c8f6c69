import Columnar

/// Decodes one row (column name → value) into a caller's `Decodable` type: keys are column names; integers
/// and floats convert when the value fits exactly; dates decode as day numbers or `String`, timestamps as
/// microseconds or `String`; a missing column or null decodes as nil for optionals.
public struct RowDecoder: Decoder {
    public let row: [String: Value]
    public var codingPath: [any CodingKey] = []
    public var userInfo: [CodingUserInfoKey: Any] { [:] }

    public init(row: [String: Value]) { self.row = row }

    public func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row))
    }

    public func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row decodes only as a keyed container"))
    }

    public func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row decodes only as a keyed container"))
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: [String: Value]
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { row.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { row[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Value {
        guard let v = row[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "no column '\(key.stringValue)'"))
        }
        return v
    }

    private func mismatch<T>(_ t: T.Type, _ key: Key, _ v: Value) -> DecodingError {
        .typeMismatch(t, .init(codingPath: [key], debugDescription: "column '\(key.stringValue)' holds \(v.kind) \(v)"))
    }

    func decodeNil(forKey key: Key) throws -> Bool { (row[key.stringValue] ?? .null).isNull }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        guard case let .boolean(b) = try value(key) else { throw mismatch(type, key, try value(key)) }
        return b
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let v = try value(key)
        switch v {
        case let .string(s): return s
        case .date, .timestamp: return TypeWidening.text(v)
        default: throw mismatch(type, key, v)
        }
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        let v = try value(key)
        switch v {
        case let .float64(d): return d
        case let .float32(f): return Double(f)
        case let .int32(i): return Double(i)
        case let .int64(i): return Double(i)
        default: throw mismatch(type, key, v)
        }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        let v = try value(key)
        if case let .float32(f) = v { return f }
        throw mismatch(type, key, v)
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        let v = try value(key)
        let wide: Int64?
        switch v {
        case let .int32(i), let .date(i): wide = Int64(i)
        case let .int64(i), let .timestamp(i): wide = i
        default: wide = nil
        }
        guard let wide, let out = T(exactly: wide) else { throw mismatch(type, key, v) }
        return out
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let v = try value(key)
        if T.self == [UInt8].self, case let .binary(b) = v, let out = b as? T { return out }
        throw mismatch(type, key, v)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "rows are flat"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "rows are flat"))
    }

    func superDecoder() throws -> any Decoder { RowDecoder(row: row) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(row: row) }
}
