import Foundation

/// The checkpoints a ``Saver`` keeps, oldest first (TF's `Saver._last_checkpoints`), and
/// the folders whose `checkpoint` file it has counted.
struct SaveHistory {
    /// The kept prefixes, oldest first, as they were saved or recovered.
    private(set) var kept: [String] = []
    /// True once ``recover(_:)`` set the list: the saver no longer reads `checkpoint` files.
    private var told = false
    private var countedFolders: Set<String> = []

    /// Keeps `prefixes` (those with an `.index` file), oldest first, instead of the current list.
    mutating func recover(_ prefixes: [String]) {
        kept = []
        for prefix in prefixes where access(CheckpointWriter.indexPath(prefix), F_OK) == 0 { add(prefix) }
        told = true
    }

    /// On the first save into `folder` of a saver that was not told its list, puts the
    /// checkpoints `folder`'s `checkpoint` file lists (those with an `.index`) before the kept ones.
    mutating func countListed(in folder: String) {
        guard !told, countedFolders.insert(Self.canonical(folder)).inserted else { return }
        let ours = kept
        kept = []
        for prefix in Self.listed(in: folder) + ours where access(CheckpointWriter.indexPath(prefix), F_OK) == 0 || ours.contains(prefix) {
            add(prefix)
        }
    }

    /// Appends `prefix` as the newest (moving it there if it was kept already) and returns the
    /// oldest prefixes beyond `limit` (none for a `limit` of 0 or less), which it no longer keeps.
    mutating func record(_ prefix: String, keeping limit: Int) -> [String] {
        add(prefix)
        guard limit > 0, kept.count > limit else { return [] }
        let dropped = Array(kept.prefix(kept.count - limit))
        kept.removeFirst(dropped.count)
        return dropped
    }

    /// Keeps `prefixes` again, as the oldest: checkpoints ``record(_:keeping:)`` dropped that
    /// could not be deleted, so a later save tries again.
    mutating func keepOldest(_ prefixes: [String]) {
        kept.insert(contentsOf: prefixes, at: 0)
    }

    private mutating func add(_ prefix: String) {
        let key = Self.canonical(prefix)
        kept.removeAll { Self.canonical($0) == key }
        kept.append(prefix)
    }

    /// The prefixes `folder`'s `checkpoint` file lists, resolved against `folder`; none when
    /// the file is missing or does not parse (the save rewrites it, as TF's does).
    static func listed(in folder: String) -> [String] {
        guard let state = try? CheckpointState.read(in: folder) else { return [] }
        return state.all.map { entry in
            entry.hasPrefix("/") ? entry : folder == "." ? entry : folder + "/" + entry
        }
    }

    /// How `checkpoint` in `folder` lists `prefix`: its bare name when it lies in `folder`
    /// (TF's `save_relative_paths`), its absolute path otherwise.
    static func entry(_ prefix: String, in folder: String) -> String {
        let absolute = canonical(prefix)
        let inFolder = (absolute as NSString).deletingLastPathComponent == canonical(folder)
        return inFolder ? (absolute as NSString).lastPathComponent : absolute
    }

    /// `path` made absolute against the working folder, without `.` components or doubled `/`,
    /// so two spellings of one prefix compare equal.
    static func canonical(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "/" + full.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
