import Foundation
import Testing

/// The library's layers depend only downward (`docs/architecture.md`): a file of a layer names no
/// type, free function or global declared in a layer it may not depend on. Names are whole words
/// of the code with comments and string literals removed, so a doc comment may still mention a
/// layer above (``Session``) and an error message may quote an op type.
@Suite struct LayeringTests {
    /// Each checked layer (a folder of `Sources/ScopeFlow`) and the layers it may name. Graph,
    /// Scopes and Ops together build graphs (an op is named by the scopes; a variable is made of
    /// ops) and may name each other, but nothing that runs them; the runtime's kernels see values
    /// only; op definitions bind the two; sessions and gradients read the definitions.
    static let allowed: [String: Set<String>] = [
        "Support": [],
        "Values": ["Support"],
        "Graph": ["Support", "Values", "Scopes", "Ops"],
        "Scopes": ["Support", "Values", "Graph", "Ops"],
        "Ops": ["Support", "Values", "Graph", "Scopes"],
        "Runtime": ["Support", "Values"],
        "Definitions": ["Support", "Values", "Graph", "Scopes", "Ops", "Runtime"],
        "Autodiff": ["Support", "Values", "Graph", "Scopes", "Ops", "Definitions"],
        "Session": ["Support", "Values", "Graph", "Scopes", "Ops", "Runtime", "Definitions"],
    ]

    @Test func layersDependOnlyDownward() throws {
        let layers = try Self.layerFiles()
        #expect(Set(layers.keys).isSuperset(of: Self.allowed.keys), "every checked layer has a folder")
        var declared: [String: String] = [:]  // name → layer
        for (layer, files) in layers {
            for (_, code) in files {
                for name in Self.topLevelNames(code) { declared[name] = layer }
            }
        }
        var violations: [String] = []
        for (layer, allowedLayers) in Self.allowed.sorted(by: { $0.key < $1.key }) {
            for (file, code) in layers[layer] ?? [] {
                for word in Self.namesUsed(code) {
                    guard let owner = declared[word], owner != layer, !allowedLayers.contains(owner) else { continue }
                    violations.append("\(layer)/\(file) names \(word) of \(owner)")
                }
            }
        }
        #expect(violations == [])
    }

    /// The names a file declares at its top level: types, and free functions and globals whose
    /// names are camel case (`makeOp`, `fillKernel`; one-word ones such as `shape` or `add` are
    /// also property names everywhere, so they are not told apart from member uses).
    static func topLevelNames(_ code: String) -> [String] {
        let types =
            #/^(?:(?:public|internal|package|private|fileprivate|final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+(\w+)/#
            .anchorsMatchLineEndings()
        let values =
            #/^(?:(?:public|internal|package|private|fileprivate|@\w+)\s+)*(?:func|let|var)\s+([a-z]\w*[A-Z]\w*)/#
            .anchorsMatchLineEndings()
        return code.matches(of: types).map { String($0.output.1) }
            + code.matches(of: values).map { String($0.output.1) }
    }

    /// The words of `code` that can name a declaration of another file: not a member after a
    /// dot, not the name a `let`, `var`, `func` or `case` declares.
    static func namesUsed(_ code: String) -> Set<String> {
        let code = code.replacing(#/\b(?:let|var|func)\s+\w+|\bcase\s+\w+(?:\s*,\s*\w+)*/#, with: "")
        return Set(code.matches(of: #/\.?[A-Za-z_]\w*/#).map(\.output).filter { !$0.hasPrefix(".") }.map(String.init))
    }

    /// The Swift files of each folder of `Sources/ScopeFlow` (subfolders included), by folder,
    /// with comments and string literals removed.
    static func layerFiles() throws -> [String: [(String, String)]] {
        let root = SourceTree.library
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        var layers: [String: [(String, String)]] = [:]
        for file in files where file.pathExtension == "swift" {
            let relative = file.path.dropFirst(root.path.count + 1)
            guard let layer = relative.split(separator: "/").first, relative.contains("/") else { continue }
            let code = try String(contentsOf: file, encoding: .utf8)
            layers[String(layer), default: []].append((String(relative.dropFirst(layer.count + 1)), strip(code)))
        }
        return layers
    }

    /// `code` without comments and string literals (kept as empty quotes).
    static func strip(_ code: String) -> String {
        var result = ""
        var characters = code[...]
        while let first = characters.first {
            if characters.hasPrefix("//") {
                characters = characters.drop { $0 != "\n" }
            } else if characters.hasPrefix("/*") {
                guard let end = characters.range(of: "*/") else { break }
                characters = characters[end.upperBound...]
            } else if characters.hasPrefix("\"\"\"") {
                characters = characters.dropFirst(3)
                guard let end = characters.range(of: "\"\"\"") else { break }
                characters = characters[end.upperBound...]
                result += "\"\""
            } else if first == "\"" {
                characters = characters.dropFirst()
                while let c = characters.first, c != "\"", c != "\n" {
                    characters = characters.dropFirst(c == "\\" ? 2 : 1)
                }
                characters = characters.dropFirst()
                result += "\"\""
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }
}
