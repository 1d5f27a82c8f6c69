import ArgumentParser
import Ingest

/// Commit times: shown as ISO 8601 UTC with milliseconds; given on the command line as ISO 8601 (a date
/// means its midnight UTC) or as milliseconds since the epoch.
enum TimeText {
    static func format(millis: Int64) -> String {
        let (micros, overflow) = millis.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return String(millis) }
        let full = HQTime.formatTimestamp(micros)  // YYYY-MM-DDTHH:MM:SS.ffffffZ
        return String(full.dropLast(4)) + "Z"
    }

    static func parseMillis(_ text: String) throws -> Int64 {
        if let ms = Int64(text) { return ms }
        switch HQTime.parse(text) {
        case let .timestamp(t)?: return t / 1000
        case let .date(d)?: return Int64(d) * 86_400_000
        case nil: throw ValidationError("'\(text)' is not a time: give ISO 8601 (2026-11-25T10:00:00Z) or milliseconds since the epoch")
        }
    }
}
