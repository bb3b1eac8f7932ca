import Foundation
import Testing

@testable import ScopeFlow

/// `sequenceMask` against TF 2.21's graphs and values (`Resources/tagger-pieces.json`, recorded
/// by `Scripts/tf-verify/record_tagger_pieces.py`, which holds each program's Python).
@Suite struct TaggerPieceGraphTests {
    static func expectTFs(_ name: String, _ body: () throws -> Void) throws {
        let recorded = try #require(LearningRateScheduleTests.recording.cases.first { $0.name == name })
        try RecordedGraphImports.expectBuilds(recorded, body)
    }

    /// A float mask over 7 positions in `loss` and a bool one as long as the longest sequence,
    /// run on lengths that include 0 and one beyond 7.
    @Test func sequenceMaskIsTFs() throws {
        try Self.expectTFs("sequence_mask") {
            let lengths = try placeholder(.int32, shape: [4], name: "sequence_length")
            _ = try nameScope("loss") { _ in try sequenceMask(lengths, maxlen: 7, dtype: .float32) }
            _ = try sequenceMask(lengths, name: "mask")
        }
    }

    @Test func badArgumentsAreRefused() throws {
        try Graph().asDefault {
            let lengths = try placeholder(.float32, shape: [4])
            #expect(throws: ScopeFlowError.self) { try sequenceMask(lengths, maxlen: 3) }
            let counts = try placeholder(.int32, shape: [4])
            #expect(throws: ScopeFlowError.self) { try sequenceMask(counts, maxlen: -1) }
        }
    }
}
