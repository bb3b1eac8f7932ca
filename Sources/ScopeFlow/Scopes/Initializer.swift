/// How a variable gets its first value. Each initializer builds TF's ops for
/// it (`v/Initializer/Const`, `v/Initializer/random_uniform/…`) when the
/// variable is created, so op names match TF's.
///
/// ```swift
/// let w = try getVariable("w", shape: [2, 2], initializer: .randomNormal(stddev: 0.1))
/// let b = try getVariable("b", shape: [2], initializer: .zeros)
/// ```
public struct Initializer: Sendable {
    enum Kind: Sendable {
        case zeros, ones
        case scaledOnes(Double)
        case constant([Double])
        case value(HostTensor)
        case tensor(Tensor)
        case randomNormal(mean: Double, stddev: Double, seed: Int?)
        case truncatedNormal(mean: Double, stddev: Double, seed: Int?)
        case randomUniform(minval: Double, maxval: Double, seed: Int?)
        case glorotUniform(seed: Int?)
        case custom(@Sendable (_ shape: [Int], _ dtype: DType, _ partition: PartitionInfo?) throws -> Tensor)
    }

    let kind: Kind

    init(kind: Kind) { self.kind = kind }

    /// All zeros (TF's `zeros_initializer`).
    public static let zeros = Initializer(kind: .zeros)
    /// All ones (TF's `ones_initializer`).
    public static let ones = Initializer(kind: .ones)
    /// Every element `value`, built as TF's FTRL optimizer builds its accumulator's start
    /// (`ones(shape) * value`: `Initializer/ones`, `Initializer/mul`).
    static func scaledOnes(_ value: Double) -> Initializer { Initializer(kind: .scaledOnes(value)) }
    /// Every element `value` (TF's `constant_initializer(value)`).
    public static func constant(_ value: Double) -> Initializer { Initializer(kind: .constant([value])) }
    /// The row-major `values`, which must have as many elements as the variable.
    public static func constant(_ values: [Double]) -> Initializer { Initializer(kind: .constant(values)) }
    /// The value itself is the initial value; it fixes shape and dtype, so give no shape.
    public static func value(_ value: HostTensor) -> Initializer { Initializer(kind: .value(value)) }
    /// The tensor is the initial value; it fixes shape and dtype, so give no shape.
    public static func tensor(_ tensor: any TensorConvertible) -> Initializer {
        Initializer(kind: .tensor(tensor.tensor))
    }
    /// Normal samples (TF's `random_normal_initializer`).
    public static func randomNormal(mean: Double = 0, stddev: Double = 1, seed: Int? = nil) -> Initializer {
        Initializer(kind: .randomNormal(mean: mean, stddev: stddev, seed: seed))
    }
    /// Normal samples re-drawn beyond two standard deviations (TF's `truncated_normal_initializer`).
    public static func truncatedNormal(mean: Double = 0, stddev: Double = 1, seed: Int? = nil) -> Initializer {
        Initializer(kind: .truncatedNormal(mean: mean, stddev: stddev, seed: seed))
    }
    /// Uniform samples in `[minval, maxval)` (TF's `random_uniform_initializer`).
    public static func randomUniform(minval: Double = 0, maxval: Double = 1, seed: Int? = nil) -> Initializer {
        Initializer(kind: .randomUniform(minval: minval, maxval: maxval, seed: seed))
    }
    /// Glorot/Xavier uniform, TF's default for float variables.
    public static func glorotUniform(seed: Int? = nil) -> Initializer { Initializer(kind: .glorotUniform(seed: seed)) }

    /// An initializer that builds the initial value itself (TF's callable initializer
    /// `init(shape, dtype, partition_info)`): `body` receives the shape of the variable (of the
    /// part, for a partitioned one), its dtype and, for a part, where it lies in the whole. Its
    /// ops go into the variable's `Initializer` name scope.
    ///
    /// ```swift
    /// let rowIndex = Initializer { shape, dtype, partition in
    ///     let offset = try partition?.singleOffset(shape) ?? 0
    ///     return try cast(range(start: offset, limit: offset + shape[0]), to: dtype)
    /// }
    /// ```
    public init(_ body: @escaping @Sendable (_ shape: [Int], _ dtype: DType, _ partition: PartitionInfo?) throws -> Tensor) {
        self.init(kind: .custom(body))
    }

