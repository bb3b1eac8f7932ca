import Foundation
import Synchronization

/// Saves and restores variables as TensorFlow V2 checkpoints (TF's
/// `tf.compat.v1.train.Saver`): files real TensorFlow reads, and TF's files read back.
///
/// ```swift
/// let saver = try Saver()                      // every global variable, keyed by op name
/// let prefix = try saver.save(session, to: "out/model.ckpt", globalStep: 100)
/// try saver.restore(session, from: prefix)     // "out/model.ckpt-100"
/// ```
///
/// The parts of a ``PartitionedVariable`` are saved as TF saves them: under one key, the whole
/// variable's name, as slices of the whole. Restoring cuts the stored whole into the parts of
/// the graph, however the checkpoint was partitioned.
public final class Saver: Sendable {
    /// The variables saved, by checkpoint key.
    public let variables: [String: Variable]
    /// The partitioned variables saved, by checkpoint key: their parts, each with its
    /// ``Variable/saveSliceInfo``.
    public let partitionedVariables: [String: [Variable]]
    /// How many recent checkpoints to keep: a save deletes the oldest beyond it, counting the
    /// checkpoints the folder's `checkpoint` file lists. nil, 0 or less deletes none and lists
    /// only the latest in the `checkpoint` file, as TF does for None and 0.
    public let maxToKeep: Int?
    private let history = Mutex(SaveHistory())

    /// A saver for `varList` under their op names (default: every global variable of the default
    /// graph); the parts of a partitioned variable go under the whole's name.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when two variables share a name.
    public convenience init(varList: [Variable]? = nil, maxToKeep: Int? = 5) throws {
        var map: [String: Variable] = [:]
        var partitioned: [String: [Variable]] = [:]
        for variable in try varList ?? Graph.current.variables() {
            if let slice = variable.saveSliceInfo {
                if !(partitioned[slice.fullName]?.contains { $0 === variable } ?? false) {
                    partitioned[slice.fullName, default: []].append(variable)
                }
            } else if let existing = map.updateValue(variable, forKey: variable.op.name), existing !== variable {
                throw ScopeFlowError(
                    .invalidArgument, "At least two variables have the same name: \(variable.op.name).",
                    names: [variable.op.name])
            }
        }
        if let name = partitioned.keys.first(where: { map[$0] != nil }) {
            throw ScopeFlowError(
                .invalidArgument, "At least two variables have the same name: \(name) (one of them partitioned).",
                names: [name])
        }
        self.init(whole: map, partitioned: partitioned, maxToKeep: maxToKeep)
    }

    /// A saver storing each variable, and each partitioned variable, under the given checkpoint key.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when a key names both a variable and a
    ///   partitioned variable.
    public convenience init(
        partitionedVarList: [String: PartitionedVariable], varList: [String: Variable] = [:], maxToKeep: Int? = 5
    ) throws {
        if let name = partitionedVarList.keys.first(where: { varList[$0] != nil }) {
            throw ScopeFlowError(
                .invalidArgument, "The checkpoint key \(name) names a variable and a partitioned variable.",
                names: [name])
        }
        self.init(whole: varList, partitioned: partitionedVarList.mapValues(\.parts), maxToKeep: maxToKeep)
    }

    /// A saver storing each variable under the given checkpoint key.
    public convenience init(varList: [String: Variable], maxToKeep: Int? = 5) {
        self.init(whole: varList, partitioned: [:], maxToKeep: maxToKeep)
    }

    private init(whole: [String: Variable], partitioned: [String: [Variable]], maxToKeep: Int?) {
        self.variables = whole
        self.partitionedVariables = partitioned.mapValues { parts in
            parts.sorted { ($0.saveSliceInfo?.varOffset ?? []).lexicographicallyPrecedes($1.saveSliceInfo?.varOffset ?? []) }
        }
        self.maxToKeep = maxToKeep
    }

    /// The checkpoints this saver keeps, oldest first (TF's `Saver.last_checkpoints`): the
    /// prefixes it saved and those it recovered, not yet deleted.
    public var lastCheckpoints: [String] { history.withLock { $0.kept } }

    /// Takes `prefixes` as the checkpoints saved before, oldest first, so later saves count
    /// them against ``maxToKeep`` and delete them in turn (TF's `Saver.recover_last_checkpoints`);
    /// prefixes without an `.index` file are left out.
    ///
    /// A save recovers the list of its folder's `checkpoint` file by itself (see ``save(_:to:globalStep:)``);
    /// call this to use another list, as a TF program does after a crash:
    /// ```swift
    /// saver.recoverLastCheckpoints(["run/model.ckpt-8", "run/model.ckpt-9"])
    /// ```
    public func recoverLastCheckpoints(_ prefixes: [String]) {
        history.withLock { $0.recover(prefixes) }
    }

