import Foundation
import ScopeFlowEigenMath

/// An element type that arithmetic kernels work on: `Float16`, `Float`,
/// `Double`, `Int32` and `Int64`.
///
/// The operations follow TensorFlow's CPU semantics: integer arithmetic wraps
/// on overflow instead of trapping, and floating-point arithmetic is IEEE.
protocol NumericElement: HostScalar, Comparable {
    /// The type reductions accumulate in: `Double` for `Float`, `Float` for
    /// `Float16`, the type itself otherwise.
    associatedtype Wide: NumericElement

    static var zero: Self { get }
    static var one: Self { get }
    /// The smallest value (−∞ for floats), the identity of `Max`.
    static var lowest: Self { get }
    /// The largest value (+∞ for floats), the identity of `Min`.
    static var highest: Self { get }

    /// True only for a floating-point NaN.
    var isNaNValue: Bool { get }
    /// The value in the accumulation type.
    var widened: Wide { get }
    /// Rounds an accumulated value back to this type.
    init(narrowing wide: Wide)
    /// `count` in this type, the divisor of `Mean`.
    init(count: Int)

    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    /// `-a` (wrapping for integers; `-0.0` for `0.0`).
    static func negate(_ a: Self) -> Self
    /// `a / b`; integer types truncate and callers rule out a zero `b`.
    static func divide(_ a: Self, _ b: Self) -> Self
    /// `|a|` (wrapping for the most negative integer, as TensorFlow).
    static func magnitude(_ a: Self) -> Self
}

extension NumericElement {
    /// TensorFlow's `Maximum`: the first operand on ties, NaN when either is NaN.
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a > b || a.isNaNValue ? a : b }
    /// TensorFlow's `Minimum`: the first operand on ties, NaN when either is NaN.
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a < b || a.isNaNValue ? a : b }
}

/// A floating-point element type with the transcendental functions kernels use.
protocol FloatElement: NumericElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    /// The logistic function `1 / (1 + exp(-x))`.
    static func logistic(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension NumericElement where Self: BinaryFloatingPoint {
    static var zero: Self { 0 }
    static var one: Self { 1 }
    static var lowest: Self { -.infinity }
    static var highest: Self { .infinity }
    var isNaNValue: Bool { isNaN }
    init(count: Int) { self.init(count) }
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func subtract(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) static func multiply(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func divide(_ a: Self, _ b: Self) -> Self { a / b }
    @inline(__always) static func negate(_ a: Self) -> Self { -a }
    @inline(__always) static func magnitude(_ a: Self) -> Self { Swift.abs(a) }
}

extension NumericElement where Self: FixedWidthInteger {
    static var zero: Self { 0 }
    static var one: Self { 1 }
    static var lowest: Self { .min }
    static var highest: Self { .max }
    var isNaNValue: Bool { false }
    var widened: Self { self }
    init(narrowing wide: Self) { self = wide }
    init(count: Int) { self.init(truncatingIfNeeded: count) }
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) static func subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) static func multiply(_ a: Self, _ b: Self) -> Self { a &* b }
    @inline(__always) static func divide(_ a: Self, _ b: Self) -> Self { a.dividedReportingOverflow(by: b).partialValue }
    @inline(__always) static func negate(_ a: Self) -> Self { 0 &- a }
    @inline(__always) static func magnitude(_ a: Self) -> Self { a < 0 ? 0 &- a : a }
}

extension Int32: NumericElement { typealias Wide = Int32 }
extension Int64: NumericElement { typealias Wide = Int64 }

extension Float: NumericElement, FloatElement {
    var widened: Double { Double(self) }
    init(narrowing wide: Double) { self.init(wide) }
    @inline(__always) static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) static func expm1(_ x: Float) -> Float { Foundation.expm1(x) }
    @inline(__always) static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { eigenTanh(x) }
    @inline(__always) static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inline(__always) static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inline(__always) static func logistic(_ x: Float) -> Float { eigenLogistic(x) }
    @inline(__always) static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Double: NumericElement, FloatElement {
    var widened: Double { self }
    init(narrowing wide: Double) { self = wide }
    @inline(__always) static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    @inline(__always) static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inline(__always) static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

/// Half precision computes its transcendental functions in `Float` and rounds once.
extension Float16: NumericElement, FloatElement {
    var widened: Float { Float(self) }
    init(narrowing wide: Float) { self.init(wide) }
    static func exp(_ x: Float16) -> Float16 { Float16(Float.exp(Float(x))) }
    static func expm1(_ x: Float16) -> Float16 { Float16(Float.expm1(Float(x))) }
    static func log(_ x: Float16) -> Float16 { Float16(Float.log(Float(x))) }
    static func log1p(_ x: Float16) -> Float16 { Float16(Float.log1p(Float(x))) }
    static func tanh(_ x: Float16) -> Float16 { Float16(Float.tanh(Float(x))) }
    static func sin(_ x: Float16) -> Float16 { Float16(Float.sin(Float(x))) }
    static func cos(_ x: Float16) -> Float16 { Float16(Float.cos(Float(x))) }
    static func logistic(_ x: Float16) -> Float16 { Float16(Float.logistic(Float(x))) }
    static func pow(_ x: Float16, _ y: Float16) -> Float16 { Float16(Float.pow(Float(x), Float(y))) }
}

