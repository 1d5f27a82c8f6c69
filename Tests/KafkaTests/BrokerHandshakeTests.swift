import Testing
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Raw-socket check that the test broker speaks Kafka: an ApiVersions v0 request must get a
/// well-formed response listing the APIs the client relies on.
@Suite struct BrokerHandshakeTests {
    @Test func apiVersionsOverRawTCP() throws {
        guard let address = try TestServices.kafka() else { return }
        let parts = address.split(separator: ":")
        let host = String(parts.first ?? "127.0.0.1")
        let port = try #require(UInt16(parts.last ?? ""))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0, "connect to \(address) failed: errno \(errno)")

        // size, api_key 18, version 0, correlation id 1, client id "swiftlake-test".
        let clientID = Array("swiftlake-test".utf8)
        var body: [UInt8] = [0, 18, 0, 0, 0, 0, 0, 1, 0, UInt8(clientID.count)] + clientID
        body = withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
        #expect(send(fd, body, body.count, 0) == body.count)

        func readExactly(_ n: Int) -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: n)
            var got = 0
            while got < n {
                let r = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, n - got, 0) }
                if r <= 0 { return nil }
                got += r
            }
            return out
        }
        let sizeBytes = try #require(readExactly(4))
        let size = Int(sizeBytes[0]) << 24 | Int(sizeBytes[1]) << 16 | Int(sizeBytes[2]) << 8 | Int(sizeBytes[3])
        #expect(size > 10 && size < 10_000)
        let frame = try #require(readExactly(size))
        func i16(_ o: Int) -> Int { Int(Int16(bitPattern: UInt16(frame[o]) << 8 | UInt16(frame[o + 1]))) }
        func i32(_ o: Int) -> Int { Int(Int32(bitPattern: UInt32(frame[o]) << 24 | UInt32(frame[o + 1]) << 16 | UInt32(frame[o + 2]) << 8 | UInt32(frame[o + 3]))) }
        #expect(i32(0) == 1, "correlation id")
        #expect(i16(4) == 0, "error code")
        let count = i32(6)
        #expect(count > 10)
        var keys: [Int: (Int, Int)] = [:]
        for i in 0..<count {
            let o = 10 + i * 6
            keys[i16(o)] = (i16(o + 2), i16(o + 4))
        }
        for key in [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 18, 19, 20] {
            #expect(keys[key] != nil, "API key \(key) missing")
        }
        #expect(keys[18]?.1 ?? 0 >= 3)
    }
}
