import Foundation
import Testing

@testable import ScopeFlow

/// Writes the checkpoint and TensorBoard run that docs/tf-verification.md checks with real
/// TensorFlow: into `$SCOPEFLOW_VERIFY_DIR` when set, else a temporary folder.
@Suite struct CheckpointVerifyRunTests {
    @Test func writesACheckpointAndARunThatReadBack() throws {
        let directory = try ProcessInfo.processInfo.environment["SCOPEFLOW_VERIFY_DIR"] ?? Fixtures.temporaryDirectory()
        let graph = Graph()
        let (variables, summaries, initOp) = try graph.asDefault {
            let step = try getVariable("global_step", shape: [], dtype: .int64, initializer: .constant(0), trainable: false)
            let (kernel, bias, scale, loss) = try variableScope("model") { _ in
                let x = try constant([1, 2] as [Float], shape: [1, 2], name: "x")
                let kernel = try getVariable("dense/kernel", shape: [2, 3], initializer: .constant(0.5))
                let bias = try getVariable("dense/bias", shape: [3], initializer: .constant(0))
                let scale = try getVariable("scale", shape: [], initializer: .constant(2))
                let y = try add(matmul(x, kernel, name: "dense/MatMul"), bias, name: "dense/BiasAdd")
                return (kernel, bias, scale, try reduceMean(y, name: "loss"))
            }
            _ = try Summary.scalar("loss", loss)
            _ = try Summary.scalar("scale", scale)
            return ([step, kernel, bias, scale], try Summary.mergeAll()!, try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initOp)
        let writer = try FileWriter(logdir: directory + "/run", graph: graph)
        for step in 1...3 {
            try session.assignValue(HostTensor(storage: .float32([1.5 * Float(step)]), shape: []), to: variables[3])
            try writer.addSummary(try session.run(summaries), globalStep: step)
        }
        try writer.close()
        try session.assignValue(HostTensor(storage: .int64([3]), shape: []), to: variables[0])
        try session.assignValue(HostTensor(storage: .float32([0.1, -0.2, 0.3, -0.4, 0.5, -0.6]), shape: [2, 3]), to: variables[1])
        try session.assignValue(HostTensor(storage: .float32([1, 0, -1]), shape: [3]), to: variables[2])
        let prefix = try graph.asDefault { try Saver() }.save(session, to: directory + "/ckpt/model.ckpt", globalStep: 3)

        let reader = try CheckpointReader(prefix: prefix)
        #expect(reader.entries.map(\.name) == ["global_step", "model/dense/bias", "model/dense/kernel", "model/scale"])
        #expect(try reader.tensor(named: "model/dense/kernel").floats == [0.1, -0.2, 0.3, -0.4, 0.5, -0.6])
        #expect(try reader.tensor(named: "global_step").int64s == [3])
        let run = try EventFileContents(path: directory + "/run")
        #expect(run.scalars.filter { $0.tag == "scale" }.map(\.value) == [1.5, 3, 4.5])
        #expect(try run.graphDef()?.node.contains { $0.name == "model/dense/kernel" } == true)
    }
}
