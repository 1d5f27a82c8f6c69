import DeltaLog
import Foundation
import Ingest
import Kafka

/// The `ingest` suite: Kafka to committed tables. `IngestFeed` (N case changes, inline documents) is produced once
/// to topic `lake-bench-ingest-<N>` (4 partitions) and kept, so the peer pipeline
/// (Benchmarks/peers/ingest_python.py) consumes the identical messages. Each run consumes the topic from the
/// start with `KafkaConsumer` and drives `IngestLoop` into a fresh warehouse, one `process` call per batch of
/// 500 or 10,000 records: records/s, per-batch latency (route, transform, every table's commits) p50/p95, and
/// peak memory; K runs after one short warm-up (the first 1,000 messages into a scratch warehouse: code, page cache
/// and broker connection warm, tables still new). Tables are partitioned by `month` only (by `month, supervisor_id`
/// a 500-record batch writes a file per supervisor). `LAKE_BENCH_INGEST_BATCHES=500` (a comma list) picks the
/// batch sizes. Needs `SWIFTLAKE_TEST_KAFKA`.
enum IngestSuite {
    static let partitions: Int32 = 4
    static let batchSizes = [500, 10_000]

    static func topic(_ n: Int) -> String { "lake-bench-ingest-\(n)" }

    static func run(_ context: BenchContext, batchSizes: [Int] = IngestSuite.batchSizes) async throws -> [Figure] {
        guard let bootstrap = ProcessInfo.processInfo.environment["SWIFTLAKE_TEST_KAFKA"] else {
            print("ingest suite skipped: SWIFTLAKE_TEST_KAFKA is not set (scripts/bench starts a broker)")
            return []
        }
        // As `lake-ingest run` does at start (with `run all`, arenas the earlier suites made remain).
        MallocArenas.limitToCores()
        let n = context.dataset.rows
        let client = try KafkaClient(bootstrap: bootstrap, clientID: "lake-bench-ingest")
        defer { Task { await client.close() } }
        let tps = (0..<partitions).map { TopicPartition(topic(n), $0) }
        try await client.createTopic(topic(n), partitions: partitions, ignoreExisting: true)
        try await fill(client, partitions: tps, count: n, dataset: context.dataset)

        let sizes = ProcessInfo.processInfo.environment["LAKE_BENCH_INGEST_BATCHES"].map {
            $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        } ?? batchSizes
        let scratch = context.workDir + "/ingest-warmup"
        // Warehouses are removed after the last run, not between runs: on ext4 without a journal (this machine's)
        // every file created within seconds after thousands were deleted pays for a scan past the freed inodes
        // (`recently_deleted`), a cost of the benchmark's cleanup, not of ingesting.
        var warehouses = [scratch]
        defer { for w in warehouses { try? FileManager.default.removeItem(atPath: w) } }
        _ = try await ingest(client, tps, count: min(n, 1_000), batch: 500, warehouse: scratch)

        var figures: [Figure] = []
        for size in sizes {
            var latencies: [Double] = []
            var commits: [Int] = []
            var phases: [(String, Double)] = []
            var cpu: [Double] = []
            var run = 0
            // No warm-up run per size (the suite's warm-up above covers the code): every run starts from an empty
            // warehouse anyway.
            var harness = context.harness
            harness.warmup = false
            let seconds = try await harness.measureAsync {
                run += 1
                let warehouse = context.workDir + "/ingest-\(size)-\(run)"
                warehouses.append(warehouse)
                let c0 = Harness.cpuSeconds()
                let r = try await ingest(client, tps, count: n, batch: size, warehouse: warehouse)
                // Every thread of the process, background compactions included (the run waits for them).
                cpu.append(Harness.cpuSeconds() - c0)
                latencies = r.latencies
                commits.append(r.commits)
                phases = r.phases
            }
            let best = seconds.min() ?? 1
            let sorted = latencies.sorted()
            func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
            var extra = ["records_per_s": Double(n) / best, "batch_p50_ms": pct(0.5), "batch_p95_ms": pct(0.95),
                         "process_s": latencies.reduce(0, +),
                         "batches": Double(latencies.count), "commits": Double(commits.last ?? 0),
                         "cpu_s": Harness.median(cpu), "cpu_min_s": cpu.min() ?? 0]
            // The last run's phase breakdown (`IngestLoop.PhaseTimes`, seconds summed over its batches).
            for (name, s) in phases { extra["phase_\(name)_s"] = s }
            figures.append(Figure(suite: "ingest", workload: "ingest \(n) records, \(size)-record batches", seconds: seconds,
                                  extra: extra))
        }
        return figures
    }

