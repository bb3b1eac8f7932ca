extension String {
    /// Calls `body` with the string's UTF-8 bytes, read in place when they are contiguous (every
    /// native string), else from a contiguous copy. Unlike `withUTF8` it needs no mutable copy of
    /// the string, and so no retain and release of its storage around the call.
    @inline(__always) func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
