// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for ScopeFlow's readers, kept out of the main package so that the fuzzer
/// and sanitizer flags never reach it. Build and run them with `run.sh` (see README.md).
let package = Package(
    name: "ScopeFlowFuzz",
    dependencies: [.package(name: "ScopeFlow", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ScopeFlow", package: "ScopeFlow")]),
        .executableTarget(name: "fuzz-checkpoint", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-checkpoint-state", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-events", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-graphdef", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-numpy", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-metagraph", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-trace", dependencies: ["FuzzSupport"]),
        .executableTarget(
            name: "fuzz-json", dependencies: ["FuzzSupport", .product(name: "ScopeFlowConformance", package: "ScopeFlow")]),
        .executableTarget(
            name: "fuzz-conformance",
            dependencies: ["FuzzSupport", .product(name: "ScopeFlowConformance", package: "ScopeFlow")]),
    ],
    swiftLanguageModes: [.v6]
)
