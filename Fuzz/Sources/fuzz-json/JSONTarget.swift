import Foundation
import ScopeFlowConformance

/// The conformance JSON parser (``JSONValue/parse(_:)``). A parse error is a pass; a parsed value
/// must print (``JSONValue/serialized``) as text that parses back to the same value, unless it
/// holds a number JSON cannot write (those print as the strings "inf", "-inf" or "nan").
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let value = try? JSONValue.parse(Data(bytes: data, count: size)), value.numbersAreFinite else { return 0 }
    let text = value.serialized
    guard (try? JSONValue.parse(Data(text.utf8))) == value else {
        fatalError("\(text) does not parse back to the value it was printed from")
    }
    return 0
}

extension JSONValue {
    fileprivate var numbersAreFinite: Bool {
        switch self {
        case .null, .bool, .string: return true
        case .number(let n): return n.isFinite
        case .array(let items): return items.allSatisfy(\.numbersAreFinite)
        case .object(let members): return members.allSatisfy { $0.1.numbersAreFinite }
        }
    }
}
