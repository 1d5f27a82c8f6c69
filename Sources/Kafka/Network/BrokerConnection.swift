import Foundation

/// One TCP connection to one broker, with any number of requests in flight.
///
/// Requests are written in order under a lock and matched to responses by correlation id on a dedicated
/// reader thread, so concurrent callers pipeline on the one connection. The first request is always
/// ApiVersions; every later request uses the highest version both sides implement, and a request the
/// broker supports in no implemented version fails before anything is sent (some brokers drop the
/// connection rather than answer an unsupported version).
///
/// A request that outlives its timeout fails with ``KafkaError/requestTimedOut(api:broker:)`` and closes the
/// connection, because its late answer would otherwise be indistinguishable from a fresh one.
public final class BrokerConnection: @unchecked Sendable {
    public let host: String
    public let port: Int
    public let clientID: String
    public var name: String { "\(host):\(port)" }

    /// Bounds a single response frame; a larger size prefix is treated as a broken stream.
    static let maxFrameBytes = 512 << 20

    private let fd: Int32
    private let lock = NSLock()
    private let writeLock = NSLock()
    private var nextCorrelationID: Int32 = 1
    private var pending: [Int32: Pending] = [:]
    private var failure: KafkaError?
    private var apiVersions: [Int16: ClosedRange<Int16>] = [:]
    private var lostResponses: [ApiKey: Int] = [:]
    private let requestTimeoutMs: Int32

    private struct Pending {
        var continuation: CheckedContinuation<Result<[UInt8], KafkaError>, Never>
        var deadline: UInt64
        var api: ApiKey
    }

    /// Connects and performs the ApiVersions handshake.
    public static func connect(host: String, port: Int, clientID: String = "swiftlake",
                               connectTimeoutMs: Int32 = 10_000, requestTimeoutMs: Int32 = 30_000) async throws(KafkaError) -> BrokerConnection {
        // Brokers that reject ApiVersions v3 either answer error 35 in v0 layout (Apache Kafka) or close the
        // connection (some others); the second attempt then asks in v0, which every broker supports.
        for version in [ApiVersionsRequest.versions.upperBound, 0] {
            let fd = try Socket.connect(host: host, port: port, timeoutMs: connectTimeoutMs)
            let connection = BrokerConnection(fd: fd, host: host, port: port, clientID: clientID,
                                              requestTimeoutMs: requestTimeoutMs)
            do {
                let table = try await connection.handshake(version: version)
                connection.lock.withLock { connection.apiVersions = table }
                return connection
            } catch where version != 0 {
                connection.close()
                continue
            } catch {
                connection.close()
                throw error
            }
        }
        throw .connectionClosed(broker: "\(host):\(port)", detail: "ApiVersions handshake failed")
    }

    private init(fd: Int32, host: String, port: Int, clientID: String, requestTimeoutMs: Int32) {
        self.fd = fd
        self.host = host
        self.port = port
        self.clientID = clientID
        self.requestTimeoutMs = requestTimeoutMs
        let thread = Thread { [self] in readLoop() }
        thread.name = "kafka-reader-\(host):\(port)"
        thread.start()
    }

    private func handshake(version: Int16) async throws(KafkaError) -> [Int16: ClosedRange<Int16>] {
        let request = ApiVersionsRequest()
        let frame = try await roundTrip(request, version: version, timeoutMs: requestTimeoutMs)
        let response = try ApiVersionsRequest.decodeResponseFrame(frame, version: version).1
        guard response.errorCode == .none else {
            throw .broker(response.errorCode, api: .apiVersions, context: "handshake")
        }
        return response.apiVersions
    }

    /// Whether the connection can still carry requests.
    public var isOpen: Bool { lock.withLock { failure == nil } }

    /// The version of `R` that will be used, or nil if the broker supports none that is implemented.
    public func version<R: KafkaRequest>(for _: R.Type) -> Int16? {
        guard let broker = lock.withLock({ apiVersions[R.apiKey.rawValue] }) else { return nil }
        let hi = min(broker.upperBound, R.versions.upperBound)
        let lo = max(broker.lowerBound, R.versions.lowerBound)
        return lo <= hi ? hi : nil
    }

    /// Sends `request` at the negotiated version and decodes its response. `timeoutMs` bounds the wait for the
    /// answer (defaults to the connection's request timeout). Requests that expect no response (acks=0
    /// Produce) return nil as soon as they are written.
    @discardableResult
    public func send<R: KafkaRequest>(_ request: R, timeoutMs: Int32? = nil) async throws(KafkaError) -> R.Response? {
        guard let version = version(for: R.self) else {
            let range = lock.withLock { apiVersions[R.apiKey.rawValue] } ?? -1...(-1)
            throw .unsupportedVersion(api: R.apiKey, brokerMin: range.lowerBound, brokerMax: range.upperBound)
        }
        guard request.expectsResponse else {
            try write(request, version: version)
            return nil
        }
        let frame = try await roundTrip(request, version: version, timeoutMs: timeoutMs ?? requestTimeoutMs)
        return try R.decodeResponseFrame(frame, version: version).1
    }

    /// `send` for requests that always get a response.
    public func request<R: KafkaRequest>(_ request: R, timeoutMs: Int32? = nil) async throws(KafkaError) -> R.Response {
        guard let response = try await send(request, timeoutMs: timeoutMs) else {
            throw .invalidArgument("\(R.apiKey) request expects no response")
        }
        return response
    }

