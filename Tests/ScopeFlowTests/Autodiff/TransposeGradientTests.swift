import Testing

@testable import ScopeFlow

/// The Transpose gradient as TF 2.21 builds it (`_TransposeGrad`): an `InvertPermutation` op of
/// the forward permutation, then a `transpose` by it. The nodes below are the ones TF created for
/// `tf.gradients(tf.transpose(x, [1, 0, 2]), [x])` with `x` a `[2, 3, 4]` placeholder.
@Suite struct TransposeGradientTests {
    @Test func gradientInvertsThePermutationWithAnOp() throws {
        let graph = Graph()
        let (x, dx) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 3, 4], name: "x")
            let y = try transpose(x, perm: [1, 0, 2])
            return (x, try #require(try gradients(y, x)))
        }
        let created = graph.operations.drop { $0.name != "gradients/transpose_grad/InvertPermutation" }
        #expect(
            created.map { "\($0.name) \($0.type) \($0.inputs.map(\.name))" } == [
                "gradients/transpose_grad/InvertPermutation InvertPermutation [\"transpose/perm:0\"]",
                "gradients/transpose_grad/transpose Transpose [\"gradients/grad_ys_0:0\", \"gradients/transpose_grad/InvertPermutation:0\"]",
            ])
        #expect(dx.shape == Shape(known: [2, 3, 4]))
        let value = try HostTensor((0..<24).map(Float.init), shape: [2, 3, 4])
        #expect(try Session(graph: graph).run(dx, feeds: [x: value]).floats == Array(repeating: 1, count: 24))
    }
}
