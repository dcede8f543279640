//! `inkdesk`: `serve`, `migrate`, `check-config`, `healthcheck`.

use std::process::ExitCode;

use inkdesk_server::config::{self, EXIT_CONFIG, Settings};
use inkdesk_server::{install_crypto_provider, telemetry};

const USAGE: &str = "usage: inkdesk <serve|migrate|check-config|healthcheck>";

fn main() -> ExitCode {
    install_crypto_provider();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "serve" => with_settings(|settings| runtime_block_on(inkdesk_server::serve(settings))),
        "migrate" => with_settings(|settings| runtime_block_on(migrate(settings))),
        "check-config" => with_settings(|settings| {
            println!(
                "inkdesk: configuration valid for APP_ENV={} (booking mode {}, dry run {})",
                settings.app_env.as_str(),
                settings.booking_mode().as_str(),
                settings.whatsapp_dry_run()
            );
            ExitCode::SUCCESS
        }),
        "healthcheck" => healthcheck(),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(64)
        }
    }
}

fn with_settings(run: impl FnOnce(Settings) -> ExitCode) -> ExitCode {
    match config::load() {
        Ok(settings) => {
            telemetry::init(settings.log_format, &settings.rust_log);
            run(settings)
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(EXIT_CONFIG as u8)
        }
    }
}

fn runtime_block_on<E: std::fmt::Display>(work: impl Future<Output = Result<(), E>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("inkdesk: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(work) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = %error, "inkdesk stopped with an error");
            eprintln!("inkdesk: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(settings: Settings) -> Result<(), inkdesk_server::ServeError> {
    let url = settings
        .database_url
        .ok_or(inkdesk_server::ServeError::NoDatabase)?;
    let applied = inkdesk_postgres::run_pending_migrations(url.expose()).await?;
    println!("inkdesk: {} migration(s) applied", applied.len());
    Ok(())
}

/// GET /health on the local bind address with a plain TCP request (the container image has no curl).
fn healthcheck() -> ExitCode {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    let bind = std::env::var("BIND_ADDRESS").unwrap_or_else(|_| "0.0.0.0:8080".into());
    let Ok(mut address) = bind.parse::<SocketAddr>() else {
        eprintln!("inkdesk healthcheck: BIND_ADDRESS is not host:port");
        return ExitCode::FAILURE;
    };
    if address.ip().is_unspecified() {
        address.set_ip([127, 0, 0, 1].into());
    }
    let result = (|| -> std::io::Result<bool> {
        let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
        stream.set_read_timeout(Some(Duration::from_secs(3)))?;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head)?;
        Ok(head.starts_with(b"HTTP/1.1 200"))
    })();
    match result {
        Ok(true) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
