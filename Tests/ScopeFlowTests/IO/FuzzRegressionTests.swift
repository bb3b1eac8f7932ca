import Foundation
import ScopeFlowConformance
import Testing

@testable import ScopeFlow

/// Every input that ever crashed, leaked or went over a limit in one of the libFuzzer targets
/// (Fuzz/README.md), fed through the API that target calls, the way it calls it. Each must end
/// in the `ScopeFlowError` listed for it, or read without one.
@Suite struct FuzzRegressionTests {
    /// An input file, the target that found it, and its outcome: the error code, or nil when the
    /// input is a valid file that must read.
    struct Input: Sendable, CustomTestStringConvertible {
        let target: String
        let name: String
        let outcome: ScopeFlowError.Code?
        var testDescription: String { target + "/" + name }
    }

    static let inputs: [Input] = [
        // FoundationEssentials' whole-file read leaked its 4 KB buffer on an empty file: an empty `.index`.
        Input(target: "fuzz-checkpoint", name: "empty-index-leak", outcome: .dataLoss)
    ]

    static let root = Bundle.module.url(forResource: "fuzz-regressions", withExtension: nil, subdirectory: "Resources")!.path

    @Test func everyKeptInputIsListed() throws {
        let kept = try FileManager.default.contentsOfDirectory(atPath: Self.root).flatMap { target in
            try FileManager.default.contentsOfDirectory(atPath: Self.root + "/" + target).map { target + "/" + $0 }
        }
        #expect(Set(kept) == Set(Self.inputs.map(\.testDescription)))
    }

    @Test(arguments: inputs)
    func endsInTheListedOutcome(_ input: Input) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + input.testDescription)))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FuzzTargetAPI.feed(input.target, bytes, in: folder)
            #expect(input.outcome == nil, "read without the expected \(input.outcome!) error")
        } catch let error as ScopeFlowError {
            #expect(error.code == input.outcome, "\(error)")
        }
    }
}

/// What each fuzz target does with its input (Fuzz/Sources/<target>).
enum FuzzTargetAPI {
    static func feed(_ target: String, _ bytes: [UInt8], in folder: String) throws {
        switch target {
        case "fuzz-checkpoint": try checkpoint(bytes, in: folder)
        case "fuzz-checkpoint-state": try checkpointState(bytes, in: folder)
        case "fuzz-events": try events(bytes, in: folder)
        case "fuzz-graphdef": try graphDef(bytes, in: folder)
        case "fuzz-json": try json(bytes)
        case "fuzz-conformance": try conformance(bytes)
        default: Issue.record("no fuzz target \(target)")
        }
    }

    /// A `UInt16` little-endian n, the `.index` file (n bytes), the `.data` file; read with `--values`.
    static func checkpoint(_ bytes: [UInt8], in folder: String) throws {
        guard bytes.count >= 2 else { return }
        let indexEnd = 2 + min(Int(bytes[0]) | Int(bytes[1]) << 8, bytes.count - 2)
        try Data(bytes[2..<indexEnd]).write(to: URL(fileURLWithPath: folder + "/model.ckpt.index"))
        try Data(bytes[indexEnd...]).write(to: URL(fileURLWithPath: folder + "/model.ckpt.data-00000-of-00001"))
        try describeTensors(of: folder + "/model.ckpt")
    }

    /// The `checkpoint` state file beside a valid checkpoint `model.ckpt`; the folder read as `inspect DIR --values`.
    static func checkpointState(_ bytes: [UInt8], in folder: String) throws {
        let graph = Graph()
        let (saver, initializer) = try graph.asDefault {
            _ = try getVariable("w", shape: [2, 3], initializer: .constant(0.5))
            return (try Saver(), try globalVariablesInitializer())
        }
        let session = Session(graph: graph)
        try session.run(initializer)
        _ = try saver.save(session, to: folder + "/model.ckpt")
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/checkpoint"))
        guard let prefix = try checkpointPrefix(folder) else {
            _ = try EventFileContents(path: folder)
            return
        }
        try describeTensors(of: prefix)
    }

    static func events(_ bytes: [UInt8], in folder: String) throws {
        let file = folder + "/events.out.tfevents.fuzz"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let contents = try EventFileContents(path: file)
        _ = try contents.graphDef()
        _ = contents.scalars
        _ = contents.tags
    }

    static func graphDef(_ bytes: [UInt8], in folder: String) throws {
        let file = folder + "/graph.pb"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let graph = Graph()
        let operations = try graph.importGraphDef(readGraphDef(file), prefix: "")
        if let first = operations.first { _ = try graph.explain(first.name) }
        _ = try graph.serializedGraphDef()
    }

    /// A parse error is a clean failure; a parsed value with finite numbers prints as text that parses back to it.
    static func json(_ bytes: [UInt8]) throws {
        guard let value = try? JSONValue.parse(Data(bytes)) else { return }
        #expect(try JSONValue.parse(Data(value.serialized.utf8)) == value)
    }

    /// Any thrown error is a clean failure of a case file.
    static func conformance(_ bytes: [UInt8]) throws {
        guard let results = try? ConformanceSuite.results(forCaseFile: Data(bytes)) else { return }
        _ = ConformanceSuite.differences(cases: try JSONValue.parse(Data(bytes)), results: results)
    }

    private static func describeTensors(of prefix: String) throws {
        let reader = try CheckpointReader(prefix: prefix)
        for entry in reader.entries { _ = String(describing: try reader.tensor(named: entry.name)) }
    }
}
