import Foundation
import Metastore
import TestSupport
import Testing

@Suite struct NameTests {
    @Test func identifierRules() throws {
        try Identifier.validate("form_case_2024")
        try Identifier.validate("0abc")
        #expect(throws: MetastoreError.invalidName("", rule: .empty)) { try Identifier.validate("") }
        #expect(throws: MetastoreError.invalidName("a b", rule: .invalidCharacter)) { try Identifier.validate("a b") }
        #expect(throws: MetastoreError.invalidName("É", rule: .invalidCharacter)) { try Identifier.validate("É") }
        #expect(throws: MetastoreError.invalidName(String(repeating: "x", count: 129), rule: .tooLong)) {
            try Identifier.validate(String(repeating: "x", count: 129))
        }
    }

    @Test func sanitisingUntrustedText() throws {
        #expect(try NameSanitizer.sanitize("My-Domain") == "my_domain")
        #expect(try NameSanitizer.sanitize("http://openrosa.org/formdesigner/ABC-123") == "http_openrosa_org_formdesigner_abc_123")
        #expect(try NameSanitizer.sanitize("__x__y__") == "x_y")
        #expect(try NameSanitizer.sanitize("../../etc/passwd") == "etc_passwd")
        #expect(try NameSanitizer.sanitize("x'; DROP TABLE t; --") == "x_drop_table_t")
        #expect(try NameSanitizer.sanitize("café") == "caf")
        #expect(throws: MetastoreError.invalidName("--", rule: .empty)) { try NameSanitizer.sanitize("--") }
        // Long inputs are cut, and keep a hash of the whole input so shared prefixes stay distinct.
        let a = try NameSanitizer.sanitize(String(repeating: "a", count: 300) + "1")
        let b = try NameSanitizer.sanitize(String(repeating: "a", count: 300) + "2")
        #expect(a.utf8.count == 128 && b.utf8.count == 128 && a != b)
        try Identifier.validate(a)
    }

    @Test func collisionsAreDetected() throws {
        var names = NameSanitizer()
        #expect(try names.name(for: "my-domain") == "my_domain")
        #expect(try names.name(for: "my-domain") == "my_domain")
        #expect(throws: MetastoreError.nameCollision(name: "my_domain", first: "my-domain", second: "My.Domain")) {
            try names.name(for: "My.Domain")
        }
        #expect(try names.name(for: "other") == "other")
    }

    @Test func patterns() {
        #expect(NamePattern("*").matches("anything"))
        #expect(NamePattern("").matches("anything"))
        #expect(NamePattern("a*b").matches("ab") && NamePattern("a*b").matches("axxb") && !NamePattern("a*b").matches("axxc"))
        #expect(NamePattern("a?c").matches("abc") && !NamePattern("a?c").matches("ac"))
        #expect(NamePattern("x|y*").matches("yes") && NamePattern("x|y*").matches("x") && !NamePattern("x|y*").matches("xx"))
        #expect(NamePattern("*a*a*a*a*b").matches(String(repeating: "a", count: 40) + "b"))
        #expect(!NamePattern("*a*a*a*a*b").matches(String(repeating: "a", count: 40)))
    }
}

@Suite struct MetastoreLocationTests {
    @Test func choosesTheBackend() throws {
        #expect(MetastoreLocation.isPostgres("postgresql://u@h:5432/db"))
        #expect(MetastoreLocation.isPostgres("host=127.0.0.1 dbname=hive"))
        #expect(!MetastoreLocation.isPostgres("/data/lakehouse"))
        #expect(!MetastoreLocation.isPostgres("./lakehouse"))
        let dir = try TemporaryDirectory("swiftlake-ms-loc")
        let ms = try MetastoreLocation.open(dir.path, warehouse: "/unused")
        #expect(ms is FileMetastore)
        #expect(try ms.databases() == ["default"])
        #expect(FileManager.default.fileExists(atPath: dir.path + "/_catalog/default/database.json"))
    }
}
