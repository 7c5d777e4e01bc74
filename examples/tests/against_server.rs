//! Runs every example program against the embedded reference server, as a user would: a real
//! listener, QUAY_URL and QUAY_TOKEN in the environment, and the exit status checked.

use std::process::Command;

use quay_sdk::Client;
use quay_sdk::models::{CreateInstallUser, UserInitialize};

struct Server {
    url: String,
    token: String,
    _running: quay_server::Running,
    _dir: tempfile::TempDir,
}

async fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = quay_server::Store::open(dir.path()).unwrap();
    // Full superuser access: quota-limits writes organization quotas, which Quay allows only then.
    // repo-mirror names the server itself as its upstream: loopback passes the SSRF rules.
    let config = quay_server::Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
        ..quay_server::Config::default()
    };
    let state = quay_server::AppState::new(store, config);
    let running = quay_server::start(state, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let url = running.url();
    let anonymous = Client::anonymous(&url).unwrap();
    let init = UserInitialize::new("quayadmin", "password123")
        .email("quayadmin@example.com")
        .access_token(true);
    let token = anonymous
        .user()
        .initialize(&init)
        .await
        .unwrap()
        .access_token
        .unwrap()
        .expose()
        .to_string();
    let admin = anonymous.with_token(&token);
    for user in ["alice", "bob"] {
        admin
            .superuser()
            .users()
            .create(&CreateInstallUser::new(user).email(format!("{user}@example.com")))
            .await
            .unwrap();
    }
    Server {
        url,
        token,
        _running: running,
        _dir: dir,
    }
}

fn run(server: &Server, bin: &str, args: &[&str]) -> String {
    let out = Command::new(bin)
        .args(args)
        .env("QUAY_URL", &server.url)
        .env("QUAY_TOKEN", &server.token)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{bin} {args:?} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    stdout
}

