#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin helpers over a connected TCP socket's file descriptor.
enum Socket {
    /// Connects to `host:port` within `timeoutMs`, trying every resolved address; returns a blocking fd
    /// with TCP_NODELAY set.
    static func connect(host: String, port: Int, timeoutMs: Int32) throws(KafkaError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .unresolvableHost(host)
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = ECONNREFUSED
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastErrno = errno; continue }
            if let err = connectWithTimeout(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeoutMs) {
                lastErrno = err
                close(fd)
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
        throw .connectFailed(host: host, port: port, errno: lastErrno)
    }

    /// A non-blocking connect bounded by poll(2); returns nil on success or the errno.
    private static func connectWithTimeout(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: socklen_t,
                                           _ timeoutMs: Int32) -> Int32? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, addr, len) == 0 { return nil }
        guard errno == EINPROGRESS else { return errno }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pfd, 1, timeoutMs)
        if ready == 0 { return ETIMEDOUT }
        if ready < 0 { return errno }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        return soError == 0 ? nil : soError
    }

    /// Writes all of `bytes`; returns the errno on failure.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            guard let base = raw.baseAddress else { return nil }
            var sent = 0
            while sent < raw.count {
                let n = send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EPIPE }
                sent += n
            }
            return nil
        }
    }

    /// Waits up to `timeoutMs` for `fd` to become readable (or hung up).
    static func waitReadable(_ fd: Int32, timeoutMs: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, timeoutMs) > 0
    }

    /// Reads into `buffer[from...]`; returns the count read, 0 at EOF, or -errno.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], from: Int) -> Int {
        buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress, from < raw.count else { return 0 }
            while true {
                let n = recv(fd, base + from, raw.count - from, 0)
                if n < 0 && errno == EINTR { continue }
                return n < 0 ? -Int(errno) : n
            }
        }
    }

    static func shutdownBoth(_ fd: Int32) { _ = shutdown(fd, Int32(SHUT_RDWR)) }
    static func closeFD(_ fd: Int32) { _ = close(fd) }

    /// Monotonic time in nanoseconds.
    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

extension Socket {
    /// Wall-clock time in milliseconds since the epoch (record timestamps).
    static func nowWallMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
