/// A Swift type that can be an element of a ``HostTensor``: `Float16`, `Float`,
/// `Double`, `Int32`, `Int64`, `Bool` and `String`.
public protocol HostScalar: Sendable {
    /// The tensor element type this Swift type stores as.
    static var dtype: DType { get }
    /// Wraps an array of this type as tensor storage.
    static func storage(_ values: [Self]) -> HostTensor.Storage
    /// The array inside `storage`, or nil if it holds another type.
    static func values(in storage: HostTensor.Storage) -> [Self]?
}

extension Float16: HostScalar {
    public static var dtype: DType { .float16 }
    public static func storage(_ values: [Float16]) -> HostTensor.Storage { .float16(values) }
    public static func values(in storage: HostTensor.Storage) -> [Float16]? {
        if case .float16(let a) = storage { return a }
        return nil
    }
}

extension Float: HostScalar {
    public static var dtype: DType { .float32 }
    public static func storage(_ values: [Float]) -> HostTensor.Storage { .float32(values) }
    public static func values(in storage: HostTensor.Storage) -> [Float]? {
        if case .float32(let a) = storage { return a }
        return nil
    }
}

extension Double: HostScalar {
    public static var dtype: DType { .float64 }
    public static func storage(_ values: [Double]) -> HostTensor.Storage { .float64(values) }
    public static func values(in storage: HostTensor.Storage) -> [Double]? {
        if case .float64(let a) = storage { return a }
        return nil
    }
}

extension Int32: HostScalar {
    public static var dtype: DType { .int32 }
    public static func storage(_ values: [Int32]) -> HostTensor.Storage { .int32(values) }
    public static func values(in storage: HostTensor.Storage) -> [Int32]? {
        if case .int32(let a) = storage { return a }
        return nil
    }
}

extension Int64: HostScalar {
    public static var dtype: DType { .int64 }
    public static func storage(_ values: [Int64]) -> HostTensor.Storage { .int64(values) }
    public static func values(in storage: HostTensor.Storage) -> [Int64]? {
        if case .int64(let a) = storage { return a }
        return nil
    }
}

extension Bool: HostScalar {
    public static var dtype: DType { .bool }
    public static func storage(_ values: [Bool]) -> HostTensor.Storage { .bool(values) }
    public static func values(in storage: HostTensor.Storage) -> [Bool]? {
        if case .bool(let a) = storage { return a }
        return nil
    }
}

extension String: HostScalar {
    public static var dtype: DType { .string }
    public static func storage(_ values: [String]) -> HostTensor.Storage { .string(values) }
    public static func values(in storage: HostTensor.Storage) -> [String]? {
        if case .string(let a) = storage { return a }
        return nil
    }
}

extension HostTensor {
    /// Creates a tensor of `shape` from row-major `values`.
    ///
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `values.count` is
    ///   not the product of `shape`.
    public init<T: HostScalar>(_ values: [T], shape: [Int]) throws {
        try self.init(storage: T.storage(values), shape: shape)
    }

    /// Creates a rank-1 tensor holding `values`.
    public init<T: HostScalar>(_ values: [T]) {
        self.init(uncheckedStorage: T.storage(values), shape: [values.count])
    }

    /// Creates a scalar (shape `[]`).
    public init<T: HostScalar>(scalar: T) {
        self.init(uncheckedStorage: T.storage([scalar]), shape: [])
    }

    /// The elements as `[T]`, or nil when the tensor holds another dtype.
    public func scalars<T: HostScalar>(as type: T.Type = T.self) -> [T]? {
        T.values(in: storage)
    }

    /// The elements of a `float32` tensor (nil for other dtypes).
    public var floats: [Float]? { scalars(as: Float.self) }
    /// The elements of a `float64` tensor (nil for other dtypes).
    public var doubles: [Double]? { scalars(as: Double.self) }
    /// The elements of an `int32` tensor (nil for other dtypes).
    public var int32s: [Int32]? { scalars(as: Int32.self) }
    /// The elements of an `int64` tensor (nil for other dtypes).
    public var int64s: [Int64]? { scalars(as: Int64.self) }
    /// The elements of a `bool` tensor (nil for other dtypes).
    public var bools: [Bool]? { scalars(as: Bool.self) }
}
