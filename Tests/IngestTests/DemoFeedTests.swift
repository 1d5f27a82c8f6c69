import Testing
@testable import Ingest

@Suite struct DemoFeedTests {
    @Test func demoFeedRunsThroughThePreparationPipeline() throws {
        var options = DemoFeed.Options()
        options.casesPerDomain = 12
        options.formsPerDomain = 10
        let demo = DemoFeed(options)
        #expect(DemoFeed(options).jsonl == demo.jsonl)  // deterministic
        let feed = try ReplayFeed(jsonl: demo.jsonl)
        #expect(feed.messages.count == demo.summary.messages)
        #expect(Set(feed.messages.map(\.partition)).count == 3)

        let plan = BatchRouter().route(feed.messages, now: 0)
        #expect(plan.messageCount == feed.messages.count && plan.quarantined.isEmpty)
        #expect(Set(plan.upserts.map(\.key)) == demo.summary.tables)
        #expect(plan.upserts.count == 3 * 4)  // 3 domains × (2 xmlns + 2 case types)
        #expect(plan.removals.reduce(0) { $0 + $1.changes.count } == demo.summary.deletions + demo.summary.archived)

        var source = feed.source
        var directory = feed.directory
        var pipeline = TransformPipeline()
        var missing = 0
        for group in plan.upserts {
            let prepared = try BatchPreparer.prepare(group, source: &source, pipeline: &pipeline, directory: &directory, now: 0)
            #expect(prepared.quarantined.allSatisfy { $0.kind == .missingDocument })
            missing += prepared.quarantined.count
            var inference = SchemaInference()
            for r in prepared.records { inference.add(r) }
            let batch = try inference.recordBatch(prepared.records)
            #expect(batch.rowCount == prepared.records.count)
            #expect(prepared.records.allSatisfy { $0["supervisor_id"]?.columnType == .string && $0["month"]?.columnType == .date })
            if group.key.topic == .cases {
                // integer → decimal → text over the feed: the column ends up text.
                #expect(inference.types["weight_kg"] == .string)
            } else {
                #expect(inference.types["form__meta__timeEnd"] == .timestamp)
            }
        }
        #expect(missing == demo.summary.missingDocuments)

        // The moved flwc's hierarchy row names its new supervisor; every domain has 15 locations.
        for group in plan.locationChanges {
            let prepared = try BatchPreparer.prepareLocations(group, pipeline: &pipeline, directory: &directory, now: 0)
            #expect(Set(prepared.rows.compactMap { $0["_id"]?.text }).count == 15)
            let moved = prepared.rows.first { $0["flwc_name"] == .string("FLWC moved") }
            let target = prepared.rows.first { $0["location_type"] == .string("supervisor") && $0["supervisor_name"] == .string("Supervisor 1.1") }
            #expect(moved?["supervisor_id"] != nil && moved?["supervisor_id"] == target?["_id"])
            #expect(moved?["district_name"] == .string("District 1"))
        }
    }
}
