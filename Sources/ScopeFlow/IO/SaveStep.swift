/// The steps of a checkpoint save, in order, each a change on disk that a crash can stop
/// after. ``Saver`` reports each to an observer, which tests use to copy the folder as a
/// `kill -9` at that moment would leave it, or to fail the save there.
enum SaveStep: String, CaseIterable, Sendable {
    /// The new data file is complete and flushed under its temporary name.
    case dataWritten
    /// The new `.index` is complete and flushed under its temporary name.
    case indexWritten
    /// The data file has its final name (it still holds the bytes the old `.index` points at).
    case dataRenamed
    /// The `.index` has its final name: the new checkpoint is committed.
    case indexRenamed
    /// The new `checkpoint` state file is complete and flushed under its temporary name; it
    /// still lists the checkpoints beyond `maxToKeep`, so a later save deletes them if this one
    /// is killed before it does.
    case stateWritten
    /// The `checkpoint` state file has its final name.
    case stateRenamed
    /// The `.index` of a checkpoint beyond `maxToKeep` is renamed to a temporary name.
    case oldIndexRemoved
    /// The `.meta` and data file of that checkpoint are deleted, then its `.index`.
    case oldDataRemoved
    /// The `checkpoint` state file without the deleted checkpoints is complete and flushed
    /// under its temporary name.
    case prunedStateWritten
    /// That state file has its final name.
    case prunedStateRenamed
}
