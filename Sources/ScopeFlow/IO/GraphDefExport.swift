import Foundation
import ScopeFlowProto

extension Graph {
    /// The `GraphDef` producer version TensorFlow 2.21 writes.
    static let graphDefProducer: Int32 = 2474

    /// This graph as TensorFlow's `GraphDef` (TF's `as_graph_def(add_shapes=True)`):
    /// one node per op with its name, op type, inputs (`src`, `src:k`, `^ctrl`), TF-named
    /// attrs and `_output_shapes`.
    public func graphDef() -> Tensorflow_GraphDef {
        var graphDef = Tensorflow_GraphDef()
        graphDef.versions.producer = Self.graphDefProducer
        graphDef.node = operations.map(\.nodeDef)
        return graphDef
    }

    /// The serialized `GraphDef` (deterministic: attrs sorted by key).
    public func serializedGraphDef() throws -> [UInt8] {
        try GraphDefFile.encode(graphDef(), asText: false)
    }
}

extension Operation {
    /// The op as a `NodeDef`.
    var nodeDef: Tensorflow_NodeDef {
        var node = Tensorflow_NodeDef()
        node.name = name
        node.op = type
        node.device = device
        node.input =
            inputs.map { $0.index == 0 ? $0.op.name : $0.op.name + ":" + String($0.index) }
            + controlInputs.map(\.name).sorted().map { "^" + $0 }  // TF lists control inputs by name
        node.attr = attrs.dictionary.mapValues(\.proto)
        if !outputShapes.isEmpty {
            var list = Tensorflow_AttrValue.ListValue()
            list.shape = outputShapes.map(\.proto)
            node.attr["_output_shapes"] = Tensorflow_AttrValue.with { $0.list = list }
        }
        return node
    }
}

extension AttrValue {
    /// The attr as TensorFlow's `AttrValue`.
    var proto: Tensorflow_AttrValue {
        var proto = Tensorflow_AttrValue()
        var list = Tensorflow_AttrValue.ListValue()
        switch self {
        case .int(let v): proto.i = Int64(v)
        case .float(let v): proto.f = Float(v)
        case .bool(let v): proto.b = v
        case .string(let v): proto.s = Data(v.utf8)
        case .type(let v): proto.type = v.proto
        case .shape(let v): proto.shape = v.proto
        case .tensor(let v): proto.tensor = v.proto
        case .uint8Tensor(let values, let shape):
            proto.tensor = .with {
                $0.dtype = .dtUint8
                $0.tensorShape = Shape(known: shape).proto
                $0.intVal = values.map { Int32($0) }
            }
        case .ints(let v):
            list.i = v.map { Int64($0) }
            proto.list = list
        case .floats(let v):
            list.f = v.map { Float($0) }
            proto.list = list
        case .types(let v):
            list.type = v.map(\.proto)
            proto.list = list
        }
        return proto
    }

    /// The ScopeFlow attr for a TensorFlow `AttrValue`, nil for kinds ScopeFlow has no
    /// representation for (functions, string or shape lists).
    init?(proto: Tensorflow_AttrValue, context: String) throws {
        switch proto.value {
        case .i(let v): self = .int(Int(v))
        case .f(let v): self = .float(Double(v))
        case .b(let v): self = .bool(v)
        case .s(let v): self = .string(String(decoding: v, as: UTF8.self))
        case .type(let v): self = .type(try DType(proto: v, context: context))
        case .shape(let v): self = .shape(Shape(proto: v))
        case .tensor(let v) where v.dtype == .dtUint8: self = try Self.uint8Tensor(proto: v, context: context)
        case .tensor(let v): self = .tensor(try HostTensor(proto: v, context: context))
        case .list(let list) where !list.type.isEmpty:
            self = .types(try list.type.map { try DType(proto: $0, context: context) })
        case .list(let list) where !list.f.isEmpty: self = .floats(list.f.map { Double($0) })
        case .list(let list) where list.s.isEmpty && list.shape.isEmpty && list.tensor.isEmpty && list.func.isEmpty:
            self = .ints(list.i.map { Int($0) })
        default: return nil
        }
    }

    /// A `DT_UINT8` tensor: its `tensor_content`, or its `int_val` with the last value repeated
    /// to the shape's size (zeros when there is none), as TF reads a `TensorProto`.
    private static func uint8Tensor(proto: Tensorflow_TensorProto, context: String) throws -> AttrValue {
        let shape = Shape(proto: proto.tensorShape)
        guard let dims = shape.knownDims, let count = shape.elementCount, count <= 1 << 20 else {
            throw ScopeFlowError(
                .dataLoss,
                "\(context) has a uint8 tensor of shape \(shape.bracketed): it needs a known shape "
                    + "of at most 2^20 elements.")
        }
        if !proto.tensorContent.isEmpty {
            guard proto.tensorContent.count == count else {
                throw ScopeFlowError(
                    .dataLoss,
                    "\(context) has a uint8 tensor of shape \(dims) with \(proto.tensorContent.count) "
                        + "bytes of tensor_content instead of \(count).")
            }
            return .uint8Tensor([UInt8](proto.tensorContent), shape: dims)
        }
        guard proto.intVal.count <= count, proto.intVal.allSatisfy({ (0...255).contains($0) }) else {
            throw ScopeFlowError(
                .dataLoss,
                "\(context) has a uint8 tensor of shape \(dims) whose int_val holds more than \(count) "
                    + "values or values outside 0...255.")
        }
        let values = proto.intVal.map { UInt8($0) }
        return .uint8Tensor(values + repeatElement(values.last ?? 0, count: count - values.count), shape: dims)
    }
}
