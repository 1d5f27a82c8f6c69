import Columnar

extension TableScan {
    /// A scan of `files` of `snapshot` (in that order) that the filter's own pruning keeps, for operations that
    /// have already chosen their candidate files. It reads files this process wrote recently from
    /// ``RecentDataFiles``.
    init(table: DeltaTable, snapshot: Snapshot, columns: [String], filter: Predicate?, only files: [AddFile]) throws(DeltaLogError) {
        try self.init(table: table, snapshot: snapshot, columns: columns, filter: filter, files: files)
    }

    /// A scan of exactly `files` as given (e.g. without their deletion vectors), with no filter; reads recently
    /// written files from ``RecentDataFiles``.
    init(table: DeltaTable, snapshot: Snapshot, columns: [String], exactly files: [AddFile]) throws(DeltaLogError) {
        try self.init(table: table, snapshot: snapshot, columns: columns, filter: nil, files: files)
    }
}
