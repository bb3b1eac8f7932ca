import Dispatch

/// The sizes of one NHWC × HWIO 2-D convolution.
struct ConvolutionShape: Sendable {
    let batch: Int
    let inChannels: Int
    let outChannels: Int
    let geometry: WindowGeometry

    /// Rows of the im2col matrix: one per output pixel.
    var rows: Int { batch * geometry.outH * geometry.outW }
    /// Columns of the im2col matrix: one per filter tap and input channel.
    var depth: Int { geometry.kH * geometry.kW * inChannels }
    var inputShape: [Int] { [batch, geometry.inH, geometry.inW, inChannels] }
    var filterShape: [Int] { [geometry.kH, geometry.kW, inChannels, outChannels] }
    var outputShape: [Int] { [batch, geometry.outH, geometry.outW, outChannels] }
}

/// Convolution and its two gradients as GEMMs over an im2col matrix.
///
/// Output pixel `r = (n·outH + oh)·outW + ow` is row `r` of the im2col matrix,
/// whose column `(kh·kW + kw)·C + c` holds the input value under filter tap
/// `(kh, kw)`, channel `c` (zero in the padding). With the filter as a
/// `[kH·kW·C, O]` matrix, `output = im2col · filter`. The matrix is built
/// in chunks of rows so its memory stays bounded.
///
/// Every result buffer passed in must be zero filled.
enum ConvolutionCompute {
    /// The most elements an im2col chunk may hold (8 MiB of float32).
    static let columnBudget = 1 << 21
    /// im2col fills and col2im sums of at least this many elements are split over the cores.
    static let parallelColumns = 1 << 16

    /// Runs `kind` (operands as ``ConvolutionKind`` orders them) into the zero-filled `result`.
    static func run<T: GemmScalar>(
        _ kind: ConvolutionKind, _ first: UnsafePointer<T>, _ second: UnsafePointer<T>, into result: UnsafeMutablePointer<T>,
        shape: ConvolutionShape, backend: GemmBackend
    ) {
        switch kind {
        case .forward: forward(input: first, filter: second, output: result, shape: shape, backend: backend)
        case .inputGradient: backpropInput(filter: first, outputGrad: second, inputGrad: result, shape: shape, backend: backend)
        case .filterGradient: backpropFilter(input: first, outputGrad: second, filterGrad: result, shape: shape, backend: backend)
        }
    }

    /// `output = conv2d(input, filter)`; `output` must hold `shape.outputShape` elements.
    static func forward<T: GemmScalar>(
        input: UnsafePointer<T>, filter: UnsafePointer<T>, output: UnsafeMutablePointer<T>, shape: ConvolutionShape,
        backend: GemmBackend
    ) {
        let (rows, depth, outC) = (shape.rows, shape.depth, shape.outChannels)
        let filterView = MatrixView(filter, columns: outC, transposed: false)
        if shape.geometry.isPointwise {
            Gemm.multiply(
                m: rows, n: outC, k: depth, a: MatrixView(input, columns: depth, transposed: false), b: filterView,
                c: output, ldc: outC, backend: backend)
            return
        }
        forEachChunk(shape) { first, count, columns in
            im2col(input, shape: shape, firstRow: first, rows: count, into: columns)
            Gemm.multiply(
                m: count, n: outC, k: depth, a: MatrixView(columns, columns: depth, transposed: false), b: filterView,
                c: output + first * outC, ldc: outC, backend: backend)
        }
    }

    /// `inputGrad = ∂loss/∂input` from `outputGrad`.
    static func backpropInput<T: GemmScalar>(
        filter: UnsafePointer<T>, outputGrad: UnsafePointer<T>, inputGrad: UnsafeMutablePointer<T>, shape: ConvolutionShape,
        backend: GemmBackend
    ) {
        let (rows, depth, outC) = (shape.rows, shape.depth, shape.outChannels)
        let filterT = MatrixView(filter, columns: outC, transposed: true)
        if shape.geometry.isPointwise {
            Gemm.multiply(
                m: rows, n: depth, k: outC, a: MatrixView(outputGrad, columns: outC, transposed: false), b: filterT,
                c: inputGrad, ldc: depth, backend: backend)
            return
        }
        forEachChunk(shape) { first, count, columns in
            Gemm.multiply(
                m: count, n: depth, k: outC, a: MatrixView(outputGrad + first * outC, columns: outC, transposed: false),
                b: filterT, c: columns, ldc: depth, backend: backend)
            col2imAdding(columns, shape: shape, firstRow: first, rows: count, into: inputGrad)
        }
    }

    /// `filterGrad = ∂loss/∂filter` from `input` and `outputGrad`.
    static func backpropFilter<T: GemmScalar>(
        input: UnsafePointer<T>, outputGrad: UnsafePointer<T>, filterGrad: UnsafeMutablePointer<T>, shape: ConvolutionShape,
        backend: GemmBackend
    ) {
        let (rows, depth, outC) = (shape.rows, shape.depth, shape.outChannels)
        if shape.geometry.isPointwise {
            Gemm.multiply(
                m: depth, n: outC, k: rows, a: MatrixView(input, columns: depth, transposed: true),
                b: MatrixView(outputGrad, columns: outC, transposed: false), c: filterGrad, ldc: outC, backend: backend)
            return
        }
        forEachChunk(shape) { first, count, columns in
            im2col(input, shape: shape, firstRow: first, rows: count, into: columns)
            Gemm.multiply(
                m: depth, n: outC, k: count, a: MatrixView(columns, columns: depth, transposed: true),
                b: MatrixView(outputGrad + first * outC, columns: outC, transposed: false), c: filterGrad, ldc: outC,
                accumulate: true, backend: backend)
        }
    }

