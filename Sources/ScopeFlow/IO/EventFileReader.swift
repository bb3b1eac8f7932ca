import Foundation
import ScopeFlowProto

/// What an event file or a run folder holds (for `scopeflow inspect` and tests).
public struct EventFileContents: Sendable {
    /// The event files read, in name order.
    public let files: [String]
    /// Every event, in file order.
    public let events: [Tensorflow_Event]
    /// The damage that ended the reading of a file early, one per damaged file: a file cut off
    /// mid-record (a writer still running or killed) or with a bad checksum keeps the events
    /// before the damage, as TensorBoard does, and says here where the damage starts.
    public let warnings: [ScopeFlowError]

    /// Reads `path`: one event file, or every `*tfevents*` file in a folder.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when `path` does not exist or a folder holds no
    ///   event file; ``ScopeFlowError/Code/dataLoss`` for an empty file, a file whose first record
    ///   is damaged (not an event file), or a record that is not an `Event`.
    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScopeFlowError(.notFound, "\(path) does not exist; give an event file or a run folder.", names: [path])
        }
        if isDirectory.boolValue {
            files = try FileIO.contentsOfDirectory(path).filter { $0.contains("tfevents") }.sorted().map { path + "/" + $0 }
            guard !files.isEmpty else {
                throw ScopeFlowError(
                    .notFound, "\(path) holds no event file (*tfevents*) and no checkpoint; give an event file, a run "
                        + "folder or a checkpoint.", names: [path])
            }
        } else {
            files = [path]
        }
        var events: [Tensorflow_Event] = []
        var warnings: [ScopeFlowError] = []
        for file in files {
            let bytes = try FileIO.read(file)
            guard !bytes.isEmpty else {
                throw ScopeFlowError(
                    .dataLoss, "\(file) is empty; an event file starts with a file_version record.", names: [file])
            }
            let records = TFRecord.records(bytes, file: file)
            if let damage = records.damage {
                guard !records.payloads.isEmpty else { throw damage }
                warnings.append(damage)
            }
            for (number, payload) in records.payloads.enumerated() {
                do { events.append(try Tensorflow_Event(serializedBytes: Array(payload))) } catch {
                    throw ScopeFlowError(.dataLoss, "\(file) is corrupt: record \(number) is not an Event (\(error)).", names: [file],
                        underlying: error)
                }
            }
        }
        self.events = events
        self.warnings = warnings
    }

    /// The graph of the last `graph_def` event, if any.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` when its bytes are not a `GraphDef`.
    public func graphDef() throws -> Tensorflow_GraphDef? {
        for event in events.reversed() {
            guard case .graphDef(let bytes) = event.what else { continue }
            do { return try Tensorflow_GraphDef(serializedBytes: bytes) } catch {
                throw ScopeFlowError(
                    .dataLoss, "The graph_def event of step \(event.step) in \(files.joined(separator: ", ")) is not a "
                        + "GraphDef (\(error)).", names: files, underlying: error)
            }
        }
        return nil
    }

    /// Every scalar, as (tag, step, value), from `simple_value` and from rank-0 float tensors.
    public var scalars: [(tag: String, step: Int, value: Double)] {
        events.flatMap { event -> [(tag: String, step: Int, value: Double)] in
            guard case .summary(let summary) = event.what else { return [] }
            return summary.value.compactMap { value in
                switch value.value {
                case .simpleValue(let x): return (value.tag, Int(event.step), Double(x))
                case .tensor(let proto):
                    // Only a one-element tensor is a scalar: look at the declared shape before decoding anything.
                    guard proto.tensorShape.dim.allSatisfy({ $0.size == 1 }), !proto.tensorShape.unknownRank,
                        let tensor = try? HostTensor(proto: proto, context: value.tag), tensor.count == 1,
                        let x = tensor.floats?.first ?? tensor.doubles.map({ Float($0[0]) })
                    else { return nil }
                    return (value.tag, Int(event.step), Double(x))
                default: return nil
                }
            }
        }
    }

    /// Every summary tag, in first-appearance order.
    public var tags: [String] {
        var seen: Set<String> = []
        return events.flatMap { event -> [String] in
            guard case .summary(let summary) = event.what else { return [] }
            return summary.value.map(\.tag)
        }.filter { seen.insert($0).inserted }
    }
}
