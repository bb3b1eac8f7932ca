// The sparse training ops of TF's `training_ops.cc` (`SparseApplyMomentum`, `SparseApplyFtrl` …):
// the update of the matching dense op, applied to the rows of the variable and its slots that
// `indices` picks, one row of the gradient each, in the order of `indices` (a repeated index is
// updated once per row, as TF's CPU kernels do).

extension TrainingOp {
    /// A sparse training op of `inputs` inputs: the first `references` are the variable and its
    /// slots, `gradient` holds one row per index of the vector input `indices`, every other input
    /// is a scalar, passed to the update in input order. It has no elementwise form.
    init<U: TrainingUpdate>(
        inputs: Int, references: Int, sparseGradient gradient: Int, indices: Int,
        requirements: [ScalarRequirement] = [], _ make: @escaping @Sendable (KernelContext) -> U
    ) {
        self.init(references: references) { context in
            SparseTrainingKernel(
                inputs: inputs, references: references, gradient: gradient, indices: indices,
                requirements: requirements, context: context, update: make(context)
            ).kernel
        }
    }
}

/// A check TF's kernel makes on one scalar input's value, with TF's message
/// (`"lr is not a positive scalar: "`).
struct ScalarRequirement: Sendable {
    enum Sign: Sendable { case positive, nonNegative, nonPositive }

    /// The scalar's input index.
    let input: Int
    let sign: Sign
    /// TF's message, which the scalar's shape follows.
    let message: String

    /// Checks every requirement against `inputs`, whose checked inputs are scalars of `T`.
    static func check<T: HostScalar & FloatElement>(
        _ requirements: [ScalarRequirement], _ inputs: [HostTensor], as _: T.Type, _ context: KernelContext
    ) throws {
        for requirement in requirements {
            let value = try NaryOps.values(inputs[requirement.input], as: T.self, context)[0]
            let holds: Bool
            switch requirement.sign {
            case .positive: holds = value > 0
            case .nonNegative: holds = value >= 0
            case .nonPositive: holds = value <= 0
            }
            guard holds else {
                throw context.arrayError(
                    .invalidArgument,
                    requirement.message + tfShape(inputs[requirement.input].shape) + " (got \(value))")
            }
        }
    }
}

/// Checks a sparse training op's inputs, with TF's messages, and runs its ``TrainingUpdate``
/// row by row for float32 or float64. Every index is checked before any row changes.
struct SparseTrainingKernel<Update: TrainingUpdate>: Sendable {
    let inputs: Int
    let references: Int
    let gradient: Int
    let indices: Int
    let requirements: [ScalarRequirement]
    let context: KernelContext
    let update: Update

    var kernel: Kernel { { try self.run($0) } }

    private func run(_ inputs: [HostTensor]) throws -> [HostTensor] {
        try context.checkInputCount(inputs, self.inputs)
        switch inputs[0].storage {
        case .float32: return try run(inputs, as: Float.self)
        case .float64: return try run(inputs, as: Double.self)
        default:
            throw ScopeFlowError(
                .unimplemented,
                "Op '\(context.opName)' (\(context.opType)) has no CPU kernel for \(inputs[0].dtype); "
                    + "train float32 or float64 variables.",
                names: [context.opName])
        }
    }

    private func run<T: HostScalar & FloatElement>(_ inputs: [HostTensor], as _: T.Type) throws -> [HostTensor] {
        let variable = inputs[0]
        let shape = variable.shape
        var values: [[T]] = []
        var scalars: [T] = []
        for (index, input) in inputs.enumerated() where index != gradient && index != indices {
            if index < references {
                guard input.shape == shape else {
                    throw context.arrayError(
                        .invalidArgument,
                        "var and input \(index) do not have the same shape\(tfShape(shape)) \(tfShape(input.shape))")
                }
                values.append(try NaryOps.values(input, as: T.self, context))
            } else {
                guard input.shape.isEmpty else {
                    throw context.arrayError(
                        .invalidArgument, "input \(index) is not a scalar: \(tfShape(input.shape))")
                }
                scalars.append(try NaryOps.values(input, as: T.self, context)[0])
            }
        }
        try ScalarRequirement.check(requirements, inputs, as: T.self, context)
        let rows = try checkedRows(variable: variable, gradient: inputs[gradient], indices: inputs[indices])
        let inner = shape.dropFirst().reduce(1, *)
        let rowsOfGradient = try NaryOps.values(inputs[gradient], as: T.self, context)
        withTrainingBuffers(&values, scalars: scalars, gradient: rowsOfGradient) { buffers in
            for (i, row) in rows.enumerated() { update.apply(buffers.row(row, gradientRow: i, count: inner)) }
        }
        return values.map { HostTensor(uncheckedStorage: T.storage($0), shape: shape) }
    }

    /// The rows `indices` picks, after TF's checks of the variable's, gradient's and indices' shapes.
    private func checkedRows(variable: HostTensor, gradient: HostTensor, indices: HostTensor) throws -> [Int] {
        guard !variable.shape.isEmpty else {
            throw context.arrayError(.invalidArgument, "var must be at least 1 dimensional")
        }
        guard indices.shape.count == 1 else {
            throw context.arrayError(.invalidArgument, "indices must be one-dimensional")
        }
        guard gradient.shape.count == variable.shape.count else {
            throw context.arrayError(
                .invalidArgument,
                "var and grad must have the same rank: \(tfShape(variable.shape)) \(tfShape(gradient.shape))")
        }
        for d in 1..<variable.shape.count where variable.shape[d] != gradient.shape[d] {
            throw context.arrayError(.invalidArgument, "var and grad must match in dimension \(d)")
        }
        let rows = try context.indexValues(indices, "indices")
        guard gradient.shape[0] == rows.count else {
            throw context.arrayError(.invalidArgument, "grad must be the same size as indices in the first dimension.")
        }
        let limit = variable.shape[0]
        if let bad = rows.firstIndex(where: { $0 < 0 || $0 >= limit }) {
            throw context.arrayError(.invalidArgument, "Index \(rows[bad]) at offset \(bad) in indices is out of range")
        }
        return rows
    }
}
