//! A throwaway PostgreSQL cluster for a test (issue 19 §4): `initdb` in a temporary folder,
//! the server on a unix socket in that folder (no port to collide with another run), stopped
//! and removed when dropped. `initdb` and `postgres` refuse to run as root, and CI runs as
//! root: then they run as the `postgres` user Debian's package creates (or `nobody`), the
//! folder handed to it; anyone else runs them as themselves.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Cluster {
    dir: tempfile::TempDir,
    owner: Option<&'static str>,
}

/// The user the server runs as when the test runs as root.
fn server_user() -> Option<&'static str> {
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let known = |user: &str| {
        Command::new("id")
            .arg(user)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    Some(if known("postgres") {
        "postgres"
    } else {
        "nobody"
    })
}

impl Cluster {
    /// A new cluster, started; panics (failing the test) with the server's log if it cannot.
    pub fn start() -> Cluster {
        let owner = server_user();
        // The server's user must reach the folder: under root, in /tmp itself, whatever
        // TMPDIR says (a folder under /root would be closed to it).
        let mut builder = tempfile::Builder::new();
        builder.prefix("frontdesk-pg-");
        let dir = match owner {
            Some(_) => builder.tempdir_in("/tmp"),
            None => builder.tempdir(),
        }
        .unwrap();
        if let Some(user) = owner {
            let chown = Command::new("chown")
                .arg(user)
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(chown.success(), "chown {user} {}", dir.path().display());
        }
        let cluster = Cluster { dir, owner };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                path(&data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        cluster.start_server();
        cluster
    }

    /// Starts the server on the cluster's folder; panics with its log if it cannot.
    fn start_server(&self) {
        let data = self.data();
        let options = format!("-c listen_addresses='' -k {}", path(self.dir.path()));
        let log = self.dir.path().join("server.log");
        let started = self.output(
            "pg_ctl",
            &[
                "-D",
                path(&data),
                "-o",
                &options,
                "-l",
                path(&log),
                "-w",
                "start",
            ],
        );
        assert!(
            started.status.success(),
            "PostgreSQL did not start: {}\n{}",
            String::from_utf8_lossy(&started.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the server, as a head office gone off the network: its data stays.
    pub fn stop(&self) {
        let data = self.data();
        self.run("pg_ctl", &["-D", path(&data), "-m", "fast", "-w", "stop"]);
    }

    /// Starts a stopped server again, holding what it held.
    pub fn start_again(&self) {
        self.start_server();
    }

    /// The connection string of a fresh database `name` on this cluster.
    pub fn database(&self, name: &str) -> String {
        let mut client = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("the test cluster answers");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        self.url(name)
    }

    /// A fresh database `name` set up as a head office, as its administrator sets one up
    /// (`frontdesk head-office setup`): a desk's sync creates nothing there.
    pub fn head_office(&self, name: &str) -> String {
        let url = self.database(name);
        let mut client =
            postgres::Client::connect(&url, postgres::NoTls).expect("the test cluster answers");
        frontdesk::sync::setup::setup(&mut client).expect("the head office is set up");
        url
    }

    pub fn url(&self, database: &str) -> String {
        format!(
            "host={} user=postgres dbname={database}",
            path(self.dir.path())
        )
    }

    /// From now on every login but `postgres` proves its password (SCRAM), as at a real
    /// head office; `postgres`, the tests' administrator, stays trusted.
    pub fn require_passwords(&self) {
        let loaded = || -> String {
            let mut client = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
                .expect("the test cluster answers");
            client
                .query_one("SELECT pg_conf_load_time()::text", &[])
                .unwrap()
                .get(0)
        };
        let before = loaded();
        let hba = "local all postgres trust\nlocal all all scram-sha-256\n";
        std::fs::write(self.data().join("pg_hba.conf"), hba).unwrap();
        let data = self.data();
        self.run("pg_ctl", &["-D", path(&data), "reload"]);
        // A reload is a signal: wait until the server has read the file again.
        for _ in 0..100 {
            if loaded() != before {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("PostgreSQL did not reload pg_hba.conf");
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn output(&self, program: &str, args: &[&str]) -> Output {
        let mut command = match self.owner {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--", program]);
                c
            }
            None => Command::new(program),
        };
        command
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{program} does not run: {e}"))
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self.output(program, args);
        assert!(
            out.status.success(),
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.output(
            "pg_ctl",
            &["-D", path(&data), "-m", "immediate", "-w", "stop"],
        );
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a temporary path is UTF-8")
}
