/// Which implementations this process's kernels run on, in words, for benchmark reports.
public enum KernelSummary {
    /// What multiplies float32 matrices under the default backend: the AVX-512 tiles, the system
    /// BLAS (with the file and, for OpenBLAS, the kernels it chose) and from which size, or the
    /// pure-Swift GEMM.
    public static var float32Gemm: String {
        let blas = SystemBLAS.shared.map { blas in blas.library + (blas.coreName.map { " (\($0))" } ?? "") }
        switch (SIMDSupport.avx512Kernel, blas) {
        case (true, let blas?) where TiledGemm.yieldsLargeProducts:
            return "AVX-512 tiles below \(TiledGemm.systemBLASWork) multiply-adds, \(blas) from there"
        case (true, _): return "AVX-512 tiles"
        case (false, let blas?): return "\(blas) from \(Gemm.systemWork) multiply-adds, Swift GEMM below"
        case (false, nil): return SIMDSupport.wideKernel ? "Swift GEMM, wide kernel" : "Swift GEMM, baseline kernel"
        }
    }
}
