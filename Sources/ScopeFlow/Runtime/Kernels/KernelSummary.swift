/// Which implementations this process's kernels run on, in words, for benchmark reports.
public enum KernelSummary {
    /// What multiplies float32 matrices under the default backend: the register tiles, the system
    /// BLAS (with the file and, for OpenBLAS, the kernels it chose) and from which size, or the
    /// pure-Swift GEMM.
    public static var float32Gemm: String {
        let blas = SystemBLAS.shared.map { blas in blas.library + (blas.coreName.map { " (\($0))" } ?? "") }
        let tiles = TileKernels.available?.name
        switch (tiles, blas) {
        case (let tiles?, let blas?) where TiledGemm.yieldsLargeProducts:
            return "\(tiles) below \(TiledGemm.systemBLASWork) multiply-adds, \(blas) from there"
        case (let tiles?, _): return tiles
        case (nil, let blas?): return "\(blas) from \(Gemm.systemWork) multiply-adds, Swift GEMM below"
        case (nil, nil): return "Swift GEMM, baseline kernel"
        }
    }
}
