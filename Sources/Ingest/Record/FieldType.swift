/// The type of a column, with the widening rules used when values of different types meet in one column.
public enum FieldType: String, Sendable, Hashable, CaseIterable {
    case bool, int64, double, string, json, timestamp, date

    /// The narrowest type that holds values of both `self` and `other`:
    /// equal types stay; int64 + double → double; date + timestamp → timestamp; any other mix → string
    /// (every value has a text form, so nothing is lost).
    public func widened(with other: FieldType) -> FieldType {
        if self == other { return self }
        switch (self, other) {
        case (.int64, .double), (.double, .int64): return .double
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        default: return .string
        }
    }
}
