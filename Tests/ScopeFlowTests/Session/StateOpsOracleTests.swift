import Foundation
import Testing

@testable import ScopeFlow

/// What TensorFlow 2.21 did with the ops that write ref variables in place or look at them
/// (`Resources/state_ops.json`, recorded by `Scripts/tf-verify/record_state_ops.py`).
struct StateOpsOracle: Decodable, Sendable {
    struct Failure: Decodable, Sendable {
        let `class`: String
        let message: String
    }

    struct Run: Decodable, Sendable {
        let output: OpOracle.TensorRecord?
        let error: Failure?
        /// Each variable read back after the run; nil for one that holds no value.
        let variables: [String: OpOracle.TensorRecord?]
    }

    struct Node: Decodable, Sendable {
        let name: String
        let type: String
        let inputs: [String]
        let output_shape: [Int?]?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let op: String
        let attrs: [String: Bool]
        let initialize: Bool
        let node: Node
        let variables: [OpOracle.TensorRecord]
        let inputs: [OpOracle.TensorRecord]
        let runs: [Run]
        var testDescription: String { id }
    }

    struct RunError: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let op: String
        let attrs: [String: Int]
        let inputs: [OpOracle.TensorRecord]
        let message: String
        var testDescription: String { id }
    }

    struct BuildError: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let message: String
        var testDescription: String { id }
    }

    /// `Variable.initialized_value()`: the nodes TF adds (`[name, type, inputs…]`) and its values.
    struct InitializedValue: Decodable, Sendable {
        struct Values: Decodable, Sendable {
            let uninitialized: OpOracle.TensorRecord
            let initialized: OpOracle.TensorRecord
            let assigned: OpOracle.TensorRecord
        }
        let variable: OpOracle.TensorRecord
        let assigned: OpOracle.TensorRecord
        let nodes: [[String]]
        let output: String
        let values: Values
    }

    let cases: [Case]
    let run_errors: [RunError]
    let build_errors: [BuildError]
    let initialized_value: InitializedValue

    static let shared: StateOpsOracle = {
        let url = Bundle.module.url(forResource: "state_ops", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(StateOpsOracle.self, from: Data(contentsOf: url))
    }()
}

/// Each recorded case rebuilt with ScopeFlow's constructors (`scatterSub`, `applyAdagrad`,
/// `sparseApplyAdagrad`, `isVariableInitialized`) on variables holding TF's starting values, run
/// as often as TF ran it: the op's output, every variable read back after each run and TF's
/// errors (class and message) must match.
@Suite struct StateOpsOracleTests {
    /// float32 values within one rounding of TF's: TF's Adagrad multiplies by Eigen's vectorized
    /// `rsqrt`, which may differ from `1/√x` in the last bit.
    static let tolerance = OpOracle.Tolerance(rtol: 1e-6, atol: 1e-7)

    /// TF's CPU scatter ops (`ScatterSub`, `ScatterAdd`) update rows until they meet a bad index, so
    /// the rows before it stay changed; ScopeFlow checks every index first and changes nothing. The
    /// test checks that the recorded difference is exactly those rows.
    static let checksIndicesFirst: Set<String> = [
        "ScatterSub/out_of_range", "ScatterSub/negative_index", "ScatterAdd/out_of_range",
    ]

