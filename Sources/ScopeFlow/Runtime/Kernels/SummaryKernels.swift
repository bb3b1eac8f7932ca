import Foundation
import ScopeFlowProto

/// Serialized protos carried in string tensors. Tensor strings are Swift `String`s,
/// so each byte is stored as the Unicode scalar of the same value (Latin-1): lossless
/// for any bytes, unlike UTF-8 decoding.
enum BinaryString {
    static func encode(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The bytes, nil when a character is above U+00FF (not made by ``encode(_:)``).
    static func decode(_ string: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in string.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            bytes.append(UInt8(scalar.value))
        }
        return bytes
    }
}

extension Kernels {
    /// `ScalarSummary(tags, values)`: a serialized `Summary` proto with one simple value.
    static let scalarSummary: KernelFactory = { context in
        { inputs in
            guard case .string(let tags) = inputs[0].storage, tags.count == 1, inputs[1].count == 1 else {
                throw ScopeFlowError(
                    .invalidArgument, "ScalarSummary '\(context.opName)' needs one tag and one value.",
                    names: [context.opName])
            }
            let value = try inputs[1].converted(to: .float64).doubles![0]
            let summary = Tensorflow_Summary.with {
                $0.value = [
                    .with {
                        $0.tag = tags[0]
                        $0.simpleValue = Float(value)
                    }
                ]
            }
            return [try serialized(summary)]
        }
    }

    /// `HistogramSummary(tag, values)`: a serialized `Summary` proto with a histogram.
    static let histogramSummary: KernelFactory = { context in
        { inputs in
            guard case .string(let tags) = inputs[0].storage, tags.count == 1 else {
                throw ScopeFlowError(
                    .invalidArgument, "HistogramSummary '\(context.opName)' needs one tag.", names: [context.opName])
            }
            let values = try inputs[1].converted(to: .float64).doubles!
            let summary = Tensorflow_Summary.with {
                $0.value = [
                    .with {
                        $0.tag = tags[0]
                        $0.histo = Histogram.proto(values)
                    }
                ]
            }
            return [try serialized(summary)]
        }
    }

    /// `MergeSummary(inputs)`: the values of several serialized summaries in one.
    static let mergeSummary: KernelFactory = { context in
        { inputs in
            var merged = Tensorflow_Summary()
            var tags: Set<String> = []
            for input in inputs {
                guard case .string(let strings) = input.storage else { continue }
                for string in strings {
                    guard let bytes = BinaryString.decode(string),
                        let summary = try? Tensorflow_Summary(serializedBytes: bytes)
                    else {
                        throw ScopeFlowError(
                            .invalidArgument, "MergeSummary '\(context.opName)' got a string that is not a Summary.",
                            names: [context.opName])
                    }
                    for value in summary.value where !tags.insert(value.tag).inserted {
                        throw ScopeFlowError(
                            .invalidArgument,
                            "Duplicate tag \(value.tag) found in summary inputs of '\(context.opName)'.",
                            names: [context.opName])
                    }
                    merged.value += summary.value
                }
            }
            return [try serialized(merged)]
        }
    }

    /// `summary` as the scalar string tensor a summary op outputs.
    static func serialized(_ summary: Tensorflow_Summary) throws -> HostTensor {
        HostTensor(scalar: BinaryString.encode(try [UInt8](summary.serializedData())))
    }
}

/// TensorFlow's default histogram (`tensorflow::histogram::Histogram`): buckets growing by
/// 1.1× from 1e-12 to 1e20, mirrored for negatives, empty runs collapsed when encoded.
enum Histogram {
    static let limits: [Double] = {
        var positive: [Double] = []
        var v = 1.0e-12
        while v < 1.0e20 {
            positive.append(v)
            v *= 1.1
        }
        positive.append(Double.greatestFiniteMagnitude)
        return positive.reversed().map { -$0 } + [0] + positive
    }()

    static func proto(_ values: [Double]) -> Tensorflow_HistogramProto {
        var counts = [Double](repeating: 0, count: limits.count)
        var proto = Tensorflow_HistogramProto()
        proto.min = .greatestFiniteMagnitude
        proto.max = -.greatestFiniteMagnitude
        for value in values {
            var low = 0
            var high = limits.count - 1
            while low < high {
                let mid = (low + high) / 2
                if limits[mid] > value { high = mid } else { low = mid + 1 }
            }
            counts[low] += 1
            proto.min = min(proto.min, value)
            proto.max = max(proto.max, value)
            proto.num += 1
            proto.sum += value
            proto.sumSquares += value * value
        }
        var i = 0
        while i < counts.count {
            var end = limits[i]
            var count = counts[i]
            i += 1
            if count <= 0 {
                while i < counts.count, counts[i] <= 0 {
                    end = limits[i]
                    count = counts[i]
                    i += 1
                }
            }
            proto.bucketLimit.append(end)
            proto.bucket.append(count)
        }
        return proto
    }
}
