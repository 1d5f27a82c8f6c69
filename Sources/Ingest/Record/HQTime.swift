/// Parsing and formatting of the date and time texts found in HQ documents.
///
/// Accepted: dates `YYYY-MM-DD`; date-times `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` with an optional zone `Z`,
/// `±HH`, `±HHMM` or `±HH:MM` (no zone = UTC, HQ's convention). Fractions beyond microseconds are truncated.
/// Everything is computed in integers on the proleptic Gregorian calendar; no Foundation, no locale.
public enum HQTime {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400 * microsPerSecond

    /// A parsed date or date-time.
    public enum Parsed: Sendable, Equatable {
        /// Days since 1970-01-01.
        case date(Int32)
        /// Microseconds since 1970-01-01T00:00:00Z.
        case timestamp(Int64)

        /// The day (for a timestamp, the UTC day).
        public var day: Int32 {
            switch self {
            case .date(let d): return d
            case .timestamp(let t): return Int32(clamping: floorDiv(t, microsPerDay))
            }
        }
    }

    /// Parses `text` as a date or a date-time; nil if it is neither (cheap rejection for ordinary strings).
    public static func parse(_ text: String) -> Parsed? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeBufferPointer(rebasing: $0[...])) }
    }

    static func parse(_ u: UnsafeBufferPointer<UInt8>) -> Parsed? {
        // Shortest date is 10 bytes; longest sensible date-time with nanoseconds and an offset is ~35.
        guard u.count >= 10, u.count <= 40 else { return nil }
        guard let year = digits(u, 0, 4), u[4] == UInt8(ascii: "-"), let month = digits(u, 5, 2),
              u[7] == UInt8(ascii: "-"), let day = digits(u, 8, 2) else { return nil }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else { return nil }
        let days = daysFromCivil(year, month, day)
        if u.count == 10 { return .date(Int32(days)) }
        guard u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), u.count >= 16,
              let hour = digits(u, 11, 2), u[13] == UInt8(ascii: ":"), let minute = digits(u, 14, 2),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        var micros = 0
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard let s = digits(u, i + 1, 2), s < 60 else { return nil }
            second = s
            i += 3
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                var n = 0
                while i < u.count, let d = digit(u[i]) {
                    if n < 6 { micros = micros * 10 + d }
                    n += 1
                    i += 1
                }
                guard n > 0 else { return nil }
                for _ in min(n, 6)..<6 { micros *= 10 }
            }
        }
        var offsetSeconds = 0
        if i < u.count {
            let sign = u[i]
            if sign == UInt8(ascii: "Z") {
                i += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let oh = digits(u, i + 1, 2), oh <= 14 else { return nil }
                i += 3
                var om = 0
                if i < u.count, u[i] == UInt8(ascii: ":") { i += 1 }
                if i < u.count {
                    guard let m = digits(u, i, 2), m < 60 else { return nil }
                    om = m
                    i += 2
                }
                offsetSeconds = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == u.count else { return nil }
        let secondsOfDay = hour * 3600 + minute * 60 + second - offsetSeconds
        let total = Int64(days) * microsPerDay + Int64(secondsOfDay) * microsPerSecond + Int64(micros)
        return .timestamp(total)
    }

    /// `YYYY-MM-DD`.
    public static func formatDate(_ days: Int32) -> String {
        let (y, m, d) = civilFromDays(Int(days))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// HQ's form `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public static func formatTimestamp(_ micros: Int64) -> String {
        let day = floorDiv(micros, microsPerDay)
        // The remainder is taken directly: `day * microsPerDay` can overflow near Int64.min.
        var rest = micros % microsPerDay
        if rest < 0 { rest += microsPerDay }
        let seconds = Int(rest / microsPerSecond)
        let fraction = Int(rest % microsPerSecond)
        return formatDate(Int32(clamping: day)) + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":"
            + pad(seconds % 60, 2) + "." + pad(fraction, 6) + "Z"
    }

    /// Midnight UTC of `day` in microseconds; nil when it is beyond the timestamp range (about ±292,000 years).
    public static func timestamp(ofDay day: Int32) -> Int64? {
        let (t, overflow) = Int64(day).multipliedReportingOverflow(by: microsPerDay)
        return overflow ? nil : t
    }

    /// The first day of the month containing `day`.
    public static func firstOfMonth(_ day: Int32) -> Int32 {
        let (y, m, _) = civilFromDays(Int(day))
        return Int32(clamping: daysFromCivil(y, m, 1))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (era-based, exact for all Int years in range).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always)
    static func digit(_ b: UInt8) -> Int? {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil
    }

    static func digits(_ u: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= u.count else { return nil }
        var v = 0
        for i in at..<(at + count) {
            guard let d = digit(u[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
