/// Reads the `.npy` file at `path` (written by `numpy.save`) as a tensor.
///
/// ```swift
/// let images = try readNumpy("data/images.npy")   // float32 [60000, 28, 28]
/// ```
/// - Throws: ``ScopeFlowError/Code/notFound`` when the file is missing,
///   ``ScopeFlowError/Code/dataLoss`` for a bad header or truncated data,
///   ``ScopeFlowError/Code/unimplemented`` for an element type ScopeFlow has no dtype for
///   (uint8, complex, object …; the message says which `astype` to use).
public func readNumpy(_ path: String) throws -> HostTensor {
    try NumpyArray.decode(FileIO.read(path)[...], file: path)
}

/// Writes `tensor` to `path` as a `.npy` file that `numpy.load` reads (replacing the file durably:
/// a failed write leaves what was there).
public func writeNumpy(_ tensor: HostTensor, to path: String) throws {
    try DurableFile.replace(
        path, with: NumpyArray.encode(tensor), observe: { _ in }, written: .dataWritten, renamed: .dataRenamed)
}

/// Reads the arrays of the `.npz` archive at `path` (written by `numpy.savez` or
/// `numpy.savez_compressed`), by name (`"x"` for the member `x.npy`), in archive order.
/// - Throws: what ``readNumpy(_:)`` throws for each member, and ``ScopeFlowError/Code/dataLoss``
///   for a damaged archive (a failed CRC check, a truncated member).
public func readNumpyArchive(_ path: String) throws -> [(name: String, tensor: HostTensor)] {
    try ZipArchive.members(of: FileIO.read(path), file: path).map { member in
        let name = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
        return (name, try NumpyArray.decode(member.bytes[...], file: "\(path) (member \(member.name))"))
    }
}

/// Writes `arrays` to `path` as an uncompressed `.npz` archive (`numpy.savez`'s format; member
/// `name.npy` for each name), replacing the file durably.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an empty or repeated name.
public func writeNumpyArchive(_ arrays: [(name: String, tensor: HostTensor)], to path: String) throws {
    var seen: Set<String> = []
    for (name, _) in arrays {
        guard !name.isEmpty, seen.insert(name).inserted else {
            throw ScopeFlowError(
                .invalidArgument,
                "Array name '\(name)' is \(name.isEmpty ? "empty" : "repeated"); give each array of an .npz a "
                    + "distinct, non-empty name.",
                names: [name])
        }
    }
    let members = arrays.map { ZipArchive.Member(name: $0.name + ".npy", bytes: NumpyArray.encode($0.tensor)) }
    try DurableFile.replace(
        path, with: try ZipArchive.archive(members), observe: { _ in }, written: .dataWritten, renamed: .dataRenamed)
}
