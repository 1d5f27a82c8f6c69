/// Conversions between SwiftLake's date/timestamp encodings and the text forms the Delta protocol uses in
/// partition values (`2024-01-31`, `2024-01-31 12:00:00.123456`) and statistics (ISO 8601, UTC).
enum DateCoding {
    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's civil algorithm).
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ v: Int64, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    static func formatDate(_ days: Int32) -> String {
        let (y, m, d) = civil(days: Int64(days))
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `YYYY-MM-DD HH:MM:SS` with a `.ffffff` fraction only when non-zero (the partition value form).
    static func formatTimestamp(_ micros: Int64, separator: String = " ", zulu: Bool = false, millis: Bool = false) -> String {
        let (secs, frac) = (micros.floorDiv(1_000_000), micros.floorMod(1_000_000))
        let (days, sod) = (secs.floorDiv(86400), secs.floorMod(86400))
        var s = formatDate(Int32(clamping: days)) + separator + "\(pad(sod / 3600, 2)):\(pad(sod / 60 % 60, 2)):\(pad(sod % 60, 2))"
        if millis { s += "." + pad(frac / 1000, 3) } else if frac != 0 { s += "." + pad(frac, 6) }
        return zulu ? s + "Z" : s
    }

    static func parseDate(_ text: String) -> Int32? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Int32(exactly: days(year: y, month: m, day: d))
    }

    /// Accepts `YYYY-MM-DD[ T]HH:MM:SS[.f{1,9}][Z|+00:00]` and a bare date; the result is UTC microseconds.
    static func parseTimestamp(_ text: String) -> Int64? {
        var t = Substring(text)
        var offsetSeconds: Int64 = 0
        if t.hasSuffix("Z") { t = t.dropLast() } else if t.count > 6, let sign = t[t.index(t.endIndex, offsetBy: -6)...].first,
            sign == "+" || sign == "-", t[t.index(t.endIndex, offsetBy: -3)] == ":" {
            let tz = t.suffix(5)
            guard let hh = Int64(tz.prefix(2)), let mm = Int64(tz.suffix(2)) else { return nil }
            offsetSeconds = (hh * 3600 + mm * 60) * (sign == "+" ? 1 : -1)
            t = t.dropLast(6)
        }
        let datePart = t.prefix(10)
        guard let d = parseDate(String(datePart)) else { return nil }
        var micros = Int64(d) * 86_400_000_000
        let rest = t.dropFirst(10)
        if rest.isEmpty { return micros }
        guard rest.first == " " || rest.first == "T" else { return nil }
        let time = rest.dropFirst()
        let hms = time.prefix(8).split(separator: ":")
        guard hms.count == 3, let h = Int64(hms[0]), let mi = Int64(hms[1]), let s = Int64(hms[2]),
              h < 24, mi < 60, s < 61 else { return nil }
        micros += (h * 3600 + mi * 60 + s - offsetSeconds) * 1_000_000
        let fraction = time.dropFirst(8)
        if !fraction.isEmpty {
            guard fraction.first == ".", fraction.count >= 2, fraction.count <= 10 else { return nil }
            let digits = fraction.dropFirst()
            guard let f = Int64(digits), f >= 0 else { return nil }
            var scaled = f
            for _ in digits.count..<6 { scaled *= 10 }
            for _ in 6..<max(6, digits.count) { scaled /= 10 }
            micros += scaled
        }
        return micros
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
    func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}
