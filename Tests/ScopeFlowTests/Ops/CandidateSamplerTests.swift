import Foundation
import Testing

@testable import ScopeFlow

/// The uniform, log-uniform and fixed-unigram candidate samplers against TF 2.21
/// (`Resources/candidate_samplers.json`, recorded by `Scripts/tf-verify/record_candidate_samplers.py`):
/// the node and its attrs, and three runs in one session — the same ids from TF's seeded Philox
/// stream, with and without `unique`, and the same expected counts.
@Suite struct CandidateSamplerTests {
    struct Recorded: Decodable {
        struct Node: Decodable {
            let name, op: String
            let inputs: [String]
            let attrs: [String: Int]
        }
        struct Run: Decodable {
            let sampled: [Int64]
            let true_expected, sampled_expected: [Double]
        }
        struct Options: Decodable {
            let unigrams: [Double]?
            let distortion: Double?
            let num_reserved_ids, num_shards, shard: Int?
        }
        struct Case: Decodable {
            let id, kind: String
            let options: Options
            let true_classes: [[Int64]]
            let num_sampled, range_max, graph_seed: Int
            let unique: Bool
            let op_seed: Int?
            let node: Node
            let outputs: [String]
            let runs: [Run]
        }
        let cases: [Case]
    }

    static let recorded: Recorded = {
        let url = Bundle.module.url(
            forResource: "candidate_samplers", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: recorded.cases.map(\.id))
    func samplesAsTensorFlowDoes(_ id: String) throws {
        let recorded = try #require(Self.recorded.cases.first { $0.id == id })
        let graph = Graph()
        graph.seed = recorded.graph_seed
        let sample = try graph.asDefault {
            let classes = try constant(
                HostTensor(
                    recorded.true_classes.flatMap { $0 },
                    shape: [recorded.true_classes.count, recorded.true_classes[0].count]),
                name: "true_classes")
            let numTrue = recorded.true_classes[0].count
            if recorded.kind == "fixed_unigram_candidate_sampler" {
                let options = recorded.options
                return try fixedUnigramCandidateSampler(
                    trueClasses: classes, numTrue: numTrue, numSampled: recorded.num_sampled, unique: recorded.unique,
                    rangeMax: recorded.range_max, distortion: options.distortion ?? 1,
                    numReservedIds: options.num_reserved_ids ?? 0, numShards: options.num_shards ?? 1,
                    shard: options.shard ?? 0, unigrams: options.unigrams ?? [], seed: recorded.op_seed)
            }
            let sampler =
                recorded.kind == "uniform_candidate_sampler" ? uniformCandidateSampler : logUniformCandidateSampler
            return try sampler(
                classes, numTrue, recorded.num_sampled, recorded.unique, recorded.range_max, recorded.op_seed, nil,
                #fileID, #line)
        }
        let op = sample.sampledCandidates.op
        #expect(op.name == recorded.node.name && op.type == recorded.node.op)
        #expect(op.inputs.map(\.op.name) == recorded.node.inputs)
        for (key, value) in recorded.node.attrs {
            let ours = op.attrs[key]
            #expect(ours?.intValue ?? ours?.boolValue.map { $0 ? 1 : 0 } == value, "attr \(key)")
        }
        #expect(
            [sample.sampledCandidates, sample.trueExpectedCount, sample.sampledExpectedCount].map(\.name)
                == recorded.outputs)
        let session = Session(graph: graph)
        for (index, run) in recorded.runs.enumerated() {
            let values = try session.run([
                sample.sampledCandidates, sample.trueExpectedCount, sample.sampledExpectedCount,
            ])
            #expect(values[0].int64s == run.sampled, "run \(index) samples")
            #expect(values[1].floats == run.true_expected.map { Float($0) }, "run \(index) true expected counts")
            #expect(values[2].floats == run.sampled_expected.map { Float($0) }, "run \(index) sampled expected counts")
        }
    }

    @Test func badArgumentsAreClearErrors() throws {
        try Graph().asDefault {
            let classes = try constant(HostTensor([Int64]([1, 2]), shape: [2, 1]))
            let tooMany = #expect(throws: ScopeFlowError.self) {
                try uniformCandidateSampler(trueClasses: classes, numTrue: 1, numSampled: 5, unique: true, rangeMax: 4)
            }
            #expect(tooMany?.code == .invalidArgument)
            let columns = #expect(throws: ScopeFlowError.self) {
                try logUniformCandidateSampler(
                    trueClasses: classes, numTrue: 2, numSampled: 2, unique: false, rangeMax: 4)
            }
            #expect(columns?.code == .shapeMismatch)
            let dtype = #expect(throws: ScopeFlowError.self) {
                try logUniformCandidateSampler(
                    trueClasses: constant(HostTensor([Int32]([1, 2]), shape: [2, 1])), numTrue: 1, numSampled: 2,
                    unique: false, rangeMax: 4)
            }
            #expect(dtype?.code == .dtypeMismatch)
            let range = #expect(throws: ScopeFlowError.self) {
                try fixedUnigramCandidateSampler(
                    trueClasses: classes, numTrue: 1, numSampled: 2, unique: false, rangeMax: 4, unigrams: [1, 2, 3])
            }
            #expect(range?.message.contains("must equal the number of ids of its shard, 3") == true)
        }
        let graph = Graph()
        let (classes, sample) = try graph.asDefault {
            let classes = try placeholder(.int64, shape: [nil, 1], name: "classes")
            return (
                classes,
                try uniformCandidateSampler(trueClasses: classes, numTrue: 1, numSampled: 2, unique: false, rangeMax: 4)
            )
        }
        let outOfRange = #expect(throws: ScopeFlowError.self) {
            try Session(graph: graph).run(
                sample.sampledCandidates, feeds: [classes: HostTensor([Int64]([1, 4]), shape: [2, 1])])
        }
        #expect(outOfRange?.message.hasPrefix("`true_candidate` out of range [0, 4), received 4") == true)
    }
}
