import Foundation
import Testing

@testable import ScopeFlow
@testable import ScopeFlowExamples

/// The Swift ports of `shared/models/` (`Sources/ScopeFlowExamples/Models`): each builds TF 2.21's
/// training graph node for node (`graph.txt`: name, op, inputs, control inputs, order) and,
/// restored from `init.ckpt`, replays `trace.json` to TF's values and `final.ckpt`.
@Suite struct ModelPortTests {
    static func graphText(_ model: String) throws -> String {
        try String(contentsOfFile: ModelReplayTests.folder(model) + "/graph.txt", encoding: .utf8)
    }

    /// The first line where two graph listings differ, for a readable failure.
    static func firstDifference(_ ours: String, _ theirs: String) -> String? {
        let (a, b) = (ours.split(separator: "\n"), theirs.split(separator: "\n"))
        for index in 0..<max(a.count, b.count) {
            let (x, y) = (index < a.count ? a[index] : "<end>", index < b.count ? b[index] : "<end>")
            if x != y { return "line \(index + 1): ScopeFlow \(x)\n              TF        \(y)" }
        }
        return nil
    }

    @Test func mnistCNNBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try MNISTCNN() }
        let difference = Self.firstDifference(graph.graphText, try Self.graphText("mnist_cnn"))
        #expect(difference == nil, "\(difference ?? "")")
        let outcome = try ModelReplay(folder: ModelReplayTests.folder("mnist_cnn")).run(on: graph)
        let failures = outcome.checks.filter { !$0.comparison.matches }.map { "\($0.label): \($0.comparison.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(outcome.checks.count == 51)
    }

    @Test func dcganBuildsTFsGraphAndReplaysToTFsValues() throws {
        let graph = Graph()
        try graph.asDefault { _ = try DCGAN() }
        let difference = Self.firstDifference(graph.graphText, try Self.graphText("dcgan"))
        #expect(difference == nil, "\(difference ?? "")")
        let replay = try ModelReplay(folder: ModelReplayTests.folder("dcgan"))
        let outcome = try replay.run(on: graph)
        let failures = outcome.checks.filter { !$0.comparison.matches }.map { "\($0.label): \($0.comparison.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let fetched = replay.trace.runs.reduce(0) { $0 + $1.fetches.count }
        #expect(outcome.checks.count == fetched + replay.trace.variables.count)
    }
}
