/// Caches user → location and location → ancestors, so a batch costs at most two bulk lookups and usually none.
///
/// A location change (the `location` topic) invalidates every cached chain that contains the changed location,
/// which covers moves and renames of whole subtrees; user → location entries expire after `userTTL` because user
/// moves do not come through SwiftLake's topics.
public struct LocationCache: Sendable {
    /// Microseconds a user's location is trusted.
    public var userTTL: Int64
    private var users: [String: (location: String?, at: Int64)] = [:]
    private var chains: [String: [LocationNode]] = [:]

    public init(userTTLSeconds: Int = 300) {
        let (ttl, overflow) = Int64(clamping: max(userTTLSeconds, 0)).multipliedReportingOverflow(by: HQTime.microsPerSecond)
        userTTL = overflow ? Int64.max : ttl
    }

    /// The chain (root first) of each user's location; users without a known location map to `[]`.
    public mutating func chains(forUsers userIDs: [String], now: Int64,
                                directory: inout some LocationDirectory) throws(DocumentSourceError) -> [String: [LocationNode]] {
        let unique = Array(Set(userIDs))
        let stale = unique.filter { u in users[u].map { now.subtractingReportingOverflow($0.at).partialValue >= userTTL || now < $0.at } ?? true }
        if !stale.isEmpty {
            let found = try directory.userLocations(stale)
            for u in stale { users[u] = (found[u], now) }
        }
        let locations = Set(unique.compactMap { users[$0]?.location })
        let missing = locations.filter { chains[$0] == nil }
        if !missing.isEmpty {
            let found = try directory.ancestors(of: Array(missing))
            for l in missing { chains[l] = found[l] ?? [] }
        }
        var out: [String: [LocationNode]] = [:]
        for u in unique { out[u] = users[u]?.location.flatMap { chains[$0] } ?? [] }
        return out
    }

    /// Forgets every chain that contains one of `locationIDs` and every user pointing at one of them.
    public mutating func invalidate(locationIDs: some Sequence<String>) {
        let changed = Set(locationIDs)
        guard !changed.isEmpty else { return }
        chains = chains.filter { key, chain in !changed.contains(key) && !chain.contains { changed.contains($0.locationID) } }
        users = users.filter { _, entry in entry.location.map { !changed.contains($0) } ?? true }
    }

    /// Number of cached location chains.
    public var cachedChains: Int { chains.count }
}
