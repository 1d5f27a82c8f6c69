/// The `commitInfo` action: provenance of a commit — what operation, with which parameters and metrics,
/// from which read version and isolation level. Readers never depend on it except for its timestamp.
public struct CommitInfo: Sendable, Hashable {
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64?
    public var operation: String?
    public var operationParameters: [String: String]
    public var readVersion: Int64?
    public var isolationLevel: String?
    public var isBlindAppend: Bool?
    public var operationMetrics: [String: String]
    public var engineInfo: String?
    public var txnId: String?

    public init(timestamp: Int64?, operation: String?, operationParameters: [String: String] = [:], readVersion: Int64? = nil,
                isolationLevel: String? = nil, isBlindAppend: Bool? = nil, operationMetrics: [String: String] = [:],
                engineInfo: String? = CommitInfo.engine, txnId: String? = nil) {
        self.timestamp = timestamp
        self.operation = operation
        self.operationParameters = operationParameters
        self.readVersion = readVersion
        self.isolationLevel = isolationLevel
        self.isBlindAppend = isBlindAppend
        self.operationMetrics = operationMetrics
        self.engineInfo = engineInfo
        self.txnId = txnId
    }

    public static let engine = "SwiftLake/0.1"

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("commitInfo", json)
        timestamp = try f.optionalInt("timestamp")
        operation = try f.optionalString("operation")
        operationParameters = try f.stringMap("operationParameters") ?? [:]
        readVersion = try f.optionalInt("readVersion")
        isolationLevel = try f.optionalString("isolationLevel")
        isBlindAppend = try f.optionalBool("isBlindAppend")
        operationMetrics = try f.stringMap("operationMetrics") ?? [:]
        engineInfo = try f.optionalString("engineInfo")
        txnId = try f.optionalString("txnId")
    }

    var json: JSONValue {
        .members([
            ("timestamp", timestamp.map(JSONValue.int)),
            ("operation", operation.map(JSONValue.string)),
            ("operationParameters", .map(operationParameters)),
            ("readVersion", readVersion.map(JSONValue.int)),
            ("isolationLevel", isolationLevel.map(JSONValue.string)),
            ("isBlindAppend", isBlindAppend.map(JSONValue.bool)),
            ("operationMetrics", .map(operationMetrics)),
            ("engineInfo", engineInfo.map(JSONValue.string)),
            ("txnId", txnId.map(JSONValue.string)),
        ])
    }
}
