/// NumPy's `.npy` format (version 1.0 to 3.0) for one `HostTensor`: the magic `\x93NUMPY`, a
/// version, a header dict (`descr`, `fortran_order`, `shape`) and the raw elements.
///
/// Element types: `f2`, `f4`, `f8`, `i4`, `i8`, `b1` and unicode strings `U<n>`, in either byte
/// order, C or Fortran order. Other numpy types are refused with the `astype` to use.
enum NumpyArray {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Decodes a whole `.npy` file; `file` names it in errors.
    /// - Throws: ``ScopeFlowError/Code/dataLoss`` for a bad magic, header or truncated data,
    ///   ``ScopeFlowError/Code/unimplemented`` for an element type ScopeFlow has no dtype for.
    static func decode(_ bytes: ArraySlice<UInt8>, file: String) throws -> HostTensor {
        func fail(_ what: String) -> ScopeFlowError {
            ScopeFlowError(
                .dataLoss, "\(file) is not a valid .npy file: \(what). Write it again with numpy.save.", names: [file])
        }
        var reader = ByteReader(bytes, file: file, context: ".npy header")
        guard bytes.count >= 10, Array(try reader.readBytes(6)) == magic else {
            throw fail("it does not start with numpy's magic bytes \\x93NUMPY")
        }
        let major = try reader.readLittleEndian(UInt8.self)
        _ = try reader.readLittleEndian(UInt8.self)
        let headerLength: Int
        switch major {
        case 1: headerLength = Int(try reader.readLittleEndian(UInt16.self))
        case 2, 3: headerLength = Int(try reader.readLittleEndian(UInt32.self))
        default: throw fail("format version \(major) is unknown (1, 2 and 3 exist)")
        }
        guard headerLength <= reader.remaining else { throw fail("the header runs past the end of the file") }
        let headerBytes = try reader.readBytes(headerLength)
        guard let text = String(validating: headerBytes, as: UTF8.self) else {
            throw fail("the header is not UTF-8 text")
        }
        let header = try NumpyHeader(parsing: text, fail: fail)
        let element = try ElementType(descr: header.descr, file: file)
        guard let count = HostTensor.elementCount(header.shape) else {
            throw fail("the shape \(header.shape) has too many elements")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: element.width)
        guard !overflow, byteCount <= reader.remaining else {
            throw fail(
                "the shape \(header.shape) needs \(overflow ? "more than Int.max" : "\(byteCount)") bytes of data but \(reader.remaining) follow the header (the file is truncated)"
            )
        }
        guard byteCount == reader.remaining else {
            throw fail("\(reader.remaining - byteCount) bytes follow the \(count) elements of shape \(header.shape)")
        }
        let data = try reader.readBytes(byteCount)
        let storage = element.decode(data, count: count)
        let rowMajor = header.fortranOrder ? storage.fortranToRowMajor(shape: header.shape) : storage
        return HostTensor(uncheckedStorage: rowMajor, shape: header.shape)
    }

    /// The `.npy` bytes of `tensor` (version 1.0, little-endian, C order, header padded to 64 bytes
    /// as numpy pads it).
    static func encode(_ tensor: HostTensor) -> [UInt8] {
        let (descr, data) = ElementType.encode(tensor.storage)
        var header = Array(NumpyHeader(descr: descr, shape: tensor.shape).text.utf8)
        let unpadded = magic.count + 4 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
        var writer = ByteWriter()
        writer.append(magic)
        writer.append([1, 0])
        if header.count <= Int(UInt16.max) {
            writer.appendLittleEndian(UInt16(header.count))
        } else {
            // Version 2.0 for a header of more than 65535 bytes (a rank this large is refused by
            // HostTensor, so this is not reached in practice; numpy does the same).
            return encodeVersion2(header: header, data: data)
        }
        writer.append(header)
        writer.append(data)
        return writer.bytes
    }

    private static func encodeVersion2(header: [UInt8], data: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append([2, 0])
        writer.appendLittleEndian(UInt32(header.count))
        writer.append(header)
        writer.append(data)
        return writer.bytes
    }
}

/// One numpy element type: how wide it is and how its bytes become storage.
private struct ElementType {
    enum Kind { case float16, float32, float64, int32, int64, bool, unicode }
    let kind: Kind
    let width: Int
    let bigEndian: Bool

