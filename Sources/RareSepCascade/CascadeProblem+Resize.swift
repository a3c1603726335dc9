/// Cascades with other stage counts per section: what a design search or a stage
/// ladder changes. Feeds and draws keep their place within their section.
extension CascadeProblem {
    /// Section index and offset within it (0-based) of stage `s`.
    public func sectionPosition(ofStage s: Int) -> (section: Int, offset: Int) {
        for (k, sec) in sections.enumerated() where sec.stages.contains(s) { return (k, s - sec.firstStage) }
        return (sections.count - 1, s - sections[sections.count - 1].firstStage)
    }

    /// Where an offset `offset` of a section of `old` stages lands in one of `new`
    /// stages: the last stage stays last, the others keep their offset (clamped).
    static func resizedOffset(_ offset: Int, old: Int, new: Int) -> Int {
        offset == old - 1 ? new - 1 : min(offset, new - 1)
    }

    /// The same cascade with `counts[k]` stages in section k (each at least 1): section
    /// starts shift, Murphree efficiencies repeat the section's last value where it
    /// grows, feeds and draws keep their offset in their section (the last stage stays
    /// last, so a feed between sections stays there).
    public func withStageCounts(_ counts: [Int]) -> CascadeProblem {
        precondition(counts.count == sections.count && counts.allSatisfy { $0 >= 1 })
        var q = self
        var first = 0
        for (k, n) in counts.enumerated() {
            let old = sections[k].murphree
            q.sections[k].firstStage = first
            q.sections[k].stageCount = n
            q.sections[k].murphree = (0..<n).map { $0 < old.count ? old[$0] : (old.last ?? 1) }
            first += n
        }
        func moved(_ s: Int) -> Int {
            let (k, o) = sectionPosition(ofStage: s)
            return q.sections[k].firstStage + Self.resizedOffset(o, old: sections[k].stageCount, new: counts[k])
        }
        q.feeds = feeds.map { var f = $0; f.stage = moved(f.stage); return f }
        q.draws = draws.map { var d = $0; d.stage = moved(d.stage); return d }
        return q
    }
}
