import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors of the benchmark driver itself.
enum BenchError: Error, CustomStringConvertible {
    case cannotWrite(String)
    case unknownSuite(String)
    case failed(String)

    var description: String {
        switch self {
        case .cannotWrite(let p): return "cannot write \(p)"
        case .unknownSuite(let s): return "unknown suite '\(s)'"
        case .failed(let m): return m
        }
    }
}

/// One reported figure: a workload's timings over K runs, plus derived throughput and sizes.
struct Figure: Codable {
    var suite: String
    var workload: String
    /// Seconds of each measured run (after the warm-up).
    var seconds: [Double]
    var median: Double
    var min: Double
    var max: Double
    /// Extra named figures: bytes written, bytes read, rows/s, MB/s, …
    var extra: [String: Double]
    /// Peak resident set size of the process after the workload, in bytes.
    var peakRSS: Int

    init(suite: String, workload: String, seconds: [Double], extra: [String: Double] = [:]) {
        self.suite = suite
        self.workload = workload
        self.seconds = seconds
        let s = seconds.sorted()
        median = Harness.median(s)
        min = s.first ?? 0
        max = s.last ?? 0
        self.extra = extra
        peakRSS = Harness.peakRSS()
    }
}

/// Runs workloads: one warm-up, then K timed runs.
struct Harness {
    var runs: Int
    var warmup: Bool = true

    /// Times `body` `runs` times after an untimed warm-up; `setup` runs before each, untimed.
    func measure(setup: () throws -> Void = {}, _ body: () throws -> Void) rethrows -> [Double] {
        if warmup {
            try setup()
            try body()
        }
        var out: [Double] = []
        for _ in 0..<max(runs, 1) {
            try setup()
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            out.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return out
    }

    /// `measure`, also returning the CPU seconds (user + system) of each timed run: on a shared machine the
    /// wall time includes waiting for a core, the CPU time does not.
    func measureCPU(setup: () throws -> Void = {}, _ body: () throws -> Void) rethrows -> (wall: [Double], cpu: [Double]) {
        var cpu: [Double] = []
        let wall = try measure(setup: setup) {
            let c0 = Harness.cpuSeconds()
            try body()
            cpu.append(Harness.cpuSeconds() - c0)
        }
        return (wall, Array(cpu.suffix(wall.count)))
    }

    /// The median of `xs` (0 when empty).
    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }

    /// `measure` for async workloads.
    func measureAsync(_ body: () async throws -> Void) async rethrows -> [Double] {
        if warmup { try await body() }
        var out: [Double] = []
        for _ in 0..<max(runs, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try await body()
            out.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return out
    }

    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// Formats figures as an aligned table.
enum Report {
    static func print(_ figures: [Figure]) {
        let header = ["suite", "workload", "median s", "min s", "max s", "peak RSS MB", "extra"]
        var rows = [header]
        for f in figures {
            let extra = f.extra.sorted { $0.key < $1.key }.map { "\($0.key)=\(format($0.value))" }.joined(separator: " ")
            rows.append([f.suite, f.workload, format(f.median), format(f.min), format(f.max),
                         format(Double(f.peakRSS) / 1_048_576), extra])
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            Swift.print(r.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) >= 1000 { return String(Int64(v)) }
        if abs(v) >= 100 { return String(format: "%.1f", v) }
        if abs(v) >= 1 { return String(format: "%.3f", v) }
        return String(format: "%.4f", v)
    }

    static func writeJSON(_ figures: [Figure], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(figures).write(to: URL(fileURLWithPath: path))
    }
}
