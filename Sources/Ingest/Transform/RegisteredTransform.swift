/// A Swift transform registered through the API, applied to flattened records before declarative transforms.
public struct RegisteredTransform: Sendable {
    public typealias Body = @Sendable (inout FlatRecord, TransformContext) throws -> Void

    public var name: String
    /// Topics it applies to; empty = all.
    public var topics: Set<ChangeTopic>
    public var body: Body

    public init(name: String, topics: Set<ChangeTopic> = [], _ body: @escaping Body) {
        self.name = name
        self.topics = topics
        self.body = body
    }
}
