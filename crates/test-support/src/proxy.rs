//! A TCP proxy on 127.0.0.1 that can be switched off, to simulate a database outage: while down it
//! drops every open connection and refuses new ones; switched on again, it forwards as before.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    address: SocketAddr,
    down: Arc<AtomicBool>,
    /// Bumped on every outage so connections opened before it are cut.
    generation: watch::Sender<u64>,
    epoch: Arc<AtomicU64>,
}

impl TcpProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let address = listener.local_addr().expect("proxy address");
        let down = Arc::new(AtomicBool::new(false));
        let (generation, watcher) = watch::channel(0u64);
        let epoch = Arc::new(AtomicU64::new(0));
        let is_down = down.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let mut cut = watcher.clone();
                let born = *cut.borrow();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        _ = async {
                            while cut.changed().await.is_ok() {
                                if *cut.borrow() != born {
                                    break;
                                }
                            }
                        } => {}
                    }
                });
            }
        });
        Self {
            address,
            down,
            generation,
            epoch,
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Cuts every open connection and refuses new ones until [`TcpProxy::up`].
    pub fn down(&self) {
        self.down.store(true, Ordering::SeqCst);
        let next = self.epoch.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.generation.send(next);
    }

    pub fn up(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}
