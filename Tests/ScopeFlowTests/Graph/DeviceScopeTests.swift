import Foundation
import Testing

@testable import ScopeFlow

/// `device(_:_:)` against TF 2.21's `tf.device` (`Resources/device_graphs.json`, recorded by
/// `Scripts/tf-verify/record_device_graphs.py`): each op's device (canonical names, nested devices
/// merged, `nil` clearing, initializers on none) and the per-device `NoOp`s of `group`,
/// `globalVariablesInitializer` and GradientDescent's update.
@Suite struct DeviceScopeTests {
    struct Recorded: Decodable { let nodes: [[String]] }

    static let recorded: Recorded = {
        let url = Bundle.module.url(forResource: "device_graphs", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }()

    @Test func placesAndGroupsOpsAsTensorFlowDoes() throws {
        let graph = Graph()
        try graph.asDefault {
            let (table, rows) = try device("/cpu:0") {
                let table = try getVariable(
                    "table", shape: [4, 2], initializer: .randomUniform(minval: -1, maxval: 1, seed: 3))
                return (table, try gather(table, indices: constant([1, 3] as [Int32])))
            }
            _ = table
            let w = try getVariable("w", shape: [2], initializer: .zeros)
            let (merged, cleared) = try device("/job:worker") {
                (
                    try device("/device:CPU:1") { try identity(w, name: "merged") },
                    try device(nil) { try identity(w, name: "cleared") }
                )
            }
            let loss = try reduceSum(rows * w) + reduceSum(merged) + reduceSum(cleared)
            try GradientDescentOptimizer(learningRate: 0.5).minimize(loss)
            _ = try group([merged.op, cleared.op, rows.op], name: "grouped")
            _ = try globalVariablesInitializer()
        }
        let ours = graph.operations.map { op in
            [op.name, op.type, op.device] + op.nodeDef.input
        }
        // TF colocates the gather gradient's `Shape` with the params (`colocate_with`), which
        // ScopeFlow does not model: that node's device is the one difference allowed.
        let tf = Self.recorded.nodes.map { node in
            node[0] == "gradients/GatherV2_grad/Shape" ? [node[0], node[1], ""] + node.dropFirst(3) : node
        }
        #expect(ours.count == tf.count)
        let difference = zip(ours, tf).first { $0 != $1 }
        #expect(difference == nil, "first differing node: ours \(difference?.0 ?? []) vs TF \(difference?.1 ?? [])")
    }

    @Test func rejectsADeviceNameTensorFlowWouldNotParse() throws {
        let graph = Graph()
        try graph.asDefault {
            #expect(throws: ScopeFlowError.self) { try device("/cpu") { try constant(Float(1)) } }
            #expect(throws: ScopeFlowError.self) { try device("/task:x") { try constant(Float(1)) } }
            #expect(throws: ScopeFlowError.self) { try device("/tpu:0:1") { try constant(Float(1)) } }
        }
    }
}
