import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

@Suite struct EventFileTests {
    private func expectedScalars(_ fixture: String) throws -> [String] {
        let events = try Fixtures.json(fixture)["events"] as! [[String: Any]]
        return events.flatMap { event in
            (event["values"] as? [[String: Any]] ?? []).map { value in
                "\(value["tag"]!)@\(event["step"]!)=\(Float((value["value"] as! NSNumber).doubleValue))"
            }
        }
    }

    private func scalars(_ contents: EventFileContents) -> [String] {
        contents.scalars.map { "\($0.tag)@\($0.step)=\(Float($0.value))" }
    }

    @Test(arguments: ["events_graph", "events_tensor"])
    func readsTheFixtureScalars(fixture: String) throws {
        let contents = try EventFileContents(path: Fixtures.path(fixture))
        #expect(contents.events.first?.fileVersion == "brain.Event:2")
        #expect(scalars(contents) == (try expectedScalars(fixture)))
    }

    @Test func readsTheFixtureGraph() throws {
        let nodes = try Fixtures.json("events_graph")["graph_nodes"] as! [[String: Any]]
        let graphDef = try #require(try EventFileContents(path: Fixtures.path("events_graph")).graphDef())
        #expect(graphDef.node.map(\.name) == nodes.map { $0["name"] as! String })
        #expect(graphDef.node.map(\.op) == nodes.map { $0["op"] as! String })
        #expect(graphDef.node.map(\.input) == nodes.map { $0["input"] as! [String] })
        #expect(graphDef.versions.producer == 2474)
    }

    @Test func writesARunWithTheGraphAndMergedSummaries() throws {
        let graph = Graph()
        let (x, merged) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [3], name: "x")
            let loss = try reduceSum(x, name: "total")
            _ = try nameScope("loss") { _ in try constant(1.0) }
            _ = try Summary.scalar("loss", loss)
            _ = try nameScope("metrics") { _ in try Summary.histogram("x", x) }
            return (x, try #require(try Summary.mergeAll()))
        }
        #expect(merged.op.type == "MergeSummary")
        let session = Session(graph: graph)
        let directory = try Fixtures.temporaryDirectory()
        let writer = try FileWriter(logdir: directory, graph: graph)
        for step in 0..<3 {
            let value = HostTensor([Float(step), 1, 2])
            try writer.addSummary(try session.run(merged, feeds: [x: value]), globalStep: step)
        }
        try writer.close()
        #expect(writer.path.hasPrefix(directory + "/events.out.tfevents."))
        let contents = try EventFileContents(path: directory)
        #expect(contents.files == [writer.path])
        #expect(contents.events.first?.fileVersion == "brain.Event:2")
        #expect(try contents.graphDef()?.node.map(\.name) == graph.operations.map(\.name))
        #expect(contents.tags == ["loss_1", "metrics/x"])
        #expect(scalars(contents) == ["loss_1@0=3.0", "loss_1@1=4.0", "loss_1@2=5.0"])
        guard case .summary(let summary) = contents.events.last?.what else { throw ScopeFlowError(.notFound, "summary") }
        let histogram = summary.value[1].histo
        #expect(histogram.num == 3 && histogram.min == 1 && histogram.max == 2 && histogram.sum == 5)
        #expect(histogram.bucket.reduce(0, +) == 3)
    }

    @Test func recordFramingMatchesTheDocumentedBytes() throws {
        let event = Tensorflow_Event.with {
            $0.wallTime = 1_700_000_000
            $0.fileVersion = "brain.Event:2"
        }
        let record = TFRecord.frame(try [UInt8](event.serializedData()))
        #expect(Array(record.prefix(12)) == [0x18, 0, 0, 0, 0, 0, 0, 0, 0xa3, 0x7f, 0x4b, 0x22])
        #expect(Array(record.suffix(4)) == [0xec, 0xed, 0x8f, 0x9d])
    }

    @Test(arguments: ["events_graph", "events_tensor"])
    func corruptedCopiesAreRejected(fixture: String) throws {
        let source = try EventFileContents(path: Fixtures.path(fixture)).files[0]
        let original = try FileIO.read(source)
        // Damage in the first record: not an event file. (Later damage keeps the events before it:
        // ReaderLimitTests.)
        let edits: [(String, (inout [UInt8]) -> Void)] = [
            ("truncated", { $0 = Array($0.prefix(20)) }),
            ("length checksum", { $0[8] ^= 1 }),
            ("data checksum", { $0[20] ^= 1 }),
            ("absurd length", { $0[6] = 0x7F; $0[8...11] = [0, 0, 0, 0] }),
        ]
        for (what, edit) in edits {
            var bytes = original
            edit(&bytes)
            let path = try Fixtures.temporaryDirectory() + "/events.out.tfevents.1.bad"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: ScopeFlowError.self, "\(what)") { try EventFileContents(path: path) }
            #expect(error?.code == .dataLoss)
            #expect(error?.message.contains(path) == true)
        }
        var truncated = original
        truncated.removeLast(3)
        let path = try Fixtures.temporaryDirectory() + "/events.out.tfevents.1.cut"
        try Data(truncated).write(to: URL(fileURLWithPath: path))
        let contents = try EventFileContents(path: path)
        #expect(contents.events.count == (try EventFileContents(path: source)).events.count - 1)
        #expect(contents.warnings.map(\.code) == [.dataLoss])
    }
}