    @Test(arguments: StateOpsOracle.shared.cases)
    func matchesTensorFlow(_ c: StateOpsOracle.Case) throws {
        let graph = Graph()
        let (output, variables, initializer) = try graph.asDefault {
            let (output, variables) = try Self.build(c)
            return (output, variables, try globalVariablesInitializer())
        }
        #expect(output.op.name == c.node.name && output.op.type == c.node.type)
        #expect(output.op.inputs.map(\.op.name) == c.node.inputs, "inputs of \(c.id)")
        #expect(output.shape == (c.node.output_shape.map(Shape.init) ?? .unknown), "static shape of \(c.id)")
        let session = Session(graph: graph)
        if c.initialize { try session.run(initializer) }
        for (k, run) in c.runs.enumerated() {
            let what = "\(c.id) run \(k)"
            do {
                let value = try session.run(output)
                let want = try #require(run.output, "\(what): TF failed with \(run.error?.message ?? "")")
                #expect(oracleMismatch(value, want, Self.tolerance) == nil, "\(what) output")
            } catch let error as ScopeFlowError {
                let want = try #require(run.error, "\(what): \(error.message)")
                #expect(error.message.contains(want.message), "\(what): \(error.message)")
                #expect(error.code == (want.class == "FailedPreconditionError" ? .uninitialized : .invalidArgument))
            }
            for (name, variable) in variables {
                let recorded = try #require(run.variables[name])
                guard let want = recorded else {
                    #expect(throws: ScopeFlowError.self, "\(what): \(name) holds no value") {
                        try session.run(variable)
                    }
                    continue
                }
                let got = try session.run(variable)
                if Self.checksIndicesFirst.contains(c.id) {
                    let start = try #require(c.variables.first { $0.name == name })
                    #expect(oracleMismatch(got, start, Self.tolerance) == nil, "\(what): \(name) unchanged")
                    try Self.expectRowsBeforeTheBadIndexDiffer(c, start: start, tf: want)
                } else {
                    #expect(oracleMismatch(got, want, Self.tolerance) == nil, "\(what): \(name)")
                }
            }
        }
    }

    /// TF's pure ops' run-time checks (`ReverseSequence`'s lengths and axes, `Unique`'s rank),
    /// on inputs of unknown static shape: the same messages.
    @Test(arguments: StateOpsOracle.shared.run_errors)
    func runTimeErrorsMatchTensorFlow(_ c: StateOpsOracle.RunError) throws {
        let graph = Graph()
        let (output, feeds) = try graph.asDefault {
            var feeds: [Tensor: HostTensor] = [:]
            let placeholders = try c.inputs.map { record in
                let input = try placeholder(DType(rawValue: record.dtype)!, shape: .unknown, name: record.name)
                feeds[input] = try record.hostTensor()
                return input
            }
            let output =
                c.op == "Unique"
                ? try unique(placeholders[0]).y
                : try reverseSequence(
                    placeholders[0], seqLengths: placeholders[1], seqAxis: c.attrs["seq_axis"]!,
                    batchAxis: c.attrs["batch_axis"]!)
            return (output, feeds)
        }
        let error = try #require(throws: ScopeFlowError.self) { try Session(graph: graph).run(output, feeds: feeds) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains(c.message), "\(c.id): \(error.message)")
    }

    /// The graphs TF's shape functions reject: the same reason (up to TF's node description).
    @Test(arguments: StateOpsOracle.shared.build_errors)
    func buildErrorsMatchTensorFlow(_ c: StateOpsOracle.BuildError) throws {
        let reason = String(c.message.prefix { $0 != "'" }.dropLast(" for ".count))
        let error = try #require(throws: ScopeFlowError.self) {
            try Graph().asDefault { try Self.buildRejected(c.id) }
        }
        // An axis outside the rank is a bad argument; the other rejections are shapes that do not fit.
        #expect(error.code == (reason.contains("must be < input rank") ? .invalidArgument : .shapeMismatch))
        #expect(error.message.hasPrefix(reason), "\(c.id): \(error.message) (TF: \(c.message))")
    }

    /// The recorded variables and constant inputs of `c`, and its op built on them.
    private static func build(_ c: StateOpsOracle.Case) throws -> (Tensor, [(String, Variable)]) {
        var variables: [String: Variable] = [:]
        for record in c.variables {
            variables[record.name!] = try Variable(record.hostTensor(), name: record.name!)
        }
        var inputs: [String: Tensor] = [:]
        for record in c.inputs { inputs[record.name!] = try constant(record.hostTensor(), name: record.name!) }
        let useLocking = c.attrs["use_locking"] ?? false
        let updateSlots = c.attrs["update_slots"] ?? true
        let output: Tensor
        switch c.op {
        case "ScatterSub":
            output = try scatterSub(
                variables["var"]!, indices: inputs["indices"]!, updates: inputs["updates"]!, useLocking: useLocking)
        case "ScatterUpdate":
            output = try scatterUpdate(
                variables["var"]!, indices: inputs["indices"]!, updates: inputs["updates"]!, useLocking: useLocking)
        case "ScatterAdd":
            output = try scatterAdd(
                variables["var"]!, indices: inputs["indices"]!, updates: inputs["updates"]!, useLocking: useLocking)
        case "ScatterMul":
            output = try scatterMul(
                variables["var"]!, indices: inputs["indices"]!, updates: inputs["updates"]!, useLocking: useLocking)
        case "ScatterDiv":
            output = try scatterDiv(
                variables["var"]!, indices: inputs["indices"]!, updates: inputs["updates"]!, useLocking: useLocking)
        case "ApplyAdagrad":
            output = try applyAdagrad(
                variables["var"]!, accumulator: variables["accum"]!, learningRate: inputs["lr"]!,
                gradient: inputs["grad"]!, useLocking: useLocking, updateSlots: updateSlots)
        case "SparseApplyAdagrad":
            output = try sparseApplyAdagrad(
                variables["var"]!, accumulator: variables["accum"]!, learningRate: inputs["lr"]!,
                gradient: inputs["grad"]!, indices: inputs["indices"]!, useLocking: useLocking,
                updateSlots: updateSlots)
        case "IsVariableInitialized":
            output = try isVariableInitialized(variables["var"]!)
        default:
            throw ScopeFlowError(.unimplemented, "no builder for \(c.op)")
        }
        return (output, c.variables.map { ($0.name!, variables[$0.name!]!) })
    }

    /// The graph of a recorded build error, built with ScopeFlow's constructors.
    private static func buildRejected(_ id: String) throws {
        func zeros(_ shape: [Int]) throws -> HostTensor {
            try HostTensor([Float](repeating: 0, count: shape.reduce(1, *)), shape: shape)
        }
        func variable(_ shape: [Int]) throws -> Variable { try Variable(zeros(shape)) }
        func lengths(_ values: [Int64]) throws -> Tensor { try constant(HostTensor(values)) }
        let lr = try constant(0.1)
        switch id {
        case "ScatterSub/updates_shape":
            _ = try scatterSub(
                variable([5, 3]), indices: constant(HostTensor([Int32(0), 1])), updates: constant(zeros([2, 4])))
        case "ApplyAdagrad/grad_shape":
            _ = try applyAdagrad(
                variable([2, 3]), accumulator: variable([2, 3]), learningRate: lr, gradient: constant(zeros([3, 2])))
        case "ApplyAdagrad/lr_rank":
            _ = try applyAdagrad(
                variable([2]), accumulator: variable([2]), learningRate: constant(HostTensor([Float(0.1), 0.2])),
                gradient: constant(zeros([2])))
        case "SparseApplyAdagrad/indices_count":
            _ = try sparseApplyAdagrad(
                variable([4, 2]), accumulator: variable([4, 2]), learningRate: lr, gradient: constant(zeros([3, 2])),
                indices: constant(HostTensor([Int32(0), 1])))
        case "SparseApplyAdagrad/inner_shape":
            _ = try sparseApplyAdagrad(
                variable([4, 2]), accumulator: variable([4, 2]), learningRate: lr, gradient: constant(zeros([2, 3])),
                indices: constant(HostTensor([Int32(0), 1])))
        case "ReverseSequence/seq_dim_rank":
            _ = try reverseSequence(constant(zeros([2, 3])), seqLengths: lengths([1, 1]), seqAxis: 2, batchAxis: 0)
        case "ReverseSequence/batch_dim_rank":
            _ = try reverseSequence(constant(zeros([2, 3])), seqLengths: lengths([1, 1]), seqAxis: 1, batchAxis: 4)
        case "ReverseSequence/lengths_count":
            _ = try reverseSequence(constant(zeros([2, 3])), seqLengths: lengths([1, 1, 1, 1]), seqAxis: 1)
        case "ReverseSequence/lengths_rank":
            _ = try reverseSequence(
                constant(zeros([2, 3])), seqLengths: constant(HostTensor([Int64(1), 1], shape: [1, 2])), seqAxis: 1)
        case "Unique/matrix":
            _ = try unique(constant(zeros([2, 2])))
        default:
            throw ScopeFlowError(.unimplemented, "no builder for \(id)")
        }
    }

    /// For a `ScatterSub` TF stopped at a bad index: TF's variable differs from the start exactly
    /// in the rows the indices before the bad one pick.
    private static func expectRowsBeforeTheBadIndexDiffer(
        _ c: StateOpsOracle.Case, start: OpOracle.TensorRecord, tf: OpOracle.TensorRecord
    ) throws {
        let indices = try #require(c.inputs.first { $0.name == "indices" }?.values).map { Int($0.double) }
        let rows = start.shape[0]
        let bad = try #require(indices.firstIndex { $0 < 0 || $0 >= rows })
        let inner = start.shape.dropFirst().reduce(1, *)
        let changed = Set(indices.prefix(bad))
        let (before, after) = (start.values ?? [], tf.values ?? [])
        for row in 0..<rows {
            let differs = (0..<inner).contains { before[row * inner + $0].double != after[row * inner + $0].double }
            #expect(differs == changed.contains(row), "\(c.id): TF's row \(row)")
        }
    }
}

