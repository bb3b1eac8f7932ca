import Foundation
import ScopeFlowConformance
import Testing

/// The public conformance corpus (shared/conformance/cases.json, answers from
/// real TensorFlow 2.21), run through the same runner as `scopeflow conformance`.
@Suite struct ConformanceTests {
    static let caseData: Data = {
        let url = Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Resources")!
        return try! Data(contentsOf: url)
    }()

    @Test func everyCaseMatchesTensorFlow() throws {
        let cases = try JSONValue.parse(Self.caseData)
        #expect(cases.arrayValue?.count == 135)
        let results = try ConformanceSuite.results(forCaseFile: Self.caseData)
        let differences = ConformanceSuite.differences(cases: cases, results: results)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func malformedCaseFilesAreRejectedWithAClearError() throws {
        #expect(throws: CaseFileError.self) {
            try ConformanceSuite.results(forCaseFile: Data(#"{"not": "an array"}"#.utf8))
        }
        #expect(throws: CaseFileError.self) {
            try ConformanceSuite.results(forCaseFile: Data(#"[{"id": "x", "program": [{"bogus": 1}], "expect": {}}]"#.utf8))
        }
    }
}
