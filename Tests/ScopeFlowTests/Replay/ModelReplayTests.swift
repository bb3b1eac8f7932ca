import Foundation
import Testing

@testable import ScopeFlow

/// The recorded TF1 models of `shared/models/` (copied to `Resources/models/`), replayed on their
/// imported MetaGraph: every value fetched in every recorded run and every variable at the end must
/// be TF 2.21's within the trace's tolerance, on compiled plans and on the interpreter.
@Suite struct ModelReplayTests {
    /// The test resources' folder of model `name`.
    static func folder(_ name: String) -> String {
        Bundle.module.url(forResource: "models/\(name)", withExtension: nil, subdirectory: "Resources")!.path
    }

    /// Every recorded model.
    static let replayable = ["mnist_cnn", "dcgan", "resnet_mini", "ptb_lstm", "bigru_tagger"]

    @Test(arguments: replayable, [true, false])
    func importedModelReplaysToTensorFlowsValues(_ model: String, compiled: Bool) throws {
        let replay = try ModelReplay(folder: Self.folder(model))
        let outcome = try replay.runImported(compilesPlans: compiled)
        let failures = outcome.checks.filter { !$0.comparison.matches }.map { "\($0.label): \($0.comparison.detail)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let fetched = replay.trace.runs.reduce(0) { $0 + $1.fetches.count }
        #expect(outcome.checks.count == fetched + replay.trace.variables.count)
        #expect(outcome.worstRatio < 1)
    }

    @Test func aWrongFinalValueFailsItsCheck() throws {
        // Replaying mnist_cnn against its *initial* checkpoint as the final one: the trained
        // variables must fail, the untouched ones pass.
        let source = Self.folder("mnist_cnn")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for file in try FileManager.default.contentsOfDirectory(atPath: source) {
            let target = file.hasPrefix("final.ckpt") ? file.replacingOccurrences(of: "final", with: "unused") : file
            try FileManager.default.copyItem(atPath: source + "/" + file, toPath: copy + "/" + target)
        }
        for suffix in [".index", ".data-00000-of-00001"] {
            try FileManager.default.copyItem(
                atPath: copy + "/init.ckpt" + suffix, toPath: copy + "/final.ckpt" + suffix)
        }
        let outcome = try ModelReplay(folder: copy).runImported()
        let failed = Set(outcome.checks.filter { !$0.comparison.matches }.map(\.label))
        #expect(failed.contains("final conv2d/kernel"))
        #expect(failed.contains("final global_step"))
        #expect(!failed.contains { !$0.hasPrefix("final ") }, "only the final comparisons differ")
    }

    @Test func aGraphWithoutTheTracesVariablesIsRefused() throws {
        let graph = Graph()
        try graph.asDefault { _ = try Variable([1], name: "unrelated") }
        let error = try #require(throws: ScopeFlowError.self) {
            try ModelReplay(folder: Self.folder("mnist_cnn")).run(on: graph)
        }
        #expect(error.code == .notFound)
        #expect(error.message.contains("lacks 27 of the trace's 27 variables: conv2d/kernel"))
    }
}
