/// How strictly a transaction is isolated from concurrent commits.
/// - `serializable`: any concurrent data change that its reads would have seen is a conflict.
/// - `writeSerializable` (the default): concurrent blind appends are not conflicts; the result is as if the
///   appends had committed after this transaction.
public enum IsolationLevel: String, Sendable, CaseIterable {
    case serializable = "Serializable"
    case writeSerializable = "WriteSerializable"
}
