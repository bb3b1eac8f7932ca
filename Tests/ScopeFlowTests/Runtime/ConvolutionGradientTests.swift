import Foundation
import Testing
@testable import ScopeFlow

/// The gradient kernels (`Conv2DBackpropInput`, `Conv2DBackpropFilter`,
/// `MaxPoolGrad`, `AvgPoolGrad`) against TF's recorded gradients of the
/// Conv2D / MaxPool / AvgPool oracle cases, where `loss = Σ out·W`, so the
/// incoming gradient is `W`.
struct GradientOracle: Decodable, Sendable {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let node: OpOracle.Node?
        let inputs: [OpOracle.TensorRecord]
        let outputs: [OpOracle.TensorRecord]
        let W: [OpOracle.TensorRecord?]
        let grads: [OpOracle.GradRecord]
        let tol: OpOracle.Tolerances
        var testDescription: String { id }
    }

    let cases: [Case]

    static let windowCases: [Case] = {
        let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Resources")!
        let all = try! JSONDecoder().decode(GradientOracle.self, from: Data(contentsOf: url)).cases
        return all.filter { ["Conv2D", "MaxPool", "AvgPool"].contains($0.node?.type ?? "") }
    }()
}

@Suite struct ConvolutionGradientTests {
    static let convolutionCases = GradientOracle.windowCases.filter { $0.node?.type == "Conv2D" }

    /// Runs `type` with the forward node's attributes on `inputs`, its GEMMs on `gemm`.
    private func run(
        _ type: String, _ oracleCase: GradientOracle.Case, _ inputs: [HostTensor], gemm: GemmBackend = .automatic
    ) throws -> HostTensor {
        let node = try #require(oracleCase.node)
        let context = KernelContext(
            opType: type, opName: node.name + "_grad", attrs: AttrMap(node.attrs.mapValues(\.attrValue)), gemm: gemm)
        return try OpRegistry.kernel(for: context)(inputs)[0]
    }

    /// The recorded gradient of input `index` as a comparable record.
    private func wantGradient(_ oracleCase: GradientOracle.Case, _ index: Int) throws -> OpOracle.TensorRecord {
        let grad = oracleCase.grads[index]
        return OpOracle.TensorRecord(
            dtype: try #require(grad.dtype), shape: try #require(grad.shape), values: grad.values, name: grad.input)
    }

    /// The int32 shape tensor (`input_sizes`, `filter_sizes`) of `t`.
    private func shapeOf(_ t: HostTensor) -> HostTensor { HostTensor(t.shape.map(Int32.init)) }

    @Test(arguments: GradientOracle.windowCases)
    func gradientsMatchTensorFlow(_ oracleCase: GradientOracle.Case) throws {
        let x = try oracleCase.inputs[0].hostTensor()
        let w = try #require(oracleCase.W.first ?? nil).hostTensor()
        let tol = oracleCase.tol.grad
        switch oracleCase.node?.type {
        case "Conv2D":
            try checkConvolutionGradients(oracleCase, gemm: .automatic)
        case "MaxPool":
            let y = try oracleCase.outputs[0].hostTensor()
            let dx = try run("MaxPoolGrad", oracleCase, [x, y, w])
            let mismatch = oracleMismatch(dx, try wantGradient(oracleCase, 0), tol)
            #expect(mismatch == nil, "\(oracleCase.id): \(mismatch ?? "")")
        default:
            let dx = try run("AvgPoolGrad", oracleCase, [shapeOf(x), w])
            let mismatch = oracleMismatch(dx, try wantGradient(oracleCase, 0), tol)
            #expect(mismatch == nil, "\(oracleCase.id): \(mismatch ?? "")")
        }
    }

    @Test(arguments: Self.convolutionCases)
    func convolutionGradientsMatchOnSwiftGemm(_ oracleCase: GradientOracle.Case) throws {
        try checkConvolutionGradients(oracleCase, gemm: .swift)
    }

    @Test(arguments: Self.convolutionCases)
    func convolutionGradientsMatchOnTiles(_ oracleCase: GradientOracle.Case) throws {
        try checkConvolutionGradients(oracleCase, gemm: .tiles)
    }

    @Test(.needsSystemBLAS, arguments: Self.convolutionCases)
    func convolutionGradientsMatchOnSystemBLAS(_ oracleCase: GradientOracle.Case) throws {
        try checkConvolutionGradients(oracleCase, gemm: .system)
    }

    /// Both Conv2D backprop kernels, their GEMMs on `gemm`, against TF's gradients.
    private func checkConvolutionGradients(_ oracleCase: GradientOracle.Case, gemm: GemmBackend) throws {
        let x = try oracleCase.inputs[0].hostTensor()
        let filter = try oracleCase.inputs[1].hostTensor()
        let w = try #require(oracleCase.W.first ?? nil).hostTensor()
        let tol = oracleCase.tol.grad
        let dx = try run("Conv2DBackpropInput", oracleCase, [shapeOf(x), filter, w], gemm: gemm)
        let dFilter = try run("Conv2DBackpropFilter", oracleCase, [x, shapeOf(filter), w], gemm: gemm)
        let dxMismatch = oracleMismatch(dx, try wantGradient(oracleCase, 0), tol)
        let dFilterMismatch = oracleMismatch(dFilter, try wantGradient(oracleCase, 1), tol)
        #expect(dxMismatch == nil, "\(oracleCase.id) input gradient on \(gemm): \(dxMismatch ?? "")")
        #expect(dFilterMismatch == nil, "\(oracleCase.id) filter gradient on \(gemm): \(dFilterMismatch ?? "")")
    }

    @Test func conv2DRejectsBadArguments() throws {
        let base: AttrMap = ["strides": .ints([1, 1, 1, 1]), "padding": .string("SAME")]
        let x = try HostTensor([Float](repeating: 1, count: 27), shape: [1, 3, 3, 3])
        let filter = try HostTensor([Float](repeating: 1, count: 8), shape: [1, 1, 2, 4])
        let conv = try OpRegistry.kernel(for: KernelContext(opType: "Conv2D", opName: "c", attrs: base))
        #expect {
            _ = try conv([x, filter])
        } throws: { error in
            (error as? ScopeFlowError)?.message.contains("evenly divisible by filter depth: 3 vs 2") == true
        }
        var badPadding = base
        badPadding["padding"] = .string("FULL")
        #expect(throws: ScopeFlowError.self) {
            _ = try OpRegistry.kernel(for: KernelContext(opType: "Conv2D", opName: "c", attrs: badPadding))
        }
        let filterGrad = try OpRegistry.kernel(
            for: KernelContext(opType: "Conv2DBackpropFilter", opName: "g", attrs: base))
        let huge = HostTensor([Int32.max, Int32.max, Int32.max, 4])
        #expect(throws: ScopeFlowError.self) { _ = try filterGrad([x, huge, x]) }
    }
}
