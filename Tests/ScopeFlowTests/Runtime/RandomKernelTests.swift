import Foundation
import Testing
@testable import ScopeFlow

/// The `random` section of the op oracle: TF's Philox test vector, the
/// determinism records (first and second `Session.run` of each random op) and
/// the 100 000-sample statistics.
struct RandomOracle: Decodable, Sendable {
    struct TestVector: Decodable, Sendable {
        let seed: UInt64
        let seed2: UInt64
        let first_two_blocks_uint32: [UInt32]
    }

    struct Philox: Decodable, Sendable { let test_vector: TestVector }

    struct Determinism: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let node: OpOracle.Node?
        let nodes: [OpOracle.Node]?
        let first_run: OpOracle.TensorRecord?
        let second_run: OpOracle.TensorRecord?
        let values: [String: OpOracle.TensorRecord]?
        var testDescription: String { id }
    }

    struct Moments: Decodable, Sendable {
        let mean: Double
        let std: Double
        let min: Double?
        let max: Double?
        let support: [Double]?
        let counts: [Int]?
    }

    struct Check: Decodable, Sendable {
        let mean_abs_tol: Double
        let std_rel_tol: Double
        let min_in: [Double]
        let max_in: [Double]
        let counts_rel_tol: Double?
    }

    struct Statistics: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let n: Int
        let observed: Moments
        let expected: Moments
        let check: Check
        var testDescription: String { id }
    }

    struct Section: Decodable, Sendable {
        let philox: Philox
        let determinism: [Determinism]
        let statistics: [Statistics]
    }

    private struct File: Decodable { let random: Section }

    static let shared: Section = {
        let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Resources")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).random
    }()
}

/// A random op's kernel built from an oracle node, with its shape (and bound) inputs.
private func randomKernel(_ node: OpOracle.Node) throws -> (Kernel, [HostTensor]) {
    let attrs = AttrMap(node.attrs.filter { !$0.key.hasPrefix("_") }.mapValues(\.attrValue))
    let kernel = try OpRegistry.kernel(for: KernelContext(opType: node.type, opName: node.name, attrs: attrs))
    let inputs = try node.inputs.map { input in
        guard let record = input.const else { throw ScopeFlowError(.unimplemented, "non-const input of \(node.name)") }
        return try record.hostTensor()
    }
    return (kernel, inputs)
}

/// The float32 graph ops TF applies after the raw draw in a record's API call
/// (`z·stddev + mean`, `u·(max − min) + min`), keyed by record id.
private func affine(_ id: String) -> (Float) -> Float {
    let glorot = Float((6.0 / 7.0).squareRoot())
    switch id {
    case "random_normal/[2,3]/g1_o2_mean1_std2": return { $0 * 2 + 1 }
    case "truncated_normal/[8]/g1_o2_std0.1": return { $0 * Float(0.1) + 0 }
    case "random_uniform/[2,3]/g1_o2_range": return { $0 * (Float(5) - Float(-3)) + Float(-3) }
    case "glorot_uniform_initializer/[3,4]/g1_o3", "get_variable_default_init/[3,4]/g1":
        return { $0 * (glorot - -glorot) + -glorot }
    default: return { $0 }
    }
}

/// Normal and truncated-normal values are bit-exact with glibc's `logf`/`sinf`/`cosf`;
/// other libms may differ by 1–2 ulp.
#if canImport(Glibc)
private let normalUlpTolerance = 0
#else
private let normalUlpTolerance = 4
#endif

/// Largest distance in units in the last place between the float32 values (or int mismatch as 1).
private func ulpDistance(_ got: HostTensor, _ want: OpOracle.TensorRecord, transform: (Float) -> Float) -> Int {
    let expected = (want.values ?? []).map(\.double)
    switch got.storage {
    case .float32(let values):
        return zip(values.prefix(expected.count).map(transform), expected).map { g, w in
            let a = Int64(Int32(bitPattern: g.bitPattern)), b = Int64(Int32(bitPattern: Float(w).bitPattern))
            return Int(abs(a - b))
        }.max() ?? 0
    case .int32(let values):
        return zip(values, expected).contains { Double($0) != $1 } ? 1 : 0
    default:
        return Int.max
    }
}

@Suite struct RandomKernelTests {
    @Test func philoxTestVector() {
        let vector = RandomOracle.shared.philox.test_vector
        let generator = Philox(seed: vector.seed, seed2: vector.seed2)
        let words = [generator.block(0), generator.block(1)].flatMap { b in (0..<4).map { b[$0] } }
        #expect(words == vector.first_two_blocks_uint32)
    }

    @Test func counterSkipCarriesAcross64Bits() {
        var generator = Philox(seed: 0, seed2: 0)
        generator.skip(UInt64.max)
        generator.skip(2)
        #expect(generator.counter == [1, 0, 1, 0])
    }

    static let determinism = RandomOracle.shared.determinism.filter { $0.node != nil }

    /// Each record's first and second run, bit for bit.
    @Test(arguments: determinism)
    func firstAndSecondRunMatchTensorFlow(_ record: RandomOracle.Determinism) throws {
        let (kernel, inputs) = try randomKernel(record.node!)
        let transform = affine(record.id)
        let exact = record.node!.type == "RandomUniform" || record.node!.type == "RandomUniformInt"
        for (run, want) in [record.first_run, record.second_run].enumerated() {
            guard let want else { continue }
            let got = try kernel(inputs)[0]
            #expect(got.dtype.rawValue == want.dtype)
            let distance = ulpDistance(got, want, transform: transform)
            #expect(distance <= (exact ? 0 : normalUlpTolerance), "\(record.id) run \(run): \(distance) ulp")
        }
        // A freshly built kernel (a new Session) repeats the first run.
        let (fresh, _) = try randomKernel(record.node!)
        if let first = record.first_run {
            #expect(ulpDistance(try fresh(inputs)[0], first, transform: transform) <= (exact ? 0 : normalUlpTolerance))
        }
    }

