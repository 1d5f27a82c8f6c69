/// The source has no document for a change's id (quarantined, never dropped).
public struct MissingDocument: Error, Equatable, Sendable, CustomStringConvertible {
    public var id: String
    public var topic: ChangeTopic

    public var description: String { "source: no \(topic.rawValue) document with id \(id)" }
}
