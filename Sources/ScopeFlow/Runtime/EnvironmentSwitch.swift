import Foundation

/// The environment variables that turn a runtime feature off (`SCOPEFLOW_BLAS`,
/// `SCOPEFLOW_MALLOC_TUNING`).
enum EnvironmentSwitch {
    /// True when `variable` is set to `off`, `0`, `false` or `no` (any case).
    static func isOff(_ variable: String) -> Bool {
        guard let setting = ProcessInfo.processInfo.environment[variable]?.lowercased() else { return false }
        return ["off", "0", "false", "no"].contains(setting)
    }
}
