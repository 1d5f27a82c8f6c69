/// One Kafka request type: its API key, the versions this client implements, and how to encode the request
/// body and decode the response body at a negotiated version.
public protocol KafkaRequest: Sendable {
    associatedtype Response: Sendable
    static var apiKey: ApiKey { get }
    /// The versions implemented here; the connection picks the highest one the broker also supports.
    static var versions: ClosedRange<Int16> { get }
    /// The first flexible version (compact encodings, tagged fields, request header v2, response header v1).
    static var firstFlexibleVersion: Int16 { get }
    /// Whether the broker answers at all (Produce with acks=0 gets no answer from Apache Kafka).
    var expectsResponse: Bool { get }
    func encode(into writer: inout WireWriter, version: Int16)
    static func decodeResponse(_ reader: inout WireReader, version: Int16) throws(KafkaError) -> Response
}

extension KafkaRequest {
    public var expectsResponse: Bool { true }

    static func isFlexible(_ version: Int16) -> Bool { version >= firstFlexibleVersion }

    /// Whether the response header carries tagged fields. ApiVersions never does, so that a client can read
    /// the error of an ApiVersions answer whatever version it asked for.
    static func responseHeaderIsFlexible(_ version: Int16) -> Bool {
        apiKey != .apiVersions && isFlexible(version)
    }

    /// The whole request frame: size prefix, header (v1, or v2 when flexible) and body.
    public func frame(version: Int16, correlationID: Int32, clientID: String?) -> [UInt8] {
        var w = WireWriter(capacity: 128)
        w.writeInt32(0)
        w.writeInt16(Self.apiKey.rawValue)
        w.writeInt16(version)
        w.writeInt32(correlationID)
        w.writeNullableString(clientID)  // always a classic string, even in header v2
        w.flexible = Self.isFlexible(version)
        w.writeEmptyTaggedFields()
        encode(into: &w, version: version)
        w.patchInt32(Int32(truncatingIfNeeded: w.count - 4), at: 0)
        return w.bytes
    }

    /// Decodes a response frame (without its size prefix); returns its correlation id and body.
    public static func decodeResponseFrame(_ frame: [UInt8], version: Int16) throws(KafkaError) -> (Int32, Response) {
        var r = WireReader(frame, flexible: false)
        let correlationID = try r.readInt32()
        r.flexible = responseHeaderIsFlexible(version)
        try r.skipTaggedFields()
        r.flexible = isFlexible(version)
        let response = try decodeResponse(&r, version: version)
        return (correlationID, response)
    }
}
