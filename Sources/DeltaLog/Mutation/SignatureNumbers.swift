/// Small numbers standing for the long strings that name a table and columns in a process-wide cache's keys, so a
/// look-up per file hashes the file's path and a number instead of building and hashing a key string. A number is
/// never handed out twice: after ``forgetAll()`` the entries under old numbers are found by nothing and age out.
struct SignatureNumbers {
    private var numbers: [String: Int] = [:]
    private var next = 0
    /// Past this many signatures (a process touching very many tables) all are forgotten, so the map stays bounded.
    let limit: Int

    init(limit: Int = 4_096) { self.limit = limit }

    /// The number of `signature`.
    mutating func number(_ signature: String) -> Int {
        if let n = numbers[signature] { return n }
        if numbers.count >= limit { numbers.removeAll() }
        next += 1
        numbers[signature] = next
        return next
    }

    mutating func forgetAll() { numbers.removeAll() }
}

/// A cache key: a file's path under the number of the signature it is looked up with.
struct SignedPath: Hashable {
    let signature: Int
    let path: String
}
