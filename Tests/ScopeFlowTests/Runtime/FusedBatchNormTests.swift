import Testing

@testable import ScopeFlow

/// `FusedBatchNormV3` and `FusedBatchNormGradV3` beyond the oracle's values: the outputs the
/// oracle does not fetch (reserve spaces, the gradient's two placeholders) and empty batches as
/// TF 2.21's CPU kernel returns them (`TF_ENABLE_ONEDNN_OPTS=0`, the Eigen kernel: oneDNN's
/// kernel returns other reserve spaces), the checks of ranks and channel counts, TF's gradient
/// wiring, and the compiled plans.
@Suite struct FusedBatchNormTests {
    /// x of shape [2, 1, 2, 2]: channel 0 holds 1, 2, 3, 6 (mean 3, biased variance 3.5),
    /// channel 1 holds 0, 0, 4, 4 (mean 2, biased variance 4).
    private let x = try! HostTensor([1, 0, 2, 0, 3, 4, 6, 4] as [Float], shape: [2, 1, 2, 2])
    private let scale = try! HostTensor([1, 2] as [Float], shape: [2])
    private let offset = try! HostTensor([0.5, -1] as [Float], shape: [2])

    private func expectClose(_ got: HostTensor, _ want: [Float], shape: [Int], _ comment: Comment) {
        #expect(got.shape == shape, comment)
        let values = got.floats ?? []
        #expect(values.count == want.count, comment)
        for (g, w) in zip(values, want) {
            #expect(abs(g - w) <= 1e-5 * max(1, abs(w)) || (g.isNaN && w.isNaN), "\(comment): \(values) vs \(want)")
        }
    }

    @Test func trainingReturnsTheBatchStatisticsAndReserveSpacesAsTFsCPUKernel() throws {
        let graph = Graph()
        let (input, op) = try graph.asDefault {
            let input = try placeholder(.float32, shape: [2, 1, 2, 2], name: "x")
            let y = try fusedBatchNorm(input, scale: constant(scale), offset: constant(offset)).y
            return (input, y.op)
        }
        for compiles in [false, true] {
            let session = Session(graph: graph, compilesPlans: compiles)
            for _ in 0..<2 {
                let values = try session.run((0..<6).map { op.output($0) }, feeds: [input: x])
                let deviations: [Float] = [
                    1 / (3.5 as Float + 0.001).squareRoot(), 1 / (4 as Float + 0.001).squareRoot(),
                ]
                let y = [1, 2, 3, 6, 0, 0, 4, 4].enumerated().map { index, value -> Float in
                    let c = index < 4 ? 0 : 1
                    let mean: Float = c == 0 ? 3 : 2
                    return (Float(value) - mean) * deviations[c] * (c == 0 ? 1 : 2) + (c == 0 ? 0.5 : -1)
                }
                // y is laid out NHWC: reorder the per-channel list above into rows.
                let rows = (0..<4).flatMap { [y[$0], y[4 + $0]] }
                expectClose(values[0], rows, shape: [2, 1, 2, 2], "y")
                expectClose(values[1], [3, 2], shape: [2], "batch mean")
                expectClose(values[2], [3.5 * 4 / 3, 4 * 4 / 3], shape: [2], "Bessel-corrected batch variance")
                expectClose(values[3], [3, 2], shape: [2], "reserve_space_1: the batch mean")
                expectClose(values[4], [3.5, 4], shape: [2], "reserve_space_2: the biased batch variance")
                expectClose(values[5], [0], shape: [], "reserve_space_3: a scalar 0")
            }
            if compiles {
                let report = try #require(session.planReports().first)
                #expect(report.compiledSteps != nil, "\(report)")
            }
        }
    }

