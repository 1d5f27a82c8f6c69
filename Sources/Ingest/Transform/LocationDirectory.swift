/// Where user and location facts come from (the HQ database in production, a fixture in tests).
public protocol LocationDirectory {
    /// The primary location of each user that has one (users without one are absent).
    mutating func userLocations(_ userIDs: [String]) throws(DocumentSourceError) -> [String: String]
    /// For each location: its chain of ancestors, root first, ending with the location itself.
    mutating func ancestors(of locationIDs: [String]) throws(DocumentSourceError) -> [String: [LocationNode]]
    /// Every location in the subtrees of `locationIDs`, the given ones included (unknown ids are left out).
    mutating func descendants(of locationIDs: [String]) throws(DocumentSourceError) -> [String]
    /// Takes in one domain's location changes (offset order) before their hierarchy rows are built: a directory
    /// that learns locations from the messages themselves (inline mode) records the documents they carry and
    /// forgets deleted subtrees. Returns the saved locations whose message carries no usable document, with why
    /// (they are quarantined). Directories that read a database ignore the changes (the default).
    mutating func absorb(_ changes: [RoutedChange], domain: String) throws(DocumentSourceError) -> [String: DocumentSourceError]
}

extension LocationDirectory {
    public mutating func absorb(_ changes: [RoutedChange], domain: String) throws(DocumentSourceError) -> [String: DocumentSourceError] {
        [:]
    }
}
