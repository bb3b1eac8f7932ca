import ArgumentParser
import Foundation
import ScopeFlow
import ScopeFlowConformance

/// Graph-construction speed: `blocks` blocks of `h = relu(h @ w + b)` with 16×16
/// weights, the workload of shared/bench/tf/graph_build.py.
struct GraphBuildBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph-build", abstract: "Graph building speed (µs per op), as graph_build.py.")

    @Option(help: "Blocks per variant.") var blocks = 1000
    @Option(help: "Repetitions; the median is reported.") var repeats = 5
    @Option(help: "Run only this variant (variable_scope_refvars, name_scope_tf_variable, name_scope_ops_only).")
    var variant: String?
    @Flag(help: "Build graphs that do not record name provenance (to measure its cost).")
    var withoutProvenance = false

    enum Variant: String, CaseIterable {
        /// variableScope(nil, defaultName: "layer") + getVariable w, b (ref variables, as TF's use_resource=False).
        case variableScopeRefvars = "variable_scope_refvars"
        /// nameScope("layer") + Variable(randomNormal), Variable(zeros).
        case nameScopeTFVariable = "name_scope_tf_variable"
        /// nameScope("layer") with matmul + add + relu against shared placeholders.
        case nameScopeOpsOnly = "name_scope_ops_only"
    }

    func validate() throws {
        try OptionCheck.atLeastOne(blocks, "--blocks")
        try OptionCheck.atLeastOne(repeats, "--repeats")
        if let variant, Variant(rawValue: variant) == nil {
            throw ValidationError(
                "--variant must be one of \(Variant.allCases.map(\.rawValue).joined(separator: ", ")), got '\(variant)'.")
        }
    }

    func run() throws {
        let chosen = Variant.allCases.filter { variant == nil || variant == $0.rawValue }
        var progress = ProgressLine("build", total: chosen.count * repeats)
        _ = try build(.variableScopeRefvars, blocks: 5)
        var results: [(String, JSONValue)] = [
            ("blocks", .number(Double(blocks))), ("provenance", .bool(!withoutProvenance)),
        ]
        for (index, variant) in chosen.enumerated() {
            let runs = try (0..<repeats).map { rep in
                progress.update(index * repeats + rep, variant.rawValue)
                return try build(variant, blocks: blocks)
            }
            let sorted = runs.sorted { $0.seconds < $1.seconds }
            let median = sorted[sorted.count / 2]
            results.append((variant.rawValue, .object([
                ("ops_built", .number(Double(median.ops))),
                ("ops_per_block", .number(Double(median.ops) / Double(blocks))),
                ("variables", .number(Double(median.variables))),
                ("build_s", .number(median.seconds)),
                ("ops_per_s", .number(Double(median.ops) / median.seconds)),
                ("us_per_op", .number(median.seconds / Double(median.ops) * 1e6)),
                ("us_per_block", .number(median.seconds / Double(blocks) * 1e6)),
                ("reps_us_per_op", .array(runs.map { .number($0.seconds / Double($0.ops) * 1e6) })),
                ("last_op_names", .array(median.lastNames.map(JSONValue.string))),
            ])))
        }
        progress.clear()
        emitJSONLine(bench: "graph_build", results)
    }

    struct Measurement {
        let ops: Int
        let variables: Int
        let seconds: Double
        let lastNames: [String]
    }

    func build(_ variant: Variant, blocks: Int) throws -> Measurement {
        let graph = Graph(recordsProvenance: !withoutProvenance)
        return try graph.asDefault {
            let x = try placeholder(.float32, shape: [nil, 16], name: "x")
            let sharedW = try placeholder(.float32, shape: [16, 16], name: "w")
            let sharedB = try placeholder(.float32, shape: [16], name: "b")
            let before = graph.operations.count
            var h = x
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<blocks {
                switch variant {
                case .variableScopeRefvars:
                    h = try variableScope(nil, defaultName: "layer") { _ in
                        let w = try getVariable("w", shape: [16, 16], initializer: .randomNormal(stddev: 0.1))
                        let b = try getVariable("b", shape: [16], initializer: .zeros)
                        return try relu(matmul(h, w) + b)
                    }
                case .nameScopeTFVariable:
                    h = try nameScope("layer") { _ in
                        let w = try Variable(randomNormal(shape: [16, 16], stddev: 0.1), name: "w")
                        let b = try Variable(HostTensor([Float](repeating: 0, count: 16)), name: "b")
                        return try relu(matmul(h, w) + b)
                    }
                case .nameScopeOpsOnly:
                    h = try nameScope("layer") { _ in try relu(matmul(h, sharedW) + sharedB) }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let ops = graph.operations
            return Measurement(
                ops: ops.count - before, variables: try graph.variables().count, seconds: seconds,
                lastNames: ops.suffix(6).map(\.name))
        }
    }
}