    @Test func inferenceReturnsTheGivenStatisticsAndZeroReserveSpaces() throws {
        let graph = Graph()
        let (input, op) = try graph.asDefault {
            let input = try placeholder(.float32, shape: [2, 1, 2, 2], name: "x")
            let y = try fusedBatchNorm(
                input, scale: constant(scale), offset: constant(offset), mean: constant([Float(1), -1]),
                variance: constant([Float(4), 0.25]), epsilon: 0, isTraining: false
            ).y
            return (input, y.op)
        }
        for compiles in [false, true] {
            let session = Session(graph: graph, compilesPlans: compiles)
            for _ in 0..<2 {
                let values = try session.run((0..<6).map { op.output($0) }, feeds: [input: x])
                // (x − mean) / √variance · scale + offset: channel 0 (x − 1) / 2 + 0.5, channel 1 (x + 1) · 4 − 1.
                expectClose(values[0], [0.5, 3, 1, 3, 1.5, 19, 3, 19], shape: [2, 1, 2, 2], "y")
                expectClose(values[1], [1, -1], shape: [2], "batch_mean: the given mean")
                expectClose(values[2], [4, 0.25], shape: [2], "batch_variance: the given variance")
                expectClose(values[3], [0, 0], shape: [2], "reserve_space_1")
                expectClose(values[4], [0, 0], shape: [2], "reserve_space_2")
                expectClose(values[5], [0], shape: [], "reserve_space_3")
            }
        }
    }

    @Test func anEmptyBatchGivesNaNStatisticsAndZeroGradients() throws {
        let graph = Graph()
        let (input, op, grads) = try graph.asDefault {
            let input = try placeholder(.float32, shape: [nil, 2, 2, 3], name: "x")
            let (scale, offset) = (
                try constant([Float](repeating: 1, count: 3)), try constant([Float](repeating: 0, count: 3))
            )
            let y = try fusedBatchNorm(input, scale: scale, offset: offset).y
            return (input, y.op, try gradients([reduceSum(y)], [input, scale, offset]).map { $0! })
        }
        let empty = try HostTensor([Float](), shape: [0, 2, 2, 3])
        let values = try Session(graph: graph).run((0..<6).map { op.output($0) } + grads, feeds: [input: empty])
        #expect(values[0].shape == [0, 2, 2, 3])
        expectClose(values[1], [.nan, .nan, .nan], shape: [3], "batch mean")
        expectClose(values[2], [.nan, .nan, .nan], shape: [3], "batch variance")
        expectClose(values[3], [0, 0, 0], shape: [3], "reserve_space_1")
        expectClose(values[5], [0], shape: [], "reserve_space_3")
        #expect(values[6].shape == [0, 2, 2, 3])
        expectClose(values[7], [0, 0, 0], shape: [3], "scale gradient")
        expectClose(values[8], [0, 0, 0], shape: [3], "offset gradient")
    }

    @Test func aSingleValuePerChannelHasZeroVariance() throws {
        let graph = Graph()
        let outputs = try graph.asDefault {
            let x = try constant(HostTensor([5, -2] as [Float], shape: [1, 1, 1, 2]))
            let (y, mean, variance) = try fusedBatchNorm(x, scale: constant(scale), offset: constant(offset))
            return [y, mean, variance]
        }
        let values = try Session(graph: graph).run(outputs)
        expectClose(values[0], [0.5, -1], shape: [1, 1, 1, 2], "y is the offset")
        expectClose(values[1], [5, -2], shape: [2], "mean")
        expectClose(values[2], [0, 0], shape: [2], "variance (n / max(n − 1, 1) = 1)")
    }

