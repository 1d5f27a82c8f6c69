import Foundation
import Testing

/// A small table built through the CLI in a fresh temporary directory:
/// version 0 create, 1 the four people of `people.ndjson` partitioned by city (one file per city),
/// 2 a merge from `changes.csv` (updates bob, inserts eve, deletes dee), 3 a delete of cy (a deletion
/// vector on the london file).
struct Fixture {
    let directory: String
    var runner: CLIRunner { CLIRunner(directory: directory) }

    static let people = """
        {"id": 1, "name": "ada", "age": 36, "city": "london", "joined": "2024-01-05", "score": 1.5}
        {"id": 2, "name": "bob", "age": 41, "city": "paris", "joined": "2024-02-11", "score": 2.25}
        {"id": 3, "name": "cy", "age": null, "city": "london", "joined": "2024-03-20", "score": null}
        {"id": 4, "name": "dee", "age": 29, "city": "rome", "joined": "2024-04-01", "score": 4.0}

        """

    static let changes = """
        id,name,age,city,joined,score,gone
        2,bob,42,paris,2024-02-11,2.5,false
        5,eve,33,rome,2024-05-05,,false
        4,,,rome,,,true

        """

    /// An empty directory with the two input files, no table yet.
    static func inputs() throws -> Fixture {
        let dir = NSTemporaryDirectory() + "deltalog-cli-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try people.write(toFile: dir + "/people.ndjson", atomically: true, encoding: .utf8)
        try changes.write(toFile: dir + "/changes.csv", atomically: true, encoding: .utf8)
        return Fixture(directory: dir)
    }

    /// The table `./t` at version 3.
    static func table() throws -> Fixture {
        let f = try inputs()
        for args in [["create", "./t", "--from", "people.ndjson", "--partition-by", "city"],
                     ["merge", "./t", "changes.csv", "--key", "id", "--delete-where", "gone = true"],
                     ["delete", "./t", "--where", "name = 'cy'"]] {
            let r = try f.runner.run(args)
            try #require(r.status == 0, "deltalog \(args.joined(separator: " ")) failed: \(r.stderr)")
        }
        return f
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
