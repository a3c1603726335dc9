/// RareSep's release version (semantic versioning). Bumped with each release; recorded
/// in every summary JSON (`raresep_version`) and printed by `raresep --version`.
public enum RareSepVersion {
    /// The version string, e.g. "0.4.0".
    public static let string = "0.4.0"
}
