import Foundation

/// The duty of a set of adsorption columns: the feed they take and the rare earths they bind.
public struct ColumnDuty: Sendable, Equatable {
    /// Name.
    public var name: String
    /// Feed flow Q_feed (cycle average), m³/s.
    public var feedFlow: Double
    /// Rare earths to bind ṅ (cycle average), mol/s.
    public var metalLoad: Double

    /// Memberwise.
    public init(name: String, feedFlow: Double, metalLoad: Double) {
        self.name = name
        self.feedFlow = feedFlow
        self.metalLoad = metalLoad
    }
}

/// A set of adsorption columns sized.
public struct ColumnSize: Codable, Sendable, Equatable {
    public var name: String
    /// Columns (⌈1/load fraction⌉: one always loading) and bed volume of each, m³.
    public var columns: Int
    public var bed_volume_per_column_m3: Double
    /// Bed diameter and height, m, and the superficial loading velocity, m/h.
    public var bed_diameter_m: Double
    public var bed_height_m: Double
    public var superficial_velocity_m_per_h: Double
    /// What set the diameter: "aspect ratio" or "velocity limit".
    public var diameter_set_by: String
    /// Loading time per column per cycle, h, and the rare earth bound per column per cycle, mol.
    public var load_time_h: Double
    public var load_per_cycle_mol: Double
    /// Adsorbent (bed) volume of all columns, m³; solvent held, m³ (none: no organic phase).
    public var adsorbent_m3: Double
    public var solvent_m3: Double
    /// Floor area, layout factor included, m².
    public var footprint_m2: Double
    /// Bed volume of the solved column model (cross-section × length), m³, when sized from one.
    public var model_bed_volume_m3: Double?
}

/// Adsorption-column sizing (docs/sizing.md, "Adsorption columns").
public enum ColumnSizing {
    /// V_bed = ṅ·t_load/(q_dyn·u) per column with t_load = f_load·T; ⌈1/f_load⌉ columns;
    /// D = (4V/(π·H/D))^(1/3) unless Q/A exceeds u_max, then A = Q/u_max and H = V/A;
    /// footprint = f_layout·n·a_column.
    public static func size(_ duty: ColumnDuty, data: AdsorptionColumnData) throws -> ColumnSize {
        guard duty.feedFlow > 0, duty.metalLoad >= 0 else {
            throw SizingError("columns '\(duty.name)': the feed flow must be positive and the load non-negative (feed \(duty.feedFlow) m³/s, load \(duty.metalLoad) mol/s)")
        }
        let tLoad = data.loadFraction * data.cycleTime
        let load = duty.metalLoad * tLoad
        let volume = load / (data.dynamicBindingCapacity * data.capacityUtilisation)
        let columns = Int((1 / data.loadFraction - 1e-9).rounded(.up))
        var diameter = pow(4 * volume / (Double.pi * data.bedAspectRatio), 1.0 / 3)
        var area = Double.pi * diameter * diameter / 4
        var setBy = "aspect ratio"
        if duty.feedFlow / max(area, .leastNormalMagnitude) > data.maximumSuperficialVelocity {
            area = duty.feedFlow / data.maximumSuperficialVelocity
            diameter = (4 * area / Double.pi).squareRoot()
            setBy = "velocity limit"
        }
        let n = Double(columns)
        return ColumnSize(name: duty.name, columns: columns, bed_volume_per_column_m3: volume, bed_diameter_m: diameter,
                          bed_height_m: area > 0 ? volume / area : 0, superficial_velocity_m_per_h: duty.feedFlow / area * 3600,
                          diameter_set_by: setBy, load_time_h: tLoad / 3600, load_per_cycle_mol: load, adsorbent_m3: n * volume,
                          solvent_m3: 0, footprint_m2: data.layoutFactor * n * data.footprintPerColumn, model_bed_volume_m3: nil)
    }
}
