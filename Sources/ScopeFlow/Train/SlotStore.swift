import Synchronization

/// An optimizer's extra variables: its slots (one per trained variable and
/// slot name, TF's `_slots`) and its non-slot variables (one per graph and
/// name, such as Adam's `beta1_power`, TF's `_non_slot_dict`).
public final class SlotStore: Sendable {
    private struct State {
        var slots: [String: [Variable: Variable]] = [:]
        var nonSlots: [NonSlotKey: Variable] = [:]
    }

    private struct NonSlotKey: Hashable {
        let name: String
        let graph: Graph.Identity
    }

    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    /// The slot `slotName` of `variable`, nil if it was not made.
    func slot(_ slotName: String, for variable: Variable) -> Variable? {
        state.withLock { $0.slots[slotName]?[variable] }
    }

    /// The slot `slotName` of `primary`, made the first time as TF's
    /// `slot_creator.create_slot_with_initializer`: a non-trainable variable
    /// named `<primary>/<optimizerName>` (made unique as a default-named
    /// variable scope, so a second slot is `<optimizerName>_1`) inside the
    /// current variable scope, filled by `initializer` (a tensor initializer gives the slot its
    /// shape, as TF's `create_slot`).
    ///
    /// Inside a reusing scope the slot is created when missing instead of
    /// failing with TF1's "does not exist" (the scope is treated as `.auto`);
    /// outside one, an existing slot name is an error as in TF.
    func slot(
        _ slotName: String, for primary: Variable, initializer: Initializer, optimizerName: String
    ) throws -> Variable {
        if let made = slot(slotName, for: primary) { return made }
        let made = try variableScope(nil, defaultName: primary.op.name + "/" + optimizerName) { scope in
            try nameScope(nil) { _ in
                try primary.graph.sharedVariable(
                    scope.name + "/", shape: initializer.isInitialValue ? nil : primary.shape, dtype: primary.dtype,
                    initializer: initializer,
                    reuse: scope.reuse == .inherit ? .inherit : .auto, trainable: false, collections: nil,
                    location: primary.op.location, callerScopes: BuildContext.effective.scopes)
            }
        }
        state.withLock { $0.slots[slotName, default: [:]][primary] = made }
        return made
    }

    /// The non-slot variable `name` of the current graph, made the first time
    /// as TF's `_create_non_slot_variable`: a non-trainable `Variable` named
    /// `name` in the current name scope.
    func nonSlot(_ name: String, initialValue: Hyperparameter) throws -> Variable {
        let key = NonSlotKey(name: name, graph: Graph.current.identity)
        if let made = state.withLock({ $0.nonSlots[key] }) { return made }
        let made: Variable
        switch initialValue {
        case .value(let value): made = try Variable(value, name: name, trainable: false)
        case .tensor(let tensor): made = try Variable(tensor, name: name, trainable: false)
        }
        state.withLock { $0.nonSlots[key] = made }
        return made
    }
}
