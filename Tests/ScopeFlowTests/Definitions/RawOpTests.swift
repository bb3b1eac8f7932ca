import Testing

@testable import ScopeFlow

/// `rawOp` builds any op type whose definition has a shape function, through the same shape
/// function as the op's constructor: the same outputs, attributes (with TF's defaults) and values.
@Suite struct RawOpTests {
    /// A constructor and the `rawOp` call that should build the same op.
    struct Twin: Sendable {
        let type: String
        let build: @Sendable (Tensor, Tensor) throws -> Tensor
        let inputs: @Sendable (Tensor, Tensor) -> [Tensor]
    }

    static let twins: [Twin] = [
        Twin(type: "Tanh", build: { x, _ in try tanh(x) }, inputs: { x, _ in [x] }),
        Twin(type: "Relu", build: { x, _ in try relu(x) }, inputs: { x, _ in [x] }),
        Twin(type: "LeakyRelu", build: { x, _ in try leakyRelu(x) }, inputs: { x, _ in [x] }),
        Twin(type: "Neg", build: { x, _ in try negative(x) }, inputs: { x, _ in [x] }),
        Twin(type: "AddV2", build: { x, y in try add(x, y) }, inputs: { x, y in [x, y] }),
        Twin(type: "Mul", build: { x, y in try multiply(x, y) }, inputs: { x, y in [x, y] }),
        Twin(type: "Maximum", build: { x, y in try maximum(x, y) }, inputs: { x, y in [x, y] }),
        Twin(type: "Greater", build: { x, y in try greater(x, y) }, inputs: { x, y in [x, y] }),
        Twin(type: "Equal", build: { x, y in try equal(x, y) }, inputs: { x, y in [x, y] }),
    ]

    @Test(arguments: twins.indices)
    func rawOpBuildsWhatTheConstructorBuilds(index: Int) throws {
        let twin = Self.twins[index]
        let graph = Graph()
        try graph.asDefault {
            let x = try constant(HostTensor([-1.5, 0, 2, 3.25, -0.5, 7] as [Float], shape: [2, 3]))
            let y = try constant(HostTensor([0.5, 1, -2] as [Float], shape: [3]))
            let built = try twin.build(x, y)
            let raw = try rawOp(twin.type, inputs: twin.inputs(x, y)).output(0)
            #expect(raw.op.type == built.op.type)
            #expect(raw.dtype == built.dtype && raw.shape == built.shape)
            #expect(raw.op.attrs.keys.sorted() == built.op.attrs.keys.sorted(), "TF's defaults fill the rest")
            #expect(
                raw.op.attrs.keys.sorted().map { String(describing: raw.op.attrs[$0]!) }
                    == built.op.attrs.keys.sorted().map { String(describing: built.op.attrs[$0]!) })
            let session = Session(graph: graph)
            #expect(String(describing: try session.run(raw)) == String(describing: try session.run(built)))
        }
    }

    @Test func rawOpRunsTheOpsShapeChecks() throws {
        try Graph().asDefault {
            let x = try placeholder(.float32, shape: [2, 3], name: "x")
            let wrongRank = try placeholder(.float32, shape: [4], name: "w")
            let ints = try placeholder(.int32, shape: [2, 3], name: "i")
            let broadcast = #expect(throws: ScopeFlowError.self) { try rawOp("AddV2", inputs: [x, wrongRank]) }
            #expect(broadcast?.code == .shapeMismatch || broadcast?.code == .invalidArgument)
            let dtypes = #expect(throws: ScopeFlowError.self) { try rawOp("Greater", inputs: [x, ints]) }
            #expect(dtypes?.code == .dtypeMismatch)
            let arity = #expect(throws: ScopeFlowError.self) { try rawOp("Mul", inputs: [x]) }
            #expect(arity?.code == .invalidArgument)
        }
    }

    @Test func opTypesWithoutAShapeFunctionAreAnExplicitError() {
        Graph().asDefault {
            for type in ["Placeholder", "NoSuchOp"] {
                let error = #expect(throws: ScopeFlowError.self) { try rawOp(type, inputs: []) }
                #expect(error?.code == .unimplemented)
            }
        }
    }
}
