/// An einsum equation with explicit output, `"ij,jk->ik"`: each operand's subscripts and the
/// output's, an ellipsis (`...`) standing for the broadcast dimensions not named by a letter.
struct EinsumEquation: Sendable {
    /// One operand's or the output's subscripts: letters, and whether (and where) an ellipsis stands.
    struct Subscripts: Sendable {
        let letters: [Character]
        /// The position among `letters` where the ellipsis stands, nil without one.
        let ellipsisAt: Int?
    }

    let equation: String
    let inputs: [Subscripts]
    let output: Subscripts

    /// Parses `equation`, which must have an explicit `->` output.
    init(_ equation: String) throws {
        self.equation = equation
        let sides = equation.filter { $0 != " " }.components(separatedBy: "->")
        guard sides.count == 2 else {
            throw ScopeFlowError(
                .invalidArgument,
                "Einsum equation '\(equation)' needs exactly one '->' followed by the output subscripts.")
        }
        inputs = try sides[0].components(separatedBy: ",").map { try Self.subscripts($0, of: equation) }
        output = try Self.subscripts(sides[1], of: equation)
        let named = Set(inputs.flatMap(\.letters))
        if let unknown = output.letters.first(where: { !named.contains($0) }) {
            throw ScopeFlowError(
                .invalidArgument,
                "Einsum equation '\(equation)': output subscript '\(unknown)' does not appear in any input.")
        }
    }

    private static func subscripts(_ text: String, of equation: String) throws -> Subscripts {
        let parts = text.components(separatedBy: "...")
        guard parts.count <= 2 else {
            throw ScopeFlowError(
                .invalidArgument, "Einsum equation '\(equation)' has more than one ellipsis in '\(text)'.")
        }
        let letters = Array(parts.joined())
        guard letters.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ScopeFlowError(
                .invalidArgument, "Einsum equation '\(equation)' holds '\(text)'; use letters, ',' and one '...'.")
        }
        return Subscripts(letters: letters, ellipsisAt: parts.count == 2 ? parts[0].count : nil)
    }

    /// The labels of subscripts for a tensor of rank `rank`: the letters, with the ellipsis expanded
    /// to `rank - letters.count` broadcast labels, numbered from the right of `broadcastRank`.
    func labels(_ subscripts: Subscripts, rank: Int, broadcastRank: Int) throws -> [EinsumLabel] {
        let letters = subscripts.letters.map(EinsumLabel.letter)
        guard let at = subscripts.ellipsisAt else {
            guard letters.count == rank else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Einsum equation '\(equation)': an operand of rank \(rank) has \(letters.count) subscripts; "
                        + "give one letter per dimension or add '...'.")
            }
            return letters
        }
        let extra = rank - letters.count
        guard extra >= 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "Einsum equation '\(equation)': an operand of rank \(rank) has \(letters.count) letters besides '...'.")
        }
        let broadcast = (0..<extra).map { EinsumLabel.broadcast(broadcastRank - extra + $0) }
        return Array(letters[..<at]) + broadcast + Array(letters[at...])
    }
}

/// One axis label of an einsum: a letter, or the `k`-th dimension an ellipsis stands for.
enum EinsumLabel: Hashable, Sendable, CustomStringConvertible {
    case letter(Character)
    case broadcast(Int)

    var description: String {
        switch self {
        case .letter(let letter): "'\(letter)'"
        case .broadcast(let k): "'...' (broadcast dimension \(k))"
        }
    }
}
