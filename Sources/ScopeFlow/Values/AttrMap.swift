/// An op's attributes by TensorFlow attribute name (`"T"`, `"transpose_a"` …).
///
/// Ops carry a handful of attributes, so they are kept as an array of pairs
/// searched in order: building one costs a single allocation and no hashing,
/// which matters when a graph is built op by op. Reads and writes look like a
/// dictionary's:
///
/// ```swift
/// var attrs: AttrMap = ["T": .type(.float32)]
/// attrs["transpose_a"] = .bool(false)
/// print(attrs["T"]?.typeValue)   // Optional(float32)
/// ```
public struct AttrMap: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [(String, AttrValue)]

    /// No attributes.
    public init() { entries = [] }

    /// Attributes from a literal; a repeated name keeps its last value.
    public init(dictionaryLiteral elements: (String, AttrValue)...) {
        let repeatsAName = elements.indices.contains { i in elements[(i + 1)...].contains { $0.0 == elements[i].0 } }
        guard repeatsAName else {
            entries = elements
            return
        }
        entries = []
        for (key, value) in elements { self[key] = value }
    }

    /// Attributes from a dictionary.
    public init(_ dictionary: [String: AttrValue]) {
        entries = dictionary.map { ($0.key, $0.value) }
    }

    /// The value of attribute `key`; assigning nil removes it.
    public subscript(key: String) -> AttrValue? {
        get {
            for entry in entries where entry.0 == key { return entry.1 }
            return nil
        }
        set {
            let index = entries.firstIndex { $0.0 == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].1 = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// How many attributes there are.
    public var count: Int { entries.count }

    /// The attribute names, in the order they were set.
    public var keys: [String] { entries.map(\.0) }

    /// The attributes as a dictionary.
    public var dictionary: [String: AttrValue] { Dictionary(entries) { _, last in last } }

    /// These attributes with `key` set to `value` unless it is already set.
    func setting(_ key: String, ifAbsent value: AttrValue) -> AttrMap {
        guard self[key] == nil else { return self }
        var copy = self
        copy.entries.append((key, value))
        return copy
    }

    public func makeIterator() -> IndexingIterator<[(String, AttrValue)]> { entries.makeIterator() }
}
