import Foundation

/// The duty of one section of identical stages (mixer-settlers) or of one contactor: stage
/// count and the phase flows through it (the largest over its stages), m³/s.
public struct SectionDuty: Sendable, Equatable {
    /// Section name, e.g. "extraction".
    public var name: String
    /// Ideal (or actual) stages of the section.
    public var stages: Int
    /// Aqueous flow Q_a through a stage, m³/s.
    public var aqueousFlow: Double
    /// Organic flow Q_o through a stage, m³/s.
    public var organicFlow: Double
    /// Extraction factor of the key species ε = D·Q_o/Q_a in the section (for the transfer
    /// units that replace its stages in a differential contactor); nil when not known.
    public var extractionFactor: Double?

    /// Memberwise.
    public init(name: String, stages: Int, aqueousFlow: Double, organicFlow: Double, extractionFactor: Double? = nil) {
        self.name = name
        self.stages = stages
        self.aqueousFlow = aqueousFlow
        self.organicFlow = organicFlow
        self.extractionFactor = extractionFactor
    }

    /// Total flow Q_a + Q_o, m³/s.
    public var totalFlow: Double { aqueousFlow + organicFlow }
}

/// One mixer-settler section sized: every stage alike, sized for the section's flows.
public struct MixerSettlerSection: Codable, Sendable, Equatable {
    public var name: String
    public var stages: Int
    /// Total flow through a stage, m³/h.
    public var total_flow_m3_per_h: Double
    /// Mixer volume per stage V_mix = τ_mix·(Q_a+Q_o), m³ (required).
    public var mixer_volume_m3: Double
    /// Settler plan area per stage A_set = (Q_a+Q_o)/q_set, m² (required).
    public var settler_area_m2: Double
    /// Standard settler area chosen per unit, m² (nil: no standard unit list), and units in
    /// parallel per stage (the largest standard unit repeated when one is too small).
    public var standard_settler_area_m2: Double?
    public var parallel_units_per_stage: Int
    /// Installed settler area per stage, m² (≥ required), and the mixer volume that goes
    /// with it at the same residence time per settler area, m³.
    public var installed_settler_area_m2: Double
    public var installed_mixer_volume_m3: Double
    /// Settler volume per stage (installed area × depth), m³.
    public var settler_volume_m3: Double
    /// Solvent held in the section (mixers at the organic flow share, settlers at the
    /// organic depth share), m³.
    public var solvent_m3: Double
    /// Floor area of the section, layout factor included, m².
    public var footprint_m2: Double
}

/// Mixer-settler sizing (docs/sizing.md, "Mixer-settlers").
public enum MixerSettlerSizing {
    /// Size one section for `duty` with `data`.
    ///
    /// V_mix = τ_mix·Q, A_set = Q/q_set (Q = Q_a + Q_o); the installed settler is the smallest
    /// standard area ≥ A_set, or n = ⌈A_set/A_max⌉ of the largest; the installed mixer keeps
    /// V_mix/A_set. Solvent per stage = V_mix,inst·Q_o/Q + A_set,inst·h_set·f_org; footprint =
    /// f_layout·N·(A_set,inst + V_mix,inst/h_mix).
    public static func size(_ duty: SectionDuty, data: MixerSettlerData) -> MixerSettlerSection {
        let q = duty.totalFlow
        let mixer = data.mixerResidenceTime * q
        let settler = q / data.settlerSpecificFlow
        var standard: Double?
        var parallel = 1
        var installedArea = settler
        if let largest = data.standardSettlerAreas.last {
            if let fit = data.standardSettlerAreas.first(where: { $0 >= settler }) {
                standard = fit
            } else {
                standard = largest
                parallel = Int((settler / largest).rounded(.up))
            }
            installedArea = standard! * Double(parallel)
        }
        let installedMixer = settler > 0 ? mixer * installedArea / settler : 0
        let organicShare = q > 0 ? duty.organicFlow / q : 0
        let settlerVolume = installedArea * data.settlerDepth
        let n = Double(duty.stages)
        let solvent = n * (installedMixer * organicShare + settlerVolume * data.settlerOrganicFraction)
        let footprint = data.layoutFactor * n * (installedArea + installedMixer / data.mixerDepth)
        return MixerSettlerSection(name: duty.name, stages: duty.stages, total_flow_m3_per_h: q * 3600, mixer_volume_m3: mixer,
                                   settler_area_m2: settler, standard_settler_area_m2: standard, parallel_units_per_stage: parallel,
                                   installed_settler_area_m2: installedArea, installed_mixer_volume_m3: installedMixer,
                                   settler_volume_m3: settlerVolume, solvent_m3: solvent, footprint_m2: footprint)
    }
}
