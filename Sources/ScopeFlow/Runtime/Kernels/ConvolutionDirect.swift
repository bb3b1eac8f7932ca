import Dispatch
import ScopeFlowSIMDKernels

/// float32 convolution and its two gradients without an im2col matrix, on the register tiles
/// of ``TileKernels`` (AVX-512 or AVX2 + FMA).
///
/// For one output row `(n, oh)` and one filter row `kh`, the input row `ih` it reads is held in
/// a zero-bordered row with the padding columns in place (``WindowRows``, each input row copied
/// once per stripe of output rows). In that row the
/// window of output pixel `ow` is `kW·C` consecutive floats starting at `ow·strideW·C`, and the
/// filter's rows for `kh` are `kW·C` consecutive rows of the `[kH·kW·C, O]` filter matrix, so
/// each `(row, kh)` pair is one strided GEMM read in place:
/// - forward: `out[ow, o] += Σ_p row[ow·sW·C + p] · F[kh·kW·C + p, o]`;
/// - filter gradient: `dF[kh·kW·C + p, o] += Σ_ow row[ow·sW·C + p] · dY[ow, o]`;
/// - input gradient (stride 1): the forward sum over the output gradient, padded by `k - 1 - pad`,
///   with the filter turned 180° and its channel axes swapped.
///
/// Filters with short rows (`kW·C` under 64 floats) lay each output row's windows out whole
/// (``Patch``) and sum over the whole filter in one call.
///
/// Output rows are split over the cores; each filter-gradient stripe sums into its own buffer.
/// Dilated convolutions, and input gradients of strided ones or of paddings wider than `k - 1`,
/// stay on the im2col path (``ConvolutionCompute``), as does everything on a CPU without tiles.
struct DirectConvolution: Sendable {
    let shape: ConvolutionShape

    /// Whether the direct path computes `kind` for `shape` on `backend`: float32 is up to the
    /// caller; `.automatic` and `.tiles` take it where the CPU runs ``TileKernels``.
    static func handles(_ kind: ConvolutionKind, _ shape: ConvolutionShape, backend: GemmBackend) -> Bool {
        guard backend == .automatic || backend == .tiles, TileKernels.available != nil else { return false }
        let g = shape.geometry
        guard g.dilationH == 1, g.dilationW == 1, shape.rows > 0, shape.inChannels > 0, shape.outChannels > 0 else {
            return false
        }
        guard kind == .inputGradient else { return true }
        return g.strideH == 1 && g.strideW == 1 && g.padTop <= g.kH - 1 && g.padLeft <= g.kW - 1
    }

    /// Pixels in one padded row of ``WindowRows``: the input columns (padding included) that some
    /// window of an output row reads.
    private var windowColumns: Int { (shape.geometry.outW - 1) * shape.geometry.strideW + shape.geometry.kW }

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

    /// `output = conv2d(input, filter)`, then `epilogue` on each output row while it is in L1;
    /// writes every element of `output`.
    func forward(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        epilogue: ConvolutionEpilogue = ConvolutionEpilogue()
    ) {
        let g = shape.geometry, (channels, outC) = (shape.inChannels, shape.outChannels)
        let weights = PackedColumns(filter, rows: shape.depth, columns: outC)
        defer { weights.release() }
        let rowSpan = g.kW * channels
        let target = SharedPointer(pointer: output)
        let rowFloats = g.outW * outC, rows = shape.batch * g.outH
        forEachOutputRow(of: input, parts: stripes(rows: rows)) { _, r, window, patch in
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            let out = target.pointer + r * rowFloats
            if r + 1 < rows { epilogue.prefetchFeatures(offset: (r + 1) * rowFloats, count: rowFloats) }
            if let values = patch.fill(window, image: n, outputRow: oh) {
                for j in stride(from: 0, to: outC, by: 32) {
                    TileKernels.current.tile(
                        rows: g.outW, depth: shape.depth, a: values, aRowStride: shape.depth, aDepthStride: 1,
                        b: weights.panel(j / 32, row: 0), bStride: weights.stride, c: out + j, ldc: outC,
                        columns: min(32, outC - j), accumulate: false)
                }
                epilogue.apply(out, offset: r * rowFloats, pixels: g.outW, channels: outC)
                return
            }
            var written = false
            for kh in 0..<g.kH {
                guard let row = window.row(image: n, inputRow: g.inputRow(oh, kh)) else { continue }
                for j in stride(from: 0, to: outC, by: 32) {
                    TileKernels.current.tile(
                        rows: g.outW, depth: rowSpan, a: row, aRowStride: g.strideW * channels,
                        aDepthStride: 1, b: weights.panel(j / 32, row: kh * rowSpan), bStride: weights.stride,
                        c: out + j, ldc: outC, columns: min(32, outC - j), accumulate: written)
                }
                written = true
            }
            if !written { out.update(repeating: 0, count: rowFloats) }
            epilogue.apply(out, offset: r * rowFloats, pixels: g.outW, channels: outC)
        }
    }

