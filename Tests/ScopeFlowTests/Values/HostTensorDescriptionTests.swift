import Testing
@testable import ScopeFlow

/// `HostTensor.description` against the output of numpy 2.4 `print(ndarray)`
/// for the same values (each expected string was produced by numpy and checked
/// by hand).
@Suite struct HostTensorDescriptionTests {
    static func cases() throws -> [(String, HostTensor, String)] {
        [
        ("float32 vector integral", try HostTensor([3.0] as [Float], shape: [1]), "[3.]"),
        ("float32 one decimal", try HostTensor([2.0999999046325684] as [Float], shape: [1]), "[2.1]"),
        ("float32 padded", try HostTensor([1.5, 2.0] as [Float], shape: [2]), "[1.5 2. ]"),
        ("float32 matrix", try HostTensor([1.0, 2.0, 3.0, 4.0] as [Float], shape: [2, 2]), "[[1. 2.]\n [3. 4.]]"),
        ("int32 vector", try HostTensor([1, 2, 3] as [Int32], shape: [3]), "[1 2 3]"),
        ("int64 padded", try HostTensor([-1, 10, 200] as [Int64], shape: [3]), "[ -1  10 200]"),
        ("bool vector", try HostTensor([true, false] as [Bool], shape: [2]), "[ True False]"),
        ("bool all true", try HostTensor([true, true] as [Bool], shape: [2]), "[ True  True]"),
        ("float32 scalar", try HostTensor([3.0] as [Float], shape: []), "3.0"),
        ("int32 scalar", try HostTensor([3] as [Int32], shape: []), "3"),
        ("bool scalar", try HostTensor([true] as [Bool], shape: []), "True"),
        ("float32 scalar small", try HostTensor([9.999999747378752e-06] as [Float], shape: []), "1e-05"),
        ("float64 scalar large", try HostTensor([1e+16] as [Double], shape: []), "1e+16"),
        ("float32 scalar tenth", try HostTensor([0.10000000149011612] as [Float], shape: []), "0.1"),
        ("float32 exponent mix", try HostTensor([9.999999747378752e-06, 1.5] as [Float], shape: [2]), "[1.0e-05 1.5e+00]"),
        ("float32 large", try HostTensor([100000000.0] as [Float], shape: [1]), "[1.e+08]"),
        ("float64 tenths", try HostTensor([0.1, 0.2, 0.3] as [Double], shape: [3]), "[0.1 0.2 0.3]"),
        ("float32 tenths", try HostTensor([0.10000000149011612, 0.20000000298023224, 0.30000001192092896] as [Float], shape: [3]), "[0.1 0.2 0.3]"),
        ("float64 third", try HostTensor([0.3333333333333333, -0.6666666666666666] as [Double], shape: [2]), "[ 0.33333333 -0.66666667]"),
        ("float32 nan inf", try HostTensor([.nan, 1.0, -.infinity] as [Float], shape: [3]), "[ nan   1. -inf]"),
        ("float32 all nan", try HostTensor([.nan, .infinity] as [Float], shape: [2]), "[nan inf]"),
        ("float32 negative zero", try HostTensor([-0.0, 1.0] as [Float], shape: [2]), "[-0.  1.]"),
        ("float32 rank3", try HostTensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0] as [Float], shape: [2, 3, 4]), "[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n  [ 8.  9. 10. 11.]]\n\n [[12. 13. 14. 15.]\n  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]"),
        ("float32 wrapped row", try HostTensor((0..<30).map { Float($0) / 7 }, shape: [30]), "[0.         0.14285715 0.2857143  0.42857143 0.5714286  0.71428573\n 0.85714287 1.         1.1428572  1.2857143  1.4285715  1.5714285\n 1.7142857  1.8571428  2.         2.142857   2.2857144  2.4285715\n 2.5714285  2.7142856  2.857143   3.         3.142857   3.2857144\n 3.4285715  3.5714285  3.7142856  3.857143   4.         4.142857  ]"),
        ("int32 summarised", try HostTensor((0..<2000).map { Int32($0) }, shape: [2000]), "[   0    1    2 ... 1997 1998 1999]"),
        ("float32 summarised matrix", try HostTensor((0..<1100).map { Float($0) }, shape: [110, 10]), "[[0.000e+00 1.000e+00 2.000e+00 ... 7.000e+00 8.000e+00 9.000e+00]\n [1.000e+01 1.100e+01 1.200e+01 ... 1.700e+01 1.800e+01 1.900e+01]\n [2.000e+01 2.100e+01 2.200e+01 ... 2.700e+01 2.800e+01 2.900e+01]\n ...\n [1.070e+03 1.071e+03 1.072e+03 ... 1.077e+03 1.078e+03 1.079e+03]\n [1.080e+03 1.081e+03 1.082e+03 ... 1.087e+03 1.088e+03 1.089e+03]\n [1.090e+03 1.091e+03 1.092e+03 ... 1.097e+03 1.098e+03 1.099e+03]]"),
        ("float32 empty", try HostTensor([] as [Float], shape: [0]), "[]"),
        ("float16 vector", try HostTensor([0.0999755859375, 1.5] as [Float16], shape: [2]), "[0.1 1.5]"),
        ("float32 softmax row", try HostTensor([0.09003057330846786, 0.2447284758090973, 0.6652409434318542] as [Float], shape: [1, 3]), "[[0.09003057 0.24472848 0.66524094]]"),
        ("float32 wide range", try HostTensor([1234.5, 0.5] as [Float], shape: [2]), "[1.2345e+03 5.0000e-01]"),
        ]
    }

    @Test func matchesNumpy() throws {
        for (name, tensor, expected) in try Self.cases() {
            #expect(tensor.description == expected, "\(name)")
        }
    }

    @Test func stringInterpolationUsesNumpyFormat() {
        let x = HostTensor([1.5, 2] as [Float])
        #expect("\(x)" == "[1.5 2. ]")
    }
}
