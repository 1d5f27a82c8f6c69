import Columnar

extension ScanPlan {
    /// `base` reading only `files` (which must come from the same snapshot).
    init(_ base: ScanPlan, files: [AddFile]) {
        self.files = files
        outputSchema = base.outputSchema
        dataConjuncts = base.dataConjuncts
        mixedConjuncts = base.mixedConjuncts
    }
}

extension TableScan {
    /// A scan of `snapshot` limited to `files` (after the filter's own pruning), for operations that have
    /// already chosen their candidate files.
    init(table: DeltaTable, snapshot: Snapshot, columns: [String], filter: Predicate?, only files: [AddFile]) throws(DeltaLogError) {
        let full = try TableScan(table: table, snapshot: snapshot, columns: columns, filter: filter)
        let keep = Set(files.map(\.key))
        self.table = table
        self.snapshot = snapshot
        self.columns = full.columns
        self.filter = filter
        plan = ScanPlan(full.plan, files: full.plan.files.filter { keep.contains($0.key) })
    }
}

extension TableScan {
    /// A scan of exactly `files` as given (e.g. without their deletion vectors), with no filter.
    init(table: DeltaTable, snapshot: Snapshot, columns: [String], exactly files: [AddFile]) throws(DeltaLogError) {
        let full = try TableScan(table: table, snapshot: snapshot, columns: columns, filter: nil)
        self.table = table
        self.snapshot = snapshot
        self.columns = full.columns
        self.filter = nil
        plan = ScanPlan(full.plan, files: files)
    }
}
