#!/usr/bin/env bash
# Checks that another package can depend on ScopeFlow by version, as Swift users add packages:
# SwiftPM refuses a versioned dependency whose products contain a target with unsafe build flags.
#
# Clones the committed HEAD into a temporary folder, tags the clone, then builds a consumer
# package with `.package(url: <clone>, from: <tag>)` on the `ScopeFlow` and `ScopeFlowConformance`
# products and runs a tiny graph through a Session (an Add, a Tanh on the vector kernels and a
# MatMul on the register tiles), checking the values. Uncommitted changes are not part of the
# check. Works offline where SwiftPM's own dependencies resolve offline (git `insteadOf` mirrors).
#
#   Scripts/check-versioned-dependency.sh            # tag 99.0.0
#   CHECK_VERSION=1.2.3 Scripts/check-versioned-dependency.sh
#   KEEP_WORK=1 Scripts/check-versioned-dependency.sh   # leave the temporary folder for a look
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${CHECK_VERSION:-99.0.0}"
work="$(mktemp -d "${TMPDIR:-/tmp}/scopeflow-versioned.XXXXXX")"
if [ -z "${KEEP_WORK:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "check: working in $work"; fi

commit="$(git -C "$root" rev-parse HEAD)"
git clone --quiet "$root" "$work/ScopeFlow"
git -C "$work/ScopeFlow" checkout --quiet --detach "$commit"
git -C "$work/ScopeFlow" tag "$version"
if [ -f "$root/Package.resolved" ]; then cp "$root/Package.resolved" "$work/ScopeFlow/"; fi

mkdir -p "$work/Consumer/Sources/Consumer"
cat >"$work/Consumer/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "$work/ScopeFlow", from: "$version")],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [
                .product(name: "ScopeFlow", package: "ScopeFlow"),
                .product(name: "ScopeFlowConformance", package: "ScopeFlow"),
            ]
        )
    ]
)
EOF
cat >"$work/Consumer/Sources/Consumer/main.swift" <<'EOF'
import Foundation
import ScopeFlow

let graph = Graph()
let (sum, activation, product) = try graph.asDefault {
    let sum = try add(constant([1, 2] as [Float]), constant([10, 20] as [Float]))
    let activation = try tanh(constant([Float](repeating: 0.5, count: 40)))
    let ones = try constant([Float](repeating: 1, count: 48 * 48), shape: [48, 48])
    return (sum, activation, try matmul(ones, ones))
}
let session = Session(graph: graph)
let sumValues = try session.run(sum).floats ?? []
let tanhValues = try session.run(activation).floats ?? []
let productValues = try session.run(product).floats ?? []
print("Add: \(sumValues), Tanh(0.5): \(tanhValues.first ?? .nan), MatMul 48² of ones: \(productValues.first ?? .nan)")
guard sumValues == [11, 22], tanhValues.count == 40, tanhValues.allSatisfy({ abs($0 - 0.46211716) < 1e-6 }),
    productValues.count == 48 * 48, productValues.allSatisfy({ $0 == 48 })
else {
    print("consumer: wrong values")
    exit(1)
}
EOF

cd "$work/Consumer"
swift build --product Consumer
"$(swift build --show-bin-path)/Consumer"
echo "check: a package depending on ScopeFlow from: \"$version\" (commit ${commit:0:10}) resolves, builds and runs."
