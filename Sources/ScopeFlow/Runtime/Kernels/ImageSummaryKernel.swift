import Foundation
import ScopeFlowProto

extension Kernels {
    /// TF's default `bad_color` of `ImageSummary`: opaque red.
    static let imageSummaryBadColor: [UInt8] = [255, 0, 0, 255]

    /// `ImageSummary(tag, tensor)`: a serialized `Summary` with one PNG image for each of the
    /// first `max_images` images of a `[batch, height, width, channels]` tensor (1, 3 or 4
    /// channels), tagged `tag/image/i` (`tag/image` when `max_images` is 1). Float images are
    /// rescaled to bytes one image at a time as TF's `NormalizeFloatImage` does, non-finite
    /// pixels painted `bad_color`.
    static let imageSummary: KernelFactory = { context in
        let maxImages = context.int("max_images", default: 3)
        guard maxImages >= 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "ImageSummary '\(context.opName)' has max_images \(maxImages); it must be at least 1.",
                names: [context.opName])
        }
        let badColor: [UInt8]
        switch context.attrs["bad_color"] {
        case nil: badColor = imageSummaryBadColor
        case .uint8Tensor(let values, let shape)? where shape.count == 1: badColor = values
        default:
            throw ScopeFlowError(
                .invalidArgument, "ImageSummary '\(context.opName)' needs bad_color as a uint8 vector.",
                names: [context.opName])
        }
        return { inputs in
            guard case .string(let tags) = inputs[0].storage, inputs[0].shape.isEmpty else {
                throw ScopeFlowError(.invalidArgument, "Tags must be a scalar", names: [context.opName])
            }
            let geometry = try ImageBatchGeometry(
                inputs[1].shape, badColorCount: badColor.count, opName: context.opName)
            var summary = Tensorflow_Summary()
            for index in 0..<min(maxImages, geometry.batch) {
                let pixels = try normalizedImage(inputs[1], index: index, geometry: geometry, badColor: badColor)
                summary.value.append(
                    .with {
                        $0.tag = maxImages > 1 ? "\(tags[0])/image/\(index)" : "\(tags[0])/image"
                        $0.image = .with {
                            $0.height = Int32(geometry.height)
                            $0.width = Int32(geometry.width)
                            $0.colorspace = Int32(geometry.depth)
                            $0.encodedImageString = Data(
                                PNGEncoder.encode(
                                    pixels[...], width: geometry.width, height: geometry.height,
                                    channels: geometry.depth))
                        }
                    })
            }
            return [try serialized(summary)]
        }
    }

    /// Image `index` of the batch as bytes, rescaled as TF's `NormalizeFloatImage`.
    private static func normalizedImage(
        _ images: HostTensor, index: Int, geometry: ImageBatchGeometry, badColor: [UInt8]
    ) throws -> [UInt8] {
        let size = geometry.height * geometry.width * geometry.depth
        let range = index * size..<(index + 1) * size
        let depth = geometry.depth
        switch images.storage {
        case .float16(let values): return normalized(values[range], depth: depth, badColor: badColor)
        case .float32(let values): return normalized(values[range], depth: depth, badColor: badColor)
        case .float64(let values): return normalized(values[range], depth: depth, badColor: badColor)
        default:
            throw ScopeFlowError(
                .unimplemented,
                "ImageSummary takes float16, float32 or float64 images, not \(images.dtype) (ScopeFlow has no uint8 "
                    + "tensors); cast the images to float32.")
        }
    }

    /// One image's pixels scaled into bytes: by 255 / max when no finite value is negative,
    /// else by 127 / max |value| around 128 (scale 0 when that maximum is below 1e-6); the
    /// extremes are taken in float32 over the pixels whose every channel is finite, the affine
    /// map is computed in `T` and truncated, and a pixel with a non-finite channel becomes
    /// `badColor`.
    private static func normalized<T: BinaryFloatingPoint>(
        _ values: ArraySlice<T>, depth: Int, badColor: [UInt8]
    ) -> [UInt8] {
        let start = values.startIndex
        let pixelCount = values.count / depth
        func pixelIsFinite(_ pixel: Int) -> Bool {
            (0..<depth).allSatisfy { values[start + pixel * depth + $0].isFinite }
        }
        var low = Float.infinity
        var high = -Float.infinity
        for pixel in 0..<pixelCount where pixelIsFinite(pixel) {
            for channel in 0..<depth {
                let value = Float(values[start + pixel * depth + channel])
                low = min(low, value)
                high = max(high, value)
            }
        }
        let zeroThreshold: Float = 1e-6
        let scale: T
        let offset: T
        if low < 0 {
            let largest = max(abs(low), abs(high))
            scale = T(largest < zeroThreshold ? 0 : 127 / largest)
            offset = 128
        } else {
            scale = T(high < zeroThreshold ? 0 : 255 / high)
            offset = 0
        }
        var bytes = [UInt8](repeating: 0, count: values.count)
        for pixel in 0..<pixelCount {
            let finite = pixelIsFinite(pixel)
            for channel in 0..<depth {
                let index = pixel * depth + channel
                guard finite else {
                    bytes[index] = badColor[channel]
                    continue
                }
                let scaled = values[start + index] * scale
                let shifted = scaled + offset
                bytes[index] = shifted.isFinite ? UInt8(clamping: Int(shifted.rounded(.towardZero))) : 0
            }
        }
        return bytes
    }
}

/// The sizes of an `ImageSummary` input, checked as TF checks them.
private struct ImageBatchGeometry {
    let batch, height, width, depth: Int

    init(_ shape: [Int], badColorCount: Int, opName: String) throws {
        guard shape.count == 4, [1, 3, 4].contains(shape[3]) else {
            throw ScopeFlowError(
                .invalidArgument, "Tensor must be 4-D with last dim 1, 3, or 4, not \(Shape(known: shape).bracketed)",
                names: [opName])
        }
        (batch, height, width, depth) = (shape[0], shape[1], shape[2], shape[3])
        guard batch < 1 << 31, height < 1 << 31, width < 1 << 31,
            height.multipliedReportingOverflow(by: width).partialValue < 1 << 29,
            !height.multipliedReportingOverflow(by: width).overflow
        else {
            throw ScopeFlowError(
                .invalidArgument, "Tensor too large for summary \(Shape(known: shape).bracketed)", names: [opName])
        }
        guard height * width > 0 else {
            throw ScopeFlowError(
                .invalidArgument, "input tensor must have non-zero dims. Found: \(Shape(known: shape).bracketed)",
                names: [opName])
        }
        guard badColorCount >= depth else {
            throw ScopeFlowError(
                .invalidArgument,
                "expected depth <= bad_color.size, got depth = \(depth), bad_color.size = "
                    + "\(badColorCount)", names: [opName])
        }
    }
}