    @Test func theGradientOpReadsWhatTFsGradientFunctionGivesIt() throws {
        let graph = Graph()
        try graph.asDefault {
            let x = try placeholder(.float32, shape: [2, 2, 2, 3], name: "x")
            let scale = try placeholder(.float32, shape: [3], name: "scale")
            let offset = try placeholder(.float32, shape: [3], name: "offset")
            let mean = try placeholder(.float32, shape: [3], name: "mean")
            let variance = try placeholder(.float32, shape: [3], name: "variance")
            let training = try fusedBatchNorm(x, scale: scale, offset: offset, epsilon: 0.01)
            let inference = try fusedBatchNorm(
                x, scale: scale, offset: offset, mean: mean, variance: variance, isTraining: false)
            let grads = try gradients(
                [reduceSum(training.y), reduceSum(inference.y), reduceSum(inference.mean)],
                [x, scale, offset, mean, variance])
            #expect(grads[3] == nil && grads[4] == nil, "the statistics get no gradient")
            // TF 2.21 builds these ops, in this order, with these inputs (its gradient of the sums is a Tile).
            let ops = graph.operations.filter { $0.type == "FusedBatchNormGradV3" }
            try #require(ops.count == 2)
            #expect(
                ops.map(\.name) == [
                    "gradients/FusedBatchNormV3_grad/FusedBatchNormGradV3",
                    "gradients/FusedBatchNormV3_1_grad/FusedBatchNormGradV3",
                ])
            #expect(
                ops.map { $0.inputs.map(\.name) } == [
                    [
                        "gradients/Sum_grad/Tile:0", "x:0", "scale:0", "FusedBatchNormV3:3", "FusedBatchNormV3:4",
                        "FusedBatchNormV3:5",
                    ],
                    ["gradients/Sum_1_grad/Tile:0", "x:0", "scale:0", "mean:0", "variance:0", "FusedBatchNormV3_1:5"],
                ])
            #expect(ops.map { $0.attrs["epsilon"]?.floatValue } == [0.01, 0.001])
            #expect(ops.map { $0.attrs["is_training"]?.boolValue } == [true, false])
            #expect(ops[0].outputs.map(\.shape) == [Shape(known: [2, 2, 2, 3]), [3], [3], [0], [0]])
        }
    }

    @Test func theGradientsTwoUnusedOutputsAreEmptyVectors() throws {
        let graph = Graph()
        let op = try graph.asDefault {
            let input = try constant(x)
            let y = try fusedBatchNorm(input, scale: constant(scale), offset: constant(offset)).y
            return try #require(try gradients(reduceSum(y), input)).op
        }
        #expect(op.type == "FusedBatchNormGradV3")
        for compiles in [false, true] {
            let session = Session(graph: graph, compilesPlans: compiles)
            for _ in 0..<2 {
                let values = try session.run([op.output(3), op.output(4)])
                #expect(values.map(\.shape) == [[0], [0]])
            }
        }
    }

    @Test func aTrainingStepRunsCompiledWithTheInterpretersBits() throws {
        let graph = Graph()
        let (input, fetches) = try graph.asDefault {
            let input = try placeholder(.float32, shape: [3, 4, 5, 6], name: "x")
            let scale = try constant((0..<6).map { Float($0) / 4 + 0.5 })
            let offset = try constant((0..<6).map { Float($0) / 3 - 1 })
            let mean = try constant([Float](repeating: 0.1, count: 6))
            let variance = try constant([Float](repeating: 1.5, count: 6))
            let training = try fusedBatchNorm(
                input, scale: scale, offset: offset, mean: mean, variance: variance, exponentialAvgFactor: 0.25)
            let inference = try fusedBatchNorm(
                input, scale: scale, offset: offset, mean: mean, variance: variance, isTraining: false)
            let weights = try constant((0..<360).map { Float(($0 * 29) % 17) / 8 - 1 }, shape: [3, 4, 5, 6])
            let loss = try reduceSum(multiply(add(training.y, inference.y), weights))
            let grads = try gradients([loss], [input, scale, offset]).map { $0! }
            return (input, [training.y, training.mean, training.variance, inference.y] + grads)
        }
        let feeds = [
            input: try HostTensor((0..<360).map { Float(($0 * 37 + 11) % 23) / 7 - 1.5 }, shape: [3, 4, 5, 6])
        ]
        let interpreted = try Session(graph: graph, compilesPlans: false).run(fetches, feeds: feeds)
        let session = Session(graph: graph)
        for _ in 0..<3 {
            let compiled = try session.run(fetches, feeds: feeds)
            #expect(compiled.map(\.floats) == interpreted.map(\.floats))
        }
        let report = try #require(session.planReports().first)
        #expect(report.interpretedBecause == nil && report.compiledSteps != nil, "\(report)")
    }

    @Test func shapesAndLayoutsAreCheckedWhereTheOpIsBuilt() throws {
        try Graph().asDefault {
            let scale = try constant([Float](repeating: 1, count: 4))
            let error = { (build: () throws -> Void) -> ScopeFlowError? in
                #expect(throws: ScopeFlowError.self) { try build() }
            }
            let rank3 = error {
                _ = try fusedBatchNorm(placeholder(.float32, shape: [2, 3, 4]), scale: scale, offset: scale)
            }
            #expect(rank3?.code == .shapeMismatch && rank3?.message.contains("rank-4 NHWC") == true)
            let channels = error {
                _ = try fusedBatchNorm(
                    placeholder(.float32, shape: [2, 3, 3, 5]), scale: scale, offset: scale)
            }
            #expect(channels?.code == .shapeMismatch && channels?.message.contains("scale has 4 values") == true)
            let matrixScale = error {
                _ = try fusedBatchNorm(
                    placeholder(.float32, shape: [2, 3, 3, 4]), scale: placeholder(.float32, shape: [1, 4]),
                    offset: scale)
            }
            #expect(matrixScale?.code == .shapeMismatch)
            let nchw = error {
                _ = try fusedBatchNorm(
                    placeholder(.float32, shape: [2, 4, 3, 3]), scale: scale, offset: scale, dataFormat: "NCHW")
            }
            #expect(nchw?.code == .unimplemented && nchw?.message.contains("NHWC") == true)
            let noMean = error {
                _ = try fusedBatchNorm(
                    placeholder(.float32, shape: [2, 3, 3, 4]), scale: scale, offset: scale, isTraining: false)
            }
            #expect(noMean?.code == .invalidArgument && noMean?.message.contains("mean and variance") == true)
            let shortMean = error {
                _ = try fusedBatchNorm(
                    placeholder(.float32, shape: [2, 3, 3, 4]), scale: scale, offset: scale,
                    mean: constant([Float(0)]), variance: scale, isTraining: false)
            }
            #expect(shortMean?.code == .shapeMismatch && shortMean?.message.contains("mean has 1 values") == true)
            let integers = error {
                _ = try fusedBatchNorm(placeholder(.int32, shape: [2, 3, 3, 4]), scale: scale, offset: scale)
            }
            #expect(integers?.code == .dtypeMismatch)
        }
    }

    @Test func theKernelsCheckWhatTheGraphCouldNot() throws {
        let graph = Graph()
        let (x, scale, mean, outputs, gradientOp) = try graph.asDefault {
            let x = try placeholder(.float32, name: "x")
            let scale = try placeholder(.float32, name: "scale")
            let mean = try placeholder(.float32, name: "mean")
            let training = try fusedBatchNorm(x, scale: scale, offset: scale, mean: mean, variance: mean)
            let inference = try fusedBatchNorm(
                x, scale: scale, offset: scale, mean: mean, variance: mean, isTraining: false)
            let gradient = try rawOp(
                "FusedBatchNormGradV3", inputs: [x, x, scale, mean, mean, training.y.op.output(5)])
            return (x, scale, mean, (training.y, inference.y), gradient)
        }
        let session = Session(graph: graph)
        let four = try HostTensor([Float](repeating: 1, count: 4), shape: [4])
        let good = try HostTensor([Float](repeating: 1, count: 32), shape: [2, 2, 2, 4])
        func failure(_ fetch: Tensor, _ feeds: [Tensor: HostTensor]) -> ScopeFlowError? {
            #expect(throws: ScopeFlowError.self) { try session.run(fetch, feeds: feeds) }
        }
        let rank3 = failure(
            outputs.0, [x: try HostTensor([Float](repeating: 1, count: 8), shape: [2, 1, 4]), scale: four, mean: four])
        #expect(rank3?.message.contains("needs a rank-4 NHWC x, got shape [2, 1, 4]") == true)
        let three = try HostTensor([Float](repeating: 1, count: 3), shape: [3])
        let shortScale = failure(outputs.0, [x: good, scale: three, mean: four])
        #expect(
            shortScale?.message.contains(
                "scale must have the same number of elements as the channels of x, got 3 and 4")
                == true)
        // Training with an averaging factor of 1 reads no mean: any length runs, as in TF.
        #expect(try session.run(outputs.0, feeds: [x: good, scale: four, mean: three]).shape == [2, 2, 2, 4])
        let shortMean = failure(outputs.1, [x: good, scale: four, mean: three])
        #expect(
            shortMean?.message.contains(
                "When is_training=false, mean must have the same number of elements as the channels of x, got 3 and 4")
                == true)
        let matrix = failure(
            outputs.1, [x: good, scale: four, mean: try HostTensor([Float](repeating: 1, count: 4), shape: [1, 4])])
        #expect(matrix?.message.contains("mean as a vector (rank 1)") == true)
        let gradient = failure(gradientOp.output(0), [x: good, scale: four, mean: three])
        #expect(gradient?.message.contains("reserve_space_1 must have the same number of elements") == true)
    }
}
