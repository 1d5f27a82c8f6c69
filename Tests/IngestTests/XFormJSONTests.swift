import Testing
@testable import Ingest

@Suite struct XFormJSONTests {
    func convert(_ xml: String) throws -> JSONValue { try XFormJSON().convert(Array(xml.utf8)) }

    /// The shape of the form example in docs/commcare-source.md §2, written as the XML HQ receives.
    @Test func hqFormExample() throws {
        let xml = """
            <?xml version='1.0' ?>
            <data xmlns:jrm="http://dev.commcarehq.org/jr/xforms" xmlns="http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9" uiVersion="1" version="610" name="Record a Delivery">
              <delivery_details>
                <mother_safe_and_alive>yes</mother_safe_and_alive>
                <add>2021-01-27</add>
                <number_of_children_delivered>1</number_of_children_delivered>
              </delivery_details>
              <n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id="45726c66e31a4558" date_modified="2021-03-01T10:14:02.000000Z" user_id="9a8b7c6d5e4f40312a1b2c3d4e5f6a7b">
                <n0:update><n0:currently_pregnant>no</n0:currently_pregnant></n0:update>
              </n0:case>
              <child><name>a</name></child>
              <child><name>b</name></child>
              <empty/>
              <n1:meta xmlns:n1="http://openrosa.org/jr/xforms">
                <n1:deviceID>commcare_ecd728fd</n1:deviceID>
                <n1:timeStart>2021-03-01T10:10:12.301Z</n1:timeStart>
                <n1:timeEnd>2021-03-01T15:44:02.118+05:30</n1:timeEnd>
                <n1:username>flw9</n1:username>
                <n1:userID>9a8b7c6d5e4f40312a1b2c3d4e5f6a7b</n1:userID>
                <n1:instanceID>uuid:6c1f9b2e</n1:instanceID>
                <n2:appVersion xmlns:n2="http://commcarehq.org/xforms">CommCare Android, version 2.50.3</n2:appVersion>
              </n1:meta>
            </data>
            """
        let v = try convert(xml)
        #expect(v["#type"] == "data")
        #expect(v["@xmlns"] == "http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9")
        #expect(v["@name"] == "Record a Delivery" && v["@uiVersion"] == "1" && v["@version"] == "610")
        #expect(v["delivery_details"] == ["mother_safe_and_alive": "yes", "add": "2021-01-27", "number_of_children_delivered": "1"])
        #expect(v["case"] == ["@xmlns": "http://commcarehq.org/case/transaction/v2", "@case_id": "45726c66e31a4558",
                              "@date_modified": "2021-03-01T10:14:02.000000Z", "@user_id": "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b",
                              "update": ["currently_pregnant": "no"]])
        #expect(v["child"] == [["name": "a"], ["name": "b"]])
        #expect(v["empty"] == "")
        #expect(v["meta"]?["@xmlns"] == "http://openrosa.org/jr/xforms")
        #expect(v["meta"]?["timeStart"] == "2021-03-01T10:10:12.301000Z")
        #expect(v["meta"]?["timeEnd"] == "2021-03-01T10:14:02.118000Z")
        #expect(v["meta"]?["appVersion"] == ["@xmlns": "http://commcarehq.org/xforms", "#text": "CommCare Android, version 2.50.3"])
    }

    /// HQ's namespaces fixture (couchforms tests): only elements whose namespace differs from the parent's get @xmlns.
    @Test func namespacesFollowHQ() throws {
        let xml = """
            <form version="1" uiVersion="1" xmlns:jrm="http://org.commcarehq/jr/xforms" xmlns="http://commcarehq.org/test/ns">
                <empty>no namespace here</empty>
                <flat xmlns="http://commcarehq.org/test/flatns">flat namespace</flat>
                <parent xmlns="http://commcarehq.org/test/parent">
                    <childwithout>cwo</childwithout>
                    <childwith xmlns="http://commcarehq.org/test/child1">cw</childwith>
                    <childwithelement xmlns="http://commcarehq.org/test/child2"><grandchild>gc</grandchild></childwithelement>
                    <lastchildwithout>lcwo</lastchildwithout>
                </parent>
                <lastempty>nothing here either</lastempty>
            </form>
            """
        let expected: JSONValue = [
            "#type": "form", "@xmlns": "http://commcarehq.org/test/ns", "@version": "1", "@uiVersion": "1",
            "empty": "no namespace here",
            "flat": ["@xmlns": "http://commcarehq.org/test/flatns", "#text": "flat namespace"],
            "parent": ["@xmlns": "http://commcarehq.org/test/parent", "childwithout": "cwo",
                       "childwith": ["@xmlns": "http://commcarehq.org/test/child1", "#text": "cw"],
                       "childwithelement": ["@xmlns": "http://commcarehq.org/test/child2", "grandchild": "gc"],
                       "lastchildwithout": "lcwo"],
            "lastempty": "nothing here either",
        ]
        #expect(try convert(xml) == expected)
    }

    @Test func entitiesCdataAndRepeatsOfThree() throws {
        let v = try convert("<r><t>a &lt;b&gt; &amp; &#233;&#x1F600;</t><c><![CDATA[<raw>]]></c><x>1</x><x>2</x><x>3</x><!-- c --></r>")
        #expect(v["t"] == "a <b> & é😀")
        #expect(v["c"] == "<raw>")
        #expect(v["x"] == ["1", "2", "3"])
    }

    @Test func malformedXMLIsTyped() {
        let cases: [(String, XMLError)] = [
            ("<a><b></a>", .mismatchedTag(expected: "b", found: "a", offset: 6)),
            ("<a>&bogus;</a>", .undefinedEntity("bogus", offset: 3)),
            ("<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", .doctypeNotAllowed(offset: 0)),
            ("<p:a/>", .undeclaredPrefix("p", offset: 0)),
            ("<a>", .unexpectedEnd(offset: 3)),
            ("", .unexpectedEnd(offset: 0)),
            ("<a/><b/>", .malformed(offset: 4, message: "content after the root element")),
        ]
        for (xml, expected) in cases {
            #expect(throws: expected, "\(xml)") { try convert(xml) }
        }
        #expect(throws: XMLError.tooDeep(offset: 12, limit: 4)) {
            try XFormJSON(maxDepth: 4).convert(Array("<a><a><a><a><a/></a></a></a></a>".utf8))
        }
    }
}
