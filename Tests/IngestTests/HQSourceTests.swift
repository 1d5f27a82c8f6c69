import Codecs
import Foundation
import PostgresClient
import Testing
import TestSupport
@testable import Ingest

/// The HQ source against the real PostgreSQL: an HQ-like schema (two form shards + main) created per test.
@Suite struct HQSourceTests {
    static let formXML = """
        <?xml version='1.0' ?><data xmlns="http://openrosa.org/formdesigner/X1" name="Visit"><q>2021-01-27</q>\
        <n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:timeEnd>2021-03-01T10:14:02.118Z</n1:timeEnd>\
        <n1:userID>u1</n1:userID></n1:meta></data>
        """

    @Test func formsCasesAndLocationsFromShardsAndBlobs() throws {
        guard let base = try TestServices.postgres() else { return }
        let tag = "hq\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PGConnection(base)
        let schemas = ["\(tag)_main", "\(tag)_p1", "\(tag)_p2"]
        defer { for s in schemas { _ = try? admin.execute("DROP SCHEMA \(s) CASCADE") } }
        for s in schemas { try admin.execute("CREATE SCHEMA \(s)") }
        let main = try PGConnection(HQSchema.url(base, schema: schemas[0]))
        let p1 = try PGConnection(HQSchema.url(base, schema: schemas[1]))
        let p2 = try PGConnection(HQSchema.url(base, schema: schemas[2]))
        try main.executeScript(HQSchema.mainDDL)
        try p1.executeScript(HQSchema.shardDDL)
        try p2.executeScript(HQSchema.shardDDL)

        // Locations st1 → d1 → sup1 → flwc1; user u1 lives at flwc1.
        try main.execute("INSERT INTO locations_locationtype (id, domain, name, code) VALUES (1,'d','state','state'),(2,'d','district','district'),(3,'d','supervisor','supervisor'),(4,'d','flwc','flwc')")
        try main.execute("""
            INSERT INTO locations_sqllocation (id, location_id, domain, name, site_code, location_type_id, parent_id, latitude, metadata)
            VALUES (1,'st1','d','State 1','st1',1,NULL,12.5,'{"k":"v"}'),(2,'d1','d','District 1','d1',2,1,NULL,NULL),
                   (3,'sup1','d','Sup 1','sup1',3,2,NULL,NULL),(4,'flwc1','d','FLWC 1','flwc1',4,3,NULL,NULL)
            """)
        try main.execute("INSERT INTO users_sqluserdata (domain, user_id, data) VALUES ('d','u1',$1::jsonb),('d','u2','{}')",
                         [#"{"commcare_location_id": "flwc1"}"#])

        // Blobs: f1 plain in shard 1, f2 gzipped in shard 2, f3 without blob, f4 broken XML.
        let blobs = try TemporaryDirectory("hqblobs")
        try FileManager.default.createDirectory(atPath: blobs.path + "/form", withIntermediateDirectories: true)
        try Data(Self.formXML.utf8).write(to: URL(fileURLWithPath: blobs.path + "/form/f1"))
        try Data(Zlib.compress(Array(Self.formXML.utf8), format: .gzip)).write(to: URL(fileURLWithPath: blobs.path + "/form/f2"))
        try Data("<data><open></data>".utf8).write(to: URL(fileURLWithPath: blobs.path + "/form/f4"))
        let insertForm = """
            INSERT INTO form_processor_xforminstancesql (form_id, domain, xmlns, user_id, received_on, server_modified_on, state, auth_context)
            VALUES ($1, 'd', 'http://openrosa.org/formdesigner/X1', 'u1', '2021-03-01 10:15:30.512+00', '2021-03-01 10:15:31.007+00', $2, '{"authenticated": true}')
            """
        try p1.execute(insertForm, ["f1", 1])
        try p2.execute(insertForm, ["f2", 2])
        try p1.execute(insertForm, ["f3", 1])
        try p2.execute(insertForm, ["f4", 1])
        let insertBlob = "INSERT INTO blobs_blobmeta (parent_id, type_code, name, key, compressed_length) VALUES ($1, 2, 'form.xml', $2, $3)"
        try p1.execute(insertBlob, ["f1", "form/f1", Int?.none])
        try p2.execute(insertBlob, ["f2", "form/f2", 100])
        try p2.execute(insertBlob, ["f4", "form/f4", Int?.none])
        try p1.execute("INSERT INTO form_processor_xformoperationsql (form_id, user_id, operation, date) VALUES ('f1', 'admin', 'edit', '2021-03-02 00:00:00+00')")

        // Cases: c1 in shard 1 (custom property clashing with a standard one), c2 in shard 2.
        let insertCase = """
            INSERT INTO form_processor_commcarecasesql (case_id, domain, type, name, owner_id, opened_on, modified_on, modified_by,
              server_modified_on, case_json) VALUES ($1, 'd', 'child', $2, 'flwc1', '2021-01-27 11:55:41.085+00',
              '2021-03-01 10:14:02+00', 'u1', '2021-03-01 10:15:31.007+00', $3)
            """
        try p1.execute(insertCase, ["c1", "rehaan", #"{"child_dob": "2021-01-27", "name": "clash"}"#])
        try p2.execute(insertCase, ["c2", "other", String?.none])
        try p1.execute("INSERT INTO form_processor_commcarecaseindexsql (case_id, domain, identifier, referenced_id, referenced_type, relationship_id) VALUES ('c1','d','parent','m1','member',2),('c1','d','gone','','member',1)")
        try p1.execute("INSERT INTO form_processor_casetransaction (case_id, form_id, sync_log_id, server_date, client_date, type, revoked) VALUES ('c1','f1','s1','2021-03-01 10:15:30.512+00','2021-03-01 10:14:02+00',129,false),('c1','fx',NULL,'2021-03-02 00:00:00+00',NULL,1,true)")

        var settings = HQSourceSettings()
        settings.mainDatabase = HQSchema.url(base, schema: schemas[0], application: tag)
        settings.formDatabases = [HQSchema.url(base, schema: schemas[1], application: tag), HQSchema.url(base, schema: schemas[2], application: tag)]
        settings.blobRoot = blobs.path
        let source = HQPostgresSource(settings: settings)

        let formChanges = ["f1", "f2", "f3", "f4", "f5"].map { Self.change($0, topic: .forms) }
        let forms = try source.fetch(topic: .forms, changes: formChanges)
        #expect(Set(forms.documents.keys) == ["f1", "f2"])
        #expect(forms.missing(from: ["f1", "f2", "f3", "f4", "f5"]) == ["f5"])
        #expect(forms.failures["f3"] == .blob(key: "(none)", reason: "form f3 has no form.xml in blobs_blobmeta"))
        guard case .badXML? = forms.failures["f4"] else { Issue.record("f4: \(String(describing: forms.failures["f4"]))"); return }
        let f1 = forms.documents["f1"] ?? .null
        #expect(f1["_id"] == "f1" && f1["doc_type"] == "XFormInstance" && f1["state"] == 1)
        #expect(f1["received_on"] == "2021-03-01T10:15:30.512000Z")
        #expect(f1["auth_context"] == ["authenticated": true])
        #expect(f1["history"] == [["user": "admin", "operation": "edit", "date": "2021-03-02T00:00:00.000000Z"]])
        #expect(f1["form"]?["meta"]?["timeEnd"] == "2021-03-01T10:14:02.118000Z")
        #expect(forms.documents["f2"]?["doc_type"] == "XFormArchived")
        #expect(forms.documents["f2"]?["form"]?["q"] == "2021-01-27")

        let cases = try source.fetch(topic: .cases, changes: [Self.change("c1", topic: .cases), Self.change("c2", topic: .cases)])
        let c1 = cases.documents["c1"] ?? .null
        #expect(c1["name"] == "rehaan" && c1["child_dob"] == "2021-01-27" && c1["case_json"]?["name"] == "clash")
        #expect(c1["doc_type"] == "CommCareCase" && c1["user_id"] == "u1" && c1["opened_on"] == "2021-01-27T11:55:41.085000Z")
        #expect(c1["indices"] == [["case_id": "c1", "identifier": "parent", "referenced_id": "m1", "referenced_type": "member",
                                   "relationship": "extension"]])
        #expect(c1["xform_ids"] == ["f1"])
        #expect(c1["actions"]?.jsonText.contains("\"sync_log_id\":\"s1\"") == true)
        #expect(cases.documents["c2"]?["case_json"] == [:])

        #expect(try source.userLocations(["u1", "u2", "u3"]) == ["u1": "flwc1"])
        let chains = try source.ancestors(of: ["flwc1", "d1", "nope"])
        #expect(chains["flwc1"]?.map(\.locationID) == ["st1", "d1", "sup1", "flwc1"])
        #expect(chains["flwc1"]?.map(\.typeName) == ["state", "district", "supervisor", "flwc"])
        #expect(chains["flwc1"]?.first?.latitude == 12.5 && chains["flwc1"]?.first?.name == "State 1")
        #expect(chains["d1"]?.count == 2 && chains["nope"] == nil)
        #expect(Set(try source.descendants(of: ["d1"])) == ["d1", "sup1", "flwc1"])
        let locs = try source.fetch(topic: .locations, changes: [Self.change("sup1", topic: .locations)])
        #expect(locs.documents["sup1"]?["parent_location_id"] == "d1" && locs.documents["sup1"]?["location_type"] == "supervisor")

        // The whole chain: HQ documents through the pipeline with the HQ directory.
        var pipeline = TransformPipeline()
        var directory = source
        let table = TableIdentity(domain: "d", topic: .forms, subtype: "http://openrosa.org/formdesigner/X1")
        let out = try pipeline.run([SourceDocument(id: "f1", document: f1)], table: table, now: 0, directory: &directory)
        let record = try out[0].get()
        #expect(record["supervisor_id"] == .string("sup1") && record["type"] == .string("X1"))
        #expect(record["month"] == .date(HQTime.firstOfMonth(18687)))

        // The server drops every connection of the source (as a restart does): the next lookups reconnect.
        let killed = try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [tag])
        #expect(killed.rowCount == 3)
        #expect(try source.userLocations(["u1"]) == ["u1": "flwc1"])
        #expect(Set(try source.fetch(topic: .forms, changes: formChanges).documents.keys) == ["f1", "f2"])

        // A bad query is a database error, and the source stays usable afterwards.
        var broken = settings
        broken.queries.userLocations = "SELECT nonsense FROM nowhere WHERE $1::text[] IS NOT NULL"
        #expect(throws: DocumentSourceError.self) { try HQPostgresSource(settings: broken).userLocations(["u1"]) }
        #expect(try source.userLocations(["u1"]) == ["u1": "flwc1"])
    }

    @Test func blobKeysAreChecked() throws {
        let dir = try TemporaryDirectory("blobs")
        let store = FileBlobStore(root: dir.path)
        for key in ["../etc/passwd", "/etc/passwd", "a/../../b", "", "a//b", "./x"] {
            #expect(throws: DocumentSourceError.blob(key: key, reason: "unsafe blob key")) { try store.read(key: key, compressed: false) }
        }
        #expect(throws: DocumentSourceError.self) { try store.read(key: "missing", compressed: false) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.path + "/x"))
        #expect(try store.read(key: "x", compressed: false) == [1, 2, 3])
        #expect(throws: DocumentSourceError.self) { try store.read(key: "x", compressed: true) }
    }

    static func change(_ id: String, topic: ChangeTopic) -> RoutedChange {
        RoutedChange(message: IncomingMessage(topic: topic.rawValue, partition: 0, offset: 0, key: nil, value: nil), topic: topic,
                     change: ChangeMeta(documentID: id, documentType: "T", documentSubtype: nil, domain: "d", isDeletion: false))
    }
}
