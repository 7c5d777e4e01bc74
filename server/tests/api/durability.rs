//! kill -9 of the server process under concurrent writers: after a restart on the same data
//! directory, every write the server acknowledged is there (commits are durable before the
//! answer is sent).

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn spawn(dir: &std::path::Path) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_quay-server"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..300 {
        if reqwest::get(format!("{}/api/v1/user/", server.url))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("quay-server did not start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let mut server = spawn(dir.path()).await;
    let created: Value = http
        .post(format!("{}/api/v1/user/initialize", server.url))
        .json(&json!({"username": "quayadmin", "password": "password123",
                      "email": "quayadmin@example.com", "access_token": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["access_token"].as_str().unwrap().to_string();
    let status = http
        .post(format!("{}/api/v1/organization/", server.url))
        .bearer_auth(&token)
        .json(&json!({"name": "durable", "email": "durable@example.com"}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 201);

    // 32 writers creating teams until the process dies; each remembers what was acknowledged.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let writers: Vec<_> = (0..32)
        .map(|w| {
            let (http, token, url) = (http.clone(), token.clone(), server.url.clone());
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                for n in 0.. {
                    let team = format!("team{w}x{n}");
                    let sent = http
                        .put(format!("{url}/api/v1/organization/durable/team/{team}"))
                        .bearer_auth(&token)
                        .json(&json!({"role": "member"}))
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status() == 200 => acknowledged.lock().unwrap().push(team),
                        Ok(r) => panic!("unexpected {} for {team}", r.status()),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    // Kill once a good number of writes were acknowledged, in the middle of the load.
    while acknowledged.lock().unwrap().len() < 300 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    drop(server);

    let server = spawn(dir.path()).await;
    let org: Value = http
        .get(format!("{}/api/v1/organization/durable", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let teams = org["teams"].as_object().unwrap();
    let acknowledged = acknowledged.lock().unwrap();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|t| !teams.contains_key(t.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
}
