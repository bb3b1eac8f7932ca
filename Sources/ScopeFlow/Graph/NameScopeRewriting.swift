/// `name` without its leading name scope `exportScope` (TF's `ops.strip_name_scope`, used when a
/// meta graph is exported below a scope). Node names, control inputs (`^scope/op`) and colocation
/// groups (`loc:@scope/op`) are handled alike; extra slashes after the scope go with it, and a
/// name outside the scope comes back unchanged.
///
/// As in TF, `exportScope` (without one trailing `/`) is a regular expression matched where the
/// name starts, after `^` or after `loc:@`; only the first match is removed.
///
/// ```swift
/// try stripNameScope("^hidden1/hidden1/weights", "hidden1")   // "^hidden1/weights"
/// try stripNameScope("hhidden1/hidden1/weights", "hidden1")   // unchanged
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `exportScope` is not a valid regular expression.
public func stripNameScope(_ name: String, _ exportScope: String?) throws -> String {
    guard let exportScope, !exportScope.isEmpty else { return name }
    let scope = Names.fromScopeName(exportScope)
    let pattern = #"([\^]|loc:@|^)"# + scope + #"[\/]+(.*)"#
    let regex: Regex<AnyRegexOutput>
    do { regex = try Regex(pattern) } catch {
        throw ScopeFlowError(
            .invalidArgument,
            "The export scope '\(exportScope)' is not a valid regular expression: \(error). Escape its special "
                + "characters.", underlying: error)
    }
    guard let match = name.firstMatch(of: regex) else { return name }
    let marker = match.output[1].substring ?? ""
    let rest = match.output[2].substring ?? ""
    return String(name[..<match.range.lowerBound]) + marker + rest + String(name[match.range.upperBound...])
}

/// `name` moved below the name scope `importScope` (TF's `ops.prepend_name_scope`, used when a meta
/// graph is imported below a scope): `scope/name`, keeping a leading `^` (control input) or
/// `loc:@` (colocation group) in front.
///
/// ```swift
/// prependNameScope("^hidden1/weights", "hidden2")   // "^hidden2/hidden1/weights"
/// ```
public func prependNameScope(_ name: String, _ importScope: String?) -> String {
    guard let importScope, !importScope.isEmpty else { return name }
    let scope = Names.fromScopeName(importScope)
    for marker in ["^", "loc:@"] where name.hasPrefix(marker) {
        return marker + scope + "/" + name.dropFirst(marker.count)
    }
    return scope + "/" + name
}
