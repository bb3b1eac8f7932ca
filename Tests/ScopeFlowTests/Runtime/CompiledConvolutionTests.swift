import ScopeFlowExamples
import Testing

@testable import ScopeFlow

/// Convolution plans run compiled: the seed image filter trains over an arena with the
/// interpreter's bits (its `ShapeN` and `BroadcastGradientArgs` folded at compile time, each
/// conv's bias add and relu fused into the conv's step where it runs direct, and so is the
/// `ReluGrad` after conv2's input gradient), and
/// elementwise steps long enough to be split over the cores keep those bits too.
@Suite struct CompiledConvolutionTests {
    /// Deterministic, non-symmetric values in [-1.5, 1.6].
    private func data(_ shape: [Int], step: Int = 37) throws -> HostTensor {
        let count = shape.reduce(1, *)
        return try HostTensor((0..<count).map { Float(($0 * step + 11) % 23) / 7 - 1.5 }, shape: shape)
    }

    @Test func imageFilterTrainingCompilesAndGivesTheInterpretersBits() throws {
        let graph = Graph()
        graph.seed = 0
        let (image, target, result, train, initializer, variables) = try graph.asDefault {
            let image = try placeholder(.float32, shape: [2, 9, 11, 3], name: "image")
            let target = try placeholder(.float32, shape: [2, 9, 11, 32], name: "target")
            let result = try variableScope("image_filters") { _ in try ImageFilter.apply(image, channels: 32) }
            let loss = try reduceMean(try square(try subtract(result, target)))
            let train = try GradientDescentOptimizer(learningRate: 0.001).minimize(loss)
            return (image, target, result, train, try globalVariablesInitializer(), try graph.variables())
        }
        let feeds = [image: try data([2, 9, 11, 3]), target: try data([2, 9, 11, 32], step: 5)]
        var trained: [[[Float]?]] = []
        for compiles in [true, false] {
            let session = Session(graph: graph, compilesPlans: compiles)
            try session.run(initializer)
            for _ in 0..<3 { try session.run(targets: [train], feeds: feeds) }
            trained.append(try variables.map { try session.run($0).floats } + [try session.run(result, feeds: feeds).floats])
            if compiles {
                let report = try #require(session.planReports().first { $0.signature.contains("targets: GradientDescent") })
                // Where the convolutions run direct, the two bias adds and relus and the `ReluGrad`
                // of conv1's features go into the convolutions' steps: 5 steps fewer.
                #expect(report.compiledSteps == (TileKernels.available != nil ? 15 : 20), "\(report)")
                // Forward only: each conv + bias add + relu is one step where the tiles run.
                let imageOnly = [image: feeds[image]!]
                #expect(try session.run(result, feeds: imageOnly).floats == session.run(result, feeds: imageOnly).floats)
                let forward = try #require(session.planReports().first { $0.signature.hasSuffix("feeds: image:0; targets: ") })
                #expect(forward.steps == 6)
                #expect(forward.compiledSteps == (TileKernels.available != nil ? 2 : 6), "\(forward)")
            }
        }
        #expect(trained[0] == trained[1])
        #expect(trained[0][0] != nil)
    }

    @Test func longElementwiseStepsSplitOverCoresKeepTheInterpretersBits() throws {
        let shape = [3, 257, 129]  // 99,459 elements: above ElementStripes.minimum, not a multiple of 16
        #expect(shape.reduce(1, *) > ElementStripes.minimum)
        let graph = Graph()
        let (x, fetches) = try graph.asDefault {
            let x = try placeholder(.float32, shape: Shape(known: shape), name: "x")
            let row = try constant((0..<129).map { Float($0) / 64 - 1 })
            let mean = try reduceMean(x)
            let fetches = [
                try relu(x), try sigmoid(x), try multiply(x, x), try add(x, row), try subtract(try constant(1.0), x),
                try realDiv(x, try constant(3.0)), try addN([x, x, try tanh(x)]),
                try tile(try reshape(mean, shape: [1, 1, 1]), multiples: shape),
            ]
            return (x, fetches)
        }
        let feeds = [x: try data(shape)]
        let session = Session(graph: graph)
        _ = try session.run(fetches, feeds: feeds)
        let compiled = try session.run(fetches, feeds: feeds)
        #expect(session.compiledPlanCount == 1)
        let interpreted = try Session(graph: graph, compilesPlans: false).run(fetches, feeds: feeds)
        for (index, (a, b)) in zip(compiled, interpreted).enumerated() {
            #expect(a.shape == b.shape && a.floats == b.floats, "fetch \(index): \(fetches[index].name)")
        }
        let mean = try #require(interpreted[7].floats)
        #expect(Set(mean).count == 1)
    }
}
