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
