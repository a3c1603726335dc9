import RareSepChemistry
/// The order in which a sequential-modular solve calls units: strongly connected
/// groups of units (recycle loops) in topological order, each with the streams torn
/// to break its cycles and the order its units are called in.
public struct FlowsheetSequence: Sendable {
    /// One group: a single unit without a recycle, or a loop.
    public struct Group: Sendable {
        /// Units in calling order.
        public var units: [Int]
        /// Torn stream indices (empty for a unit without a recycle).
        public var tears: [Int]
    }
    public var groups: [Group]
}

extension Flowsheet {
    /// Strongly connected components of the unit graph (Tarjan), upstream first.
    func stronglyConnectedComponents() -> [[Int]] {
        let n = units.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], out: [[Int]] = []
        var counter = 0
        func visit(_ v: Int) {
            index[v] = counter; low[v] = counter; counter += 1
            stack.append(v); onStack[v] = true
            for w in successors(v) {
                if index[w] < 0 { visit(w); low[v] = min(low[v], low[w]) } else if onStack[w] { low[v] = min(low[v], index[w]) }
            }
            if low[v] == index[v] {
                var comp: [Int] = []
                while true {
                    let w = stack.removeLast(); onStack[w] = false; comp.append(w)
                    if w == v { break }
                }
                out.append(comp.sorted())
            }
        }
        for v in 0..<n where index[v] < 0 { visit(v) }
        return out.reversed()
    }

    /// Calling order and tear streams. Within a loop, the order is a depth-first
    /// order from the unit that receives most streams from outside the loop, and the
    /// tears are the streams that run against it (its back edges); tears the case
    /// names are used instead when given, and must break every cycle.
    public func sequence() throws -> FlowsheetSequence {
        var groups: [FlowsheetSequence.Group] = []
        for comp in stronglyConnectedComponents() {
            let members = Set(comp)
            let inside = streams.indices.filter { k in
                members.contains(streams[k].from.unit) && streams[k].to.map { members.contains($0.unit) } == true
            }
            if comp.count == 1 && inside.isEmpty {
                groups.append(.init(units: comp, tears: []))
                continue
            }
            if let requested = requestedTears {
                let tears = inside.filter { requested.contains($0) }
                guard let order = topologicalOrder(comp, removing: Set(tears)) else {
                    let names = comp.map { units[$0].name }.joined(separator: " → ")
                    throw FlowsheetDefinitionError(subject: .unit(comp[0]), message: "the streams named under 'tear' do not break the recycle through \(names): tear one stream of every cycle")
                }
                groups.append(.init(units: order, tears: tears))
                continue
            }
            // Depth-first order from the unit fed most from outside the loop.
            func externalInlets(_ u: Int) -> Int {
                streams.filter { $0.to?.unit == u && !members.contains($0.from.unit) }.count
                    + units[u].inlets.indices.filter { streamIntoInlet[PortReference(unit: u, port: $0)] == nil }.count
            }
            let start = comp.max { externalInlets($0) < externalInlets($1) || (externalInlets($0) == externalInlets($1) && $0 > $1) }!
            var visited = Set<Int>(), post: [Int] = []
            func dfs(_ v: Int) {
                visited.insert(v)
                for w in successors(v) where members.contains(w) && !visited.contains(w) { dfs(w) }
                post.append(v)
            }
            dfs(start)
            for v in comp where !visited.contains(v) { dfs(v) }
            let order = Array(post.reversed())
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            let tears = inside.filter { k in position[streams[k].to!.unit]! <= position[streams[k].from.unit]! }
            groups.append(.init(units: order, tears: tears))
        }
        return FlowsheetSequence(groups: groups)
    }

    /// Topological order of `units` with the given streams removed, or nil when a cycle remains.
    func topologicalOrder(_ comp: [Int], removing removed: Set<Int>) -> [Int]? {
        let members = Set(comp)
        var indegree = Dictionary(uniqueKeysWithValues: comp.map { ($0, 0) })
        var edges: [Int: [Int]] = [:]
        for (k, s) in streams.enumerated() where !removed.contains(k) {
            guard let to = s.to, members.contains(s.from.unit), members.contains(to.unit) else { continue }
            edges[s.from.unit, default: []].append(to.unit)
            indegree[to.unit]! += 1
        }
        var ready = comp.filter { indegree[$0] == 0 }, order: [Int] = []
        while let v = ready.first {
            ready.removeFirst()
            order.append(v)
            for w in edges[v] ?? [] {
                indegree[w]! -= 1
                if indegree[w] == 0 { ready.append(w) }
            }
        }
        return order.count == comp.count ? order : nil
    }
}
