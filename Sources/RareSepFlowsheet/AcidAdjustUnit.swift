import RareSepChemistry
import RareSepCore
import RareSepCascade

/// Acid make-up: an aqueous stream brought to a target total acidity by adding a
/// strong acid of stated concentration (e.g. 10 mol/L HCl, carrying H and Cl); the
/// added acid's volume adds to the flow. Acid cannot lower the acidity: a stream
/// already above the target is an error naming both values.
public final class AcidAdjustUnit: UnitOperation {
    public let name: String
    public let kind = "acid_makeup"
    public let inlets = [Port(name: "in", phase: .aqueous)]
    public let outlets = [Port(name: "out", phase: .aqueous)]
    /// Target total acid (species "H") in the outlet, mol/m³.
    public let targetAcid: Double
    /// The added acid's composition in the plant vocabulary, mol/m³ (its "H" entry is its acid strength).
    public let reagent: [Double]
    /// Index of "H" in the plant vocabulary.
    public let protonIndex: Int
    /// Reagent label for the balance, e.g. "HCl 10 mol/L".
    public let reagentName: String

    public init(name: String, targetAcid: Double, reagent: [Double], protonIndex: Int, reagentName: String) {
        self.name = name
        self.targetAcid = targetAcid
        self.reagent = reagent
        self.protonIndex = protonIndex
        self.reagentName = reagentName
    }

    public func solve(inlets streams: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        let s = try inlet(streams, 0)
        let h = s.concentrations[protonIndex], strength = reagent[protonIndex]
        if h > targetAcid * (1 + 1e-12) {
            throw UnitFailure(unit: name, message: "the arriving stream holds \(h / 1000) mol/L of acid, above the target \(targetAcid / 1000) mol/L: adding acid cannot lower it")
        }
        // (Q·h + v·C)/(Q + v) = target  →  v = Q·(target − h)/(C − target)
        let v = s.flow * max(0, targetAcid - h) / (strength - targetAcid)
        let added = ProcessStream(phase: .aqueous, flow: v, concentrations: reagent)
        return UnitResult(outlets: [ProcessStream.mix([s, added], phase: .aqueous, count: species.count)],
                          additions: [("\(name): \(reagentName)", added)])
    }
}

/// Fresh feed: a stream that enters the plant (a leach liquor given by flow and
/// composition, or by an annual tonnage — see the flowsheet case format).
public final class FeedUnit: UnitOperation {
    public let name: String
    public let kind = "feed"
    public let inlets: [Port] = []
    public let outlets: [Port]
    /// The stream, in the plant vocabulary.
    public let stream: ProcessStream

    public init(name: String, stream: ProcessStream) {
        self.name = name
        self.stream = stream
        outlets = [Port(name: "out", phase: stream.phase)]
    }

    public func solve(inlets: [ProcessStream?], species: SpeciesSet) throws -> UnitResult {
        UnitResult(outlets: [stream], additions: [("feed \(name)", stream)])
    }
}
