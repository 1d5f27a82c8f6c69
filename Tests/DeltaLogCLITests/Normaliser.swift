import Foundation

/// Makes command output comparable across runs and machines: the temporary directory, commit times, UUIDs
/// and every number of three or more digits (file sizes, epoch times, column widths follow from them) are
/// replaced by placeholders, and runs of blanks after text (column alignment) collapse to two. Row values in the
/// fixture stay below 100 and dates keep their digits, so data still compares exactly.
struct Normaliser {
    let directory: String

    func normalise(_ text: String) -> String {
        var t = text.replacingOccurrences(of: directory, with: "<dir>")
        // Resolved symlinks (/private/var on macOS) would not match the plain temporary path.
        t = t.replacingOccurrences(of: URL(fileURLWithPath: directory).resolvingSymlinksInPath().path, with: "<dir>")
        t = replace(t, #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"#, "<time>")
        t = replace(t, #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, "<uuid>")
        t = replace(t, #"(?<![\d\-.])\d{3,}(?![\d\-])"#, "<n>")
        t = replace(t, #"(?<=\S) {2,}"#, "  ")
        t = replace(t, #" +\n"#, "\n")
        return t
    }

    private func replace(_ text: String, _ pattern: String, _ with: String) -> String {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return text }
        return re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: with)
    }
}
