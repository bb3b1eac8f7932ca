import Foundation
import Testing

@testable import ScopeFlow

/// The op registry: every op type defined once, with the parts it claims, and every op type the
/// constructors create defined.
@Suite struct OpRegistryTests {
    /// One line per registered op type: its name, then its parts, in registry order.
    static var listing: String {
        OpRegistry.allDefinitions.map { ([$0.type] + $0.partNames).joined(separator: " ") }.joined(separator: "\n")
            + "\n"
    }

    @Test func noOpTypeIsDefinedTwice() {
        let duplicates = OpRegistry.duplicates.map { "\($0.type) (again at \($0.definedAt))" }
        #expect(duplicates.isEmpty, "defined twice: \(duplicates.joined(separator: ", "))")
        #expect(OpRegistry.definitions.count == OpRegistry.allDefinitions.count)
    }

    /// The listing is checked in (`Resources/op-registry.txt`), so a change to any op's parts shows
    /// in review. After an intended change, regenerate it with
    /// `SCOPEFLOW_WRITE_OP_REGISTRY=1 swift test --filter OpRegistryTests`.
    @Test func everyOpIsListedWithItsParts() throws {
        let url = try #require(
            Bundle.module.url(forResource: "op-registry", withExtension: "txt", subdirectory: "Resources"))
        if ProcessInfo.processInfo.environment["SCOPEFLOW_WRITE_OP_REGISTRY"] == "1" {
            try Self.listing.write(
                to: SourceTree.resources.appendingPathComponent("op-registry.txt"), atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: url, encoding: .utf8)
        let (want, got) = (recorded.split(separator: "\n"), Self.listing.split(separator: "\n"))
        #expect(Set(got).subtracting(want).sorted() == [], "new or changed")
        #expect(Set(want).subtracting(got).sorted() == [], "gone or changed")
        #expect(got.count == want.count)
    }

    /// Each part a definition has is usable: a compiled form, build-time folding or a training
    /// role needs a kernel; only the plan's own ops (placeholders, variables, assignments,
    /// `NoOp`) and ops TF has no CPU kernel for here go without one.
    @Test func definitionsAreComplete() {
        for definition in OpRegistry.allDefinitions {
            if definition.compiled != nil || definition.foldsAtBuildTime || definition.execution.isRandom
                || definition.execution.trainingOp != nil
            {
                #expect(definition.kernel != nil, "\(definition.type) has parts that run its kernel but no kernel")
            }
            switch definition.execution {
            case .placeholder, .variable, .assign, .noOp, .controlFlow, .resource:
                #expect(definition.kernel == nil, "\(definition.type) is run by the plan, not a kernel")
            default: break
            }
        }
    }

    /// Every op type a constructor or gradient function of the library creates by a literal
    /// name (`makeOp("Reshape", …)`, `elementwiseGradOp("TanhGrad", …)` …) has a definition.
    @Test func everyOpTypeTheLibraryCreatesIsDefined() throws {
        let pattern = try Regex(
            #"(?:makeOp|elementwiseGradOp|binaryOp|unaryOp|comparisonGradOp|scalarComparison)\(\s*"([A-Za-z0-9]+)""#)
        var created: Set<String> = []
        for file in try Self.librarySources() {
            for match in try String(contentsOf: file, encoding: .utf8).matches(of: pattern) {
                if let type = match.output[1].substring { created.insert(String(type)) }
            }
        }
        #expect(created.count > 60, "the scan found the constructors")
        #expect(created.filter { OpRegistry[$0] == nil }.sorted() == [])
    }

    @Test func lookupsGoThroughTheDefinitions() throws {
        let context = KernelContext(opType: "Tanh", opName: "t", attrs: ["T": .type(.float32)])
        #expect(try OpRegistry.singleOutputKernel(for: context) != nil)
        let general = try OpRegistry.kernel(for: KernelContext(opType: "Pack", opName: "p", attrs: ["N": .int(2)]))
        let packed = try general([HostTensor(scalar: Int32(1)), HostTensor(scalar: Int32(2))])
        #expect(packed[0].int32s == [1, 2])
        #expect(throws: ScopeFlowError.self) {
            try OpRegistry.kernel(for: KernelContext(opType: "Nope", opName: "n", attrs: [:]))
        }
        #expect(OpRegistry.isRandom("RandomUniform") && !OpRegistry.isRandom("Tanh"))
    }

    /// Every Swift file of the `ScopeFlow` library target.
    static func librarySources() throws -> [URL] {
        let root = SourceTree.library
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return files.filter { $0.pathExtension == "swift" }
    }
}
