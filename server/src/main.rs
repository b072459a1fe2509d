//! `loket-server [--config FILE]`: the reference backend. See `Config` for the settings.

use std::process::ExitCode;

use loket_server::config::{Config, LogFormat};
use tokio::net::TcpListener;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_sources(&args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    init_logging(config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn run(config: Config) -> Result<(), String> {
    let state = loket_server::prepare(&config).await.map_err(|e| e.to_string())?;
    // Handlers go in before the port opens: a SIGTERM that arrives as soon as the port answers
    // (an orchestrator's quick restart) must still stop the server cleanly, not kill it.
    let shutdown = shutdown_signal()?;
    let listener = TcpListener::bind(config.addr).await.map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, url = %format!("http://{addr}/"), "listening");
    loket_server::serve(state, listener, shutdown).await.map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Installs the SIGINT and SIGTERM handlers now and returns a future that resolves on either;
/// requests in flight then finish before the process exits.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let handler = |kind| signal(kind).map_err(|e| format!("cannot handle shutdown signals: {e}"));
    let mut term = handler(SignalKind::terminate())?;
    let mut int = handler(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
        tracing::info!("shutdown requested; finishing requests in flight");
    })
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LOKET_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_ansi(false).init(),
    }
}

/// One readable line on stderr and a non-zero exit: no panic, no backtrace.
fn fail(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("loket-server: error: {message}");
    ExitCode::from(2)
}