    /// The per-graph seed counter record: four ops with derived seeds.
    @Test func derivedSeedsMatchTensorFlow() throws {
        let record = try #require(RandomOracle.shared.determinism.first { $0.nodes != nil })
        for (node, name) in zip(record.nodes ?? [], ["a", "b", "c", "d"]) {
            let (kernel, inputs) = try randomKernel(node)
            let want = try #require(record.values?[name])
            #expect(ulpDistance(try kernel(inputs)[0], want, transform: { $0 }) <= normalUlpTolerance, "\(name)")
        }
    }

    /// 100 000 draws per distribution pass the oracle's acceptance check and match TF's observed moments.
    @Test(arguments: RandomOracle.shared.statistics)
    func statisticsMatchTensorFlow(_ record: RandomOracle.Statistics) throws {
        let id = record.id
        let (op, scale, offset): (String, Double, Double)
        let e = record.expected
        if id.hasPrefix("random_uniform_int") {
            (op, scale, offset) = ("RandomUniformInt", 1, 0)
        } else if id.hasPrefix("random_normal") {
            (op, scale, offset) = ("RandomStandardNormal", e.std, e.mean)
        } else if id.hasPrefix("truncated_normal") || id.hasPrefix("glorot_normal") {
            (op, scale, offset) = ("TruncatedNormal", e.std / 0.87962566103423978, e.mean)
        } else {
            let support = try #require(e.support)
            (op, scale, offset) = ("RandomUniform", support[1] - support[0], support[0])
        }
        let seed2 = id.hasPrefix("glorot") ? 3 : 2
        var attrs: AttrMap = ["seed": .int(1), "seed2": .int(seed2), "T": .type(.int32)]
        attrs[op == "RandomUniformInt" ? "Tout" : "dtype"] = .type(op == "RandomUniformInt" ? .int32 : .float32)
        let kernel = try OpRegistry.kernel(for: KernelContext(opType: op, opName: id, attrs: attrs))
        var inputs = [HostTensor([Int32(record.n)])]
        if op == "RandomUniformInt" { inputs += [HostTensor(scalar: Int32(0)), HostTensor(scalar: Int32(10))] }
        let out = try kernel(inputs)[0]
        let values: [Double]
        switch out.storage {
        case .float32(let v): values = v.map { Double(Float(scale) * $0 + Float(offset)) }
        case .int32(let v): values = v.map(Double.init)
        default: values = []
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        let (lo, hi) = (values.min() ?? .nan, values.max() ?? .nan)
        #expect(abs(mean - e.mean) <= record.check.mean_abs_tol, "\(id) mean \(mean)")
        #expect(abs(std / e.std - 1) <= record.check.std_rel_tol, "\(id) std \(std)")
        #expect(lo >= record.check.min_in[0] && lo <= record.check.min_in[1], "\(id) min \(lo)")
        #expect(hi >= record.check.max_in[0] && hi <= record.check.max_in[1], "\(id) max \(hi)")
        if let counts = e.counts, let tol = record.check.counts_rel_tol {
            for (k, want) in counts.enumerated() {
                let got = values.filter { $0 == Double(k) }.count
                #expect(abs(Double(got) / Double(want) - 1) <= tol, "\(id) count of \(k): \(got)")
            }
        }
        // Same stream as TF: the moments agree far beyond sampling noise.
        #expect(abs(mean - record.observed.mean) <= 1e-3 * e.std, "\(id) mean \(mean) vs TF \(record.observed.mean)")
        #expect(abs(std - record.observed.std) <= 1e-3 * e.std, "\(id) std \(std) vs TF \(record.observed.std)")
    }

    @Test func seedlessOpsDrawFreshStreams() throws {
        let context = KernelContext(
            opType: "RandomUniform", opName: "u", attrs: ["dtype": .type(.float32), "seed": .int(0), "seed2": .int(0)])
        let a = try OpRegistry.kernel(for: context)([HostTensor([Int32(16)])])[0]
        let b = try OpRegistry.kernel(for: context)([HostTensor([Int32(16)])])[0]
        #expect(a.floats != b.floats)
    }

    @Test func badArgumentsThrow() throws {
        let ints = try OpRegistry.kernel(
            for: KernelContext(opType: "RandomUniformInt", opName: "r", attrs: ["Tout": .type(.int32), "seed": .int(1)]))
        #expect(throws: ScopeFlowError.self) {
            _ = try ints([HostTensor([Int32(3)]), HostTensor(scalar: Int32(5)), HostTensor(scalar: Int32(5))])
        }
        let normal = try OpRegistry.kernel(
            for: KernelContext(opType: "RandomStandardNormal", opName: "n", attrs: ["dtype": .type(.float32)]))
        #expect(throws: ScopeFlowError.self) { _ = try normal([HostTensor([Int32(-1)])]) }
        #expect(throws: ScopeFlowError.self) { _ = try normal([HostTensor([Int64(1 << 40), Int64(1 << 40)])]) }
    }
}
