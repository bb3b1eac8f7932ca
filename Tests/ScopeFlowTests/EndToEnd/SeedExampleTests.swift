import ScopeFlowExamples
import Testing

/// Every example of the three seed documents prints, in ScopeFlow, what the seed prints.
@Suite struct SeedExampleTests {
    @Test(arguments: SeedExamples.all.map(\.id))
    func seedExamplePrintsWhatTheSeedPrints(_ id: String) throws {
        let example = try #require(SeedExamples.all.first { $0.id == id })
        let lines = try example.run()
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.actual == line.expected, "\(id): \(line.label)")
        }
    }
}
