/// Why a Kafka message value is not a usable ChangeMeta. The message goes to quarantine with this reason.
public enum ChangeMetaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value is not valid JSON.
    case malformedJSON(JSONError)
    /// The value is JSON but not an object.
    case notAnObject(found: String)
    /// A required field is absent or null.
    case missingField(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String, found: String)
    /// A required identifier is the empty string.
    case emptyField(String)
    /// An identifier is longer than HQ allows.
    case fieldTooLong(String, length: Int, limit: Int)
    /// An identifier contains a control character.
    case controlCharacter(field: String)

    public var description: String {
        switch self {
        case let .malformedJSON(e): return "change: \(e)"
        case let .notAnObject(found): return "change: the message is a JSON \(found), not an object"
        case let .missingField(f): return "change: required field \"\(f)\" is missing or null"
        case let .wrongType(f, expected, found): return "change: field \"\(f)\" is a \(found), expected \(expected)"
        case let .emptyField(f): return "change: field \"\(f)\" is empty"
        case let .fieldTooLong(f, length, limit): return "change: field \"\(f)\" is \(length) bytes, limit \(limit)"
        case let .controlCharacter(f): return "change: field \"\(f)\" contains a control character"
        }
    }
}
