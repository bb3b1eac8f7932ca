/// An element type `Cast` can produce, with TensorFlow's conversion rules
/// from every source kind.
protocol CastDestination: HostScalar {
    /// From a float: integers truncate toward zero (NaN and out-of-range
    /// values give the type's minimum, as x86 does); `bool` is `x != 0`.
    static func cast<S: BinaryFloatingPoint>(float x: S) -> Self
    /// From an integer: integers wrap, `bool` is `x != 0`.
    static func cast<S: FixedWidthInteger>(integer x: S) -> Self
    /// From a bool: 1 or 0.
    static func cast(bool x: Bool) -> Self
}

extension CastDestination where Self: BinaryFloatingPoint {
    @inline(__always) static func cast<S: BinaryFloatingPoint>(float x: S) -> Self { Self(x) }
    @inline(__always) static func cast<S: FixedWidthInteger>(integer x: S) -> Self { Self(x) }
    @inline(__always) static func cast(bool x: Bool) -> Self { x ? 1 : 0 }
}

extension CastDestination where Self: FixedWidthInteger {
    @inline(__always) static func cast<S: BinaryFloatingPoint>(float x: S) -> Self {
        Self(exactly: x.rounded(.towardZero)) ?? .min
    }
    @inline(__always) static func cast<S: FixedWidthInteger>(integer x: S) -> Self { Self(truncatingIfNeeded: x) }
    @inline(__always) static func cast(bool x: Bool) -> Self { x ? 1 : 0 }
}

extension Float16: CastDestination {}
extension Float: CastDestination {}
extension Double: CastDestination {}
extension Int32: CastDestination {}
extension Int64: CastDestination {}

extension Bool: CastDestination {
    @inline(__always) static func cast<S: BinaryFloatingPoint>(float x: S) -> Bool { x != 0 }
    @inline(__always) static func cast<S: FixedWidthInteger>(integer x: S) -> Bool { x != 0 }
    @inline(__always) static func cast(bool x: Bool) -> Bool { x }
}

/// Element-wise conversion between dtypes with TensorFlow's rules, shared by
/// ``HostTensor/converted(to:)`` and the `Cast` kernel.
enum ValueConversion {
    /// Converts every element of `storage` to `D`; nil for `string` storage.
    @inline(__always)
    static func convert<D: CastDestination>(_ storage: HostTensor.Storage, to _: D.Type) -> [D]? {
        switch storage {
        case .float32(let x): return mapElements(x) { D.cast(float: $0) }
        case .float64(let x): return mapElements(x) { D.cast(float: $0) }
        case .float16(let x): return mapElements(x) { D.cast(float: $0) }
        case .int32(let x): return mapElements(x) { D.cast(integer: $0) }
        case .int64(let x): return mapElements(x) { D.cast(integer: $0) }
        case .bool(let x): return mapElements(x) { D.cast(bool: $0) }
        case .string: return nil
        }
    }

}

extension HostTensor {
    /// This value converted to `dtype`, as TF converts a literal to a requested
    /// dtype (floats to integers truncate toward zero; numbers to bool are `x != 0`).
    public func converted(to dtype: DType) throws -> HostTensor {
        if dtype == self.dtype { return self }
        let converted: HostTensor.Storage?
        switch dtype {
        case .float32: converted = ValueConversion.convert(storage, to: Float.self).map(HostTensor.Storage.float32)
        case .float64: converted = ValueConversion.convert(storage, to: Double.self).map(HostTensor.Storage.float64)
        case .float16: converted = ValueConversion.convert(storage, to: Float16.self).map(HostTensor.Storage.float16)
        case .int32: converted = ValueConversion.convert(storage, to: Int32.self).map(HostTensor.Storage.int32)
        case .int64: converted = ValueConversion.convert(storage, to: Int64.self).map(HostTensor.Storage.int64)
        case .bool: converted = ValueConversion.convert(storage, to: Bool.self).map(HostTensor.Storage.bool)
        case .string, .resource: converted = nil
        }
        guard let converted else {
            throw ScopeFlowError(
                .dtypeMismatch, "Cannot convert a \(self.dtype) value to \(dtype); give a value of a numeric type.")
        }
        return HostTensor(uncheckedStorage: converted, shape: shape)
    }
}

/// Applies `f` to every element, writing straight into the result buffer.
@inline(__always)
func mapElements<T, R>(_ x: [T], _ f: (T) -> R) -> [R] {
    x.withUnsafeBufferPointer { src in
        [R](unsafeUninitializedCapacity: src.count) { dst, initialized in
            for i in 0..<src.count { (dst.baseAddress! + i).initialize(to: f(src[i])) }
            initialized = src.count
        }
    }
}
