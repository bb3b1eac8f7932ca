import Foundation
import ScopeFlowProto

extension DType {
    /// The `tensorflow.DataType` of this type.
    var proto: Tensorflow_DataType { Tensorflow_DataType(rawValue: protoValue) ?? .dtInvalid }

    /// The ScopeFlow type of a `tensorflow.DataType`.
    /// - Throws: ``ScopeFlowError/Code/unimplemented`` for types ScopeFlow has no storage for.
    init(proto: Tensorflow_DataType, context: String) throws {
        guard let dtype = DType(protoValue: proto.rawValue) else {
            throw ScopeFlowError(
                .unimplemented,
                "\(context) has data type \(proto) (enum \(proto.rawValue)), which ScopeFlow does not support; "
                    + "use float16/32/64, int32/64, bool or string.")
        }
        self = dtype
    }
}

extension Shape {
    /// The `tensorflow.TensorShapeProto` of this shape (unknown sizes as -1).
    var proto: Tensorflow_TensorShapeProto {
        var proto = Tensorflow_TensorShapeProto()
        guard let dims else {
            proto.unknownRank = true
            return proto
        }
        proto.dim = dims.map { size in
            var dim = Tensorflow_TensorShapeProto.Dim()
            dim.size = Int64(size ?? -1)
            return dim
        }
        return proto
    }

    /// The shape a `tensorflow.TensorShapeProto` describes (-1 sizes are unknown).
    init(proto: Tensorflow_TensorShapeProto) {
        self = proto.unknownRank ? .unknown : Shape(proto.dim.map { $0.size < 0 ? nil : Int($0.size) })
    }
}

extension HostTensor {
    /// This tensor as a `tensorflow.TensorProto`: one element in the typed value
    /// field, several as `tensor_content` (strings always as `string_val`), as TF writes constants.
    var proto: Tensorflow_TensorProto {
        var proto = Tensorflow_TensorProto()
        proto.dtype = dtype.proto
        proto.tensorShape = Shape(known: shape).proto
        switch storage {
        case .string(let strings): proto.stringVal = strings.map { Data($0.utf8) }
        case _ where count != 1: proto.tensorContent = Data(TensorCoding.encodeFixedWidth(storage))
        case .float16(let v): proto.halfVal = v.map { Int32($0.bitPattern) }
        case .float32(let v): proto.floatVal = v
        case .float64(let v): proto.doubleVal = v
        case .int32(let v): proto.intVal = v
        case .int64(let v): proto.int64Val = v
        case .bool(let v): proto.boolVal = v
        }
        return proto
    }

    /// The most bytes ScopeFlow materialises for a tensor that a file stores compactly: a
    /// `TensorProto` with fewer typed values than its shape has elements, the last value standing
    /// for all the rest (TensorFlow's rule). 256 MiB holds any constant or summary a model writes
    /// this way, while a 70-byte file declaring `[2^31]` floats cannot make ScopeFlow allocate 8 GiB;
    /// tensors whose bytes the file actually holds (`tensor_content`) are not limited.
    public static let maximumExpandedByteCount = 256 << 20

    /// The tensor a `tensorflow.TensorProto` holds: `tensor_content` when present,
    /// else the typed values, the last one repeated to fill the shape as TF does.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` naming `context` for an invalid shape or content
    ///   that does not match the shape, ``ScopeFlowError/Code/resourceExhausted`` for a repeated
    ///   value that would fill more than ``maximumExpandedByteCount`` bytes.
    init(proto: Tensorflow_TensorProto, context: String) throws {
        let dtype = try DType(proto: proto.dtype, context: context)
        let shape = Shape(proto: proto.tensorShape)
        guard let dims = shape.knownDims, proto.tensorShape.dim.allSatisfy({ $0.size >= 0 }),
            let count = HostTensor.elementCount(dims)
        else {
            throw ScopeFlowError(
                .dataLoss, "\(context) has an invalid tensor shape \(proto.tensorShape.dim.map(\.size)): a size is "
                    + "negative or unknown, the element count overflows, or it has more than 254 dimensions.")
        }
        if !proto.tensorContent.isEmpty, dtype != .string {
            let storage = try TensorCoding.decodeFixedWidth(
                ByteReader(Array(proto.tensorContent)[...], file: context, context: "tensor_content"),
                dtype: dtype, count: count)
            self.init(uncheckedStorage: storage, shape: dims)
            return
        }
        let stored = proto.typedValueCount(dtype)
        let bytes = TensorCoding.byteCount(count, dtype)
        guard stored >= count || bytes.map({ $0 <= Self.maximumExpandedByteCount }) ?? false else {
            throw ScopeFlowError(
                .resourceExhausted, "\(context) declares a \(dtype) tensor of shape \(dims) (\(count) elements, "
                    + (bytes.map { "\($0) bytes" } ?? "more than 2^63 bytes") + ") "
                    + "but stores \(stored) value\(stored == 1 ? "" : "s"); ScopeFlow repeats a stored value to fill at most "
                    + "\(Self.maximumExpandedByteCount) bytes. Store the values in tensor_content or use a smaller shape.")
        }
        func filled<T>(_ values: [T], zero: T) -> [T] {
            guard values.count < count else { return Array(values.prefix(count)) }
            return values + Array(repeating: values.last ?? zero, count: count - values.count)
        }
        let storage: Storage
        switch dtype {
        case .float16: storage = .float16(filled(proto.halfVal.map { Float16(bitPattern: UInt16(truncatingIfNeeded: $0)) }, zero: 0))
        case .float32: storage = .float32(filled(proto.floatVal, zero: 0))
        case .float64: storage = .float64(filled(proto.doubleVal, zero: 0))
        case .int32: storage = .int32(filled(proto.intVal, zero: 0))
        case .int64: storage = .int64(filled(proto.int64Val, zero: 0))
        case .bool: storage = .bool(filled(proto.boolVal, zero: false))
        case .string: storage = .string(filled(proto.stringVal.map { String(decoding: $0, as: UTF8.self) }, zero: ""))
        case .resource:
            throw ScopeFlowError(
                .unimplemented, "A TensorProto of dtype resource holds a handle, not a value; ScopeFlow cannot read one.")
        }
        self.init(uncheckedStorage: storage, shape: dims)
    }
}

extension Tensorflow_TensorProto {
    /// The number of values in the typed field that `dtype` reads.
    fileprivate func typedValueCount(_ dtype: DType) -> Int {
        switch dtype {
        case .float16: return halfVal.count
        case .float32: return floatVal.count
        case .float64: return doubleVal.count
        case .int32: return intVal.count
        case .int64: return int64Val.count
        case .bool: return boolVal.count
        case .string: return stringVal.count
        case .resource: return 0
        }
    }
}
