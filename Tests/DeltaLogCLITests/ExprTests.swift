import Columnar
import Testing
@testable import deltalog

/// The filter language, in process: what each expression compiles to, and where errors point.
@Suite struct ExprTests {
    let schema = try! Schema([
        Field(name: "id", id: 1, type: .int32), Field(name: "name", id: 2, type: .string),
        Field(name: "day", id: 3, type: .date), Field(name: "score", id: 4, type: .float64),
        Field(name: "ok", id: 5, type: .boolean), Field(name: "at", id: 6, type: .timestamp),
    ])

    func compile(_ text: String) throws -> Predicate {
        try ExprBinder.predicate(text, option: "--where", schema: schema)
    }

    func failure(_ text: String) -> ExprError? {
        do {
            _ = try compile(text)
            return nil
        } catch let e as ExprError {
            return e
        } catch {
            return nil
        }
    }

    @Test func compilesTypedPredicates() throws {
        #expect(try compile("id = 3") == .eq("id", .int32(3)))
        #expect(try compile("id <> 3") == .ne("id", .int32(3)))
        #expect(try compile("score >= -1.5e2") == .ge("score", .float64(-150)))
        #expect(try compile("day < '2024-03-01'") == .lt("day", .date(19783)))
        #expect(try compile("at > '1970-01-01T00:00:01Z'") == .gt("at", .timestamp(1_000_000)))
        #expect(try compile("name in ('a', 'it''s')") == .isIn("name", [.string("a"), .string("it's")]))
        #expect(try compile("name not in ('a')") == .not(.isIn("name", [.string("a")])))
        #expect(try compile("ok is not null AND ok = TRUE") == .and(.isNotNull("ok"), .eq("ok", .boolean(true))))
        #expect(try compile("`name` is null") == .isNull("name"))
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try compile("id = 1 or id = 2 and not name = 'x'")
            == .or(.eq("id", .int32(1)), .and(.eq("id", .int32(2)), .not(.eq("name", .string("x"))))))
        #expect(try compile("(id = 1 or id = 2) and ok = false")
            == .and(.or(.eq("id", .int32(1)), .eq("id", .int32(2))), .eq("ok", .boolean(false))))
    }

    @Test func errorsPointAtTheProblem() {
        #expect(failure("id >")?.position == 5)
        #expect(failure("id >")?.message == "expected a value after '>', found the end of the expression")
        #expect(failure("nope = 1")?.position == 1)
        #expect(failure("id = 1 and name = 5x")?.position == 20)
        #expect(failure("id = 99999999999")?.message.contains("is not an int32 value") == true)
        #expect(failure("day = 'tuesday'")?.position == 7)
        #expect(failure("(id = 1")?.message == "expected ')' to close the '(' at character 1, found the end of the expression")
        #expect(failure("id = 1 id = 2")?.position == 8)
        #expect(failure("name = 'open")?.message == "unterminated string (no closing ')")
        #expect(failure("id ! 3")?.position == 4)
        #expect(failure("id = null")?.message.contains("write 'id is null'") == true)
        #expect(failure("")?.message == "the expression is empty")
        #expect(failure("and = 1")?.message == "expected a column name, found 'and'")
    }

    @Test func errorDescriptionShowsACaret() {
        #expect(failure("id >")?.description == "--where: expected a value after '>', found the end of the expression at character 5\n  id >\n      ^")
    }

    /// `notTrue(p)` holds exactly where `p` is false or unknown, over rows with nulls.
    @Test func notTrueIsTheComplementOfTrue() throws {
        let predicates = try ["id = 1", "id != 1", "id < 2", "name in ('a', 'b')", "id is null", "not (id = 1 and name = 'a')",
                              "id = 1 or name = 'a'"].map(compile)
        let ids: [Value] = [.null, .int32(1), .int32(2)], names: [Value] = [.null, .string("a"), .string("c")]
        for p in predicates {
            for id in ids {
                for name in names {
                    let row: (String) -> Value = { $0 == "id" ? id : name }
                    #expect((PredicateTruth.notTrue(p).evaluate(row) == true) == (p.evaluate(row) != true), "\(p) at \(id), \(name)")
                    #expect((PredicateTruth.notFalse(p).evaluate(row) == true) == (p.evaluate(row) != false), "\(p) at \(id), \(name)")
                }
            }
        }
    }
}
