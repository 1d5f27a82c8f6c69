/// A message whose ChangeMeta decoded, with its Kafka coordinates.
public struct RoutedChange: Sendable, Equatable {
    public var message: IncomingMessage
    public var topic: ChangeTopic
    public var change: ChangeMeta

    public init(message: IncomingMessage, topic: ChangeTopic, change: ChangeMeta) {
        self.message = message
        self.topic = topic
        self.change = change
    }
}
