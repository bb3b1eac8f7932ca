import Testing
@testable import ScopeFlow

@Suite("Op constructors reject wrong shapes and dtypes at build time")
struct OpConstructorErrorTests {
    private func expectError(_ code: ScopeFlowError.Code, containing text: String, _ build: () throws -> Tensor) {
        do {
            _ = try build()
            Issue.record("expected \(code)")
        } catch let error as ScopeFlowError {
            #expect(error.code == code)
            #expect(error.message.contains(text), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// TF: "Tensor(...) must be from the same graph as Tensor(...)". An op of one graph's tensors
    /// is built in that graph even while another is the default.
    @Test func inputsFromTwoGraphs() throws {
        let (first, second) = (Graph(), Graph())
        let x = try first.asDefault { try placeholder(.float32, shape: [2], name: "x") }
        let y = try second.asDefault { try placeholder(.float32, shape: [2], name: "y") }
        try first.asDefault {
            expectError(.differentGraphs, containing: "y:0 must be from the same graph as x:0") { try add(x, y) }
            let doubled = try add(y, y)
            #expect(try doubled.op.graph === second)
            #expect(doubled.name == "Add:0")
        }
    }

    @Test func broadcastMismatch() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let y = try placeholder(.float32, shape: [2], name: "y")
            expectError(.shapeMismatch, containing: "Dimensions must be equal, but are 3 and 2") { try maximum(x, y) }
        }
    }

    @Test func dtypeMismatch() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2], name: "x")
            let y = try placeholder(.int32, shape: [2], name: "y")
            expectError(.dtypeMismatch, containing: "does not match type float32") { try divide(x, y) }
            expectError(.dtypeMismatch, containing: "not in list of allowed values") { try logicalAnd(x, x) }
        }
    }

    @Test func shapeFunctionErrors() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            expectError(.shapeMismatch, containing: "Cannot reshape a tensor with 6 elements") { try reshape(x, shape: [4]) }
            expectError(.invalidArgument, containing: "Invalid reduction dimension 2") { try reduceSum(x, axis: [2]) }
            expectError(.invalidArgument, containing: "evenly divisible by 2") { try split(x, numSplits: 2, axis: 1)[0] }
            expectError(.shapeMismatch, containing: "Dimension 0 in both shapes must be equal") {
                try concat([x, placeholder(.float32, shape: [3, 3])], axis: 1)
            }
            expectError(.shapeMismatch, containing: "Matrix size-incompatible") {
                try matmul(placeholder(.float32, shape: [2, 2, 3]), placeholder(.float32, shape: [2, 2, 3]))
            }
            expectError(.invalidArgument, containing: "Can not squeeze dim[1]") { try squeeze(x, axis: [1]) }
        }
    }

    @Test func unknownDimensionsStayUnknown() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [nil, 6], name: "x")
            #expect(try reshape(x, shape: [-1, 3]).shape == [nil, 3])
            #expect(try reduceMean(x, axis: [1], keepDims: true).shape == [nil, 1])
            #expect(try x[.all, .range(1, 4)].shape == [nil, 3])
            #expect(try softmaxCrossEntropyWithLogits(labels: x, logits: x).shape.rank == 1)
        }
    }
}
