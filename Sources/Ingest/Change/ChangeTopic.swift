/// The HQ change-feed topics SwiftLake understands.
public enum ChangeTopic: String, Sendable, Hashable, CaseIterable, Comparable {
    case forms = "form-sql"
    case cases = "case-sql"
    case locations = "location"

    public static func < (a: ChangeTopic, b: ChangeTopic) -> Bool { a.rawValue < b.rawValue }

    /// The topic name as it appears in table names and paths (`form-sql` → `form_sql`).
    public var tableComponent: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }
}
