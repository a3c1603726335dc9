import RareSepCore

extension CascadeProblem {
    /// Name of the product the organic leaving the last stage becomes (as
    /// `CascadeSolution.organicOutletName` names it); nil for a closed loop without
    /// bleed (nothing leaves).
    public var lastOrganicOutletName: String? {
        if let loop, loop.bleedFraction == 0 { return nil }
        return CascadeSolution.organicOutletName(sections: sections, loop: loop, feeds: feeds, metalCount: metalCount)
    }

    /// The cascade's outlets in the order `CascadeSolution.outlets` lists them, with
    /// the phase each carries: the aqueous leaving each aqueous segment (the first
    /// section's is the raffinate), the side draws, and the organic leaving the last stage.
    public var outletPorts: [(name: String, phase: Phase)] {
        var out: [(name: String, phase: Phase)] = []
        for (i, sec) in sections.enumerated() {
            if i == 0 { out.append((sec.aqueousOutlet ?? "raffinate", .aqueous)) } else if let o = sec.aqueousOutlet { out.append((o, .aqueous)) }
        }
        for d in draws { out.append((d.name, d.phase)) }
        if let o = lastOrganicOutletName { out.append((o, .organic)) }
        return out
    }

    /// True when a section carries entrainment (outlets then hold both phases).
    public var hasEntrainment: Bool { sections.contains { $0.aqueousInOrganic > 0 || $0.organicInAqueous > 0 } }
}