#[tokio::test(flavor = "multi_thread")]
async fn the_examples_work_against_the_reference_server() {
    let s = server().await;
    let setup = run(
        &s,
        env!("CARGO_BIN_EXE_org-setup"),
        &["acme", "alice", "bob"],
    );
    assert!(setup.contains("acme"), "{setup}");
    // A second run changes nothing and still succeeds.
    run(
        &s,
        env!("CARGO_BIN_EXE_org-setup"),
        &["acme", "alice", "bob"],
    );
    let audit = run(&s, env!("CARGO_BIN_EXE_access-audit"), &["acme"]);
    assert!(audit.contains("alice"), "{audit}");
    let again = run(&s, env!("CARGO_BIN_EXE_access-audit"), &["acme"]);
    assert_eq!(audit, again, "the audit is deterministic");
    let housekeeping = run(
        &s,
        env!("CARGO_BIN_EXE_superuser-housekeeping"),
        &["acme", "10 GiB"],
    );
    assert!(
        housekeeping.contains("alice") && housekeeping.contains("acme"),
        "{housekeeping}"
    );
    let robots = run(
        &s,
        env!("CARGO_BIN_EXE_robot-inventory"),
        &["acme", "auditor"],
    );
    assert!(robots.contains("created robot acme+auditor"), "{robots}");
    let again = run(
        &s,
        env!("CARGO_BIN_EXE_robot-inventory"),
        &["acme", "auditor"],
    );
    assert!(again.contains("robot acme+auditor exists"), "{again}");
    // housekeeping set a 10 GiB quota on acme: the limits are added to it, once.
    let quota = run(
        &s,
        env!("CARGO_BIN_EXE_quota-limits"),
        &["acme", "50 GiB", "80", "100"],
    );
    assert!(
        quota.contains("quota 10.0 GiB")
            && quota.contains("added a Warning limit at 80 %")
            && quota.contains("8.0 GiB"),
        "{quota}"
    );
    let again = run(&s, env!("CARGO_BIN_EXE_quota-limits"), &["acme", "50 GiB"]);
    assert!(!again.contains("added"), "{again}");
    // An organization without a quota gets SIZE first.
    Client::new(&s.url, &s.token)
        .unwrap()
        .organizations()
        .create(&quay_sdk::models::NewOrg::new("quotademo").email("quotademo@example.com"))
        .await
        .unwrap();
    let fresh = run(
        &s,
        env!("CARGO_BIN_EXE_quota-limits"),
        &["quotademo", "50 GiB", "90", "100"],
    );
    assert!(
        fresh.contains("set a quota of 50 GiB on quotademo")
            && fresh.contains("quota 50.0 GiB")
            && fresh.contains("45.0 GiB"),
        "{fresh}"
    );
    // A mirror of an upstream repository (the server itself: nothing syncs from it here).
    let upstream = format!("{}/library/alpine", s.url.trim_start_matches("http://"));
    let args = ["acme", "alpine", upstream.as_str(), "3.*", "latest"];
    let mirror = run(&s, env!("CARGO_BIN_EXE_repo-mirror"), &args);
    assert!(
        mirror.contains("created robot acme+mirror")
            && mirror.contains("created repository acme/alpine")
            && mirror.contains(&format!("acme/alpine now mirrors {upstream}"))
            && mirror.contains("sync requested")
            && mirror.contains("SYNC_NOW")
            && mirror.contains("3.*, latest")
            && mirror.contains("mirrors of acme: 1 (healthy)"),
        "{mirror}"
    );
    let again = run(
        &s,
        env!("CARGO_BIN_EXE_repo-mirror"),
        &["acme", "alpine", upstream.as_str()],
    );
    assert!(
        again.contains(&format!(
            "acme/alpine mirrored {upstream}; now {upstream} (latest)"
        )) && !again.contains("created")
            && again.contains("sync requested"),
        "{again}"
    );
    // A deploy robot reaching every new repository, with a rotated token kept in a file.
    let token_file = s._dir.path().join("shipper.token");
    let provision = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_robot-provision"))
            .args(args)
            .env("QUAY_URL", &s.url)
            .env("QUAY_TOKEN", &s.token)
            .env("QUAY_ROBOT_TOKEN_FILE", &token_file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let first = provision(&["acme", "shipper"]);
    assert!(
        first.contains("created robot acme+shipper")
            && first.contains("new repositories will give acme+shipper read")
            && first.contains("rotated the token of acme+shipper; the new one is in"),
        "{first}"
    );
    let admin = Client::new(&s.url, &s.token).unwrap();
    let robot = admin.organization("acme").robot("shipper");
    let kept = std::fs::read_to_string(&token_file).unwrap();
    let current = robot.get().await.unwrap().token.unwrap();
    assert_eq!(kept.trim(), current.expose());
    assert!(
        !first.contains(current.expose()),
        "the token must not be printed"
    );
    admin
        .repositories()
        .create(
            &quay_sdk::models::NewRepo::new(
                "deploy-target",
                quay_sdk::models::RepositoryVisibility::Private,
                "",
            )
            .namespace("acme"),
        )
        .await
        .unwrap();
    let perms = admin
        .repository("acme/deploy-target")
        .unwrap()
        .permissions()
        .list_users()
        .await
        .unwrap();
    assert_eq!(
        perms.permissions["acme+shipper"].role,
        quay_sdk::models::RepositoryRole::Read
    );
    let second = provision(&[
        "acme",
        "shipper",
        "write",
        "https://token.actions.githubusercontent.com",
        "repo:acme/web:ref:refs/heads/main",
    ]);
    assert!(
        second.contains("robot acme+shipper exists")
            && second.contains("new repositories now give acme+shipper write (was read)")
            && second.contains(
                "acme+shipper accepts tokens of https://token.actions.githubusercontent.com"
            )
            && second.contains("default permissions of acme: 1"),
        "{second}"
    );
    let rotated = std::fs::read_to_string(&token_file).unwrap();
    assert_ne!(rotated, kept, "the token was rotated");
    assert_eq!(robot.federation().await.unwrap().len(), 1);
    let third = provision(&["acme", "shipper", "write"]);
    assert!(third.contains("already give acme+shipper write"), "{third}");

    // The audit trail and quota use of the organization the programs above worked on.
    let report = run(&s, env!("CARGO_BIN_EXE_org-report"), &["acme", "3", "5"]);
    assert!(
        report.contains("acme: quota 10.0 GiB")
            && report.contains("Warning at 80 %")
            && report.contains("org_create")
            && report.contains("latest 5 entries")
            && report.contains("quayadmin"),
        "{report}"
    );
    let me = run(&s, env!("CARGO_BIN_EXE_whoami"), &[]);
    assert!(
        me.contains("quayadmin") && me.contains("not found, as expected"),
        "{me}"
    );
}

#[test]
fn missing_configuration_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_access-audit"))
        .env_remove("QUAY_URL")
        .env_remove("QUAY_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
