import Foundation

/// Values of a repeatable option that also accepts comma-separated lists: `--partition-by a,b` equals
/// `--partition-by a --partition-by b`.
enum ListOption {
    static func flatten(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }
}
