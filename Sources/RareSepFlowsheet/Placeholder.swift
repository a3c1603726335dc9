// Cascade solver lives here.
