import Foundation

/// Connection settings shared by consumers, producers and group members.
public struct KafkaConfig: Sendable {
    /// Bootstrap brokers as (host, port).
    public var bootstrap: [(host: String, port: Int)]
    public var clientID: String
    public var connectTimeoutMs: Int32
    /// How long a request may wait for its response (long-poll fetches and joins add their own wait).
    public var requestTimeoutMs: Int32
    /// First delay before retrying a failed connect or retriable error; doubles per failure up to the cap.
    public var retryBackoffMs: Int
    public var maxRetryBackoffMs: Int
    /// Where warnings go (offset resets, retries); stderr by default.
    public var warn: @Sendable (String) -> Void

    public init(bootstrap: [(host: String, port: Int)], clientID: String = "swiftlake",
                connectTimeoutMs: Int32 = 10_000, requestTimeoutMs: Int32 = 30_000,
                retryBackoffMs: Int = 100, maxRetryBackoffMs: Int = 5_000,
                warn: @escaping @Sendable (String) -> Void = KafkaConfig.printWarning) {
        self.bootstrap = bootstrap
        self.clientID = clientID
        self.connectTimeoutMs = connectTimeoutMs
        self.requestTimeoutMs = requestTimeoutMs
        self.retryBackoffMs = retryBackoffMs
        self.maxRetryBackoffMs = maxRetryBackoffMs
        self.warn = warn
    }

    /// Parses "host:port[,host:port...]".
    public init(bootstrap servers: String, clientID: String = "swiftlake") throws(KafkaError) {
        var list: [(host: String, port: Int)] = []
        for item in servers.split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  port > 0, port < 65_536, colon != text.startIndex else {
                throw .invalidArgument("bootstrap server '\(text)' is not host:port")
            }
            list.append((String(text[..<colon]), port))
        }
        guard !list.isEmpty else { throw .invalidArgument("no bootstrap servers") }
        self.init(bootstrap: list, clientID: clientID)
    }

    public static let printWarning: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("kafka warning: \(message)\n".utf8))
    }

    /// The backoff before attempt `failures + 1`.
    func backoffMs(failures: Int) -> Int {
        guard failures > 0 else { return 0 }
        let shift = min(failures - 1, 20)
        return min(retryBackoffMs << shift, maxRetryBackoffMs)
    }
}