    /// Writes the variables' values in `session` to the checkpoint `prefix-globalStep`
    /// (or `prefix`), updates the folder's `checkpoint` file and deletes the oldest checkpoints
    /// beyond ``maxToKeep``. Returns the checkpoint's prefix.
    ///
    /// The first save into a folder counts the checkpoints its `checkpoint` file lists (those
    /// whose `.index` exists) as saved before by this saver, so a new process keeps at most
    /// ``maxToKeep`` in all. TF 1.x's `Saver` does so only when told
    /// (``recoverLastCheckpoints(_:)``, or `MonitoredTrainingSession` on restore); a saver that
    /// was told keeps that list.
    ///
    /// The save is atomic even over an existing checkpoint of the same prefix: killed at any
    /// moment, or failing (disk full, no permission), it leaves the previous checkpoint or the
    /// new one, both loadable by ScopeFlow and by TensorFlow, and no temporary files once a
    /// later save runs in the folder.
    /// - Throws: ``ScopeFlowError/Code/uninitialized`` for a variable without a value,
    ///   ``ScopeFlowError/Code/resourceExhausted`` when the disk is full, and
    ///   ``ScopeFlowError/Code/notFound`` when a file cannot be written.
    @discardableResult
    public func save(_ session: Session, to prefix: String, globalStep: Int? = nil) throws -> String {
        try save(session, to: prefix, globalStep: globalStep) { _ in }
    }

    /// ``save(_:to:globalStep:)`` reporting each step on disk to `observe` (for tests that
    /// stop or fail a save at each step).
    func save(
        _ session: Session, to prefix: String, globalStep: Int?, observe: (SaveStep) throws -> Void
    ) throws -> String {
        let path = globalStep.map { prefix + "-" + String($0) } ?? prefix
        func value(of variable: Variable) throws -> HostTensor {
            guard let value = try session.value(of: variable) else {
                throw ScopeFlowError(
                    .uninitialized,
                    "Attempting to save uninitialized value \(variable.op.name); run its initializer before saving.",
                    names: [variable.op.name])
            }
            return value
        }
        let tensors = try variables.mapValues(value(of:))
        let sliced = try partitionedVariables.mapValues { parts in
            let info = try sliceInfo(of: parts)
            return SlicedTensor(
                shape: info.fullShape, dtype: parts[0].dtype,
                slices: try parts.map { (start: $0.saveSliceInfo?.varOffset ?? [], value: try value(of: $0)) })
        }
        let folder = DurableFile.folderPath(of: path)
        let limit = maxToKeep ?? 0
        func writeState(listing kept: [String], _ written: SaveStep, _ renamed: SaveStep) throws {
            let listed = limit > 0 ? kept : [path]
            let state = CheckpointState(
                latest: SaveHistory.entry(path, in: folder), all: listed.map { SaveHistory.entry($0, in: folder) })
            try DurableFile.replace(
                CheckpointState.path(in: folder), with: Array(state.text.utf8), observe: observe, written: written, renamed: renamed)
        }
        // One save at a time per saver, so the `checkpoint` file follows the order of the saves.
        try history.withLock { history in
            history.countListed(in: folder)
            try CheckpointWriter.write(tensors, sliced: sliced, prefix: path, observe: observe)
            let dropped = history.record(path, keeping: limit)
            do { try writeState(listing: dropped + history.kept, .stateWritten, .stateRenamed) } catch {
                history.keepOldest(dropped)
                throw error
            }
            guard !dropped.isEmpty else { return }
            // As TF, an old checkpoint that cannot be deleted does not fail the save; it stays
            // listed, and the next save tries again.
            let undeleted = dropped.filter { old in
                (try? CheckpointWriter.remove(old, observe: observe)) == nil && access(CheckpointWriter.indexPath(old), F_OK) == 0
            }
            history.keepOldest(undeleted)
            if undeleted.count < dropped.count { try writeState(listing: history.kept, .prunedStateWritten, .prunedStateRenamed) }
        }
        return path
    }