/// `Variable.initializedValue()`: TF's nodes (`IsVariableInitialized` feeding a v1 cond that
/// reads the variable through a `RefSwitch`), and TF's values before and after the variable
/// holds one. The plan has control flow, so the frame executor runs it.
@Suite struct InitializedValueTests {
    @Test func buildsTensorFlowsNodes() throws {
        let recorded = StateOpsOracle.shared.initialized_value
        let graph = Graph()
        let (value, nodes) = try graph.asDefault {
            let v = try Variable(recorded.variable.hostTensor(), name: "v")
            let before = graph.operations.count
            let value = try v.initializedValue()
            let nodes = graph.operations.dropFirst(before).map { [$0.name, $0.type] + $0.inputs.map(\.name) }
            return (value, nodes)
        }
        #expect(nodes == recorded.nodes)
        #expect(value.name == recorded.output)
    }

    @Test func givesTheVariablesValueOnceItHoldsOne() throws {
        let recorded = StateOpsOracle.shared.initialized_value
        let graph = Graph()
        let (value, v, assignment) = try graph.asDefault {
            let v = try Variable(recorded.variable.hostTensor(), name: "v")
            return (try v.initializedValue(), v, try assign(v, constant(recorded.assigned.hostTensor())))
        }
        let session = Session(graph: graph)
        #expect(oracleMismatch(try session.run(value), recorded.values.uninitialized, .exact) == nil)
        try session.run(v.initializer)
        #expect(oracleMismatch(try session.run(value), recorded.values.initialized, .exact) == nil)
        _ = try session.run(assignment)
        #expect(oracleMismatch(try session.run(value), recorded.values.assigned, .exact) == nil)
    }

