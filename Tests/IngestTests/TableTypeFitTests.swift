import Columnar
import DeltaLog
import Testing
@testable import Ingest

/// Records are fitted to the table they go to: a field whose new type the column cannot widen to is sent as text,
/// widenings the table does itself and partition columns are left alone.
@Suite struct TableTypeFitTests {
    static func table() throws -> TableSchema {
        try TableSchema(Schema(columns: [("_id", .string, true), ("flag", .boolean, true), ("born", .date, true),
                                         ("n", .int64, true), ("supervisor_id", .string, true), ("day", .date, true)]))
    }

    @Test func irreconcilableFieldsBecomeText() throws {
        let records = [FlatRecord([("_id", .string("a")), ("flag", .int64(1)), ("born", .int64(20)), ("n", .double(1.5)),
                                   ("day", .int64(3))]),
                       FlatRecord([("_id", .string("b")), ("flag", .null), ("born", .null), ("n", .int64(2)),
                                   ("extra", .bool(true))])]
        let fitted = TableTypeFit.fit(records, to: try Self.table(), partitionColumns: ["day"])
        #expect(fitted[0]["flag"] == .string("1"))
        #expect(fitted[0]["born"] == .string("20"))
        #expect(fitted[1]["born"] == .null)
        #expect(fitted[1]["flag"] == .null)
        // int64 → double is the table's own widening; new columns and partition columns are untouched.
        #expect(fitted[0]["n"] == .double(1.5) && fitted[1]["n"] == .int64(2))
        #expect(fitted[1]["extra"] == .bool(true))
        #expect(fitted[0]["day"] == .int64(3))
    }

    @Test func fittingRecordsAndNewTablesAreUnchanged() throws {
        // timestamp → date column and string → int64 column are widenings the MERGE does itself; a batch mixing a
        // date with an integer is already text (`SchemaInference`), which every column widens to.
        let records = [FlatRecord([("_id", .string("a")), ("flag", .bool(true)), ("born", .timestamp(5)), ("n", .string("x"))]),
                       FlatRecord([("_id", .string("b")), ("day", .date(1)), ("born", .int64(7))])]
        #expect(TableTypeFit.fit(records, to: try Self.table()) == records)
        #expect(TableTypeFit.fit(records, to: nil) == records)
    }
}
