import Foundation
import Testing

@testable import ScopeFlowConformance

/// Case files that once crashed `scopeflow conformance` (shared/robustness/cases, copied to
/// Resources/robustness, and hand-made ones): each is now a clear error or an observed result.
@Suite struct ConformanceRobustnessTests {
    private func caseFile(_ corpusCase: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: RobustnessCorpusTests.path(corpusCase, "cases.json")))
    }

    /// The observations of the only case in `data`.
    private func observed(_ data: Data) throws -> JSONValue {
        let results = try ConformanceSuite.results(forCaseFile: data)
        guard case .object(let cases) = results, let only = cases.first else { return .null }
        return only.1
    }

    @Test func aLoneHighSurrogateIsInvalidJSON() throws {
        for corpusCase in ["conformance-005", "conformance-025"] {
            let error = #expect(throws: JSONParser.Failure.self) { try ConformanceSuite.results(forCaseFile: try caseFile(corpusCase)) }
            #expect(error?.description.contains("high surrogate \\ud800 followed by \\u41") == true, "\(corpusCase)")
        }
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Data(#"["\uDC00"]"#.utf8)) }
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Data(#"["\uD800"]"#.utf8)) }
        #expect(try JSONValue.parse(Data(#"["\uD83D\uDE00", "\u00e9"]"#.utf8)) == .array([.string("😀"), .string("é")]))
    }

    @Test func nestingIsLimitedWithAClearError() throws {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            let error = #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Data(deep.utf8)) }
            #expect(error?.description.contains("deeper than \(JSONParser.maximumDepth) levels") == true)
        }
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONValue.parse(Data(allowed.utf8)) }
    }

    /// Numbers that are no `Int` (1e19, 1e999, -1e19, 1e300) as dims or attrs fail their step
    /// with `invalid_argument`, as TF's `TensorShape` and attr checks reject them.
    @Test(arguments: [
        ("conformance-008", "v"), ("conformance-009", "c"), ("conformance-010", "v"), ("conformance-011", "c"),
        ("conformance-018", "i"), ("conformance-019", "i"), ("conformance-020", "i"), ("conformance-021", "i"),
    ])
    func aNumberThatIsNoIntFailsItsStep(corpusCase: String, ref: String) throws {
        let results = try observed(try caseFile(corpusCase))
        #expect(results[ref] == .object([("error", .string("invalid_argument"))]))
    }

    /// Huge, negative and non-integer sizes from the corpus fail only their own step, with the
    /// kind TF gives; a valid shape too big to hold (TF's ResourceExhaustedError) is `other`, as
    /// SPEC §5's closed set of kinds has no entry for it.
    @Test(arguments: [
        ("conformance-012", "r", "other"), ("conformance-013", "c", "other"),
        ("conformance-014", "c", "other"), ("conformance-015", "v", "invalid_argument"),
        ("conformance-016", "c", "invalid_argument"), ("conformance-028", "x", "invalid_argument"),
        ("conformance-029", "x1", "invalid_argument"), ("conformance-036", "vals", "other"),
        ("conformance-039", "w3", "invalid_argument"), ("conformance-040", "conv", "invalid_argument"),
    ])
    func aHugeOrInvalidSizeFailsOnlyItsStep(corpusCase: String, ref: String, kind: String) throws {
        let results = try observed(try caseFile(corpusCase))
        #expect(results[ref] == .object([("error", .string(kind))]))
    }

    @Test func negativeAndFractionalDimsFailTheirStep() throws {
        for shape in ["[-3]", "[-9223372036854775808]", "[1.5]", "[2, -1]"] {
            let file = #"[{"id": "c", "program": [{"get_variable": "v", "shape": \#(shape), "as": "v"}], "expect": {}}]"#
            #expect(try observed(Data(file.utf8))["v"] == .object([("error", .string("invalid_argument"))]), "\(shape)")
        }
    }

    @Test func moreThan254DimsFailTheStep() throws {
        let dims = Array(repeating: "1", count: 255).joined(separator: ",")
        let file = #"[{"id": "c", "program": [{"get_variable": "v", "shape": [\#(dims)], "as": "v"}], "expect": {}}]"#
        #expect(try observed(Data(file.utf8))["v"] == .object([("error", .string("invalid_argument"))]))
    }

    /// An empty scope ref expression reads no ref: `undefined_ref`, as for any unbound ref.
    @Test func anEmptyScopeExpressionIsAnUndefinedRef() throws {
        #expect(try observed(try caseFile("conformance-022"))["s.name"] == .string("a"))
        #expect(try observed(try caseFile("conformance-023"))["s"] == .string("a/"))
        for kind in ["variable_scope", "name_scope"] {
            for expression in ["", ".", ".name"] {
                let file = #"[{"id": "c", "program": [{"\#(kind)": "s", "as": "s", "body": []}, "#
                    + #"{"\#(kind)": null, "scope": "\#(expression)", "as": "t", "body": []}], "expect": {}}]"#
                let results = try observed(Data(file.utf8))
                #expect(results["t"] == .object([("error", .string("undefined_ref"))]), "\(kind) \(expression)")
            }
        }
    }

    /// `as` names outside SPEC.md's `[A-Za-z_][A-Za-z0-9_]*` (`..`, `.`) make the file invalid.
    @Test(arguments: ["conformance-034", "conformance-035"])
    func aRefNameThatIsNoIdentifierIsRejected(corpusCase: String) throws {
        let error = #expect(throws: CaseFileError.self) { try ConformanceSuite.results(forCaseFile: try caseFile(corpusCase)) }
        #expect(error?.description.contains("'as' must be a ref name") == true)
    }

    @Test func aBodyThatIsNotAListIsRejected() throws {
        let file = #"[{"id": "c", "program": [{"variable_scope": "a", "body": "notalist"}], "expect": {}}]"#
        let error = #expect(throws: CaseFileError.self) { try ConformanceSuite.results(forCaseFile: Data(file.utf8)) }
        #expect(error?.description.contains("body must be a list of steps") == true)
        let skipped = #"[{"id": "c", "program": [{"variable_scope": null, "body": [{"name_scope": "x", "body": 5}]}], "expect": {}}]"#
        #expect(throws: CaseFileError.self) { try ConformanceSuite.results(forCaseFile: Data(skipped.utf8)) }
    }

    /// The deepest program the nesting limit lets through runs without exhausting the stack.
    @Test func theDeepestAllowedProgramRuns() throws {
        let depth = (JSONParser.maximumDepth - 4) / 2
        let open = String(repeating: #"{"variable_scope": "s", "body": ["#, count: depth)
        let file = #"[{"id": "c", "program": ["# + open + #"{"current_name_scope": true, "as": "n"}"#
            + String(repeating: "]}", count: depth) + #"], "expect": {}}]"#
        let name = Array(repeating: "s", count: depth).joined(separator: "/")
        #expect(try observed(Data(file.utf8))["n"] == .string(name))
    }

    @Test func observationKeysOfDotsAreUnbound() throws {
        let file = #"[{"id": "c", "program": [{"name_scope": "a", "as": "s", "body": []}], "expect": {"..": null, ".": null, "s.": null}}]"#
        let results = try observed(Data(file.utf8))
        #expect(results[".."] == .null)
        #expect(results["."] == .null)
        #expect(results["s"] == .string("a/"))
    }
}