    private func write<R: KafkaRequest>(_ request: R, version: Int16) throws(KafkaError) {
        let id = lock.withLock { () -> Int32 in
            defer { nextCorrelationID = nextCorrelationID == Int32.max ? 1 : nextCorrelationID + 1 }
            return nextCorrelationID
        }
        try writeFrame(request.frame(version: version, correlationID: id, clientID: clientID))
    }

    private func writeFrame(_ frame: [UInt8]) throws(KafkaError) {
        let err: Int32? = writeLock.withLock {
            lock.withLock { failure } == nil ? Socket.sendAll(fd, frame) : EPIPE
        }
        if let err {
            let error = KafkaError.connectionClosed(broker: name, detail: "send failed (errno \(err))")
            fail(error)
            throw error
        }
    }

    private func roundTrip<R: KafkaRequest>(_ request: R, version: Int16, timeoutMs: Int32) async throws(KafkaError) -> [UInt8] {
        let deadline = Socket.nowNanos() &+ UInt64(max(timeoutMs, 1)) &* 1_000_000
        let result: Result<[UInt8], KafkaError> = await withCheckedContinuation { continuation in
            // Register and write under the write lock so correlation ids reach the wire in order.
            writeLock.lock()
            let id: Int32? = lock.withLock {
                if failure != nil { return nil }
                let id = nextCorrelationID
                nextCorrelationID = nextCorrelationID == Int32.max ? 1 : nextCorrelationID + 1
                pending[id] = Pending(continuation: continuation, deadline: deadline, api: R.apiKey)
                return id
            }
            guard let id else {
                writeLock.unlock()
                continuation.resume(returning: .failure(lock.withLock { failure } ?? .closed))
                return
            }
            let err = Socket.sendAll(fd, request.frame(version: version, correlationID: id, clientID: clientID))
            writeLock.unlock()
            if let err { fail(.connectionClosed(broker: name, detail: "send failed (errno \(err))")) }
        }
        return try result.get()
    }

    /// Closes the connection; outstanding requests fail with ``KafkaError/closed``.
    public func close() {
        fail(.closed)
    }

    /// Records the first failure, fails every outstanding request and wakes the reader so it exits.
    private func fail(_ error: KafkaError) {
        let waiting: [Pending] = lock.withLock {
            if failure == nil { failure = error }
            let all = Array(pending.values)
            pending.removeAll()
            return all
        }
        Socket.shutdownBoth(fd)
        for p in waiting { p.continuation.resume(returning: .failure(error)) }
    }

    private func readLoop() {
        var header = [UInt8](repeating: 0, count: 4)
        var headerFilled = 0
        var body: [UInt8] = []
        var bodyFilled = 0
        var inBody = false
        while lock.withLock({ failure == nil }) {
            expireTimedOut()
            guard Socket.waitReadable(fd, timeoutMs: 50) else { continue }
            let n = inBody ? Socket.receive(fd, into: &body, from: bodyFilled)
                           : Socket.receive(fd, into: &header, from: headerFilled)
            if n <= 0 {
                fail(.connectionClosed(broker: name, detail: n == 0 ? "closed by the broker" : "recv failed (errno \(-n))"))
                break
            }
            if !inBody {
                headerFilled += n
                guard headerFilled == 4 else { continue }
                let size = Int(Int32(bigEndian: header.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
                guard size >= 4, size <= Self.maxFrameBytes else {
                    fail(.connectionClosed(broker: name, detail: "invalid frame size \(size)"))
                    break
                }
                body = [UInt8](repeating: 0, count: size)
                bodyFilled = 0
                inBody = true
                continue
            }
            bodyFilled += n
            guard bodyFilled == body.count else { continue }
            deliver(body)
            inBody = false
            headerFilled = 0
            body = []
        }
        // Writers check for failure under the write lock, so none can be using the descriptor now.
        writeLock.withLock { Socket.closeFD(fd) }
    }

    private func deliver(_ frame: [UInt8]) {
        let id = frame.withUnsafeBytes { Int32(bigEndian: $0.loadUnaligned(as: Int32.self)) }
        let (waiter, lose) = lock.withLock { () -> (Pending?, Bool) in
            guard let api = pending[id]?.api, let left = lostResponses[api], left > 0 else {
                return (pending.removeValue(forKey: id), false)
            }
            lostResponses[api] = left - 1
            return (nil, true)
        }
        if lose { return fail(.connectionClosed(broker: name, detail: "response lost (fault injection)")) }
        // Frames nobody waits for (an acks=0 Produce answered anyway) are dropped.
        waiter?.continuation.resume(returning: .success(frame))
    }

    /// Fault injection for tests: the next `count` answers to `api` are treated as lost, as when a connection
    /// drops after the broker acted on a request but before its answer arrived.
    func loseResponses(to api: ApiKey, count: Int) {
        lock.withLock { lostResponses[api] = count }
    }

    private func expireTimedOut() {
        let now = Socket.nowNanos()
        let expired: Pending? = lock.withLock { pending.values.first { $0.deadline <= now } }
        if let expired { fail(.requestTimedOut(api: expired.api, broker: name)) }
    }
}
