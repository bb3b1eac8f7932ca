/// The static type and shape of one op output, as computed by an op's shape function.
struct OutputSpec: Sendable {
    let dtype: DType
    let shape: Shape
}

extension Graph {
    /// Adds an operation, naming it as TF does: the requested name (or
    /// `defaultName`) is validated and made unique in the current name scope
    /// of this graph; a name ending in `/` is used as-is. The name is taken
    /// *before* `infer` runs, so an op rejected by its shape function has
    /// still consumed its name, as in TF.
    ///
    /// - Parameter device: the op's own device (an imported node's), merged over the enclosing
    ///   device scope's as TF's import does; nil for the scope's device.
    /// - Parameter infer: the op's shape function: checks the inputs' dtypes
    ///   and shapes and returns the outputs' (throws at the line that built the op).
    /// - Throws: a ``ScopeFlowError`` whose ``ScopeFlowError/location`` is `location` unless the
    ///   error already had one.
    func addOperation(
        type: String, name: String?, defaultName: String, inputs: [Tensor], controlInputs: [Operation] = [],
        attrs: AttrMap = [:], device: DeviceSpec? = nil, location: SourceLocation,
        infer: (String) throws -> [OutputSpec]
    ) throws -> Operation {
        // An error names the user's line: the op's shape function and the checks here do not know it.
        try locatingErrors(at: location) {
            let scopes = BuildContext.effective.scopes(of: self)
            let stack = scopes.nameStack
            let requested = name.flatMap { $0.isEmpty ? nil : $0 } ?? defaultName
            try Names.validateRequested(requested, inStack: stack)
            let key: ExactName
            var collision: NameProvenance.Collision?
            let isScopeString = Names.endsWithSlash(requested)
            if isScopeString {
                key = ExactName(Names.fromScopeName(requested))
            } else {
                let wanted = Names.path(stack, requested)
                let (unique, taken) = state.withLock { $0.uniqueName(wanted, markAsUsed: true, takenBy: .operation) }
                key = unique.exact
                if let taken, recordsProvenance {
                    collision = NameProvenance.Collision(
                        requested: wanted, takenBy: taken.owner, takenByNameScope: taken.kind == .nameScope)
                }
            }
            let fullName = key.text
            let provenance =
                recordsProvenance
                ? NameProvenance(
                    isScopeString
                        ? .scopeString(fullName: fullName, defaultName: defaultName)
                        : .requested(requested, usedDefaultName: name?.isEmpty ?? true, nameScope: stack),
                    variableScope: scopes.variableScope.name, collision: collision)
                : NameProvenance.notRecorded
            guard isScopeString ? Names.isValidRootName(fullName) : Names.hasValidRootStart(fullName) else {
                throw ScopeFlowError(
                    .invalidName,
                    "'\(fullName)' is not a valid node name: it must start with a letter, digit or '.'.",
                    names: [fullName])
            }
            for input in inputs where input.op.graphIdentity != identity {
                throw ScopeFlowError(
                    .differentGraphs,
                    "Input \(input.name) of op '\(fullName)' must be from the same graph as the op; "
                        + "build all of an op's inputs in one graph.",
                    names: [input.name, fullName])
            }
            let outputs = try infer(fullName)
            let frames = scopes.controlFrames
            let controls =
                frames.isEmpty
                ? controlInputs : ControlFrame.controlInputs(for: inputs, in: frames, explicit: controlInputs)
            let placement = device?.merged(over: scopes.device ?? DeviceSpec()) ?? scopes.device ?? DeviceSpec()
            let built = try state.withLock { state in
                let op = Operation(
                    type: type, name: fullName, inputs: inputs, controlInputs: controls, attrs: attrs,
                    outputs: outputs,
                    id: state.operations.count, location: location, provenance: provenance, graph: self,
                    device: placement.name)
                if let existing = state.operationsByName.updateValue(op, forKey: key) {
                    state.operationsByName[key] = existing
                    throw ScopeFlowError(
                        .duplicateName,
                        "Duplicate node name in graph: '\(fullName)'. An absolute name (ending in '/') must not "
                            + "be taken; drop the trailing '/' to get a unique name.",
                        names: [fullName])
                }
                state.operations.append(op)
                return op
            }
            for frame in frames { frame.record(built) }
            if let context = scopes.controlFlowContext {
                built.setControlFlowContext(context)
                try self.nameScope(Self.controlFlowHookScope(opType: type, opName: fullName, enclosing: stack)) { _ in
                    try context.addOp(built)
                }
            }
            return built
        }
    }

    /// The name scope a control-flow context adopts a new op in, where TF's post-processing runs:
    /// the op's own scope (`while/mul/`, so an `Enter` it needs is `while/mul/Enter`), as TF's op
    /// helper builds ops inside it, except for a `Const`, which TF builds directly in the enclosing
    /// scope (an `Identity` pulling its control input from outside a loop is `while/Less/Identity`,
    /// not `while/Less/y/Identity`).
    private static func controlFlowHookScope(opType: String, opName: String, enclosing: String) -> String {
        guard opType == "Const" else { return opName + "/" }
        return enclosing.isEmpty ? "" : enclosing + "/"
    }

    /// The graph an op with these inputs is built in: theirs when they all
    /// share one, the default graph when there are none.
    static func forInputs(_ inputs: [Tensor]) throws -> Graph {
        guard let first = inputs.first else { return BuildContext.effective.graph }
        let graph = try first.op.graph
        if inputs.contains(where: { $0.op.graphIdentity != first.op.graphIdentity }) {
            return try Graph.of(inputs, fallback: graph)
        }
        return graph
    }
}

/// Checks that every input has the dtype of the first, with TF's wording.
func requireSameDType(
    _ inputs: [Tensor], argumentNames: @autoclosure () -> [String], opType: String
) throws -> DType {
    let first = inputs[0].dtype
    for index in inputs.indices.dropFirst() where inputs[index].dtype != first {
        let names = argumentNames()
        let argument = index < names.count ? names[index] : "input \(index)"
        let firstArgument = names.first ?? "input 0"
        throw ScopeFlowError(
            .dtypeMismatch,
            "Input '\(argument)' of '\(opType)' Op has type \(inputs[index].dtype) that does not match type \(first) "
                + "of argument '\(firstArgument)'. Cast one of them (cast(_:to:)) so both have one dtype.",
            names: [inputs[index].name])
    }
    return first
}

/// Checks that `tensor` has rank `rank` when its rank is known.
func requireRank(_ tensor: Tensor, _ rank: Int, opName: String) throws {
    if let actual = tensor.shape.rank, actual != rank {
        throw ScopeFlowError(
            .shapeMismatch,
            "Shape must be rank \(rank) but is rank \(actual) for '\(opName)' (input \(tensor.name) has shape "
                + "\(tensor.shape)).",
            names: [tensor.name])
    }
}