    /// Calls `body(part, row, window, patch)` for every output row `row = n · outH + oh` of
    /// `input`'s convolution, `parts` stripes of consecutive rows in parallel, each stripe with
    /// its own ``WindowRows`` and ``Patch``.
    private func forEachOutputRow(
        of input: UnsafePointer<Float>, parts: Int, _ body: (Int, Int, WindowRows, Patch) -> Void
    ) {
        let rows = shape.batch * shape.geometry.outH, columns = windowColumns
        withoutActuallyEscaping(body) { body in
            let work = RowWork(input: input, body: body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let window = WindowRows(work.input, shape: shape, columns: columns)
                defer { window.release() }
                let patch = Patch(shape: shape)
                defer { patch.release() }
                let end = rows * (part + 1) / parts
                for r in (rows * part / parts)..<end {
                    if r + 1 < end { window.prefetchRows(forOutputRow: r + 1, geometry: shape.geometry) }
                    work.body(part, r, window, patch)
                }
            }
        }
    }

    /// `inputGrad = ∂loss/∂input` from `outputGrad` (stride 1), then `epilogue` on each row of
    /// it while it is in L1; writes every element of `inputGrad`.
    func backpropInput(
        filter: UnsafePointer<Float>, outputGrad: UnsafePointer<Float>, inputGrad: UnsafeMutablePointer<Float>,
        epilogue: ConvolutionEpilogue = ConvolutionEpilogue()
    ) {
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
        ).forward(input: outputGrad, filter: turned, output: inputGrad, epilogue: epilogue)
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
        let gradient = SharedPointer(pointer: UnsafeMutablePointer(mutating: outputGrad))
        let target = SharedPointer(pointer: partial)
        forEachOutputRow(of: input, parts: parts) { part, r, window, patch in
            let accumulator = target.pointer + part * sums
            let (n, oh) = r.quotientAndRemainder(dividingBy: g.outH)
            let dy = PackedColumns(gradient.pointer + r * g.outW * outC, rows: g.outW, columns: outC)
            defer { dy.release() }
            if let values = patch.fill(window, image: n, outputRow: oh) {
                for j in stride(from: 0, to: outC, by: 32) {
                    TileKernels.current.tile(
                        rows: shape.depth, depth: g.outW, a: values, aRowStride: 1, aDepthStride: shape.depth,
                        b: dy.panel(j / 32, row: 0), bStride: dy.stride, c: accumulator + j, ldc: width,
                        columns: 32, accumulate: true)
                }
                return
            }
            for kh in 0..<g.kH {
                guard let row = window.row(image: n, inputRow: g.inputRow(oh, kh)) else { continue }
                for j in stride(from: 0, to: outC, by: 32) {
                    TileKernels.current.tile(
                        rows: rowSpan, depth: g.outW, a: row, aRowStride: 1,
                        aDepthStride: g.strideW * channels, b: dy.panel(j / 32, row: 0), bStride: dy.stride,
                        c: accumulator + kh * rowSpan * width + j, ldc: width, columns: 32, accumulate: true)
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

/// What a fused forward convolution does to its output before anyone reads it: the `Add` of a
/// per-channel bias and a `Relu` that followed the `Conv2D` in the graph, with the element
/// functions of those ops' own steps, so the fused output has their bits.
struct ConvolutionEpilogue: @unchecked Sendable {
    /// The `[O]` bias added to every pixel; nil for none. `@unchecked Sendable`: it is only read.
    var bias: UnsafePointer<Float>?
    /// Whether `Relu` follows (after the bias).
    var relu = false
    /// The features of a `Relu` whose gradient the result is, laid out as the result: each
    /// element `g` becomes `ReluGrad(g, features)` of the same index. Nil for none.
    var reluGradientFeatures: UnsafePointer<Float>?

    /// Asks for the Relu features of elements `offset ..< offset + count` to be brought into cache
    /// (the next output row's, while this one is summed); nothing when there are none.
    func prefetchFeatures(offset: Int, count: Int) {
        guard let features = reluGradientFeatures else { return }
        prefetchLines(of: features + offset, count: count)
    }

    /// Applies the epilogue to `pixels` rows of `channels` floats at `row`, elements
    /// `offset ..< offset + pixels · channels` of the result, on the vector unit of the tiles
    /// (the direct convolution runs only where ``TileKernels/available`` is set). Its element
    /// functions are those of `Add`, `Relu` and `ReluGrad`, lane by lane (checked by
    /// `ConvolutionEpilogueTests`).
    @inline(__always)
    func apply(_ row: UnsafeMutablePointer<Float>, offset: Int, pixels: Int, channels: Int) {
        guard bias != nil || relu || reluGradientFeatures != nil else { return }
        TileKernels.current.convolutionEpilogue(
            row, pixels: pixels, channels: channels, bias: bias, relu: relu,
            features: reluGradientFeatures.map { $0 + offset })
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

/// What the stripes of ``DirectConvolution/forEachOutputRow(of:parts:_:)`` share.
/// `@unchecked Sendable`: they only read the input, and the body writes disjoint rows (or, for
/// filter gradients, each stripe's own sums).
private struct RowWork: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let body: (Int, Int, WindowRows, Patch) -> Void
}

/// The zero-bordered input rows a stripe of output rows reads: `kH` rows of `columns` pixels in a
/// ring, input row `ih` in slot `ih mod kH`, each copied in (at column `padLeft`) only when its
/// slot holds another row. The windows of neighbouring output rows share `kH - strideH` input
/// rows, so a stripe copies each input row once instead of once per filter row.
private struct WindowRows {
    let input: UnsafePointer<Float>
    let (inH, inW, channels, padLeft, columns, slots): (Int, Int, Int, Int, Int, Int)
    let values: UnsafeMutablePointer<Float>
    /// The `image · inH + ih` each slot holds, -1 while empty.
    let held: UnsafeMutablePointer<Int>

    init(_ input: UnsafePointer<Float>, shape: ConvolutionShape, columns: Int) {
        let g = shape.geometry
        self.input = input
        (inH, inW, channels, padLeft, self.columns, slots) = (g.inH, g.inW, shape.inChannels, g.padLeft, columns, g.kH)
        // 15 floats of slack past the last row: ``Patch`` reads its windows as whole vectors.
        values = .allocate(capacity: slots * columns * channels + 15)
        values.initialize(repeating: 0, count: slots * columns * channels + 15)
        held = .allocate(capacity: slots)
        held.initialize(repeating: -1, count: slots)
    }

    /// Input row `ih` of image `image`, padded; nil when `ih` lies in the padding.
    func row(image: Int, inputRow ih: Int) -> UnsafePointer<Float>? {
        guard ih >= 0, ih < inH else { return nil }
        let slot = ih % slots, key = image * inH + ih
        let row = values + slot * columns * channels
        if held[slot] != key {
            if copiedFloats > 0 { (row + padLeft * channels).update(from: input + key * inW * channels, count: copiedFloats) }
            held[slot] = key
        }
        return UnsafePointer(row)
    }

    /// Asks for the input rows output row `r` (`n · outH + oh`) will copy and does not hold yet
    /// to be brought into cache while the current row is summed, so the copy reads them from
    /// cache instead of waiting on L3 or memory (one new row per output row at stride 1).
    func prefetchRows(forOutputRow r: Int, geometry g: WindowGeometry) {
        let (image, oh) = r.quotientAndRemainder(dividingBy: g.outH)
        for kh in 0..<g.kH {
            let ih = g.inputRow(oh, kh), key = image * inH + ih
            guard ih >= 0, ih < inH, held[ih % slots] != key else { continue }
            prefetchLines(of: input + key * inW * channels, count: copiedFloats)
        }
    }

    /// The floats of an input row that ``row(image:inputRow:)`` copies into its padded slot.
    private var copiedFloats: Int { max(0, min(inW, columns - padLeft)) * channels }

    func release() {
        values.deallocate()
        held.deallocate()
    }
}

/// For filters whose rows are short (`kW · C` under ``widest`` floats, as the 15 of a 5×5 filter
/// on RGB), every window of one output row laid out whole: `outW` rows of `kH · kW · C` floats.
/// One tile call then sums over the whole filter instead of one short call per filter row,
/// whose fixed cost (the accumulators' loads and stores) would outweigh the sum.
private struct Patch {
    /// Filter rows of at least this many floats are summed row by row from ``WindowRows``.
    static let widest = 64

    /// The patch rows; nil when the filter rows are wide enough to go without.
    let values: UnsafeMutablePointer<Float>?
    let geometry: WindowGeometry
    let channels: Int

    init(shape: ConvolutionShape) {
        geometry = shape.geometry
        channels = shape.inChannels
        let wide = geometry.kW * channels >= Self.widest
        // 15 floats of slack for the last vector of `fillWindows`.
        values = wide ? nil : .allocate(capacity: geometry.outW * shape.depth + 15)
    }

    /// Fills the windows of output row `oh` of `image` (zeros for filter rows in the padding)
    /// and returns them; nil when this convolution goes without a patch.
    func fill(_ window: WindowRows, image: Int, outputRow oh: Int) -> UnsafePointer<Float>? {
        guard let values else { return nil }
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: geometry.kH) { rows in
            for kh in 0..<geometry.kH { rows[kh] = window.row(image: image, inputRow: geometry.inputRow(oh, kh)) }
            TileKernels.current.fillWindows(
                rows: UnsafePointer(rows.baseAddress!), rowCount: geometry.kH, span: geometry.kW * channels,
                step: geometry.strideW * channels, windows: geometry.outW, into: values)
        }
        return UnsafePointer(values)
    }

    func release() { values?.deallocate() }
}
