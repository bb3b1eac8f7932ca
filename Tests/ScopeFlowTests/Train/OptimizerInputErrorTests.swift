import Testing

@testable import ScopeFlow

/// Bad input to the optimizers and their update ops: the hyperparameters TF rejects, shapes that do
/// not line up and indices outside the variable each give a ScopeFlowError naming the problem, and a
/// failed sparse update leaves the variable unchanged.
@Suite struct OptimizerInputErrorTests {
    private func expectError(
        _ code: ScopeFlowError.Code, containing text: String, _ body: () throws -> Void,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(sourceLocation: sourceLocation) {
            try body()
        } throws: { error in
            guard let error = error as? ScopeFlowError else { return false }
            return error.code == code && error.message.contains(text)
        }
    }

    @Test func ftrlRejectsTheHyperparametersTensorFlowRejects() {
        expectError(.invalidArgument, containing: "l1_regularization_strength -0.5") {
            _ = try FtrlOptimizer(learningRate: 0.1, l1RegularizationStrength: -0.5)
        }
        expectError(.invalidArgument, containing: "learning_rate_power 0.5") {
            _ = try FtrlOptimizer(learningRate: 0.1, learningRatePower: 0.5)
        }
        expectError(.invalidArgument, containing: "initial_accumulator_value -1") {
            _ = try FtrlOptimizer(learningRate: 0.1, initialAccumulatorValue: -1)
        }
        expectError(.invalidArgument, containing: "initial_accumulator_value must be positive") {
            _ = try ProximalAdagradOptimizer(learningRate: 0.1, initialAccumulatorValue: 0)
        }
    }

    /// TF's kernels check a proximal Adagrad learning rate (positive) and strengths (not negative)
    /// when they run, sparse FTRL's too; the variable keeps its value.
    @Test func negativeRatesAndStrengthsFailWhenTheUpdateRuns() throws {
        let graph = Graph()
        let (w, rate, dense, sparse, ftrl) = try graph.asDefault {
            let w = try getVariable("w", shape: [2, 2], initializer: .ones)
            let accum = try getVariable("accum", shape: [2, 2], initializer: .ones)
            let linear = try getVariable("linear", shape: [2, 2], initializer: .zeros)
            let rate = try placeholder(.float32, shape: [], name: "rate")
            let g = try constant([0.5, -0.5, 0.25, 1] as [Float], shape: [2, 2])
            let rows = try constant([0.5, -0.5] as [Float], shape: [1, 2])
            let index = try constant([1] as [Int32])
            let dense = try applyProximalAdagrad(
                w, accumulator: accum, learningRate: rate, l1: constant(0.0), l2: constant(0.0), gradient: g)
            let sparse = try sparseApplyProximalAdagrad(
                w, accumulator: accum, learningRate: constant(0.1), l1: constant(-1.0), l2: constant(0.0),
                gradient: rows, indices: index)
            let ftrl = try sparseApplyFtrl(
                w, accumulator: accum, linear: linear, gradient: rows, indices: index, learningRate: rate,
                l1: constant(0.0),
                l2: constant(0.0), learningRatePower: constant(-0.5))
            return (w, rate, dense, sparse, ftrl)
        }
        for compiled in [true, false] {
            let session = Session(graph: graph, compilesPlans: compiled)
            try session.run(graph.asDefault { try globalVariablesInitializer() })
            let feed = [rate: HostTensor(scalar: Float(-0.1))]
            expectError(.invalidArgument, containing: "lr is not a positive scalar: []") {
                _ = try session.run([dense], feeds: feed)
            }
            expectError(.invalidArgument, containing: "l1 regularization strength is not a non-negative scalar") {
                _ = try session.run(sparse)
            }
            expectError(.invalidArgument, containing: "lr is not a positive scalar (or zero") {
                _ = try session.run([ftrl], feeds: feed)
            }
            #expect(try session.run(w).floats == [1, 1, 1, 1])
        }
    }

    @Test func sparseUpdatesRejectIndicesOutsideTheVariable() throws {
        let graph = Graph()
        let (w, update) = try graph.asDefault {
            let w = try getVariable("w", shape: [3, 2], initializer: .ones)
            let accum = try getVariable("accum", shape: [3, 2], initializer: .zeros)
            let update = try sparseApplyMomentum(
                w, accumulator: accum, learningRate: constant(0.1),
                gradient: constant([1, 1, 1, 1] as [Float], shape: [2, 2]),
                indices: constant([0, 3] as [Int32]), momentum: constant(0.9))
            return (w, update)
        }
        let session = Session(graph: graph)
        try session.run(graph.asDefault { try globalVariablesInitializer() })
        expectError(.invalidArgument, containing: "Index 3 at offset 1 in indices is out of range") {
            _ = try session.run(update)
        }
        #expect(try session.run(w).floats == [1, 1, 1, 1, 1, 1])
    }

    @Test func shapesThatDoNotLineUpFailWhereTheOpIsBuilt() throws {
        try Graph().asDefault {
            let w = try getVariable("w", shape: [3, 2], initializer: .ones)
            let ms = try getVariable("ms", shape: [3, 2], initializer: .ones)
            let mom = try getVariable("mom", shape: [3, 3], initializer: .zeros)
            let rows = try constant([1, 1, 1] as [Float], shape: [1, 3])
            expectError(.shapeMismatch, containing: "SparseApplyRMSProp") {
                _ = try sparseApplyRMSProp(
                    w, ms: ms, mom: ms, learningRate: constant(0.1), rho: constant(0.9), momentum: constant(0.0),
                    epsilon: constant(1e-7), gradient: rows,
                    indices: constant([0] as [Int32]))
            }
            expectError(.shapeMismatch, containing: "ApplyCenteredRMSProp") {
                _ = try applyCenteredRMSProp(
                    w, mg: ms, ms: ms, mom: mom, learningRate: constant(0.1), rho: constant(0.9),
                    momentum: constant(0.0), epsilon: constant(1e-7),
                    gradient: constant([1, 1, 1, 1, 1, 1] as [Float], shape: [3, 2]))
            }
            expectError(.shapeMismatch, containing: "rank 1") {
                _ = try sparseApplyAdadelta(
                    w, accumulator: ms, accumulatorUpdate: ms, learningRate: constant(1.0), rho: constant(0.9),
                    epsilon: constant(1e-6),
                    gradient: constant([1, 1] as [Float], shape: [1, 2]),
                    indices: constant([0] as [Int32], shape: [1, 1]))
            }
        }
    }
}
