import Columnar

/// Turns dataset rows into Columnar record batches with the documented 34-column schema.
enum CaseBatch {
    /// The dataset's schema; field ids follow column order from 1.
    static let schema: Schema = {
        var columns: [(String, DataType, Bool)] = [
            ("_id", .string, false), ("domain", .string, false), ("type", .string, false),
            ("owner_id", .string, false), ("user_id", .string, false), ("supervisor_id", .string, false),
            ("opened_on", .timestamp, false), ("modified_on", .timestamp, false), ("server_modified_on", .timestamp, false),
            ("closed", .boolean, false), ("closed_on", .timestamp, true), ("name", .string, false),
            ("external_id", .string, true), ("month", .date, false),
        ]
        columns += (0..<10).map { ("case__p\($0)", DataType.string, false) }
        columns += (0..<5).map { ("case__n\($0)", DataType.int64, false) }
        columns += (0..<3).map { ("case__d\($0)", DataType.float64, false) }
        columns += [("case__t0", .string, true), ("case__t1", .string, true)]
        do {
            return try Schema(columns: columns)
        } catch {
            // The column list is a constant of this program, not input: a failure here is a programming error.
            preconditionFailure("benchmark schema is invalid: \(error)")
        }
    }()

    /// One batch holding `rows`, in order.
    static func make<S: Sequence>(_ rows: S, capacity: Int = 0) throws -> RecordBatch where S.Element == CaseRow {
        var b = schema.fields.map { ColumnBuilder(type: $0.type, capacity: capacity) }
        for r in rows {
            try b[0].append(string: r.id); try b[1].append(string: r.domain); try b[2].append(string: r.type)
            try b[3].append(string: r.ownerID); try b[4].append(string: r.userID); try b[5].append(string: r.supervisorID)
            try b[6].append(timestamp: r.openedOn); try b[7].append(timestamp: r.modifiedOn)
            try b[8].append(timestamp: r.serverModifiedOn); try b[9].append(boolean: r.closed)
            if let c = r.closedOn { try b[10].append(timestamp: c) } else { b[10].appendNull() }
            try b[11].append(string: r.name)
            if let e = r.externalID { try b[12].append(string: e) } else { b[12].appendNull() }
            try b[13].append(date: r.month)
            for k in 0..<10 { try b[14 + k].append(string: r.p[k]) }
            for k in 0..<5 { try b[24 + k].append(int64: r.n[k]) }
            for k in 0..<3 { try b[29 + k].append(float64: r.d[k]) }
            for k in 0..<2 { if let t = r.t[k] { try b[32 + k].append(string: t) } else { b[32 + k].appendNull() } }
        }
        return try RecordBatch(schema: schema, columns: b.map { $0.finish() })
    }

    /// The whole dataset (or its sorted variant) as one batch.
    static func all(_ ds: CaseDataset, sorted: Bool = false) throws -> RecordBatch {
        if sorted { return try make(ds.sortedOrder().lazy.map { ds.row($0) }, capacity: ds.rows) }
        return try make((0..<ds.rows).lazy.map { ds.row($0) }, capacity: ds.rows)
    }
}
