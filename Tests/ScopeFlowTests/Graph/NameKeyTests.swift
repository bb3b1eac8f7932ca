import Testing

@testable import ScopeFlow

/// The name registry's keys: names that differ only in case are one key with one hash (TF
/// compares names lower-cased), whether the word-at-a-time ASCII path or the `lowercased()`
/// path hashed them, and a graph's unique names follow TF's case-insensitive suffixing.
@Suite struct NameKeyTests {
    /// Lengths around the 8-byte words the hash reads, so full words and every tail length occur.
    static let names = (0...19).map { length in
        String((0..<length).map { Array("Layer_9/Weights-Aa.Zz>\\")[$0 % 24] })
    }

    @Test(arguments: names) func caseVariantsAreOneKey(name: String) {
        let lower = FoldedName(name.lowercased()), upper = FoldedName(name.uppercased())
        #expect(FoldedName(name) == lower)
        #expect(FoldedName(name).foldedHash == lower.foldedHash)
        #expect(upper.foldedHash == lower.foldedHash)
    }

    @Test func differentNamesHashDifferently() {
        let names = ["a", "b", "ab", "ba", "layer_1", "layer_2", "layer_10", "layer_1/w", "layer_1/b", "abcdefgh",
            "abcdefgi", "abcdefghi", "Const", "Const_1"]
        #expect(Set(names.map { FoldedName($0).foldedHash }).count == names.count)
        #expect(FoldedName("abcdefgh") != FoldedName("abcdefghi"))
    }

    /// A non-ASCII name goes through `lowercased()`; its key still equals, and hashes as, the
    /// ASCII name it lowers to (U+212A KELVIN SIGN lowers to "k", as in Python's `str.lower`).
    @Test func nonASCIINamesFoldLikeTheirLoweredForm() {
        #expect(FoldedName("\u{212A}ey_Scope") == FoldedName("KEY_scope"))
        #expect(FoldedName("\u{212A}ey_Scope").foldedHash == FoldedName("KEY_scope").foldedHash)
        #expect(FoldedName("Ärger/Ö").foldedHash == FoldedName("ärger/ö").foldedHash)
        #expect(FoldedName("Ärger/Ö") != FoldedName("Arger/O"))
    }

    /// TF's `Graph.unique_name`: "Foo" then "foo" gives "foo_1"; a taken suffix is skipped.
    @Test func uniqueNamesIgnoreCase() throws {
        let graph = Graph()
        #expect(graph.uniqueName("Foo") == "Foo")
        #expect(graph.uniqueName("foo") == "foo_1")
        #expect(graph.uniqueName("FOO_2") == "FOO_2")
        #expect(graph.uniqueName("foo") == "foo_3")
        #expect(graph.uniqueName("fOO", markAsUsed: false) == "fOO_4")
        #expect(graph.uniqueName("foo") == "foo_4")
    }
}
