import ArgumentParser
import Foundation
import ScopeFlowConformance

/// `scopeflow conformance CASES.json`: runs a conformance case file and prints
/// the results JSON (shared/conformance/SPEC.md §7) to standard output.
struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run a naming/variable-sharing conformance case file and print the results JSON.")

    @Argument(help: "A case file in the conformance format.")
    var caseFile: String

    @Flag(help: "Compare with the file's own expectations and print the differences instead.")
    var compare = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: caseFile) else {
            throw ValidationError("Cannot read the case file \(caseFile): it does not exist or is not a readable file.")
        }
        let results = try ConformanceSuite.results(forCaseFile: data)
        guard compare else {
            print(results.serialized)
            return
        }
        let cases = try JSONValue.parse(data)
        let differences = ConformanceSuite.differences(cases: cases, results: results)
        differences.forEach { print($0) }
        let failedIDs = Set(differences.map { String($0.prefix { $0 != " " }) })
        let total = cases.arrayValue?.count ?? 0
        print("\(total - failedIDs.count) passed, \(failedIDs.count) failed")
        if !failedIDs.isEmpty { throw ExitCode(1) }
    }
}
