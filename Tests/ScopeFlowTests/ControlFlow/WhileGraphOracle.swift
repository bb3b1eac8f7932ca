import Foundation
import Testing

@testable import ScopeFlow

/// The while-loop graphs TF 2.21 builds and the values it fetches from them
/// (`Resources/while_graphs.json`, written by `Scripts/tf-verify/record_while_graphs.py`).
struct WhileGraphOracle: Decodable, Sendable {
    /// One node as TF lists it: inputs in order then `^control` inputs, the static shape of each
    /// output (nil: unknown rank), and an `Enter`'s frame attributes.
    struct Node: Decodable, Sendable, Equatable, CustomStringConvertible {
        let name: String
        let op: String
        let inputs: [String]
        let shapes: [[Int?]?]
        var frame_name: String? = nil
        var is_constant: Bool? = nil
        var parallel_iterations: Int? = nil

        var description: String {
            let enter =
                frame_name.map { " frame=\($0) constant=\(is_constant!) parallel=\(parallel_iterations!)" } ?? ""
            return "\(name) = \(op)(\(inputs.joined(separator: ", "))) shapes=\(shapes)\(enter)"
        }
    }

    struct Value: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let values: [Double]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let nodes: [Node]
        let fetches: [String]
        let values: [Value]
        var testDescription: String { id }
    }

    let tensorflow: String
    let cases: [Case]

    static let shared: WhileGraphOracle = {
        let url = Bundle.module.url(forResource: "while_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(WhileGraphOracle.self, from: Data(contentsOf: url))
    }()
}

extension WhileGraphOracle.Node {
    /// `op` listed as the recorder lists TF's nodes.
    init(_ op: ScopeFlow.Operation) {
        name = op.name
        self.op = op.type
        let data: [String] = op.inputs.map { $0.index == 0 ? $0.op.name : $0.name }
        let control: [String] = op.controlInputs.map { "^" + $0.name }
        inputs = data + control
        shapes = op.outputSpecs.map { $0.shape.dims }
        if op.isLoopEnter {
            if case .string(let frame)? = op.attrs["frame_name"] { frame_name = frame }
            if case .bool(let constant)? = op.attrs["is_constant"] { is_constant = constant }
            if case .int(let parallel)? = op.attrs["parallel_iterations"] { parallel_iterations = parallel }
        }
    }
}
