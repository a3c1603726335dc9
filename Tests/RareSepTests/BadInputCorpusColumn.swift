import Foundation

/// Corpus entries on column cases (cases/column-b1.yaml = .columnB1,
/// cases/column-dga-pr-nd-dy.yaml = .columnDGA).
enum ColumnCorpus {
    static let inlet = "inlet: {A: 1 mol/m3, B: 1 mol/m3, C: 1 mol/m3}"
    static let isothermFile = "file: Models/isotherms/todga-resin-hno3-pr-nd-dy.yaml"

    static func b1(_ id: String, _ kind: BadInputClass, _ a: String, _ b: String, says: [String] = []) -> BadInput {
        bad(id, kind, .columnB1, .replace(a, b), says: says)
    }

    /// The inline Langmuir isotherm of column-b1, replaced by the binding-model entries.
    static let langmuir = "  id: langmuir\n  K: {A: 0.25 m3/mol, B: 0.5 m3/mol, C: 0.9 m3/mol}\n  q_max: 50 mol/m3"

    /// column-b1 with component A as the SMA counter-ion and these isotherm lines.
    static func sma(_ id: String, _ kind: BadInputClass, _ lines: String, says: [String]) -> BadInput {
        b1(id, kind, langmuir, "  id: steric-mass-action\n" + lines, says: says)
    }

    /// Binding models (issue 15): steric mass action, MPM, Freundlich, bi-Langmuir, kinetic binding, transport.
    static let bindingEntries: [BadInput] = [
        sma("col-sma-missing-counter-ion", .missingKey, "  ionic_capacity: 1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: 3\n  sigma: 5",
            says: ["counter_ion"]),
        sma("col-sma-counter-ion-not-a-component", .unknownKey,
            "  counter_ion: Na\n  ionic_capacity: 1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: 3\n  sigma: 5", says: ["Na", "counter-ion"]),
        sma("col-sma-nu-zero", .meaningless,
            "  counter_ion: A\n  ionic_capacity: 1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: {B: 0, C: 3}\n  sigma: 5", says: ["nu", "0"]),
        sma("col-sma-nu-negative", .meaningless,
            "  counter_ion: A\n  ionic_capacity: 1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: -3\n  sigma: 5", says: ["-3"]),
        sma("col-sma-sigma-negative", .meaningless,
            "  counter_ion: A\n  ionic_capacity: 1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: 3\n  sigma: -1", says: ["-1", "sigma"]),
        sma("col-sma-capacity-negative", .meaningless,
            "  counter_ion: A\n  ionic_capacity: -1200 mol/m3\n  K: {B: 1, C: 2}\n  nu: 3\n  sigma: 5", says: ["-1200"]),
        sma("col-sma-K-for-counter-ion", .meaningless,
            "  counter_ion: A\n  ionic_capacity: 1200 mol/m3\n  K: {A: 1, B: 1, C: 2}\n  nu: 3\n  sigma: 5", says: ["counter-ion"]),
        sma("col-sma-K-negative", .meaningless,
            "  counter_ion: A\n  ionic_capacity: 1200 mol/m3\n  K: {B: -1, C: 2}\n  nu: 3\n  sigma: 5", says: ["-1"]),
        b1("col-mpm-without-modifier", .missingKey, langmuir,
           "  id: langmuir-mpm\n  K_ref: 0.1 m3/mol\n  q_max: 50 mol/m3\n  beta: 3\n  reference_modifier: 1 mol/L", says: ["modifier"]),
        b1("col-freundlich-n-zero", .meaningless, langmuir, "  id: freundlich\n  K_F: 10 mol/m3\n  n: 0", says: ["n"]),
        b1("col-freundlich-K-negative", .meaningless, langmuir, "  id: freundlich\n  K_F: -10 mol/m3\n  n: 2", says: ["-10"]),
        b1("col-bilangmuir-missing-site-2", .missingKey, langmuir,
           "  id: bi-langmuir\n  K_1: 0.5 m3/mol\n  q_max_1: 50 mol/m3", says: ["K_2"]),
        b1("col-kinetic-binding-freundlich", .meaningless, "  ldf_rate: 0.06 1/s\nisotherm:\n" + langmuir,
           "  binding: kinetic\n  desorption_rate: 0.06 1/s\nisotherm:\n  id: freundlich\n  K_F: 10 mol/m3\n  n: 2", says: ["binding", "freundlich"]),
        b1("col-ldf-rate-table-missing-component", .missingKey, "  ldf_rate: 0.06 1/s", "  ldf_rate: {A: 0.06 1/s, B: 0.06 1/s}", says: ["C"]),
        b1("col-film-negative", .meaningless, "  model: lrm", "  model: lrmp\n  film_transfer: -1e-5 m/s\n  particle_radius: 50 um", says: ["-1e-5"]),
        b1("col-pore-diffusivity-negative", .meaningless, "  model: lrm",
           "  model: grm\n  film_transfer: 1e-5 m/s\n  particle_radius: 50 um\n  pore_diffusivity: {A: 1e-11 m2/s, B: -1e-11 m2/s, C: 1e-11 m2/s}",
           says: ["-1e-11"]),
    ]

