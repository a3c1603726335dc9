import RareSepCore

/// Builds the least-squares problem for a closed-form function fitted to columns.
public enum FunctionFit {
    /// `inputColumns[k]` is the column feeding `model.inputs[k]`; `targets` holds one
    /// target (the function's output). Parameters are chosen by name from the model's.
    public static func problem(model: FunctionModel, table: DataTable, inputColumns: [String],
                               targets: FitTargets, parameters: [FitParameter], fixed: [String: Double] = [:]) throws -> FitProblem {
        let inputs = try inputColumns.map { try table.numbers(try table.require($0, purpose: "input of \(model.id)")) }
        let rows = table.rowCount
        let stacked = targets.observations.count / max(rows, 1)
        // Map fitted parameters onto the model's parameter vector; the others must be fixed.
        var index: [Int] = []
        for p in parameters {
            guard let k = model.parameters.firstIndex(of: p.name) else {
                throw FitSetupError.unknownParameter(name: p.name, known: model.parameters)
            }
            index.append(k)
        }
        for name in fixed.keys where !model.parameters.contains(name) {
            throw FitSetupError.unknownParameter(name: name, known: model.parameters)
        }
        let fitted = Set(index)
        let missing = model.parameters.indices.filter { !fitted.contains($0) && fixed[model.parameters[$0]] == nil }
        guard missing.isEmpty else {
            throw FitSetupError.unknownParameter(name: missing.map { model.parameters[$0] }.joined(separator: ", "),
                                                 known: model.parameters, missing: true)
        }
        let p = model.parameters.count
        var full = model.parameters.map { fixed[$0] ?? 0 }
        var point = [Double](repeating: 0, count: inputs.count)
        var grad = [Double](repeating: 0, count: p)
        // Label each point with its inputs, e.g. "line 7 log10D_Dy (pH 1.5, dose 10)".
        let labels = targets.labels.enumerated().map { i, label -> String in
            let row = i % max(rows, 1)
            let values = zip(inputColumns, inputs).map { "\($0.0) \(table.column($0.0)?.cells[row] ?? "\($0.1[row])")" }
            return "\(label) (\(values.joined(separator: ", ")))"
        }
        var problem = FitProblem(
            parameters: parameters, observations: targets.observations, uncertainties: targets.uncertainties,
            labels: labels, observable: targets.observable, displayScale: targets.displayScale,
            predict: { theta, out in
                for (a, k) in index.enumerated() { full[k] = theta[a] }
                for s in 0..<stacked { for i in 0..<rows {
                    for k in inputs.indices { point[k] = inputs[k][i] }
                    out[s * rows + i] = model.value(point, full)
                } }
            },
            predictionJacobian: { theta, J in
                for (a, k) in index.enumerated() { full[k] = theta[a] }
                for s in 0..<stacked { for i in 0..<rows {
                    for k in inputs.indices { point[k] = inputs[k][i] }
                    model.gradient(point, full, &grad)
                    for (a, k) in index.enumerated() { J[(s * rows + i) * parameters.count + a] = grad[k] }
                } }
            })
        problem.distinctPoints = distinctRows(rows) { i in inputs.map { $0[i] } } * stacked
        return problem
    }
}

/// Number of distinct rows among `rows` rows, each described by the numbers `key(i)`
/// (its conditions): repeated measurements at the same conditions count once.
public func distinctRows(_ rows: Int, key: (Int) -> [Double]) -> Int {
    var seen = Set<[Double]>()
    for i in 0..<rows { seen.insert(key(i)) }
    return seen.count
}
