import Synchronization

/// One ``controlDependencies(_:_:)`` block: the ops every op built inside it
/// must run after, and the ops built inside it so far (TF's
/// `_ControlDependenciesController`).
final class ControlFrame: Sendable {
    let controlInputs: [Operation]
    private let built = Mutex<Set<ObjectIdentifier>>([])

    init(_ controlInputs: [Operation]) { self.controlInputs = controlInputs }

    func record(_ op: Operation) { _ = built.withLock { $0.insert(ObjectIdentifier(op)) } }

    func wasBuiltInside(_ op: Operation) -> Bool { built.withLock { $0.contains(ObjectIdentifier(op)) } }

    /// The control inputs a new op with data inputs `inputs` gets from
    /// `frames`, followed by its `explicit` ones, as TF decides: a frame adds
    /// nothing when one of the inputs was built inside it (the op already runs
    /// after the frame's control inputs), and an input op is never also a
    /// control input.
    static func controlInputs(for inputs: [Tensor], in frames: [ControlFrame], explicit: [Operation]) -> [Operation] {
        let inputOps = Set(inputs.map { ObjectIdentifier($0.op) })
        var result: [Operation] = []
        var seen = Set<ObjectIdentifier>()
        for frame in frames where !inputs.contains(where: { frame.wasBuiltInside($0.op) }) {
            for op in frame.controlInputs where !inputOps.contains(ObjectIdentifier(op)) {
                if seen.insert(ObjectIdentifier(op)).inserted { result.append(op) }
            }
        }
        for op in explicit where seen.insert(ObjectIdentifier(op)).inserted { result.append(op) }
        return result
    }
}

/// Runs `body` so that every op it builds in the default graph runs after
/// `controlInputs` (TF's `tf.control_dependencies`). Tensors stand for the ops
/// that produce them and variables for their `VariableV2` op. Blocks nest and
/// add up; `nil` clears the enclosing blocks for the body.
///
/// An op whose data input was built inside the same block gets no control
/// inputs from it: it already runs after them.
///
/// ```swift
/// let update = try assignAdd(counter, 1)
/// let read = try controlDependencies([update]) { try identity(counter) }
/// // read.op.controlInputs == [update.op]
/// ```
/// - Throws: ``ScopeFlowError`` with `.differentGraphs` when a control input
///   is from another graph than the default one.
public func controlDependencies<R>(_ controlInputs: [any GraphElement]?, _ body: () throws -> R) throws -> R {
    let context = BuildContext.effective
    try context.graph.requireControlInputs(controlInputs ?? [])
    var scopes = context.scopes
    guard let controlInputs else {
        // As in TF, `control_dependencies(None)` also leaves any cond branch or loop body.
        scopes.controlFrames = []
        scopes.controlFlowContext = nil
        return try BuildContext.with(context.graph, scopes: scopes, body)
    }
    var enclosing = Set(scopes.controlFrames.flatMap { $0.controlInputs.map(ObjectIdentifier.init) })
    let added = try controlInputs.map(controlOperation).filter { enclosing.insert(ObjectIdentifier($0)).inserted }
    scopes.controlFrames.append(ControlFrame(added))
    return try BuildContext.with(context.graph, scopes: scopes, body)
}

/// An op that runs after all of `inputs` and produces nothing (TF's
/// `tf.group`), named `group_deps` unless `name` says otherwise. Inputs on different devices
/// (``device(_:_:)``) are grouped per device first, as TF does: a `NoOp` per device in the
/// group's scope (`NoOp`, `NoOp_1` …, by device name), then the group's op on those.
///
/// ```swift
/// let train = try group([updateW, updateB], name: "train")
/// try session.run(targets: [train])
/// ```
public func group(
    _ inputs: [any GraphElement], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Operation {
    try nameScope(name, defaultName: "group_deps", values: inputs) { scope in
        guard !inputs.isEmpty else { return try noOp(name: scope, file: file, line: line) }
        var byDevice: [String: [any GraphElement]] = [:]
        for input in inputs { byDevice[try controlOperation(input).device, default: []].append(input) }
        guard byDevice.count > 1 else {
            return try controlDependencies(inputs) { try noOp(name: scope, file: file, line: line) }
        }
        let perDevice = try byDevice.keys.sorted().map { name in
            try controlDependencies(byDevice[name]!) { try device(name) { try noOp(file: file, line: line) } }
        }
        return try controlDependencies(perDevice) { try noOp(name: scope, file: file, line: line) }
    }
}

/// The op a control dependency on `element` waits for.
private func controlOperation(_ element: any GraphElement) throws -> Operation {
    switch element {
    case let op as Operation: return op
    case let variable as Variable: return variable.op
    case let convertible as any TensorConvertible: return convertible.tensor.op
    default:
        throw ScopeFlowError(
            .invalidArgument,
            "Can not use \(element.name) (a \(type(of: element))) as a control input; pass an Operation, Tensor "
                + "or Variable.",
            names: [element.name])
    }
}

extension Graph {
    fileprivate func requireControlInputs(_ elements: [any GraphElement]) throws {
        for element in elements where try element.graph !== self {
            throw ScopeFlowError(
                .differentGraphs,
                "Control input \(element.name) must be from the default graph; build it in the graph whose "
                    + "ops should wait for it, or make its graph the default with asDefault.",
                names: [element.name])
        }
    }
}

/// The same tensors, each available only once all of them are computed
/// (TF's `tf.tuple`): a `group_deps` op waits for every producer, and each
/// tensor comes back through an `Identity` (`control_dependency`,
/// `control_dependency_1` …) that waits for it. nil entries stay nil.
///
/// ```swift
/// let gated = try tuple([dx, dy])   // tuple/control_dependency:0, tuple/control_dependency_1:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when every entry is nil.
public func tuple(
    _ tensors: [Tensor?], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> [Tensor?] {
    let location = SourceLocation(fileID: file, line: line)
    let present = tensors.compactMap { $0 }
    return try nameScope(name, defaultName: "tuple", values: present) { _ in
        var seen = Set<ObjectIdentifier>()
        let gating = present.map(\.op).filter { seen.insert(ObjectIdentifier($0)).inserted }.sorted { $0.id < $1.id }
        guard !gating.isEmpty else {
            throw ScopeFlowError(.invalidArgument, "tuple needs at least one tensor to group; every entry was nil.")
        }
        let gate = try group(gating, file: file, line: line)
        return try tensors.map { tensor in
            try tensor.map { try withDependencies([gate], $0, location: location) }
        }
    }
}

/// `tensor`, available only after `dependencies` have run (TF's
/// `with_dependencies`): an `Identity` named `control_dependency`.
func withDependencies(
    _ dependencies: [Operation], _ tensor: Tensor, location: SourceLocation
) throws -> Tensor {
    let values: [any GraphElement] = dependencies.map { $0 as any GraphElement } + [tensor]
    return try nameScope(nil, defaultName: "control_dependency", values: values) { scope in
        try controlDependencies(dependencies) { try unaryOp("Identity", tensor, name: scope, location: location) }
    }
}
