import Testing

@testable import ScopeFlow

/// A static shape's element count: the product of its dims, or nil when unknown or too large.
@Suite struct ShapeElementCountTests {
    @Test func countsKnownShapes() {
        #expect(Shape([2, 3, 4]).elementCount == 24)
        #expect(Shape([]).elementCount == 1)
        #expect(Shape([1 << 40, 0]).elementCount == 0)
        #expect(Shape([0, 1 << 40, 1 << 40]).elementCount == 0)
    }

    @Test func unknownOrOverflowingShapesHaveNoCount() {
        #expect(Shape.unknown.elementCount == nil)
        #expect(Shape([2, nil]).elementCount == nil)
        // 2^40 · 2^40 = 2^80 elements: more than any Int counts, so no count rather than a trap.
        #expect(Shape([1 << 40, 1 << 40]).elementCount == nil)
        #expect(Shape([Int.max, 2]).elementCount == nil)
    }
}