    /// A cond passes an uninitialized variable's reference on through a `RefSwitch` without
    /// reading it, as TF 2.21 does: the untaken branch gives its value, the taken one that reads
    /// the variable fails as uninitialized, and one that assigns to it writes it.
    @Test func aCondReadsOrWritesAnUninitializedVariableOnlyInTheTakenBranch() throws {
        let graph = Graph()
        let (p, v, read, written) = try graph.asDefault {
            let p = try placeholder(.bool, shape: [], name: "p")
            let v = try Variable(HostTensor([1.5, -2] as [Float], shape: [2]), name: "v")
            let read = try cond(
                p, trueFn: { try identity(v.ref) },
                falseFn: { try constant(HostTensor([7, 7] as [Float], shape: [2])) })
            let written = try cond(
                p, trueFn: { try assign(v, constant(HostTensor([4, 5] as [Float], shape: [2]))) },
                falseFn: { try constant(HostTensor([0, 0] as [Float], shape: [2])) })
            return (p, v, read, written)
        }
        let session = Session(graph: graph)
        #expect(try session.run(read, feeds: [p: HostTensor(scalar: false)]).floats == [7, 7])
        let error = try #require(throws: ScopeFlowError.self) {
            try session.run(read, feeds: [p: HostTensor(scalar: true)])
        }
        #expect(error.code == .uninitialized)
        #expect(try session.run(written, feeds: [p: HostTensor(scalar: true)]).floats == [4, 5])
        #expect(try session.run(v).floats == [4, 5])
    }

    /// A variable initialized from another's `initializedValue()`, both by one initializer run
    /// (the averages of an `ExponentialMovingAverage`): the initializers run in creation order,
    /// so the cond reads the first variable's fresh value.
    @Test func initializesAVariableFromAnotherInOneRun() throws {
        let recorded = StateOpsOracle.shared.initialized_value
        let graph = Graph()
        let (average, initializer) = try graph.asDefault {
            let v = try Variable(recorded.variable.hostTensor(), name: "v")
            let average = try Variable(v.initializedValue(), name: "v/ExponentialMovingAverage")
            return (average, try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        #expect(oracleMismatch(try session.run(average), recorded.variable, .exact) == nil)
    }
}

extension OpOracle.Tolerance {
    /// Bit for bit.
    static let exact = OpOracle.Tolerance(rtol: 0, atol: 0)
}
