/// Every validation check by id; a spec.yaml names one. One file per check plus one line here.
public enum ValidationRegistry {
    public static let all: [ValidationCheck] = [
        KremserCheck.check,
        CascadeProfilesCheck.check,
        ColumnOutletReferenceCheck.check,
        ColumnFirstMomentCheck.check,
        ColumnGridConvergenceCheck.check,
        ColumnLangmuirRollupCheck.check,
        ColumnMassBalanceCheck.check,
        ColumnGradientElutionCheck.check,
        CorrelationDistributionCheck.check,
        BatchEquilibriumCheck.check,
        SlopeAnalysisCheck.check,
        ChemistryCascadeCheck.check,
        NISTNonlinearCheck.check,
        UKyRefitCheck.check,
        FitSpecReferenceCheck.check,
        BreakthroughFitCheck.check,
        FlowsheetStreamsCheck.check,
        ColumnCarouselCheck.check,
    ]
}
