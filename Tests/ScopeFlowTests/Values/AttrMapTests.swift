import Testing

@testable import ScopeFlow

@Suite struct AttrMapTests {
    @Test func readsWritesAndRemovesLikeADictionary() {
        var attrs: AttrMap = ["T": .type(.float32), "transpose_a": .bool(false)]
        #expect(attrs["T"]?.typeValue == .float32)
        #expect(attrs["missing"] == nil)
        attrs["transpose_a"] = .bool(true)
        attrs["transpose_b"] = .bool(false)
        #expect(attrs["transpose_a"]?.boolValue == true)
        #expect(attrs.keys == ["T", "transpose_a", "transpose_b"])
        attrs["T"] = nil
        #expect(attrs.keys == ["transpose_a", "transpose_b"])
        #expect(attrs.dictionary.count == 2)
    }

    @Test func aRepeatedNameInALiteralKeepsItsLastValue() {
        let attrs: AttrMap = ["N": .int(1), "T": .type(.int32), "N": .int(2)]
        #expect(attrs.count == 2)
        #expect(attrs["N"]?.intValue == 2)
    }

    @Test func settingIfAbsentKeepsAnExplicitValue() {
        let explicit: AttrMap = ["T": .type(.int64)]
        #expect(explicit.setting("T", ifAbsent: .type(.float32))["T"]?.typeValue == .int64)
        #expect(AttrMap().setting("T", ifAbsent: .type(.float32))["T"]?.typeValue == .float32)
    }

    @Test func opsBuiltWithTheRegistryCarryTheirAttributes() throws {
        let graph = Graph()
        let product = try graph.asDefault {
            try matmul(placeholder(.float32, shape: [1, 2]), placeholder(.float32, shape: [3, 2]), transposeB: true)
        }
        #expect(product.op.attrs["transpose_b"]?.boolValue == true)
        #expect(product.op.attrs["T"]?.typeValue == .float32)
    }
}
