/// Hive's `SHOW TABLES LIKE` patterns: `*` matches any run of characters, `?` one character, and `|`
/// separates alternatives; matching ignores case. `*` alone (or an empty pattern) matches everything.
public struct NamePattern: Sendable, Hashable {
    private let alternatives: [[UInt8]]

    public init(_ pattern: String) {
        let trimmed = pattern.lowercased()
        alternatives = trimmed.isEmpty ? [[UInt8(ascii: "*")]] : trimmed.split(separator: "|", omittingEmptySubsequences: false)
            .map { Array($0.trimmingSpaces.utf8) }
    }

    public func matches(_ name: String) -> Bool {
        let n = Array(name.lowercased().utf8)
        return alternatives.contains { Self.match($0, n) }
    }

    /// Iterative wildcard matching with one backtrack point: linear in practice, no recursion.
    private static func match(_ p: [UInt8], _ n: [UInt8]) -> Bool {
        var pi = 0, ni = 0
        var star = -1, starMatch = 0
        while ni < n.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                starMatch = ni
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                starMatch += 1
                ni = starMatch
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
