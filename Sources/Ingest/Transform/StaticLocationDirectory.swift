/// A fixed directory, for the replay source and tests.
public struct StaticLocationDirectory: LocationDirectory, Sendable {
    public var users: [String: String]
    /// Every location by id, with its parent's id.
    public var locations: [String: (node: LocationNode, parent: String?)]
    /// Lookups served, so tests can see the cache at work.
    public private(set) var lookups = 0

    public init(users: [String: String] = [:], locations: [String: (node: LocationNode, parent: String?)] = [:]) {
        self.users = users
        self.locations = locations
    }

    public mutating func userLocations(_ userIDs: [String]) throws(DocumentSourceError) -> [String: String] {
        lookups += 1
        return userIDs.reduce(into: [:]) { out, u in if let l = users[u] { out[u] = l } }
    }

    public mutating func ancestors(of locationIDs: [String]) throws(DocumentSourceError) -> [String: [LocationNode]] {
        lookups += 1
        var out: [String: [LocationNode]] = [:]
        for id in locationIDs {
            var chain: [LocationNode] = []
            var current: String? = id
            while let c = current, let entry = locations[c], chain.count < 64 {
                chain.append(entry.node)
                current = entry.parent
            }
            if !chain.isEmpty { out[id] = chain.reversed() }
        }
        return out
    }

    public mutating func descendants(of locationIDs: [String]) throws(DocumentSourceError) -> [String] {
        lookups += 1
        var children: [String: [String]] = [:]
        for (id, entry) in locations { if let p = entry.parent { children[p, default: []].append(id) } }
        var out: [String] = []
        var seen: Set<String> = []
        var stack = locationIDs.filter { locations[$0] != nil }.reversed().map { $0 }
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            out.append(id)
            stack.append(contentsOf: (children[id] ?? []).sorted().reversed())
        }
        return out
    }
}
