/// ApiVersions (key 18): which versions of each API the broker supports. Always the first request on a
/// connection. v3+ is flexible in its body, but its response header never is.
public struct ApiVersionsRequest: KafkaRequest {
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16 = 3

    public var clientSoftwareName: String
    public var clientSoftwareVersion: String

    public init(clientSoftwareName: String = "swiftlake", clientSoftwareVersion: String = "0.1") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        /// Supported (min, max) per raw API key, including keys this client does not know.
        public var apiVersions: [Int16: ClosedRange<Int16>]
        public var throttleTimeMs: Int32
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        if version >= 3 {
            w.writeString(clientSoftwareName)
            w.writeString(clientSoftwareVersion)
            w.writeEmptyTaggedFields()
        }
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        let error = KafkaErrorCode(rawValue: try r.readInt16())
        var table: [Int16: ClosedRange<Int16>] = [:]
        let entries = try r.readArray { (r: inout WireReader) throws(KafkaError) -> (Int16, Int16, Int16) in
            let key = try r.readInt16()
            let lo = try r.readInt16()
            let hi = try r.readInt16()
            try r.skipTaggedFields()
            return (key, lo, hi)
        }
        for (key, lo, hi) in entries where lo <= hi { table[key] = lo...hi }
        // A broker that rejects our version answers in v0 layout (no throttle field).
        let throttle = version >= 1 && r.remaining >= 4 ? try r.readInt32() : 0
        if version >= 3 && r.remaining > 0 { try r.skipTaggedFields() }
        return Response(errorCode: error, apiVersions: table, throttleTimeMs: throttle)
    }
}