    init(descr: String, file: String) throws {
        let order = descr.first
        let code = descr.dropFirst()
        guard let order, "<>|=".contains(order), let kindCharacter = code.first,
            let size = Int(code.dropFirst()), size > 0, size <= 1 << 20
        else {
            throw ScopeFlowError(
                .unimplemented,
                "\(file) holds elements of numpy type '\(descr)', which ScopeFlow cannot read (structured and object "
                    + "arrays are not supported); save a plain numeric array.",
                names: [file])
        }
        bigEndian = order == ">"
        switch (kindCharacter, size) {
        case ("f", 2): (kind, width) = (.float16, 2)
        case ("f", 4): (kind, width) = (.float32, 4)
        case ("f", 8): (kind, width) = (.float64, 8)
        case ("i", 4): (kind, width) = (.int32, 4)
        case ("i", 8): (kind, width) = (.int64, 8)
        case ("b", 1): (kind, width) = (.bool, 1)
        case ("U", _): (kind, width) = (.unicode, size * 4)
        default:
            let hint = kindCharacter == "u" || kindCharacter == "i" ? "np.int32 or np.int64" : "np.float32"
            throw ScopeFlowError(
                .unimplemented,
                "\(file) holds elements of numpy type '\(descr)', which has no ScopeFlow dtype; convert it with "
                    + "arr.astype(\(hint)) before saving.",
                names: [file])
        }
    }

    func decode(_ data: ArraySlice<UInt8>, count: Int) -> HostTensor.Storage {
        switch kind {
        case .float16: return .float16(load(data, count, UInt16.self).map(Float16.init(bitPattern:)))
        case .float32: return .float32(load(data, count, UInt32.self).map(Float.init(bitPattern:)))
        case .float64: return .float64(load(data, count, UInt64.self).map(Double.init(bitPattern:)))
        case .int32: return .int32(load(data, count, Int32.self))
        case .int64: return .int64(load(data, count, Int64.self))
        case .bool: return .bool(data.map { $0 != 0 })
        case .unicode:
            let characters = width / 4
            let points = load(data, count * characters, UInt32.self)
            return .string(
                (0..<count).map { index in
                    var text = String.UnicodeScalarView()
                    for point in points[(index * characters)..<((index + 1) * characters)] {
                        guard point != 0 else { break }
                        text.append(Unicode.Scalar(point) ?? "\u{FFFD}")
                    }
                    return String(text)
                })
        }
    }

    /// `count` integers of `T`'s width in the file's byte order.
    private func load<T: FixedWidthInteger>(_ data: ArraySlice<UInt8>, _ count: Int, _: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        return data.withUnsafeBytes { raw in
            (0..<count).map { index in
                let value = raw.loadUnaligned(fromByteOffset: index * size, as: T.self)
                return bigEndian ? T(bigEndian: value) : T(littleEndian: value)
            }
        }
    }

    /// numpy's type string and the little-endian bytes of `storage`.
    static func encode(_ storage: HostTensor.Storage) -> (descr: String, data: [UInt8]) {
        var writer = ByteWriter()
        switch storage {
        case .float16(let values):
            for value in values { writer.appendLittleEndian(value.bitPattern) }
            return ("<f2", writer.bytes)
        case .float32(let values):
            for value in values { writer.appendLittleEndian(value.bitPattern) }
            return ("<f4", writer.bytes)
        case .float64(let values):
            for value in values { writer.appendLittleEndian(value.bitPattern) }
            return ("<f8", writer.bytes)
        case .int32(let values):
            for value in values { writer.appendLittleEndian(value) }
            return ("<i4", writer.bytes)
        case .int64(let values):
            for value in values { writer.appendLittleEndian(value) }
            return ("<i8", writer.bytes)
        case .bool(let values):
            return ("|b1", values.map { $0 ? 1 : 0 })
        case .string(let values):
            let scalars = values.map { Array($0.unicodeScalars) }
            let characters = max(1, scalars.map(\.count).max() ?? 1)
            for text in scalars {
                for scalar in text { writer.appendLittleEndian(scalar.value) }
                for _ in text.count..<characters { writer.appendLittleEndian(UInt32(0)) }
            }
            return ("<U\(characters)", writer.bytes)
        }
    }
}

extension HostTensor.Storage {
    /// The elements of a column-major array of `shape`, reordered row-major.
    fileprivate func fortranToRowMajor(shape: [Int]) -> HostTensor.Storage {
        guard shape.count > 1 else { return self }
        let count = shape.reduce(1, *)
        // Row-major index → column-major index, dimension by dimension.
        var sourceIndex = [Int](repeating: 0, count: count)
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var position = [Int](repeating: 0, count: shape.count)
        for index in 0..<count {
            sourceIndex[index] = zip(position, strides).reduce(0) { $0 + $1.0 * $1.1 }
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < shape[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        func reorder<T>(_ values: [T]) -> [T] { sourceIndex.map { values[$0] } }
        switch self {
        case .float16(let v): return .float16(reorder(v))
        case .float32(let v): return .float32(reorder(v))
        case .float64(let v): return .float64(reorder(v))
        case .int32(let v): return .int32(reorder(v))
        case .int64(let v): return .int64(reorder(v))
        case .bool(let v): return .bool(reorder(v))
        case .string(let v): return .string(reorder(v))
        }
    }
}
