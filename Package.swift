// swift-tools-version:6.0
import PackageDescription

/// `ScopeFlowWideKernels` is compiled for AVX2 + FMA on x86-64 (ScopeFlow checks the CPU at run
/// time before calling into it); elsewhere its portable SIMD code compiles for the host as is.
/// Its activation loops are long dependency chains per vector: interleaving two vectors per
/// iteration keeps both FMA pipes busy (Sigmoid on 220 floats: 185 → 150 ns).
#if arch(x86_64)
let wideKernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "haswell", "-Xllvm", "-force-vector-interleave=2"])
]
#else
let wideKernelSettings: [SwiftSetting] = []
#endif

/// `ScopeFlowAVX512Kernels` is compiled for AVX-512 on x86-64 (`skylake-avx512`: F, CD, BW, DQ, VL),
/// called only after ScopeFlow's run-time CPU check; its tile loops over rows must unroll fully so
/// the accumulators stay in registers, which takes a higher unroll threshold than the default. Its
/// element loops (Tanh, Sigmoid) vectorize 16 lanes wide (the `-prefer-256-bit` target feature
/// off: `skylake-avx512` would have the vectorizer use 8), 4 vectors per iteration: each vector is
/// a long dependency chain.
#if arch(x86_64)
let avx512KernelSettings: [SwiftSetting] = [
    .unsafeFlags([
        "-target-cpu", "skylake-avx512", "-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "-prefer-256-bit", "-Xllvm", "-unroll-threshold=2000", "-Xllvm", "-force-vector-width=16",
        "-Xllvm", "-force-vector-interleave=4",
    ])
]
#else
let avx512KernelSettings: [SwiftSetting] = [.unsafeFlags(["-Xllvm", "-unroll-threshold=2000"])]
#endif

let package = Package(
    name: "ScopeFlow",
    products: [
        .library(name: "ScopeFlow", targets: ["ScopeFlow"]),
        .library(name: "ScopeFlowConformance", targets: ["ScopeFlowConformance"]),
        .executable(name: "scopeflow", targets: ["scopeflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(
            name: "ScopeFlowProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Protos"]
        ),
        .target(name: "ScopeFlowEigenMath"),
        .target(name: "ScopeFlowVectorMoves"),
        .target(
            name: "ScopeFlowWideKernels", dependencies: ["ScopeFlowEigenMath", "ScopeFlowPrefetch", "ScopeFlowVectorMoves"],
            swiftSettings: wideKernelSettings),
        // `-parse-stdlib` gives this one small module LLVM's prefetch builtin (see Prefetch.swift).
        .target(name: "ScopeFlowPrefetch", swiftSettings: [.unsafeFlags(["-parse-stdlib"])]),
        .target(
            name: "ScopeFlowAVX512Kernels", dependencies: ["ScopeFlowEigenMath", "ScopeFlowPrefetch", "ScopeFlowVectorMoves"],
            swiftSettings: avx512KernelSettings),
        .target(
            name: "ScopeFlow",
            dependencies: [
                "ScopeFlowProto", "ScopeFlowEigenMath", "ScopeFlowWideKernels", "ScopeFlowAVX512Kernels",
                "ScopeFlowPrefetch", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(name: "ScopeFlowConformance", dependencies: ["ScopeFlow"]),
        .target(name: "ScopeFlowExamples", dependencies: ["ScopeFlow"]),
        .executableTarget(
            name: "scopeflow",
            dependencies: [
                "ScopeFlow",
                "ScopeFlowConformance",
                "ScopeFlowExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ScopeFlowTests",
            dependencies: [
                "ScopeFlow", "ScopeFlowConformance", "ScopeFlowExamples", "ScopeFlowEigenMath", "ScopeFlowWideKernels",
                "ScopeFlowAVX512Kernels",
            ],
            resources: [.copy("Resources")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