    /// True for `.value` and `.tensor`: the initializer *is* the initial value.
    var isInitialValue: Bool {
        switch kind {
        case .value, .tensor: return true
        default: return false
        }
    }

    /// True for an initializer made with ``init(_:)``, which needs the variable's shape.
    var isCustom: Bool {
        if case .custom = kind { return true }
        return false
    }

    /// The tensor of a `.tensor` initializer (nil for the others).
    var initialTensor: Tensor? {
        if case .tensor(let tensor) = kind { return tensor }
        return nil
    }

    /// The dtype a value initializer has (nil for the others).
    var valueDType: DType? {
        switch kind {
        case .value(let v): return v.dtype
        case .tensor(let t): return t.dtype
        default: return nil
        }
    }

    /// Builds the initializer's ops in the current name scope for a variable
    /// of `shape` and `dtype`, returning the initial-value tensor. For a part of a partitioned
    /// variable, `partition` places it in the whole (glorot counts the whole's fans, as TF).
    func makeInitialValue(
        shape: [Int], dtype: DType, partition: PartitionInfo? = nil, location: SourceLocation
    ) throws -> Tensor {
        let (file, line) = (location.fileID, location.line)
        switch kind {
        case .zeros: return try ScopeFlow.zeros(shape: shape, dtype: dtype, file: file, line: line)
        case .ones: return try ScopeFlow.ones(shape: shape, dtype: dtype, file: file, line: line)
        case .scaledOnes(let value):
            return try scalarBinary(
                "Mul", ScopeFlow.ones(shape: shape, dtype: dtype, file: file, line: line), value, defaultName: "mul",
                scalarFirst: false, location: location)
        case .constant(let values):
            return try ScopeFlow.constant(HostTensor(values), dtype: dtype, shape: shape, file: file, line: line)
        case .value, .tensor:
            throw ScopeFlowError(.invalidArgument, "A value initializer is the initial value; it builds no ops.")
        case .randomNormal(let mean, let stddev, let seed):
            return try ScopeFlow.randomNormal(
                shape: shape, mean: mean, stddev: stddev, dtype: dtype, seed: seed, file: file, line: line)
        case .truncatedNormal(let mean, let stddev, let seed):
            return try ScopeFlow.truncatedNormal(
                shape: shape, mean: mean, stddev: stddev, dtype: dtype, seed: seed, file: file, line: line)
        case .randomUniform(let minval, let maxval, let seed):
            return try ScopeFlow.randomUniform(
                shape: shape, minval: minval, maxval: maxval, dtype: dtype, seed: seed, file: file, line: line)
        case .glorotUniform(let seed):
            let (fanIn, fanOut) = Initializer.fans(partition?.fullShape ?? shape)
            let limit = (3.0 / Swift.max(1.0, (fanIn + fanOut) / 2)).squareRoot()
            return try ScopeFlow.randomUniform(
                shape: shape, minval: -limit, maxval: limit, dtype: dtype, seed: seed, file: file, line: line)
        case .custom(let body):
            let value = try body(shape, dtype, partition)
            guard value.dtype == dtype else {
                throw ScopeFlowError(
                    .dtypeMismatch,
                    "The initializer gave a \(value.dtype) value (\(value.name)) for a \(dtype) variable; return a "
                        + "tensor of the dtype it is given.",
                    names: [value.name])
            }
            return value
        }
    }

    /// TF's `_compute_fans`: kernels `[..., in, out]` count the receptive field. Counted in
    /// `Double`, as Python counts without overflow, so a huge valid shape cannot trap.
    static func fans(_ shape: [Int]) -> (Double, Double) {
        let dims = shape.map(Double.init)
        switch dims.count {
        case 0: return (1, 1)
        case 1: return (dims[0], dims[0])
        case 2: return (dims[0], dims[1])
        default:
            let field = dims.dropLast(2).reduce(1, *)
            return (dims[dims.count - 2] * field, dims[dims.count - 1] * field)
        }
    }
}
