import Testing

@testable import ScopeFlow

/// `DepthwiseConv2dNative` and both backprops run in compiled plans: a training-step-like run
/// (the convolution, its loss and the gradients of input and filter) compiles whole and gives
/// the interpreter's values bit for bit, for strided SAME and dilated VALID windows.
@Suite struct CompiledDepthwiseTests {
    static let windows: [(strides: [Int], padding: String, dilations: [Int])] = [
        ([1, 2, 2, 1], "SAME", [1, 1, 1, 1]),
        ([1, 1, 1, 1], "VALID", [1, 2, 2, 1]),
    ]

    static let inputValues: [Float] = (0..<252).map { (index: Int) -> Float in Float((index * 13) % 17) / 8 - 1 }

    @Test(arguments: windows.indices)
    func compiledPlanMatchesTheInterpreter(_ index: Int) throws {
        let window = Self.windows[index]
        let graph = Graph()
        let (x, fetches) = try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 6, 7, 3], name: "x")
            let values: [Float] = (0..<54).map { (index: Int) -> Float in Float((index * 7) % 11) / 10 - 0.5 }
            let filter = try constant(try HostTensor(storage: .float32(values), shape: [3, 3, 3, 2]), name: "filter")
            let y = try depthwiseConv2dNative(
                x, filter: filter, strides: window.strides, padding: window.padding, dilations: window.dilations)
            let loss = try reduceSum(square(y))
            let grads = try gradients(loss, [x, filter]).map { try #require($0) }
            return (x, [y, loss] + grads)
        }
        let feed = try HostTensor(
            storage: .float32(Self.inputValues), shape: [2, 6, 7, 3])
        let interpreted = try Session(graph: graph, compilesPlans: false).run(fetches, feeds: [x: feed])
        let session = Session(graph: graph)
        _ = try session.run(fetches, feeds: [x: feed])
        let compiled = try session.run(fetches, feeds: [x: feed])
        let report = try #require(session.planReports().first)
        #expect(report.compiledSteps != nil, "\(report.interpretedBecause ?? "")")
        for (ours, reference) in zip(compiled, interpreted) {
            #expect(ours.shape == reference.shape)
            #expect(ours.floats == reference.floats)
        }
    }
}
