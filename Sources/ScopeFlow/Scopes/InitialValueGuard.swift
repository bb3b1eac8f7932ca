extension Graph {
    /// `value` with every read of a variable it depends on replaced by that variable's
    /// ``Variable/initializedValue(file:line:)``, so that a variable initialized from another one's
    /// value can be initialized before it (TF's `_try_guard_against_uninitialized_dependencies`,
    /// which `RefVariable` applies to its initial value before building `<name>/Assign`).
    ///
    /// The ops between are copied where an input changed, each named `<op name>_<variable name>`
    /// exactly (`cond/read/Switch_v/ExponentialMovingAverage`), a `RefSwitch` copied as a `Switch`;
    /// `IsVariableInitialized` ops are kept as they are. The guards are built in the current name
    /// scope (`v/ExponentialMovingAverage/IsVariableInitialized`, `…/cond/…`). A value on a cycle (a
    /// loop's back edge) is left as it is, as TF leaves it.
    func guardingUninitializedDependencies(
        of value: Tensor, variableName: String, location: SourceLocation
    ) throws -> Tensor {
        guard let order = postOrder(from: value.op) else { return value }
        var replacements: [ObjectIdentifier: Operation] = [:]
        for op in order {
            replacements[ObjectIdentifier(op)] = try guardedCopy(
                of: op, replacements: replacements, variableName: variableName, location: location)
        }
        return replacements[ObjectIdentifier(value.op)]?.output(value.index) ?? value
    }

    /// What TF's `_safe_initial_value_from_op` returns for `op`, whose inputs' replacements are known.
    private func guardedCopy(
        of op: Operation, replacements: [ObjectIdentifier: Operation], variableName: String,
        location: SourceLocation
    ) throws -> Operation {
        if Self.guardBoundaryTypes.contains(op.type) { return op }
        if Self.variableTypes.contains(op.type) {
            return try variableReadBy(op)?.initializedValue(file: location.fileID, line: location.line).op ?? op
        }
        let inputs = op.inputs.map { input in
            replacements[ObjectIdentifier(input.op)]?.output(input.index) ?? input
        }
        guard zip(inputs, op.inputs).contains(where: { $0 != $1 }) else { return op }
        let specs = op.outputSpecs
        let name = (op.name + "_" + variableName).replacingOccurrences(of: ":", with: "_")
        return try addOperation(
            type: op.type == "RefSwitch" ? "Switch" : op.type, name: name + "/", defaultName: op.type,
            inputs: inputs, attrs: op.attrs, location: location
        ) { _ in specs }
    }

    /// The global or local ``Variable`` whose op is `op`, nil for a variable made another way.
    private func variableReadBy(_ op: Operation) throws -> Variable? {
        for key in [GraphKeys.globalVariables, GraphKeys.localVariables] {
            if let found = try variables(key).first(where: { $0.op === op }) { return found }
        }
        return nil
    }

    /// The ops `root` depends on through data inputs, each after its inputs, in the order TF's
    /// recursion first finishes them (inputs in order); nil when they contain a cycle. The walk
    /// stops at variables and at the ops TF keeps as they are.
    private func postOrder(from root: Operation) -> [Operation]? {
        enum Mark { case open, done }
        var marks: [ObjectIdentifier: Mark] = [:]
        var order: [Operation] = []
        // Each entry: an op and how many of its inputs were pushed already.
        var stack: [(op: Operation, next: Int)] = [(root, 0)]
        marks[ObjectIdentifier(root)] = .open
        while let (op, next) = stack.last {
            let stops = Self.guardBoundaryTypes.contains(op.type) || Self.variableTypes.contains(op.type)
            let inputs = stops ? [] : op.inputs
            if next < inputs.count {
                stack[stack.count - 1].next += 1
                let child = inputs[next].op
                switch marks[ObjectIdentifier(child)] {
                case .open?: return nil
                case .done?: continue
                case nil:
                    marks[ObjectIdentifier(child)] = .open
                    stack.append((child, 0))
                }
            } else {
                stack.removeLast()
                marks[ObjectIdentifier(op)] = .done
                order.append(op)
            }
        }
        return order
    }

    /// Ops TF's guard returns unchanged without looking at their inputs.
    private static let guardBoundaryTypes: Set<String> = [
        "IsVariableInitialized", "VarIsInitializedOp", "ReadVariableOp", "If",
    ]
    /// Variable ops, whose reads the guard replaces.
    private static let variableTypes: Set<String> = ["Variable", "VariableV2", "VarHandleOp"]
}
