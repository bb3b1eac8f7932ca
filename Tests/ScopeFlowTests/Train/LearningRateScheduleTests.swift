import Foundation
import Testing

@testable import ScopeFlow

/// The learning-rate schedules against TF 2.21's `tf.compat.v1.train` ones on the global step
/// (`Resources/tagger-pieces.json`, recorded by `Scripts/tf-verify/record_tagger_pieces.py`):
/// the same nodes in the same order, and TF's rate at steps 0, 1, 2, 3, 5, 7 and 12.
@Suite struct LearningRateScheduleTests {
    static let recording = RecordedGraphImports.load("tagger-pieces")

    static func expectTFs(_ name: String, _ schedule: (Variable) throws -> Tensor) throws {
        let recorded = try #require(recording.cases.first { $0.name == name })
        try RecordedGraphImports.expectBuilds(recorded) { _ = try schedule(getOrCreateGlobalStep()) }
    }

    @Test func exponentialDecayIsTFs() throws {
        try Self.expectTFs("exponential_decay_staircase") {
            try exponentialDecay(0.1, globalStep: $0, decaySteps: 2, decayRate: 0.9, staircase: true)
        }
        try Self.expectTFs("exponential_decay_named") {
            try exponentialDecay(0.5, globalStep: $0, decaySteps: 3, decayRate: 0.25, name: "lr")
        }
    }

    @Test func naturalExpDecayIsTFs() throws {
        try Self.expectTFs("natural_exp_decay_staircase") {
            try naturalExpDecay(0.1, globalStep: $0, decaySteps: 2, decayRate: 0.5, staircase: true)
        }
        try Self.expectTFs("natural_exp_decay") {
            try naturalExpDecay(0.2, globalStep: $0, decaySteps: 3, decayRate: 0.25)
        }
    }

    @Test func inverseTimeDecayIsTFs() throws {
        try Self.expectTFs("inverse_time_decay_staircase") {
            try inverseTimeDecay(0.1, globalStep: $0, decaySteps: 2, decayRate: 0.5, staircase: true)
        }
        try Self.expectTFs("inverse_time_decay") {
            try inverseTimeDecay(0.3, globalStep: $0, decaySteps: 4, decayRate: 1.5)
        }
    }

    @Test func cosineDecayIsTFs() throws {
        try Self.expectTFs("cosine_decay") { try cosineDecay(0.1, globalStep: $0, decaySteps: 6, alpha: 0.2) }
    }

    @Test func polynomialDecayIsTFs() throws {
        try Self.expectTFs("polynomial_decay") {
            try polynomialDecay(0.1, globalStep: $0, decaySteps: 5, endLearningRate: 0.01, power: 0.5)
        }
        try Self.expectTFs("polynomial_decay_cycle") {
            try polynomialDecay(0.1, globalStep: $0, decaySteps: 3, endLearningRate: 0.01, power: 2, cycle: true)
        }
    }

    @Test func refusesNoDecayStepsAndAStepThatIsNoNumber() throws {
        try Graph().asDefault {
            let step = try getOrCreateGlobalStep()
            #expect(throws: ScopeFlowError.self) {
                try exponentialDecay(0.1, globalStep: step, decaySteps: 0, decayRate: 0.9)
            }
            #expect(throws: ScopeFlowError.self) { try cosineDecay(0.1, globalStep: step, decaySteps: -3) }
            #expect(throws: ScopeFlowError.self) {
                try polynomialDecay(0.1, globalStep: step, decaySteps: 1 << 40)
            }
            let flag = try placeholder(.bool, shape: [], name: "flag")
            #expect(throws: ScopeFlowError.self) {
                try inverseTimeDecay(0.1, globalStep: flag, decaySteps: 2, decayRate: 0.5)
            }
        }
    }
}
