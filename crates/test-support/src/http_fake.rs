//! What every fake provider server shares: the accept loop on 127.0.0.1 and the way a handler asks
//! hyper to drop a connection without answering (a scripted "connection reset").

use std::fmt;
use std::future::Future;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// Returned by a handler to make hyper drop the connection without an answer.
#[derive(Debug)]
pub(crate) struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("scripted connection reset")
    }
}

impl std::error::Error for DropConnection {}

/// Serves HTTP/1.1 on `listener` until the test ends, one task per connection.
pub(crate) async fn serve<S, B, H, Fut>(listener: tokio::net::TcpListener, state: S, handle: H)
where
    S: Clone + Send + Sync + 'static,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    H: Fn(S, Request<Incoming>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<B>, DropConnection>> + Send + 'static,
{
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(state.clone(), request));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Binds a fake to an ephemeral port on 127.0.0.1.
pub(crate) async fn bind_local(name: &str) -> (tokio::net::TcpListener, std::net::SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind the fake {name} server: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local address of the fake {name} server: {e}"));
    (listener, addr)
}

/// The fake's accept loop; it stops serving when the fake is dropped.
pub(crate) struct ServerTask(tokio::task::JoinHandle<()>);

impl ServerTask {
    pub(crate) fn spawn(serving: impl Future<Output = ()> + Send + 'static) -> Self {
        Self(tokio::spawn(serving))
    }
}

impl Drop for ServerTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A test that panicked while holding a fake's lock has already failed; keep serving the others.
pub(crate) fn lock_state<T>(state: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
