import Dispatch
import ScopeFlowAVX512Kernels

/// float32 convolution and its two gradients without an im2col matrix, on the AVX-512 tiles
/// of `ScopeFlowAVX512Kernels` (`avx512ConvolutionTile`).
///
/// For one output row `(n, oh)` and one filter row `kh`, the input row `ih` it reads is copied
/// into a zero-bordered scratch row that has the padding columns in place. In that row the
/// window of output pixel `ow` is `kW·C` consecutive floats starting at `ow·strideW·C`, and the
/// filter's rows for `kh` are `kW·C` consecutive rows of the `[kH·kW·C, O]` filter matrix, so
/// each `(row, kh)` pair is one strided GEMM read in place:
/// - forward: `out[ow, o] += Σ_p row[ow·sW·C + p] · F[kh·kW·C + p, o]`;
/// - filter gradient: `dF[kh·kW·C + p, o] += Σ_ow row[ow·sW·C + p] · dY[ow, o]`;
/// - input gradient (stride 1): the forward sum over the output gradient, padded by `k - 1 - pad`,
///   with the filter turned 180° and its channel axes swapped.
///
/// Output rows are split over the cores; each filter-gradient stripe sums into its own buffer.
/// Dilated convolutions, and input gradients of strided ones or of paddings wider than `k - 1`,
/// stay on the im2col path (``ConvolutionCompute``), as does everything without AVX-512.
struct DirectConvolution: Sendable {
    let shape: ConvolutionShape

    /// Whether the direct path computes `kind` for `shape` on `backend`: float32 is up to the
    /// caller; `.automatic` and `.tiles` take it where the CPU runs the AVX-512 tiles.
    static func handles(_ kind: ConvolutionKind, _ shape: ConvolutionShape, backend: GemmBackend) -> Bool {
        guard backend == .automatic || backend == .tiles, SIMDSupport.avx512Kernel else { return false }
        let g = shape.geometry
        guard g.dilationH == 1, g.dilationW == 1, shape.rows > 0, shape.inChannels > 0, shape.outChannels > 0 else {
            return false
        }
        guard kind == .inputGradient else { return true }
        return g.strideH == 1 && g.strideW == 1 && g.padTop <= g.kH - 1 && g.padLeft <= g.kW - 1
    }

    /// Floats in one scratch row: the padded input columns that some window of the row reads.
    private var scratchColumns: Int { (shape.geometry.outW - 1) * shape.geometry.strideW + shape.geometry.kW }

    /// Stripes the output rows are split into: a few per core, so a core slowed by another
    /// process does not hold the others up; one when the work is too small to share.
    private func stripes(rows: Int) -> Int {
        let work = shape.rows * shape.depth * shape.outChannels
        guard Gemm.cores > 1, work >= Gemm.parallelWork else { return 1 }
        return min(rows, 4 * Gemm.cores)
    }

    /// Runs `kind` (operands as ``ConvolutionKind`` orders them); writes every element of `result`.
    func run(_ kind: ConvolutionKind, _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>) {
        switch kind {
        case .forward: forward(input: first, filter: second, output: result)
        case .inputGradient: backpropInput(filter: first, outputGrad: second, inputGrad: result)
        case .filterGradient: backpropFilter(input: first, outputGrad: second, filterGrad: result)
        }
    }

