import ArgumentParser
import Foundation

/// Checks on numbers given on the command line, called from `validate()` so that a bad
/// value is a usage error (exit 64 with the usage text) before any work starts.
enum OptionCheck {
    /// Rejects a count below 1: `--steps 0` would train or time nothing (or never end).
    static func atLeastOne(_ value: Int, _ option: String) throws {
        guard value >= 1 else { throw ValidationError("\(option) must be at least 1, got \(value).") }
    }

    /// Rejects a value that is not a finite number above 0 (a learning rate).
    static func positive(_ value: Double, _ option: String) throws {
        guard value.isFinite, value > 0 else {
            throw ValidationError("\(option) must be a finite number above 0, got \(value).")
        }
    }

    /// The comma-separated counts of `list` (`128,256`), each at least 1.
    static func counts(_ list: String, _ option: String) throws -> [Int] {
        let items = list.split(separator: ",", omittingEmptySubsequences: false)
        let values = items.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !items.isEmpty, values.count == items.count, values.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("\(option) must be comma-separated whole numbers of at least 1, got '\(list)'.")
        }
        return values
    }
}
