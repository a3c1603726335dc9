import CGSL

/// A GSL status code turned into a Swift value: GSL's abort-on-error handler is
/// off in RareSep (see `GSL.configure()`), so every failure reaches us as a code.
public struct GSLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The raw GSL status code (`GSL_E*` from gsl_errno.h).
    public let code: Int32
    /// What RareSep was doing when GSL returned the code.
    public let context: String

    public init(code: Int32, context: String) {
        self.code = code
        self.context = context
    }

    /// GSL's own text for the code (`gsl_strerror`).
    public var reason: String { String(cString: gsl_strerror(code)) }

    public var description: String { "GSL error \(code) (\(reason)) in \(context)" }

    /// Throw when `status` is not `GSL_SUCCESS`.
    public static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        if status != Int32(GSL_SUCCESS) { throw GSLError(code: status, context: context()) }
    }
}

/// Process-wide GSL set-up.
public enum GSL {
    /// Switch GSL's abort-on-error handler off so that failures come back as
    /// status codes. Idempotent and cheap; every bridge entry point calls it.
    public static func configure() {
        _ = configured
    }

    /// Version of the GSL library linked at run time (e.g. "2.7.1"), and of the headers
    /// RareSep was compiled against.
    public static var runtimeVersion: String { String(cString: raresep_gsl_runtime_version()) }
    /// GSL version of the headers at compile time.
    public static var headerVersion: String { GSL_VERSION }

    private static let configured: Bool = {
        gsl_set_error_handler_off()
        return true
    }()
}
