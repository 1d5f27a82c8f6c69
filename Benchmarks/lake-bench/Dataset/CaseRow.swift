/// One row of the benchmark dataset: a flattened CommCare case (../shared/docs/benchmark-dataset.md).
struct CaseRow: Equatable {
    var id: String
    var domain: String
    var type: String
    var ownerID: String
    var userID: String
    var supervisorID: String
    /// Microseconds since the Unix epoch, UTC.
    var openedOn: Int64
    var modifiedOn: Int64
    var serverModifiedOn: Int64
    var closed: Bool
    var closedOn: Int64?
    var name: String
    var externalID: String?
    /// Days since the Unix epoch: the first day of `openedOn`'s month.
    var month: Int32
    /// `case__p0` … `case__p9`.
    var p: [String]
    /// `case__n0` … `case__n4`.
    var n: [Int64]
    /// `case__d0` … `case__d2`.
    var d: [Double]
    /// `case__t0`, `case__t1`.
    var t: [String?]
}
