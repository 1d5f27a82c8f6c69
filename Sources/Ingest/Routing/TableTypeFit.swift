import DeltaLog

/// Makes a batch's records fit the table they are merged into when a field changed JSON type in a way Delta type
/// widening has no common type for (a boolean column that now receives numbers, a date column that receives
/// integers, …): such fields are sent as text, which every column type widens to, so the MERGE widens the column
/// to `string` instead of failing. A failure would be retried forever and hold the partition back.
///
/// Widenings the table can do itself (int → double, date → timestamp, anything → string) are left to it, and so
/// are partition columns (their type is fixed at creation).
public enum TableTypeFit {
    /// `records` with every value of an irreconcilable column replaced by its text (nulls stay null).
    public static func fit(_ records: [FlatRecord], to schema: TableSchema?, partitionColumns: [String] = []) -> [FlatRecord] {
        fitted(records, to: schema, partitionColumns: partitionColumns).records
    }

    /// As `fit`, with the schema inferred over the returned records: the column batch is built from it without
    /// inferring again.
    static func fitted(_ records: [FlatRecord], to schema: TableSchema?,
                       partitionColumns: [String] = []) -> (records: [FlatRecord], inference: SchemaInference) {
        var inference = SchemaInference()
        records.forEach { inference.add($0) }
        guard let schema, !records.isEmpty else { return (records, inference) }
        var toText: [String] = []
        for (name, type) in inference.columns where !partitionColumns.contains(name) {
            guard let existing = schema.column(named: name), inference.types[name] != nil else { continue }
            if TypeWidening.common(existing.type, type.dataType) == nil { toText.append(name) }
        }
        guard !toText.isEmpty else { return (records, inference) }
        let out = records.map { record in
            var r = record
            for name in toText {
                if let value = r[name], let text = value.text { r[name] = .string(text) }
            }
            return r
        }
        var again = SchemaInference()
        out.forEach { again.add($0) }
        return (out, again)
    }
}
