//! The TLS backend the crate's features choose, made ready before any `reqwest::Client` is
//! built (README, "Choosing TLS").

/// With `rustls-ring`, installs ring as the process's rustls provider unless one is installed
/// already (an application's own choice wins). reqwest, built without a provider of its own,
/// uses the process's; with `rustls-aws-lc-rs` alone it brings aws-lc-rs itself, and
/// `native-tls` needs nothing here.
pub(crate) fn prepare() {
    #[cfg(feature = "rustls-ring")]
    {
        // Err means a provider is installed already: that one stays.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
