/// A flattened, typed record: column names in first-set order, each with one `FieldValue`.
///
/// This is the output of the transform pipeline and the input of column-batch building. Lookup is a linear scan;
/// records have tens to a few hundred columns and are built once and read in order.
public struct FlatRecord: Sendable, Equatable {
    public private(set) var names: [String] = []
    public private(set) var values: [FieldValue] = []

    public init() {}

    public init(_ columns: [(String, FieldValue)]) {
        for (n, v) in columns { self[n] = v }
    }

    /// Number of columns.
    public var count: Int { names.count }

    /// Reads, replaces, appends or (with nil) removes a column.
    public subscript(name: String) -> FieldValue? {
        get {
            guard let i = names.firstIndex(of: name) else { return nil }
            return values[i]
        }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Appends a column known not to exist yet (the flattener guarantees it); O(1).
    mutating func appendUnchecked(_ name: String, _ value: FieldValue) {
        names.append(name)
        values.append(value)
    }

    /// Renames a column in place, keeping its position. Returns false if `from` is absent.
    @discardableResult
    public mutating func rename(_ from: String, to: String) -> Bool {
        guard names.contains(from) else { return false }
        if from == to { return true }
        self[to] = nil
        guard let k = names.firstIndex(of: from) else { return false }
        names[k] = to
        return true
    }

    /// Removes every column whose name satisfies `predicate`.
    public mutating func removeAll(where predicate: (String) -> Bool) {
        var keepNames: [String] = []
        var keepValues: [FieldValue] = []
        for (n, v) in zip(names, values) where !predicate(n) {
            keepNames.append(n)
            keepValues.append(v)
        }
        names = keepNames
        values = keepValues
    }

    /// The columns in order.
    public var columns: Zip2Sequence<[String], [FieldValue]> { zip(names, values) }
}
