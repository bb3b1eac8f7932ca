import Foundation
import ScopeFlowProto
import SwiftProtobuf

/// GraphDef files in TF's two encodings: binary protobuf and protobuf text format (`pbtxt`).
enum GraphDefFile {
    /// The file names TF's tools give text-format GraphDefs.
    static let textExtensions: Set<String> = ["pbtxt", "pbtext", "txt", "prototxt"]

    /// The GraphDef in `bytes` read from `path`: text format when the name says so, otherwise
    /// binary, then text when the bytes are not a binary GraphDef.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` naming both parsers' complaints.
    static func parse(_ bytes: [UInt8], path: String) throws -> Tensorflow_GraphDef {
        let isText = textExtensions.contains((path as NSString).pathExtension.lowercased())
        var binaryError: (any Error)?
        if !isText {
            do { return try Tensorflow_GraphDef(serializedBytes: bytes) } catch { binaryError = error }
        }
        do {
            return try Tensorflow_GraphDef(textFormatString: String(decoding: bytes, as: UTF8.self))
        } catch {
            let binary = binaryError.map { "not a binary GraphDef (\($0)) and " } ?? ""
            throw ScopeFlowError(
                .dataLoss, "\(path) is \(binary)not a text-format GraphDef (\(error)).", names: [path],
                underlying: error)
        }
    }

    /// `graphDef` encoded as `tf.io.write_graph` writes it: text format or deterministic binary.
    static func encode(_ graphDef: Tensorflow_GraphDef, asText: Bool) throws -> [UInt8] {
        if asText { return Array(graphDef.textFormatString().utf8) }
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return try [UInt8](graphDef.serializedData(options: options))
    }
}

/// Writes `graphDef` to the file at `path`, creating its folder when missing, as text format
/// (`asText`, a `.pbtxt` that TF's `text_format.Parse` and ``readGraphDef(_:)`` read) or as a
/// binary GraphDef (TF's `tf.io.write_graph(graph_def, logdir, name, as_text=)`). The file is
/// replaced whole: a reader never sees half of it.
/// - Throws: a ``ScopeFlowError`` naming `path` and the system's reason when it cannot be written.
public func writeGraph(_ graphDef: Tensorflow_GraphDef, to path: String, asText: Bool = true) throws {
    let bytes = try GraphDefFile.encode(graphDef, asText: asText)
    try DurableFile.createFolder(DurableFile.folderPath(of: path), role: "graph folder")
    try DurableFile.replace(path, with: bytes, observe: { _ in }, written: .dataWritten, renamed: .dataRenamed)
}

/// Writes `graph`'s GraphDef (``Graph/graphDef()``) to `path`, as
/// the GraphDef form of `writeGraph` does (TF's `tf.io.write_graph(graph, …)`).
public func writeGraph(_ graph: Graph, to path: String, asText: Bool = true) throws {
    try writeGraph(graph.graphDef(), to: path, asText: asText)
}