    /// Sets every variable in `session` to its value in checkpoint `prefix`.
    ///
    /// Keys in the file that no variable uses are ignored, as in TF. Nothing is assigned
    /// unless every variable fits.
    /// - Throws: one ``ScopeFlowError`` listing *every* missing key (with the closest key
    ///   in the checkpoint, and the unused checkpoint keys with their closest variable), and
    ///   every dtype or shape mismatch.
    public func restore(_ session: Session, from prefix: String) throws {
        let reader = try CheckpointReader(prefix: prefix)
        let stored = Dictionary(uniqueKeysWithValues: reader.entries.map { ($0.name, $0) })
        var missing: [String] = []
        var mismatches: [String] = []
        var code = ScopeFlowError.Code.notFound
        for (key, variable) in variables.sorted(by: { $0.key < $1.key }) {
            guard let entry = stored[key] else {
                missing.append(key)
                continue
            }
            if entry.dtype != variable.dtype {
                mismatches.append("\(key) is \(entry.dtype) in the checkpoint but \(variable.dtype) in the graph")
                code = .dtypeMismatch
            } else if !variable.shape.isCompatible(with: Shape(known: entry.shape)) {
                mismatches.append("\(key) has shape \(entry.shape) in the checkpoint but \(variable.shape) in the graph")
                code = .shapeMismatch
            }
        }
        for (key, parts) in partitionedVariables.sorted(by: { $0.key < $1.key }) {
            guard let entry = stored[key] else {
                missing.append(key)
                continue
            }
            let info = try sliceInfo(of: parts)
            if entry.dtype != parts[0].dtype {
                mismatches.append("\(key) is \(entry.dtype) in the checkpoint but \(parts[0].dtype) in the graph")
                code = .dtypeMismatch
            } else if entry.shape != info.fullShape {
                mismatches.append(
                    "\(key) has shape \(entry.shape) in the checkpoint but \(info.fullShape) in the graph (partitioned)")
                code = .shapeMismatch
            }
        }
        guard missing.isEmpty, mismatches.isEmpty else {
            throw restoreError(missing: missing, mismatches: mismatches, code: missing.isEmpty ? code : .notFound,
                               stored: reader.entries.map(\.name), prefix: prefix)
        }
        var values: [(Variable, HostTensor)] = try variables.map { key, variable in (variable, try reader.tensor(named: key)) }
        for (key, parts) in partitionedVariables {
            let whole = try reader.tensor(named: key)
            for part in parts {
                guard let slice = part.saveSliceInfo else { continue }
                values.append((part, try whole.block(at: slice.varOffset, shape: slice.varShape)))
            }
        }
        for (variable, value) in values { try session.assignValue(value, to: variable) }
    }

    /// The slice information the parts of one partitioned variable share.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a part without slice information or
    ///   parts of different wholes.
    private func sliceInfo(of parts: [Variable]) throws -> SaveSliceInfo {
        guard let first = parts.first?.saveSliceInfo,
            parts.allSatisfy({ $0.saveSliceInfo?.fullName == first.fullName && $0.saveSliceInfo?.fullShape == first.fullShape })
        else {
            let names = parts.map(\.op.name)
            throw ScopeFlowError(
                .invalidArgument,
                "The parts \(names) are not the parts of one partitioned variable; save each part as a variable.",
                names: names)
        }
        return first
    }

    /// Sets each variable of `assignmentMap` to the checkpoint tensor stored under its key
    /// (TF's `tf.compat.v1.train.init_from_checkpoint`); other variables and keys are left alone.
    ///
    /// ```swift
    /// let diff = try graph.diffNames(againstCheckpoint: "old/model.ckpt-3")
    /// try Saver.restore(session, from: "old/model.ckpt-3", assignmentMap: diff.assignmentMap)
    /// ```
    /// - Throws: one ``ScopeFlowError`` listing every problem at once, as ``restore(_:from:)``,
    ///   and ``ScopeFlowError/Code/invalidArgument`` when two keys name the same variable.
    public static func restore(_ session: Session, from prefix: String, assignmentMap: [String: Variable]) throws {
        let keysByVariable = Dictionary(grouping: assignmentMap.keys) { ObjectIdentifier(assignmentMap[$0]!.op) }
        let doubled = keysByVariable.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        guard doubled.isEmpty else {
            throw ScopeFlowError(
                .invalidArgument,
                "The assignment map restores one variable from several checkpoint keys: "
                    + doubled.map { keys in "\(assignmentMap[keys[0]]!.op.name) from \(keys.joined(separator: ", "))" }
                    .joined(separator: "; ") + ". Map each variable from one key.",
                names: doubled.flatMap { $0 })
        }
        try Saver(varList: assignmentMap, maxToKeep: nil).restore(session, from: prefix)
    }

    private func restoreError(
        missing: [String], mismatches: [String], code: ScopeFlowError.Code, stored: [String], prefix: String
    ) -> ScopeFlowError {
        var lines: [String] = []
        for key in missing {
            let hint = EditDistance.closest(to: key, in: stored).map { " (closest key in the checkpoint: \($0))" } ?? ""
            lines.append("Key \(key) not found in checkpoint\(hint)")
        }
        if !missing.isEmpty {
            let unused = stored.filter { variables[$0] == nil && partitionedVariables[$0] == nil }
            for key in unused {
                let hint = EditDistance.closest(to: key, in: Array(variables.keys)).map { " (closest variable: \($0))" } ?? ""
                lines.append("Unexpected key \(key) in checkpoint\(hint)")
            }
        }
        lines += mismatches
        return ScopeFlowError(
            code,
            "Restoring from checkpoint \(prefix) failed:\n  " + lines.joined(separator: "\n  ")
                + "\nName the variables as in the checkpoint, or pass Saver(varList:) a map from checkpoint keys to variables "
                + "(graph.diffNames(againstCheckpoint:) proposes one).",
            names: missing)
    }
}
