import Foundation
import ScopeFlowProto
import Synchronization

/// Writes a TensorBoard run: an `events.out.tfevents.<secs>.<host>` file in
/// `logdir` (TF's `tf.compat.v1.summary.FileWriter`).
///
/// The first record is `file_version: "brain.Event:2"`; a graph given at
/// creation follows as a `graph_def` event.
///
/// ```swift
/// let writer = try FileWriter(logdir: "out/train", graph: graph)
/// let summary = try session.run(mergeAll()!)
/// try writer.addSummary(summary, globalStep: step)
/// try writer.close()
/// ```
public final class FileWriter: Sendable {
    /// The event file's path.
    public let path: String
    private let state: Mutex<FileHandle?>

    /// Creates `logdir` if needed and starts a new event file there.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when the folder or the file cannot be created (the
    ///   message gives the system's reason), ``ScopeFlowError/Code/resourceExhausted`` on a full disk.
    public init(logdir: String, graph: Graph? = nil) throws {
        let seconds = Int(Date().timeIntervalSince1970)
        let host = ProcessInfo.processInfo.hostName
        path = logdir + "/events.out.tfevents.\(seconds).\(host)"
        try DurableFile.createFolder(logdir, role: "log folder")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DurableFile.failure("Cannot create the event file \(path)", path: path) }
        state = Mutex(FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
        try write(Tensorflow_Event.with { $0.fileVersion = "brain.Event:2" })
        if let graph { try addGraph(graph) }
    }

    /// Adds a `graph_def` event holding `graph`.
    public func addGraph(_ graph: Graph) throws {
        let bytes = try graph.serializedGraphDef()
        try write(Tensorflow_Event.with { $0.graphDef = Data(bytes) })
    }

    /// Adds a serialized `Summary` (the string value of a summary op) at `globalStep`.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `summary` is not a scalar string holding a Summary.
    public func addSummary(_ summary: HostTensor, globalStep: Int = 0) throws {
        guard case .string(let values) = summary.storage, values.count == 1,
            let bytes = BinaryString.decode(values[0]), let parsed = try? Tensorflow_Summary(serializedBytes: bytes)
        else {
            throw ScopeFlowError(
                .invalidArgument, "addSummary needs the scalar string output of a summary op, got a \(summary.dtype) "
                    + "tensor of shape \(summary.shape).")
        }
        try write(Tensorflow_Event.with {
            $0.step = Int64(globalStep)
            $0.summary = parsed
        })
    }

    /// Pushes written events to disk.
    public func flush() throws {
        try state.withLock { handle in try handle?.synchronize() }
    }

    /// Flushes and closes the file; later writes fail.
    public func close() throws {
        try state.withLock { handle in
            try handle?.synchronize()
            try handle?.close()
            handle = nil
        }
    }

    private func write(_ event: Tensorflow_Event) throws {
        var event = event
        event.wallTime = Date().timeIntervalSince1970
        let record = TFRecord.frame(try [UInt8](event.serializedData()))
        try state.withLock { handle in
            guard let handle else {
                throw ScopeFlowError(.invalidArgument, "The event writer for \(path) is closed; create a new FileWriter.")
            }
            try handle.write(contentsOf: record)
        }
    }
}
