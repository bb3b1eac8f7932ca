import ScopeFlowExamples
import Testing

/// The seed's train/test RNN: training the train model changes what the test
/// model computes, because `scope.reuseVariables()` made them share weights.
@Suite struct SeedRNNTrainingTests {
    @Test func trainingLowersTheLossAndTheTestRNNUsesTheTrainedWeights() throws {
        let example = try SeedRNNTraining()
        let before = try example.testPrediction()
        let initialLoss = try example.loss()
        for _ in 0..<25 { try example.step() }
        let finalLoss = try example.loss()
        #expect(finalLoss < initialLoss * 0.5, "loss \(initialLoss) → \(finalLoss)")
        let after = try example.testPrediction()
        let trainFirst = try example.trainPredictionAtFirstStep()
        #expect(after.count == trainFirst.count)
        let shared = zip(after, trainFirst).map { abs($0 - $1) }.max() ?? .infinity
        #expect(shared < 1e-5, "the test RNN's output differs from the train RNN's first step by \(shared)")
        let moved = zip(after, before).map { abs($0 - $1) }.max() ?? 0
        #expect(moved > 1e-3, "the test RNN did not change with training")
    }
}
