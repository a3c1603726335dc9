import RareSepCore

/// Every distribution model RareSep knows: adding a model is one file plus one line here.
public enum ModelRegistry {
    public static let all: [ModelRegistration] = [
        ConstantDistribution.registration,
        ConstantSeparationFactors.registration,
        EmpiricalPHDoseCorrelation.registration,
        MassActionCationExchange.registration,
        SolvatingExtraction.registration,
    ]

    /// Registration by id; throws an InputError at `node` suggesting the nearest id.
    public static func registration(_ id: String, at node: ConfigNode) throws -> ModelRegistration {
        if let r = all.first(where: { $0.id == id }) { return r }
        let ids = all.map(\.id)
        let hint = nearestName(to: id, in: ids).map { "; did you mean '\($0)'?" } ?? ""
        throw node.error("a registered model id, one of \(ids.joined(separator: ", "))\(hint)", value: id)
    }
}

/// Read a per-species table `{Dy: 2.0, Tb: 0.8}` into an array in species order;
/// species not in the table take `defaultValue`, or it is an error when nil.
public func perSpeciesValues(_ node: ConfigNode, context: ModelContext, onlyMetals: Bool = true,
                             defaultValue: Double?, validate: (Double) -> Bool = { $0 >= 0 },
                             expected: String = "a non-negative number") throws -> [Double] {
    var values = [Double?](repeating: nil, count: context.species.count)
    for (key, child) in try node.entries() {
        guard let j = context.species.index(of: key), !onlyMetals || j < context.metalCount else {
            let names = Array(context.species.symbols.prefix(onlyMetals ? context.metalCount : context.species.count))
            let hint = nearestName(to: key, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw InputError(location: child.location, key: child.path, value: key,
                             expected: "a component of this case (\(names.joined(separator: ", ")))\(hint)")
        }
        let v = try child.double()
        if !validate(v) { throw child.error(expected) }
        values[j] = v
    }
    var out = [Double](repeating: 0, count: context.species.count)
    for j in 0..<context.species.count {
        if let v = values[j] {
            out[j] = v
        } else if j < context.metalCount || !onlyMetals {
            guard let d = defaultValue else {
                throw InputError(location: node.location, key: node.path, value: nil,
                                 expected: "a value for component '\(context.species.symbols[j])' (every component needs one)")
            }
            out[j] = d
        }
    }
    return out
}
