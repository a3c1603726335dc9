// swift-tools-version:6.1
import PackageDescription

// RareSep: rare-earth separation process simulator (solvent-extraction cascades,
// adsorption columns, parameter fitting) on top of GSL.
let package = Package(
    name: "RareSep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "raresep", targets: ["raresep"]),
        .library(name: "RareSepKit", targets: ["RareSepIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // GSL through pkg-config; shim.h holds static inline accessors Swift 6 needs.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "pkg-config"]), .brew(["gsl", "pkg-config"])]
        ),
        // The only module that imports CGSL.
        .target(name: "GSLBridge", dependencies: ["CGSL"]),
        // Units, elements, errors, solver outcome types.
        .target(name: "RareSepCore"),
        // The one BDF integrator (ODE / index-1 DAE with a mass matrix) over a Newton linear-solver protocol; BandedLU.
        .target(name: "RareSepODE", dependencies: ["RareSepCore"]),
        // Distribution models (and later isotherms): one file each plus a registry line.
        .target(name: "RareSepChemistry", dependencies: ["RareSepCore", "GSLBridge"]),
        // Cascades, stage kernel, steady-state solver.
        .target(name: "RareSepCascade", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepODE", "GSLBridge"]),
        // Dynamic mixer-settler cascades: hold-ups, the DAE on the stage kernel, events.
        .target(name: "RareSepDynamics", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepCascade", "RareSepODE", "RareSepFlowsheet"]),
        // Emulsion-flow (differential) contactor: hydrodynamics, mass transfer and the
        // counter-current balances along the height as a boundary-value problem.
        .target(name: "RareSepContactor", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepCascade", "GSLBridge"]),
        // Plants: streams, unit operations with ports, flowsheets with recycles (tear streams).
        .target(name: "RareSepFlowsheet", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepCascade", "RareSepColumn", "RareSepContactor"]),
        // Equipment sizing from solved units and Models/equipment data: mixer-settlers,
        // emulsion-flow contactors, columns, tanks, reagents, footprint, cost proxies.
        .target(name: "RareSepSizing", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepCascade", "RareSepContactor", "RareSepColumn", "RareSepFlowsheet"]),
        // Adsorption / extraction-chromatography columns: LRM/LRMP, FV-WENO3 + banded BDF.
        .target(name: "RareSepColumn", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepODE", "RareSepCascade", "GSLBridge"]),
        // Datasets, parameter maps, estimator, covariance and intervals.
        .target(name: "RareSepFitting", dependencies: ["RareSepCore", "RareSepChemistry", "GSLBridge"]),
        // Design: shortcut methods (Kremser, Fenske, fractional extraction) and the
        // stage-count × flow search over a cascade with warm starts.
        .target(name: "RareSepDesign", dependencies: ["RareSepCore", "RareSepChemistry", "RareSepCascade"]),
        // Case and model files, outputs, validation runner.
        .target(name: "RareSepIO", dependencies: [
            "RareSepCore", "RareSepChemistry", "RareSepCascade", "RareSepDynamics", "RareSepFlowsheet", "RareSepColumn", "RareSepContactor", "RareSepFitting", "RareSepDesign", "RareSepSizing", "GSLBridge",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Benchmarks behind `raresep bench`: RareSep against a dense GSL baseline.
        .target(name: "RareSepBench", dependencies: ["RareSepIO", "RareSepCascade", "RareSepDesign", "RareSepDynamics", "RareSepContactor", "RareSepFlowsheet", "RareSepColumn", "RareSepODE", "GSLBridge"]),
        // Allocation counter linked into the CLI only (interposes malloc to count).
        .target(name: "CAllocationCounter"),
        // Thin CLI.
        .executableTarget(name: "raresep", dependencies: [
            "RareSepIO", "RareSepFlowsheet", "RareSepBench", "CAllocationCounter", "GSLBridge",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "RareSepTests", dependencies: [
            "RareSepIO", "RareSepCascade", "RareSepFlowsheet", "RareSepChemistry", "RareSepCore", "GSLBridge", "RareSepColumn", "RareSepContactor", "RareSepFitting", "RareSepDesign",
            "RareSepSizing", "RareSepODE", "RareSepDynamics", "RareSepBench",
        ]),
    ]
)
