/// When a distributed variable's copies are brought together (TF's `tf.VariableSynchronization`).
/// ScopeFlow runs on one device and only records it, except that `.onRead` variables are not
/// trainable unless asked, as in TF.
public enum VariableSynchronization: Sendable, Hashable {
    /// TF's `AUTO`: the distribution strategy decides.
    case auto
    /// TF's `NONE`: one copy, no synchronization.
    case none
    /// TF's `ON_WRITE`: copies are updated on every write.
    case onWrite
    /// TF's `ON_READ`: copies are aggregated when read (metrics, batch-norm statistics).
    case onRead
}

/// How a distributed variable's copies are combined (TF's `tf.VariableAggregation`); recorded only.
public enum VariableAggregation: Sendable, Hashable {
    /// TF's `NONE`.
    case none
    /// TF's `SUM`.
    case sum
    /// TF's `MEAN`.
    case mean
    /// TF's `ONLY_FIRST_REPLICA`.
    case onlyFirstReplica
}

extension VariableSynchronization {
    /// TF's `validate_synchronization_aggregation_trainable`: an unset `trainable` is true unless
    /// the variable is synchronized on read.
    func trainable(_ asked: Bool?) -> Bool { asked ?? (self != .onRead) }
}
