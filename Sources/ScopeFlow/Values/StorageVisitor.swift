/// A computation generic over the element type of a ``HostTensor``.
///
/// Swift has no generic closures; a kernel that works for several dtypes
/// implements `visit` once and lets ``HostTensor/Storage/accept(_:)`` call it
/// with the concrete element array.
protocol StorageVisitor {
    associatedtype Result
    func visit<T: HostScalar>(_ values: [T]) throws -> Result
}

extension HostTensor.Storage {
    /// Calls `visitor.visit` with the typed element array.
    func accept<V: StorageVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .float16(let a): return try visitor.visit(a)
        case .float32(let a): return try visitor.visit(a)
        case .float64(let a): return try visitor.visit(a)
        case .int32(let a): return try visitor.visit(a)
        case .int64(let a): return try visitor.visit(a)
        case .bool(let a): return try visitor.visit(a)
        case .string(let a): return try visitor.visit(a)
        }
    }
}
