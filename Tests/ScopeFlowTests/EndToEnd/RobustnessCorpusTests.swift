import Foundation
import ScopeFlowProto
import Testing

@testable import ScopeFlow

/// The inputs of shared/robustness/cases that once crashed `scopeflow inspect` / `explain`
/// (copied to Resources/robustness, one folder per case), fed through the library calls the
/// command uses: each is now a clean `ScopeFlowError` or, for the valid ones, the right answer.
@Suite struct RobustnessCorpusTests {
    static func path(_ corpusCase: String, _ file: String = "") -> String {
        let root = Bundle.module.url(forResource: "robustness", withExtension: nil, subdirectory: "Resources")!.path
        return root + "/" + corpusCase + (file.isEmpty ? "" : "/" + file)
    }

    /// `inspect P --values`: every tensor of the checkpoint, as the command prints it.
    private func printedTensors(_ prefix: String) throws -> [(entry: CheckpointEntry, text: String)] {
        let reader = try CheckpointReader(prefix: #require(try checkpointPrefix(prefix)))
        return try reader.entries.map { ($0, try reader.tensor(named: $0.name).description) }
    }

    /// TF reads a tensor with a zero size among huge ones as an empty tensor of that shape.
    @Test(arguments: [
        ("ckpt_index-001", "model.ckpt", [1 << 40, 0]), ("ckpt_index-002", "model.ckpt", [0, 1 << 40]),
        ("ckpt_index-003", "model.ckpt", [1 << 62, 0, 1 << 62]), ("ckpt_index-004", "model.ckpt-3", [1 << 62, 0, 1 << 62]),
    ])
    func anEmptyTensorWithHugeSizesReadsAsEmpty(corpusCase: String, prefix: String, shape: [Int]) throws {
        let printed = try printedTensors(Self.path(corpusCase, prefix))
        let empty = try #require(printed.first { $0.entry.shape == shape })
        #expect(empty.text == "[]")
        let reader = try CheckpointReader(prefix: Self.path(corpusCase, prefix))
        let tensor = try reader.tensor(named: empty.entry.name)
        #expect(tensor.shape == shape)
        #expect(tensor.count == 0)
        #expect(printed.count >= 2)
    }

    /// A summary tensor declaring 2^40, 2^31 or 2^28 floats with one `float_val` is read without
    /// materialising it; decoding it is refused with the size in the message.
    @Test(arguments: [("events-041", 1 << 40), ("events-042", 1 << 31), ("events-043", 1 << 28)])
    func aHugeRepeatedSummaryTensorIsRefusedNotMaterialised(corpusCase: String, elements: Int) throws {
        let contents = try EventFileContents(path: Self.path(corpusCase, "events.out.tfevents.1.fuzz"))
        #expect(contents.events.count == 2)
        #expect(contents.warnings.isEmpty)
        #expect(contents.tags == ["x"])
        #expect(contents.scalars.isEmpty)
        guard case .summary(let summary)? = contents.events.last?.what, case .tensor(let proto)? = summary.value.first?.value
        else {
            Issue.record("no summary tensor")
            return
        }
        let error = #expect(throws: ScopeFlowError.self) { try HostTensor(proto: proto, context: "tag x") }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("shape [\(elements)] (\(elements) elements, \(elements * 4) bytes)") == true)
    }

    private func importFailure(_ corpusCase: String) throws -> ScopeFlowError? {
        let graphDef = try readGraphDef(Self.path(corpusCase, "graph.pb"))
        return #expect(throws: ScopeFlowError.self) { try Graph().importGraphDef(graphDef, prefix: "") }
    }

    @Test(arguments: ["graphdef-044", "graphdef-045", "graphdef-048"])
    func aConstantRepeatingOneValueOverAHugeShapeIsRefused(corpusCase: String) throws {
        let error = try importFailure(corpusCase)
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message.contains("stores 1 value") == true)
    }

    @Test(arguments: [("graphdef-046", "num_split = -1"), ("graphdef-047", "num = -1")])
    func aNegativeOutputCountIsInvalid(corpusCase: String, attr: String) throws {
        let error = try importFailure(corpusCase)
        #expect(error?.code == .invalidArgument)
        #expect(error?.names == ["s"])
        #expect(error?.message.contains(attr) == true)
    }

    /// An empty `checkpoint` state file beside a valid checkpoint: TF's "Invalid checkpoint
    /// state", not an event run of 0 events; the message names the checkpoint to give instead.
    @Test func anEmptyStateFileIsAnErrorNamingTheCheckpoint() throws {
        let folder = Self.path("inspect-050")
        let error = #expect(throws: ScopeFlowError.self) { try checkpointPrefix(folder) }
        #expect(error?.code == .dataLoss)
        #expect(error?.message.contains(folder + "/model.ckpt") == true)
        #expect(try checkpointPrefix(folder + "/model.ckpt.data-00000-of-00001") == folder + "/model.ckpt")
        #expect(try CheckpointReader(prefix: folder + "/model.ckpt").entries.isEmpty == false)
    }
}
