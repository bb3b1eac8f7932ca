import Foundation

/// Whole-file reads with ScopeFlow errors (durable writes are ``DurableFile``'s).
enum FileIO {
    /// The bytes of the file at `path`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` when it cannot be read.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScopeFlowError(
                .notFound, "Cannot read \(path): the file does not exist or is not readable; check the path.",
                names: [path])
        }
        return [UInt8](data)
    }
}
