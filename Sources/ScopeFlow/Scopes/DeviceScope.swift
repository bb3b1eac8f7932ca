/// A device name as TF's `DeviceSpec` parses it: an optional job, replica, task, device type and
/// device index (`/job:worker/replica:0/task:1/device:GPU:0`; `/cpu:0` is `/device:CPU:0`).
struct DeviceSpec: Sendable, Equatable {
    var job: String?
    var replica: Int?
    var task: Int?
    var deviceType: String?
    /// The device index, nil for any (`*`).
    var deviceIndex: Int?

    /// An empty spec: no device.
    init() {}

    /// Parses `name`.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a part TF does not know.
    init(parsing name: String) throws {
        func invalid() -> ScopeFlowError {
            ScopeFlowError(
                .invalidArgument,
                "Invalid device name '\(name)': write it as TF does, e.g. \"/cpu:0\", \"/device:GPU:1\" or "
                    + "\"/job:worker/replica:0/task:0/device:CPU:0\".")
        }
        func index(_ text: Substring) throws -> Int? {
            if text == "*" { return nil }
            guard let value = Int(text), value >= 0 else { throw invalid() }
            return value
        }
        for part in name.split(separator: "/") {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            switch (fields.first?.lowercased(), fields.count) {
            case ("job", 2): job = String(fields[1])
            case ("replica", 2): replica = try index(fields[1])
            case ("task", 2): task = try index(fields[1])
            case ("device", 3):
                deviceType = Self.canonicalType(fields[1])
                deviceIndex = try index(fields[2])
            case ("device", 2) where fields[1] == "*": deviceType = nil
            case (let type?, 2) where ["cpu", "gpu"].contains(type):
                deviceType = type.uppercased()
                deviceIndex = try index(fields[1])
            default: throw invalid()
            }
        }
    }

    private static func canonicalType(_ type: Substring) -> String {
        ["cpu", "gpu"].contains(type.lowercased()) ? type.uppercased() : String(type)
    }

    /// This spec with `outer`'s fields where this one has none (TF's `merge_device`: an inner
    /// `tf.device` overrides what it names and keeps the rest).
    func merged(over outer: DeviceSpec) -> DeviceSpec {
        var merged = self
        merged.job = job ?? outer.job
        merged.replica = replica ?? outer.replica
        merged.task = task ?? outer.task
        if deviceType == nil {
            merged.deviceType = outer.deviceType
            merged.deviceIndex = outer.deviceIndex
        }
        return merged
    }

    /// The canonical name (`/job:worker/replica:0/task:1/device:GPU:0`), "" for an empty spec.
    var name: String {
        var parts: [String] = []
        if let job { parts.append("/job:\(job)") }
        if let replica { parts.append("/replica:\(replica)") }
        if let task { parts.append("/task:\(task)") }
        if let deviceType { parts.append("/device:\(deviceType):\(deviceIndex.map(String.init) ?? "*")") }
        return parts.joined()
    }
}

/// Runs `body` with the ops it builds placed on `name` (TF's `tf.device`): each new op records the
/// device in its ``Operation/device`` and its `NodeDef`. The name merges with an enclosing
/// device's (an inner `/device:GPU:0` inside `/job:worker` is `/job:worker/device:GPU:0`); `""`
/// changes nothing and nil clears the device for the body, as in TF.
///
/// ScopeFlow runs every op on its one CPU device: the device is recorded, as TF's graph has it,
/// and decides only how ``group(_:name:file:line:)`` groups ops (one `NoOp` per device).
///
/// ```swift
/// let embedding = try device("/cpu:0") { try getVariable("embedding", shape: [50, 16]) }
/// print(embedding.op.device)   // /device:CPU:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a name TF would not parse; what `body` throws.
public func device<R>(_ name: String?, _ body: () throws -> R) throws -> R {
    let context = BuildContext.effective
    var scopes = context.scopes
    if let name {
        let spec = try DeviceSpec(parsing: name)
        scopes.device = spec.merged(over: scopes.device ?? DeviceSpec())
    } else {
        scopes.device = nil
    }
    return try BuildContext.with(context.graph, scopes: scopes, body)
}
