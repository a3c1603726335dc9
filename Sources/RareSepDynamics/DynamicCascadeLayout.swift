import RareSepCascade

/// Where each hold-up of a dynamic cascade sits in its state vector, chosen so that the
/// Newton matrix M − c·J is block tridiagonal with the pair-diagonal coupling of
/// `BlockTridiagonalSystem` (and its corner for the solvent loop).
///
/// The state is a chain of E elements of m = 2n values: a mixer element holds (x_j, y_j) of
/// stage s's mixer; a cell element holds one aqueous settler cell (slot j) and one organic
/// settler cell (slot n + j). Between mixers s−1 and s sit K link elements: link k holds
/// organic cell k of settler s−1 (the organic runs s−1 → s) and aqueous cell K+1−k of
/// settler s (the aqueous runs s → s−1), so every cell's inflow is a neighbouring element
/// and every mixer's inflows (the aqueous outlet of settler s+1, the organic outlet of
/// settler s−1) are its neighbours' slots of the same species: pair j couples to pair j.
/// The aqueous cells of settler 0 sit in K head elements before mixer 0; the organic cells
/// of settler N−1 sit in the head too with a solvent loop (the organic enters the head
/// through the corner and mixer 0 from its last cell), else in K tail elements after
/// mixer N−1. Slots no hold-up uses carry the trivial algebraic row u = 0.
/// With K = 0 the chain is the steady cascade's own layout.
struct DynamicCascadeLayout {
    /// What one slot (aqueous or organic half of an element) holds.
    enum Slot: Equatable {
        /// The mixer of a stage (both halves of the element).
        case mixer(stage: Int)
        /// Cell k (1-based, in flow order) of a settler layer.
        case cell(stage: Int, cell: Int)
        case unused
    }

    let stageCount: Int
    let cells: Int
    let speciesCount: Int
    let blockSize: Int
    /// Elements: aqueous slot and organic slot of each.
    let aqueous: [Slot]
    let organic: [Slot]
    var elementCount: Int { aqueous.count }
    /// True when element 0's rows couple to the last element (the loop's organic).
    let hasCorner: Bool
    /// Element of each stage's mixer.
    let mixerElement: [Int]
    /// State offset of species 0 of each settler's aqueous and organic outlet.
    let aqueousOutlet: [Int]
    let organicOutlet: [Int]

    init(stageCount N: Int, cells K: Int, speciesCount n: Int, loop: Bool) {
        stageCount = N
        cells = K
        speciesCount = n
        blockSize = 2 * n
        var aq: [Slot] = [], org: [Slot] = []
        func add(_ a: Slot, _ o: Slot) { aq.append(a); org.append(o) }
        if K > 0 {
            for k in 1...K { add(.cell(stage: 0, cell: K + 1 - k), loop ? .cell(stage: N - 1, cell: k) : .unused) }
        }
        for s in 0..<N {
            add(.mixer(stage: s), .mixer(stage: s))
            if s < N - 1 && K > 0 {
                for k in 1...K { add(.cell(stage: s + 1, cell: K + 1 - k), .cell(stage: s, cell: k)) }
            }
        }
        if K > 0 && !loop {
            for k in 1...K { add(.unused, .cell(stage: N - 1, cell: k)) }
        }
        aqueous = aq
        organic = org
        hasCorner = loop
        var mixer = [Int](repeating: 0, count: N)
        var aqOut = [Int](repeating: 0, count: N), orgOut = aqOut
        let m = 2 * n
        for e in 0..<aq.count {
            if case .mixer(let s) = aq[e] {
                mixer[s] = e
                if K == 0 { aqOut[s] = e * m; orgOut[s] = e * m + n }
            }
            if case .cell(let s, let k) = aq[e], k == K { aqOut[s] = e * m }
            if case .cell(let s, let k) = org[e], k == K { orgOut[s] = e * m + n }
        }
        mixerElement = mixer
        aqueousOutlet = aqOut
        organicOutlet = orgOut
        // The invariant the Jacobian assembly relies on: a cell's inflow is its neighbour.
        for e in 0..<aq.count {
            if case .cell(let s, let k) = aq[e] {
                precondition(e + 1 < aq.count && (k == 1 ? aq[e + 1] == .mixer(stage: s) : aq[e + 1] == .cell(stage: s, cell: k - 1)))
            }
            if case .cell(let s, let k) = org[e] {
                let up = e == 0 ? aq.count - 1 : e - 1
                precondition(k == 1 ? org[up] == .mixer(stage: s) : org[up] == .cell(stage: s, cell: k - 1))
            }
        }
    }
}
