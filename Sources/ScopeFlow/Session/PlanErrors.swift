/// The checks and error messages of a running ``Plan``, in TensorFlow's wording.
extension Plan {
    /// A kernel's `error` as a ``ScopeFlowError`` that names `op`.
    static func naming(_ op: Operation, in error: any Error) -> ScopeFlowError {
        guard let error = error as? ScopeFlowError else {
            return ScopeFlowError(
                .invalidArgument, "Op '\(op.name)' of type \(op.type) failed: \(error)", names: [op.name],
                location: op.location, underlying: error)
        }
        let names = error.names.contains(op.name) ? error.names : error.names + [op.name]
        let message =
            error.message.contains(op.name) ? error.message : "\(error.message) (op '\(op.name)' of type \(op.type))"
        return ScopeFlowError(
            error.code, message, names: names, location: error.location ?? op.location, underlying: error.underlying)
    }

    /// The error of a kernel that returned `count` outputs for an op with another number of outputs.
    static func outputCountError(_ op: Operation, count: Int) -> ScopeFlowError {
        ScopeFlowError(
            .invalidArgument,
            "The kernel of op '\(op.name)' (\(op.type)) returned \(count) outputs but the op has "
                + "\(op.outputTypes.count); the kernel and the op's constructor disagree.",
            names: [op.name])
    }

    /// TF's error for reading `variable` (a `VariableV2` op) before anything was assigned to it.
    static func uninitializedError(_ variable: Operation?) -> ScopeFlowError {
        let name = variable?.name ?? "a variable"
        return ScopeFlowError(
            .uninitialized,
            "Attempting to use uninitialized value \(name). Run its initializer first, "
                + "e.g. session.run(globalVariablesInitializer()).",
            names: variable.map { [$0.name] } ?? [])
    }

    /// The error of an `Assign` (with `validate_shape`), `AssignAdd` or `AssignSub`
    /// whose value does not have the variable's shape.
    static func updateShapeError(_ op: Operation, variableShape: [Int], valueShape: [Int]) -> ScopeFlowError {
        let variable = op.inputs[0].op.name
        let lhs = Shape(known: variableShape).bracketed
        let rhs = Shape(known: valueShape).bracketed
        let message =
            op.type == "Assign"
            ? "Assign requires shapes of both tensors to match. lhs shape= \(lhs) rhs shape= \(rhs)"
            : "Cannot update variable with shape \(lhs) using a Tensor with shape \(rhs), shapes must be equal."
        return ScopeFlowError(
            .shapeMismatch, "\(message) (op '\(op.name)' on variable \(variable)); give the value the variable's shape.",
            names: [op.name, variable])
    }

    /// Checks a fed value against the static dtype and shape of the tensor it is fed to.
    static func check(_ value: HostTensor, fedTo tensor: Tensor) throws {
        guard value.dtype == tensor.dtype else {
            throw ScopeFlowError(
                .dtypeMismatch,
                "Cannot feed value of dtype \(value.dtype) for Tensor '\(tensor.name)', which has dtype "
                    + "'\(tensor.dtype)'; convert the value to \(tensor.dtype) before feeding it.",
                names: [tensor.name])
        }
        guard let dims = tensor.shape.dims else { return }
        guard dims.count == value.shape.count,
            zip(dims, value.shape).allSatisfy({ expected, actual in expected == nil || expected == actual })
        else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Cannot feed value of shape \(pythonShape(value.shape.map { $0 })) for Tensor '\(tensor.name)', "
                    + "which has shape '\(pythonShape(dims))'; feed a value of a compatible shape.",
                names: [tensor.name])
        }
    }

    /// A shape as TF 2's Python prints it: `(3,)`, `(None, 2)`, `()`.
    private static func pythonShape(_ dims: [Int?]) -> String {
        let parts = dims.map { $0.map(String.init) ?? "None" }
        return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }
}