    /// Produces the feed until the partitions hold `count` messages (a kept topic is reused as is).
    static func fill(_ client: KafkaClient, partitions tps: [TopicPartition], count: Int, dataset: CaseDataset) async throws {
        let ends = try await KafkaConsumer(client: client).endOffsets(tps)
        var have = Int(ends.values.reduce(0, +))
        guard have < count else { return }
        guard have == 0 else { throw BenchError.failed("topic \(tps[0].topic) holds \(have) of \(count) messages: delete it") }
        let producer = KafkaProducer(client: client, config: ProducerConfig(acks: 1, compression: .none))
        var batch: [ProducerRecord] = []
        while have < count {
            let m = IngestFeed.message(have, dataset)
            batch.append(ProducerRecord(key: m.key, value: m.value))
            have += 1
            if batch.count == 5_000 || have == count {
                _ = try await producer.produce(topic: tps[0].topic, batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        _ = try await producer.flush()
    }

    /// Consumes every partition from the start and ingests `count` messages in batches of `batch`.
    static func ingest(_ client: KafkaClient, _ tps: [TopicPartition], count: Int, batch: Int,
                       warehouse: String) async throws -> (latencies: [Double], commits: Int, phases: [(String, Double)]) {
        var config = IngestConfig()
        config.warehouse = warehouse
        config.source = .inline
        config.batch.maxRecords = batch
        config.kafka.topics = [.cases]
        config.kafka.topicNames = [.cases: tps.first?.topic ?? topic(count)]
        config.partitionColumns = [.cases: ["month"], .forms: ["month"]]
        var loop = try IngestLoop(config: config, sources: IngestSources(documents: InlineDocumentSource(),
                                                                         locations: StaticLocationDirectory()))
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100, maxRecordsPerPoll: batch))
        await consumer.assign(Dictionary(uniqueKeysWithValues: tps.map { ($0, StartPosition.earliest) }))
        var pending: [IncomingMessage] = []
        var seen = 0, idle = 0, commits = 0
        var latencies: [Double] = []
        var times = IngestLoop.PhaseTimes()
        var fetch = 0.0
        while seen < count {
            let f0 = DispatchTime.now().uptimeNanoseconds
            let polled = try await consumer.poll(maxRecords: batch - pending.count)
            fetch += Double(DispatchTime.now().uptimeNanoseconds - f0) / 1e9
            let got = IncomingMessage.messages(from: polled)
            pending += got
            idle = got.isEmpty ? idle + 1 : 0
            if idle > 100 { throw BenchError.failed("ingest suite: stalled at \(seen + pending.count) of \(count) messages") }
            guard pending.count >= batch || seen + pending.count >= count else { continue }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let stats = try loop.process(pending, now: Int64(Date().timeIntervalSince1970 * 1_000_000))
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            commits += stats.commits
            times += stats.times
            guard stats.quarantined == 0 else { throw BenchError.failed("ingest suite: \(stats.quarantined) messages quarantined") }
            seen += pending.count
            pending.removeAll(keepingCapacity: true)
        }
        // Compactions still running belong to the run's time.
        let c0 = DispatchTime.now().uptimeNanoseconds
        if let failed = loop.finishCompactions() { throw failed }
        let tail = Double(DispatchTime.now().uptimeNanoseconds - c0) / 1e9
        await consumer.unassignAll()
        return (latencies, commits, [("fetch", fetch)] + times.named + [("final_compactions", tail)])
    }
}