    /// Calls `body(firstRow, rowCount, buffer)` for consecutive row chunks of
    /// the im2col matrix, with a scratch buffer of `rowCount x depth` elements.
    private static func forEachChunk<T>(
        _ shape: ConvolutionShape, _ body: (Int, Int, UnsafeMutablePointer<T>) -> Void
    ) {
        let (rows, depth) = (shape.rows, shape.depth)
        guard rows > 0, depth > 0 else { return }
        let chunk = max(1, min(rows, columnBudget / depth))
        let buffer = UnsafeMutablePointer<T>.allocate(capacity: chunk * depth)
        defer { buffer.deallocate() }
        var first = 0
        while first < rows {
            let count = min(chunk, rows - first)
            body(first, count, buffer)
            first += count
        }
    }

    /// Fills `rows` im2col rows starting at `firstRow`, in one stripe per core when they are many.
    private static func im2col<T: GemmScalar>(
        _ input: UnsafePointer<T>, shape: ConvolutionShape, firstRow: Int, rows: Int, into columns: UnsafeMutablePointer<T>
    ) {
        let parts = rows * shape.depth >= parallelColumns ? min(Gemm.cores, rows) : 1
        guard parts > 1 else {
            im2colRows(input, shape: shape, firstRow: firstRow, rows: rows, into: columns)
            return
        }
        // The input only read, as a one-row view; the stripes write disjoint rows of `columns`.
        let source = MatrixView(input, rowStride: 0, columnStride: 1), target = SharedPointer(pointer: columns)
        let stripe = (rows + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * stripe
            guard start < rows else { return }
            im2colRows(
                source.base, shape: shape, firstRow: firstRow + start, rows: min(stripe, rows - start),
                into: target.pointer + start * shape.depth)
        }
    }

    /// Fills `rows` im2col rows starting at `firstRow` (zero where the window is in the padding).
    private static func im2colRows<T: GemmScalar>(
        _ input: UnsafePointer<T>, shape: ConvolutionShape, firstRow: Int, rows: Int, into columns: UnsafeMutablePointer<T>
    ) {
        let g = shape.geometry, channels = shape.inChannels
        var dst = columns
        for r in firstRow..<(firstRow + rows) {
            let ow = r % g.outW, oh = (r / g.outW) % g.outH, n = r / (g.outW * g.outH)
            let image = input + n * g.inH * g.inW * channels
            for kh in 0..<g.kH {
                let ih = g.inputRow(oh, kh)
                for kw in 0..<g.kW {
                    let iw = g.inputColumn(ow, kw)
                    if ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW {
                        dst.update(from: image + (ih * g.inW + iw) * channels, count: channels)
                    } else {
                        dst.update(repeating: 0, count: channels)
                    }
                    dst += channels
                }
            }
        }
    }

    /// Adds `rows` im2col rows starting at `firstRow` back onto the input pixels
    /// they came from, in parallel stripes when they are many.
    ///
    /// Neighbouring stripes' windows overlap, so the stripes run in two waves
    /// (even, then odd). Two stripes of one wave have a whole stripe between
    /// them, which spans more than `reach` output rows; the windows of output
    /// rows `reach` apart never share an input row.
    private static func col2imAdding<T: GemmScalar>(
        _ columns: UnsafePointer<T>, shape: ConvolutionShape, firstRow: Int, rows: Int, into grad: UnsafeMutablePointer<T>
    ) {
        let g = shape.geometry
        let parts = 2 * Gemm.cores
        let stripe = (rows + parts - 1) / parts
        let reach = (g.kH - 1) * g.dilationH / g.strideH + 1
        guard Gemm.cores > 1, rows * shape.depth >= parallelColumns, stripe >= (reach + 1) * g.outW else {
            col2imRows(columns, shape: shape, firstRow: firstRow, rows: rows, into: grad)
            return
        }
        // The columns only read, as a one-row view; each wave's stripes write disjoint pixels.
        let source = MatrixView(columns, rowStride: 0, columnStride: 1), target = SharedPointer(pointer: grad)
        for wave in 0..<2 {
            DispatchQueue.concurrentPerform(iterations: parts / 2) { i in
                let start = (2 * i + wave) * stripe
                guard start < rows else { return }
                col2imRows(
                    source.base + start * shape.depth, shape: shape, firstRow: firstRow + start,
                    rows: min(stripe, rows - start), into: target.pointer)
            }
        }
    }

    /// Adds `rows` im2col rows starting at `firstRow` back onto the input pixels they came from.
    private static func col2imRows<T: GemmScalar>(
        _ columns: UnsafePointer<T>, shape: ConvolutionShape, firstRow: Int, rows: Int, into grad: UnsafeMutablePointer<T>
    ) {
        let g = shape.geometry, channels = shape.inChannels
        var src = columns
        for r in firstRow..<(firstRow + rows) {
            let ow = r % g.outW, oh = (r / g.outW) % g.outH, n = r / (g.outW * g.outH)
            let image = grad + n * g.inH * g.inW * channels
            for kh in 0..<g.kH {
                let ih = g.inputRow(oh, kh)
                for kw in 0..<g.kW {
                    let iw = g.inputColumn(ow, kw)
                    if ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW {
                        let pixel = image + (ih * g.inW + iw) * channels
                        for c in 0..<channels { pixel[c] += src[c] }
                    }
                    src += channels
                }
            }
        }
    }
}
