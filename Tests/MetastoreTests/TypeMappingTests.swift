import Columnar
import Metastore
import Testing

@Suite struct TypeMappingTests {
    static let nested = ColumnType.map(key: .string, value: .array(element: .int, containsNull: true), valueContainsNull: true)
    static let record = ColumnType.struct([CatalogColumn(name: "x", type: .int), CatalogColumn(name: "y", type: .string)])

    @Test func hiveNames() throws {
        let expected: [(ColumnType, String)] = [
            (.string, "string"), (.long, "bigint"), (.int, "int"), (.short, "smallint"), (.byte, "tinyint"),
            (.double, "double"), (.float, "float"), (.boolean, "boolean"), (.date, "date"), (.timestamp, "timestamp"),
            (.binary, "binary"), (.decimal(precision: 10, scale: 2), "decimal(10,2)"),
            (.array(element: .int, containsNull: true), "array<int>"), (Self.nested, "map<string,array<int>>"),
            (Self.record, "struct<x:int,y:string>"),
        ]
        for (type, name) in expected {
            #expect(type.hiveName == name)
            #expect(try ColumnType(hiveName: name) == type)
        }
        #expect(try ColumnType(hiveName: "MAP< STRING , ARRAY<INT> >") == Self.nested)
        #expect(try ColumnType(hiveName: "varchar(20)") == .string)
        #expect(try ColumnType(hiveName: "decimal") == .decimal(precision: 10, scale: 0))
        #expect(throws: MetastoreError.self) { try ColumnType(hiveName: "decimal(40,2)") }
        #expect(throws: MetastoreError.self) { try ColumnType(hiveName: "array<int") }
        #expect(throws: MetastoreError.self) { try ColumnType(hiveName: "int junk") }
        #expect(throws: MetastoreError.self) { try ColumnType(hiveName: String(repeating: "array<", count: 500) + "int" + String(repeating: ">", count: 500)) }
    }

    @Test func sparkSchemaJSON() throws {
        let columns = [
            CatalogColumn(name: "a", type: .string),
            CatalogColumn(name: "B", type: .long, nullable: false, comment: "say \"hi\"\n"),
            CatalogColumn(name: "m", type: Self.nested),
            CatalogColumn(name: "s", type: Self.record),
            CatalogColumn(name: "d", type: .decimal(precision: 10, scale: 2)),
        ]
        let json = SparkSchemaJSON.encode(columns)
        #expect(json == #"{"type":"struct","fields":[{"name":"a","type":"string","nullable":true,"metadata":{}},{"name":"B","type":"long","nullable":false,"metadata":{"comment":"say \"hi\"\n"}},{"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"integer","containsNull":true},"valueContainsNull":true},"nullable":true,"metadata":{}},{"name":"s","type":{"type":"struct","fields":[{"name":"x","type":"integer","nullable":true,"metadata":{}},{"name":"y","type":"string","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}},{"name":"d","type":"decimal(10,2)","nullable":true,"metadata":{}}]}"#)
        #expect(try SparkSchemaJSON.decode(json) == columns)
        #expect(throws: MetastoreError.self) { try SparkSchemaJSON.decode(#"{"type":"struct","fields":[{"name":"a","type":"void"}]}"#) }
        #expect(throws: MetastoreError.self) { try SparkSchemaJSON.decode("not json") }
    }

    @Test func splittingLikeSpark() {
        #expect(SparkSchemaJSON.split("abc") == ["abc"])
        let long = String(repeating: "x", count: 13348)
        let parts = SparkSchemaJSON.split(long)
        #expect(parts.map(\.count) == [4000, 4000, 4000, 1348])
        #expect(parts.joined() == long)
        // A surrogate pair is never cut: the piece stops one Java char short.
        let emoji = String(repeating: "x", count: 3999) + "\u{1F600}" + "y"
        let split = SparkSchemaJSON.split(emoji)
        #expect(split.map { $0.utf16.count } == [3999, 3])
        #expect(split.joined() == emoji)
    }

    @Test func widening() {
        #expect(ColumnType.long.widens(.int))
        #expect(ColumnType.double.widens(.float))
        #expect(!ColumnType.int.widens(.long))
        #expect(ColumnType.decimal(precision: 12, scale: 2).widens(.decimal(precision: 10, scale: 2)))
        #expect(!ColumnType.decimal(precision: 10, scale: 3).widens(.decimal(precision: 10, scale: 2)))
    }
}

@Suite struct ColumnarMappingTests {
    @Test func everyColumnarTypeHasHiveAndSparkNames() throws {
        let expected: [DataType: (hive: String, spark: String)] = [
            .boolean: ("boolean", "boolean"), .int32: ("int", "integer"), .int64: ("bigint", "long"),
            .float32: ("float", "float"), .float64: ("double", "double"), .string: ("string", "string"),
            .binary: ("binary", "binary"), .date: ("date", "date"), .timestamp: ("timestamp", "timestamp"),
            .json: ("string", "string"),
        ]
        #expect(Set(expected.keys) == Set(DataType.allCases))
        for (type, names) in expected {
            let mapped = ColumnType(type)
            #expect(mapped.hiveName == names.hive)
            #expect(mapped.sparkAtomicName == names.spark)
            // Back to Columnar: identity except json, which other tools only know as string.
            #expect(mapped.columnarType == (type == .json ? .string : type))
        }
        #expect(ColumnType.short.columnarType == .int32)
        #expect(ColumnType.decimal(precision: 10, scale: 2).columnarType == nil)
    }

    @Test func schemaToCatalogColumns() throws {
        let schema = try Schema(columns: [("_id", .string, false), ("n", .int64, true), ("when", .timestamp, true)])
        let columns = [CatalogColumn](schema)
        #expect(columns == [CatalogColumn(name: "_id", type: .string, nullable: false), CatalogColumn(name: "n", type: .long), CatalogColumn(name: "when", type: .timestamp)])
        #expect(SparkSchemaJSON.encode(columns) == #"{"type":"struct","fields":[{"name":"_id","type":"string","nullable":false,"metadata":{}},{"name":"n","type":"long","nullable":true,"metadata":{}},{"name":"when","type":"timestamp","nullable":true,"metadata":{}}]}"#)
    }
}