    /// `output = conv2d(input, filter)`; writes every element of `output`.
    func forward(input: UnsafePointer<Float>, filter: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let g = shape.geometry, (channels, outC) = (shape.inChannels, shape.outChannels)
        let weights = PackedColumns(filter, rows: shape.depth, columns: outC)
        defer { weights.release() }
        let rowSpan = g.kW * channels, rows = shape.batch * g.outH
        let (source, target) = (SharedPointer(pointer: UnsafeMutablePointer(mutating: input)), SharedPointer(pointer: output))
        let parts = stripes(rows: rows)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let scratch = ScratchRow(columns: scratchColumns, channels: channels)
            defer { scratch.release() }
            for r in (rows * part / parts)..<(rows * (part + 1) / parts) {
                let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
                let out = target.pointer + r * g.outW * outC
                var written = false
                for kh in 0..<g.kH {
                    let ih = g.inputRow(oh, kh)
                    guard ih >= 0, ih < g.inH else { continue }
                    scratch.load(source.pointer + (n * g.inH + ih) * g.inW * channels, width: g.inW, at: g.padLeft)
                    for j in stride(from: 0, to: outC, by: 32) {
                        avx512ConvolutionTile(
                            rows: g.outW, depth: rowSpan, a: scratch.values, aRowStride: g.strideW * channels,
                            aDepthStride: 1, b: weights.panel(j / 32, row: kh * rowSpan), bStride: weights.stride,
                            c: out + j, ldc: outC, columns: min(32, outC - j), accumulate: written)
                    }
                    written = true
                }
                if !written { out.update(repeating: 0, count: g.outW * outC) }
            }
        }
    }

    /// `inputGrad = ∂loss/∂input` from `outputGrad` (stride 1); writes every element of `inputGrad`.
    func backpropInput(filter: UnsafePointer<Float>, outputGrad: UnsafePointer<Float>, inputGrad: UnsafeMutablePointer<Float>) {
        let g = shape.geometry, (channels, outC) = (shape.inChannels, shape.outChannels)
        let turned = UnsafeMutablePointer<Float>.allocate(capacity: shape.depth * outC)
        defer { turned.deallocate() }
        for kh in 0..<g.kH {
            for kw in 0..<g.kW {
                let from = filter + ((g.kH - 1 - kh) * g.kW + (g.kW - 1 - kw)) * channels * outC
                let to = turned + (kh * g.kW + kw) * outC * channels
                for c in 0..<channels {
                    for o in 0..<outC { to[o * channels + c] = from[c * outC + o] }
                }
            }
        }
        let transposed = WindowGeometry(
            inH: g.outH, inW: g.outW, outH: g.inH, outW: g.inW, kH: g.kH, kW: g.kW, strideH: 1, strideW: 1,
            dilationH: 1, dilationW: 1, padTop: g.kH - 1 - g.padTop, padLeft: g.kW - 1 - g.padLeft)
        DirectConvolution(
            shape: ConvolutionShape(batch: shape.batch, inChannels: outC, outChannels: channels, geometry: transposed)
        ).forward(input: outputGrad, filter: turned, output: inputGrad)
    }

    /// `filterGrad = ∂loss/∂filter` from `input` and `outputGrad`; writes every element of `filterGrad`.
    func backpropFilter(input: UnsafePointer<Float>, outputGrad: UnsafePointer<Float>, filterGrad: UnsafeMutablePointer<Float>) {
        let g = shape.geometry, (channels, outC) = (shape.inChannels, shape.outChannels)
        let rowSpan = g.kW * channels, rows = shape.batch * g.outH
        let width = (outC + 31) / 32 * 32, sums = shape.depth * width
        let parts = stripes(rows: rows)
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: parts * sums)
        partial.initialize(repeating: 0, count: parts * sums)
        defer { partial.deallocate() }
        let (source, gradient) = (SharedPointer(pointer: UnsafeMutablePointer(mutating: input)), SharedPointer(pointer: UnsafeMutablePointer(mutating: outputGrad)))
        let target = SharedPointer(pointer: partial)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let scratch = ScratchRow(columns: scratchColumns, channels: channels)
            defer { scratch.release() }
            let accumulator = target.pointer + part * sums
            for r in (rows * part / parts)..<(rows * (part + 1) / parts) {
                let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
                let dy = PackedColumns(gradient.pointer + r * g.outW * outC, rows: g.outW, columns: outC)
                defer { dy.release() }
                for kh in 0..<g.kH {
                    let ih = g.inputRow(oh, kh)
                    guard ih >= 0, ih < g.inH else { continue }
                    scratch.load(source.pointer + (n * g.inH + ih) * g.inW * channels, width: g.inW, at: g.padLeft)
                    for j in stride(from: 0, to: outC, by: 32) {
                        avx512ConvolutionTile(
                            rows: rowSpan, depth: g.outW, a: scratch.values, aRowStride: 1,
                            aDepthStride: g.strideW * channels, b: dy.panel(j / 32, row: 0), bStride: dy.stride,
                            c: accumulator + kh * rowSpan * width + j, ldc: width, columns: 32, accumulate: true)
                    }
                }
            }
        }
        for k in 0..<shape.depth {
            for o in 0..<outC {
                var total: Float = 0
                for part in 0..<parts { total += partial[part * sums + k * width + o] }
                filterGrad[k * outC + o] = total
            }
        }
    }
}

/// Which of the three convolution computations a kernel runs, and the order of its two operands.
enum ConvolutionKind: Sendable {
    /// input, filter → output.
    case forward
    /// filter, output gradient → input gradient.
    case inputGradient
    /// input, output gradient → filter gradient.
    case filterGradient

    /// The shape of the result for `shape`.
    func resultShape(_ shape: ConvolutionShape) -> [Int] {
        switch self {
        case .forward: shape.outputShape
        case .inputGradient: shape.inputShape
        case .filterGradient: shape.filterShape
        }
    }
}

/// One zero-bordered input row of a direct convolution: `columns` pixels of `channels` floats,
/// the input's pixels copied in at a column offset and zeros around them.
private struct ScratchRow {
    let values: UnsafeMutablePointer<Float>
    let columns: Int
    let channels: Int

    init(columns: Int, channels: Int) {
        self.columns = columns
        self.channels = channels
        values = .allocate(capacity: columns * channels)
        values.initialize(repeating: 0, count: columns * channels)
    }

    /// Copies the first pixels of a `width`-pixel row to columns `offset...`, as many as fit.
    /// Every call for one row uses the same offset and width, so the zeros around them stay zero.
    func load(_ row: UnsafePointer<Float>, width: Int, at offset: Int) {
        let count = min(width, columns - offset)
        guard count > 0 else { return }
        (values + offset * channels).update(from: row, count: count * channels)
    }

    func release() { values.deallocate() }
}
