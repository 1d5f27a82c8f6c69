/// A JSON text that does not parse: what was wrong and at which byte offset of the text.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let detail: String

    public init(offset: Int, detail: String) {
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "invalid JSON at byte \(offset): \(detail)" }
}
