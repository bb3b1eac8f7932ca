// swift-tools-version:6.0
import PackageDescription

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
        // C, so that each kernel carries its own instruction set (`__attribute__((target(…)))`
        // for AVX2 + FMA or AVX-512), chosen at run time after ScopeFlow's CPU check: no target
        // of the library takes unsafe flags, so other packages can depend on it by version.
        .target(name: "ScopeFlowSIMDKernels"),
        .target(
            name: "ScopeFlow",
            dependencies: [
                "ScopeFlowProto", "ScopeFlowEigenMath", "ScopeFlowSIMDKernels",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
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
                "ScopeFlow", "ScopeFlowConformance", "ScopeFlowExamples", "ScopeFlowEigenMath", "ScopeFlowSIMDKernels",
            ],
            resources: [.copy("Resources")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
