import Foundation
import Testing

@testable import ScopeFlow

/// Reading `trace.json` (the models' format) and comparing values as numpy's `allclose` does.
@Suite struct ReplayTraceTests {
    /// A minimal trace with one step; `step` replaces the step's JSON.
    static func trace(step: String = #"{"loss:0": {"dtype": "float32", "shape": [2], "values": [1.5, -2.0]}}"#)
        -> String
    {
        """
        {"model": "m", "feeds_per_step": [{"x:0": {"dtype": "int32", "shape": [2, 1], "values": [3, 4]}}],
         "run_targets": ["train"], "fetches": ["loss:0"], "steps": [\(step)],
         "init_ckpt": "init.ckpt", "final_ckpt": "final.ckpt", "variables": ["w"],
         "tolerance": {"rtol": 0.0001, "atol": 1e-05},
         "schedule_dependent_variables": {"w": {"rtol": 0.05, "atol": 0.001}}}
        """
    }

    @Test func aTraceDecodesIntoRunsInOrder() throws {
        let trace = try ReplayTrace(json: Data(Self.trace().utf8))
        #expect(trace.runs.map(\.label) == ["step 0"])
        let run = trace.runs[0]
        #expect(run.feeds["x:0"]?.shape == [2, 1])
        #expect(run.feeds["x:0"]?.storage == .int32([3, 4]))
        #expect(run.expected["loss:0"]?.storage == .float32([1.5, -2]))
        #expect(run.targets == ["train"])
        #expect(trace.variableTolerances["w"] == ReplayTrace.Tolerance(rtol: 0.05, atol: 0.001))
    }

    @Test func aValueWhoseCountDoesNotFitItsShapeIsRefused() throws {
        let json = Self.trace(step: #"{"loss:0": {"dtype": "float32", "shape": [3], "values": [1.5, -2.0]}}"#)
        let error = try #require(throws: ScopeFlowError.self) { try ReplayTrace(json: Data(json.utf8)) }
        #expect(error.code == .dataLoss)
        #expect(error.message.contains("steps[0].loss:0.values"), "\(error.message)")
    }

    @Test func anUnknownDtypeAndAMissingFetchAreRefused() throws {
        let badType = Self.trace(step: #"{"loss:0": {"dtype": "complex64", "shape": [], "values": [1]}}"#)
        let typeError = try #require(throws: ScopeFlowError.self) { try ReplayTrace(json: Data(badType.utf8)) }
        #expect(typeError.message.contains("dtype 'complex64' is not one of"))
        let noValue = Self.trace(step: "{}")
        let fetchError = try #require(throws: ScopeFlowError.self) { try ReplayTrace(json: Data(noValue.utf8)) }
        #expect(fetchError.message.contains("step 0 fetches 'loss:0' but records no value"))
    }

    @Test func floatsCompareAsAllcloseAndOthersExactly() throws {
        let tolerance = ReplayTrace.Tolerance(rtol: 0.01, atol: 0.1)
        let expected = try HostTensor(storage: .float32([10, 0]), shape: [2])
        // Bounds: 0.1 + 0.01·10 = 0.2 and 0.1.
        let inside = ValueComparison(
            try HostTensor(storage: .float32([10.19, -0.09]), shape: [2]), expected,
            tolerance: tolerance)
        #expect(inside.matches)
        #expect(abs(inside.worstRatio - 0.95) < 1e-4)
        let outside = ValueComparison(
            try HostTensor(storage: .float32([10.25, 0]), shape: [2]), expected,
            tolerance: tolerance)
        #expect(!outside.matches)
        #expect(outside.detail == "max |diff| 0.25 (1 of 2 elements out of tolerance)")
        let nan = ValueComparison(
            try HostTensor(storage: .float32([.nan, 0]), shape: [2]), expected,
            tolerance: tolerance)
        #expect(!nan.matches)
        let ints = try HostTensor(storage: .int32([1, 2]), shape: [2])
        #expect(ValueComparison(ints, ints, tolerance: tolerance).matches)
        #expect(
            !ValueComparison(try HostTensor(storage: .int32([1, 3]), shape: [2]), ints, tolerance: tolerance).matches)
        #expect(ValueComparison(ints, expected, tolerance: tolerance).detail == "dtype int32 != float32")
        #expect(
            ValueComparison(try HostTensor(storage: .int32([1, 2]), shape: [1, 2]), ints, tolerance: tolerance)
                .detail == "shape [1, 2] != [2]")
    }
}
