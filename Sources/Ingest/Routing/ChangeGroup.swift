/// Changes that share a key (a table, a removal scope, a domain), in offset order.
public struct ChangeGroup<Key: Hashable & Sendable>: Sendable {
    public var key: Key
    public var changes: [RoutedChange]

    /// The distinct document ids of the group, in first-seen order (a batch may repeat an id).
    public var documentIDs: [String] {
        var seen: Set<String> = []
        return changes.compactMap { seen.insert($0.change.documentID).inserted ? $0.change.documentID : nil }
    }
}