    static let entries: [BadInput] = [
        b1("col-syntax-unclosed-list", .syntax, "  length: 0.20 m", "  length: [0.20 m"),
        b1("col-syntax-unclosed-brace", .syntax, inlet, "inlet: {A: 1 mol/m3, B: 1 mol/m3, C: 1 mol/m3"),
        b1("col-type-length-list", .wrongType, "  length: 0.20 m", "  length: [0.20 m]", says: ["length"]),
        b1("col-type-cells-fraction", .wrongType, "  cells: 120", "  cells: 120.5", says: ["120.5"]),
        b1("col-type-duration-list", .wrongType, "    duration: 6000 s", "    duration: [6000 s]", says: ["duration"]),
        b1("col-type-programme-mapping", .wrongType, "programme:\n  - name: load", "programme:\n  load:\n  - name: load", says: ["programme"]),
        b1("col-type-model-number", .wrongType, "  model: lrm", "  model: 3", says: ["3"]),
        bad("col-missing-isotherm", .missingKey, .columnB1, .deleteKey("isotherm"), says: ["isotherm"]),
        bad("col-missing-programme", .missingKey, .columnB1, .deleteKey("programme"), says: ["programme"]),
        bad("col-missing-length", .missingKey, .columnB1, .deleteLine("  length: 0.20 m"), says: ["length"]),
        bad("col-missing-duration", .missingKey, .columnB1, .deleteLine("    duration: 6000 s"), says: ["duration"]),
        bad("col-missing-velocity", .missingKey, .columnB1, .deleteLine("  superficial_velocity: 0.37 mm/s"), says: ["velocity"]),
        b1("col-unknown-column-key", .unknownKey, "  length: 0.20 m", "  length: 0.20 m\n  lenght: 0.3 m", says: ["lenght"]),
        b1("col-unknown-numerics-key", .unknownKey, "  cells: 120", "  cells: 120\n  cfl: 0.5", says: ["cfl"]),
        b1("col-unknown-model", .unknownKey, "  model: lrm", "  model: lrn", says: ["lrn"]),
        b1("col-unknown-isotherm-id", .unknownKey, "  id: langmuir", "  id: langmiur", says: ["langmiur"]),
        b1("col-unknown-inlet-component", .unknownKey, inlet, "inlet: {A: 1 mol/m3, B: 1 mol/m3, D: 1 mol/m3}", says: ["D"]),
        b1("col-dup-porosity", .duplicateKey, "  bed_porosity: 0.37", "  bed_porosity: 0.37\n  bed_porosity: 0.5", says: ["bed_porosity"]),
        b1("col-dup-inlet-component", .duplicateKey, inlet, "inlet: {A: 1 mol/m3, B: 1 mol/m3, C: 1 mol/m3, A: 5 mol/m3}", says: ["A"]),
        b1("col-dup-isotherm-K", .duplicateKey, "  K: {A: 0.25 m3/mol,", "  K: {A: 0.25 m3/mol, A: 2.5 m3/mol,", says: ["A"]),
        b1("col-huge-cells-1e8", .hugeCount, "  cells: 120", "  cells: 100000000", says: ["100000000"]),
        b1("col-huge-cells-1e12", .hugeCount, "  cells: 120", "  cells: 1000000000000", says: ["1000000000000"]),
        b1("col-huge-cells-int-max", .hugeCount, "  cells: 120", "  cells: 9223372036854775807", says: ["9223372036854775807"]),
        b1("col-huge-output-count", .hugeCount, "  count: 1801", "  count: 1000000000000", says: ["1000000000000"]),
        b1("col-huge-output-step", .hugeCount, "output:\n  count: 1801", "output:\n  step: 1e-9 s", says: ["1e-9"]),
        b1("col-ovf-velocity-1e308", .overflow, "  superficial_velocity: 0.37 mm/s", "  superficial_velocity: 1e308 mm/s", says: ["1e308"]),
        b1("col-ovf-inlet-inf", .overflow, inlet, "inlet: {A: .inf mol/m3, B: 1 mol/m3, C: 1 mol/m3}", says: [".inf"]),
        b1("col-ovf-inlet-1e308-g", .overflow, inlet, "inlet: {A: 1e308 mol/m3, B: 1 mol/m3, C: 1 mol/m3}", says: ["1e308"]),
        b1("col-ovf-qmax-nan", .overflow, "  q_max: 50 mol/m3", "  q_max: nan mol/m3", says: ["nan"]),
        b1("col-ovf-duration-1e300", .overflow, "    duration: 6000 s", "    duration: 1e300 s", says: ["1e300"]),
        b1("col-ovf-dispersion-inf", .overflow, "  axial_dispersion: 2e-7 m2/s", "  axial_dispersion: .inf m2/s", says: [".inf"]),
        b1("col-ovf-ldf-1e308", .overflow, "  ldf_rate: 0.06 1/s", "  ldf_rate: 1e308 1/s", says: ["1e308"]),
        b1("col-bad-qmax-zero", .meaningless, "  q_max: 50 mol/m3", "  q_max: 0 mol/m3", says: ["q_max"]),
        b1("col-bad-qmax-negative", .meaningless, "  q_max: 50 mol/m3", "  q_max: -50 mol/m3", says: ["-50"]),
        b1("col-bad-bed-porosity-zero", .meaningless, "  bed_porosity: 0.37", "  bed_porosity: 0", says: ["bed_porosity"]),
        b1("col-bad-bed-porosity-one", .meaningless, "  bed_porosity: 0.37", "  bed_porosity: 1", says: ["bed_porosity"]),
        b1("col-bad-particle-porosity-one", .meaningless, "  particle_porosity: 0.5", "  particle_porosity: 1", says: ["particle_porosity"]),
        b1("col-bad-porosity-negative", .meaningless, "  bed_porosity: 0.37", "  bed_porosity: -0.37", says: ["-0.37"]),
        b1("col-bad-velocity-zero", .meaningless, "  superficial_velocity: 0.37 mm/s", "  superficial_velocity: 0 mm/s", says: ["velocity"]),
        b1("col-bad-velocity-negative", .meaningless, "  superficial_velocity: 0.37 mm/s", "  superficial_velocity: -0.37 mm/s", says: ["-0.37"]),
        b1("col-bad-length-zero", .meaningless, "  length: 0.20 m", "  length: 0 m", says: ["length"]),
        b1("col-bad-duration-zero", .meaningless, "    duration: 6000 s", "    duration: 0 s", says: ["duration"]),
        b1("col-bad-duration-negative", .meaningless, "    duration: 6000 s", "    duration: -6000 s", says: ["-6000"]),
        b1("col-bad-ldf-negative", .meaningless, "  ldf_rate: 0.06 1/s", "  ldf_rate: -0.06 1/s", says: ["-0.06"]),
        b1("col-bad-dispersion-negative", .meaningless, "  axial_dispersion: 2e-7 m2/s", "  axial_dispersion: -2e-7 m2/s", says: ["-2e-7"]),
        b1("col-bad-cells-zero", .meaningless, "  cells: 120", "  cells: 0", says: ["cells"]),
        b1("col-bad-rtol-zero", .meaningless, "  rtol: 3e-5", "  rtol: 0", says: ["rtol"]),
        b1("col-bad-K-negative", .meaningless, "  K: {A: 0.25 m3/mol,", "  K: {A: -0.25 m3/mol,", says: ["-0.25"]),
        b1("col-bad-inlet-negative", .meaningless, inlet, "inlet: {A: -1 mol/m3, B: 1 mol/m3, C: 1 mol/m3}", says: ["-1"]),
        bad("col-bad-fraction-end-before-start", .meaningless, .columnDGA,
            .replace("{name: Pr-cut, from: 1.5 h, to: 2.5 h", "{name: Pr-cut, from: 2.5 h, to: 1.5 h"), says: ["1.5 h"]),
        bad("col-bad-fraction-beyond-programme", .meaningless, .columnDGA,
            .replace("{name: Dy-cut, from: 4.2 h, to: 5.3 h", "{name: Dy-cut, from: 4.2 h, to: 100 h"), says: ["100 h"]),
        bad("col-bad-output-times-decreasing", .meaningless, .columnB1, .replace("  count: 1801", "  times: [100 s, 50 s]"), says: ["50 s"]),
        b1("col-unit-length-is-time", .unit, "  length: 0.20 m", "  length: 0.20 s", says: ["0.20 s"]),
        b1("col-unit-velocity-is-length", .unit, "  superficial_velocity: 0.37 mm/s", "  superficial_velocity: 0.37 mm", says: ["0.37 mm"]),
        b1("col-unit-duration-is-length", .unit, "    duration: 6000 s", "    duration: 6000 m", says: ["6000 m"]),
        b1("col-unit-K-is-concentration", .unit, "  K: {A: 0.25 m3/mol,", "  K: {A: 0.25 mol/m3,", says: ["0.25 mol/m3"]),
        b1("col-unit-inlet-is-flow", .unit, inlet, "inlet: {A: 1 L/h, B: 1 mol/m3, C: 1 mol/m3}", says: ["1 L/h"]),
        b1("col-unit-porosity-with-unit", .unit, "  bed_porosity: 0.37", "  bed_porosity: 0.37 m", says: ["0.37 m"]),
        b1("col-unit-unknown", .unit, "  axial_dispersion: 2e-7 m2/s", "  axial_dispersion: 2e-7 acres/s", says: ["acres"]),
        b1("col-dupname-section", .duplicateName, "  - name: wash", "  - name: load", says: ["load"]),
        b1("col-dupname-component", .duplicateName, "components: [A, B, C]", "components: [A, B, C, A]", says: ["A"]),
        bad("col-dupname-fraction", .duplicateName, .columnDGA, .replace("{name: Nd-cut,", "{name: Pr-cut,"), says: ["Pr-cut"]),
        bad("col-read-isotherm-proc-status", .readPath, .columnDGA, .replace(isothermFile, "file: /proc/self/status"), says: ["isotherm"]).never(SystemFileText.procStatus),
        bad("col-read-isotherm-etc-passwd", .readPath, .columnDGA, .replace(isothermFile, "file: /etc/passwd"), says: ["isotherm"]).never(SystemFileText.passwd),
        bad("col-read-isotherm-dev-zero", .readPath, .columnDGA, .replace(isothermFile, "file: /dev/zero"), says: ["isotherm"]),
        bad("col-read-isotherm-directory", .readPath, .columnDGA, .replace(isothermFile, "file: ."), says: ["isotherm"]),
        bad("col-read-isotherm-nonexistent", .readPath, .columnDGA, .replace(isothermFile, "file: nope.yaml"), says: ["nope.yaml"]),
        bad("col-read-isotherm-is-extraction-model", .readPath, .columnDGA,
            .replace(isothermFile, "file: Models/extraction/d2ehpa-chloride-mass-action.yaml"), says: ["isotherm"]),
        bad("col-read-isotherm-binary", .readPath, .columnDGA, .replace(isothermFile, "file: garbage.bin"), says: ["isotherm"])
            .with(("garbage.bin", .bytes(CorpusFiles.garbage(4096, seed: 11)))),
    ]
}
