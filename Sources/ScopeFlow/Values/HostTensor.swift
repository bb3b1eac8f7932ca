/// A concrete tensor value living in host memory: a dtype, a fully known
/// shape and contiguous row-major storage.
///
/// `Session.run` returns `HostTensor`s and takes them as feeds.
///
/// ```swift
/// let x = HostTensor([1, 2, 3, 4] as [Float], shape: [2, 2])
/// print(x.floats)   // [1.0, 2.0, 3.0, 4.0]
/// ```
public struct HostTensor: Sendable {
    /// Row-major element storage, one case per element type.
    public enum Storage: Sendable, Equatable {
        case float16([Float16])
        case float32([Float])
        case float64([Double])
        case int32([Int32])
        case int64([Int64])
        case bool([Bool])
        case string([String])
    }

    /// The dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The elements, row-major.
    public let storage: Storage

    /// The element type.
    public var dtype: DType {
        switch storage {
        case .float16: return .float16
        case .float32: return .float32
        case .float64: return .float64
        case .int32: return .int32
        case .int64: return .int64
        case .bool: return .bool
        case .string: return .string
        }
    }

    /// The number of elements (the product of `shape`; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// Creates a tensor from storage whose element count must equal the product of `shape`.
    /// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the counts differ, a size is negative
    ///   or the product of the sizes overflows.
    public init(storage: Storage, shape: [Int]) throws {
        let expected = HostTensor.elementCount(shape)
        guard storage.count == expected else {
            throw ScopeFlowError(
                .shapeMismatch,
                "A tensor of shape \(shape) needs "
                    + (expected.map { "\($0) elements" } ?? "a size that is negative or overflows")
                    + " but \(storage.count) were given; pass as many values as the shape has elements.")
        }
        self.storage = storage
        self.shape = shape
    }

    /// Internal unchecked initializer for kernels that computed `shape` from `storage`.
    init(uncheckedStorage storage: Storage, shape: [Int]) {
        self.storage = storage
        self.shape = shape
    }
}

extension HostTensor {
    /// The most dimensions a tensor may have: TensorFlow's `TensorShape::MaxDimensions()`.
    static let maximumRank = 254

    /// The element count of `dims`, or nil when a size is negative, the product overflows
    /// (multiplied in order, as TensorFlow's `TensorShape` checks it) or there are more than
    /// ``maximumRank`` dimensions. Every tensor made from a shape and every reader sizing what a
    /// file declares counts elements with this.
    static func elementCount(_ dims: [Int]) -> Int? {
        guard dims.count <= maximumRank, dims.allSatisfy({ $0 >= 0 }) else { return nil }
        return dims.checkedProduct
    }
}

extension HostTensor.Storage {
    /// The number of stored elements.
    public var count: Int {
        switch self {
        case .float16(let a): return a.count
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        case .int32(let a): return a.count
        case .int64(let a): return a.count
        case .bool(let a): return a.count
        case .string(let a): return a.count
        }
    }
}
