//! Searches answered by a running watcher, over a Unix socket in the index folder
//! ([`SOCKET_FILE`]). The watcher keeps the analyzer, the dictionary's pages and the open index
//! warm, so a search costs the asking process little more than its own start.
//!
//! One connection is one search: the client writes a [`Request`] as JSON and shuts its writing
//! side; the watcher writes a [`Reply`] as JSON and closes. A client that gets no reply (no socket,
//! nobody listening, no answer within [`REPLY_TIMEOUT`], a reply it cannot read) searches by
//! itself, so serving can only make a search faster, never different.

use std::io::{self, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::search::{Answer, Options};

/// The socket a watcher answers searches on, in the index folder.
pub const SOCKET_FILE: &str = ".noteseek-watch.sock";
/// How long a client waits for a reply before searching by itself; also how long the watcher
/// waits for a client to send its request.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(2);

/// A search, as typed and with its options.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    pub text: String,
    pub options: Options,
    /// The program asking: a watcher answers only the very program it runs itself, so that a
    /// client and a watcher of different builds (one upgraded while the other ran) never read
    /// each other's requests and answers differently.
    program: Option<Program>,
}

impl Request {
    pub fn new(text: impl Into<String>, options: Options) -> Request {
        Request {
            text: text.into(),
            options,
            program: Program::this(),
        }
    }
}

/// A program file by its device, inode, modification time and size: replaced by an install,
/// it is another program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Program(u64, u64, i64, i64, u64);

impl Program {
    fn this() -> Option<Program> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        Some(Program(
            meta.dev(),
            meta.ino(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.size(),
        ))
    }
}

/// What the watcher answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Answered(Answer),
    /// The search failed as it would have in the client (a query that cannot be parsed, a
    /// section no note has): the error's message.
    Failed(String),
    /// The watcher cannot search now; the client searches by itself.
    Unavailable(String),
}

/// Asks the watcher of the index in `index_dir` to answer `request`. `None` when no watcher
/// answers: the caller searches by itself.
pub fn ask(index_dir: &Path, request: &Request) -> Option<Reply> {
    let mut stream = UnixStream::connect(index_dir.join(SOCKET_FILE)).ok()?;
    stream.set_read_timeout(Some(REPLY_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(REPLY_TIMEOUT)).ok()?;
    serde_json::to_writer(&mut stream, request).ok()?;
    stream.shutdown(std::net::Shutdown::Write).ok()?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).ok()?;
    match serde_json::from_slice(&reply).ok()? {
        Reply::Unavailable(_) => None,
        reply => Some(reply),
    }
}

/// A thread answering searches on the socket until dropped; the socket file goes with it.
pub struct Serving {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    /// Disconnected when the thread ends.
    ended: mpsc::Receiver<()>,
}

impl Serving {
    /// Listens in `index_dir` (replacing a socket left by a watcher that died: the caller holds
    /// the watcher lock) and answers each request with `answer`, one at a time.
    pub fn start(
        index_dir: &Path,
        mut answer: impl FnMut(&Request) -> Reply + Send + 'static,
    ) -> io::Result<Serving> {
        let path = index_dir.join(SOCKET_FILE);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let listener = UnixListener::bind(&path)?;
        let program = Program::this();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let (ending, ended) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("noteseek-serve".into())
            .spawn(move || {
                let _ending = ending;
                for stream in listener.incoming() {
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    // A client that went away is its own loss; the next one is served.
                    if let Ok(stream) = stream {
                        let _ = serve_one(stream, program, &mut answer);
                    }
                }
            })?;
        Ok(Serving { path, stop, ended })
    }
}

fn serve_one(
    mut stream: UnixStream,
    program: Option<Program>,
    answer: &mut dyn FnMut(&Request) -> Reply,
) -> io::Result<()> {
    stream.set_read_timeout(Some(REPLY_TIMEOUT))?;
    stream.set_write_timeout(Some(REPLY_TIMEOUT))?;
    let mut request = Vec::new();
    stream.read_to_end(&mut request)?;
    let reply = match serde_json::from_slice::<Request>(&request) {
        Ok(request) if request.program.is_some() && request.program == program => answer(&request),
        // Another build of noteseek asking: it searches by itself.
        Ok(_) => Reply::Unavailable("another noteseek program".into()),
        Err(e) => Reply::Unavailable(format!("unreadable request: {e}")),
    };
    let bytes = serde_json::to_vec(&reply).map_err(io::Error::other)?;
    stream.write_all(&bytes)
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the thread blocked in `accept` and let it finish the answer under way. When the
        // socket file is gone (the index folder was deleted or renamed) nothing wakes it: it
        // ends with the process.
        if UnixStream::connect(&self.path).is_ok() {
            let _ = self.ended.recv_timeout(REPLY_TIMEOUT * 2);
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Notice, Results};

    fn request(text: &str) -> Request {
        Request::new(text, Options::default())
    }

    #[test]
    fn a_served_request_gets_the_answer_and_without_a_server_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ask(dir.path(), &request("도커")).is_none());
        let serving = Serving::start(dir.path(), |request: &Request| {
            if request.text.is_empty() {
                Reply::Failed("empty".into())
            } else {
                Reply::Answered(Answer {
                    results: Results::default(),
                    notice: Some(Notice::CloseTitles(vec![request.text.clone()])),
                })
            }
        })
        .unwrap();
        let Some(Reply::Answered(answer)) = ask(dir.path(), &request("도커")) else {
            panic!("no answer");
        };
        assert_eq!(
            answer.notice,
            Some(Notice::CloseTitles(vec!["도커".into()]))
        );
        assert!(matches!(
            ask(dir.path(), &request("")),
            Some(Reply::Failed(_))
        ));
        drop(serving);
        assert!(!dir.path().join(SOCKET_FILE).exists());
        assert!(ask(dir.path(), &request("도커")).is_none());
    }

    #[test]
    fn another_program_is_not_answered() {
        let dir = tempfile::tempdir().unwrap();
        let _serving =
            Serving::start(dir.path(), |_: &Request| Reply::Failed("answered".into())).unwrap();
        let mut other = request("도커");
        other.program = other.program.map(|p| Program(p.0, p.1 + 1, p.2, p.3, p.4));
        assert!(ask(dir.path(), &other).is_none());
        other.program = None;
        assert!(ask(dir.path(), &other).is_none());
        assert!(ask(dir.path(), &request("도커")).is_some());
    }

    #[test]
    fn a_watcher_that_cannot_search_now_leaves_the_search_to_the_client() {
        let dir = tempfile::tempdir().unwrap();
        let _serving = Serving::start(dir.path(), |_: &Request| {
            Reply::Unavailable("rebuilding".into())
        })
        .unwrap();
        assert!(ask(dir.path(), &request("도커")).is_none());
    }

    #[test]
    fn a_socket_left_by_a_dead_watcher_is_no_answer_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        // A socket nobody listens on any more, as a killed watcher leaves it.
        drop(UnixListener::bind(dir.path().join(SOCKET_FILE)).unwrap());
        assert!(ask(dir.path(), &request("도커")).is_none());
        let _serving = Serving::start(dir.path(), |_: &Request| Reply::Failed("x".into())).unwrap();
        assert!(matches!(
            ask(dir.path(), &request("도커")),
            Some(Reply::Failed(_))
        ));
    }

    #[test]
    fn options_travel_whole_with_the_users_groups() {
        let options = Options {
            limit: 3,
            section: Some(crate::section::SectionRef::named("비교")),
            tags: vec!["cloud".into()],
            bridge: Some(Arc::new(
                crate::bridge::Bridge::shipped().with_user_groups("배처\t쿠버네티스\n"),
            )),
        };
        let json = serde_json::to_vec(&Request::new("x", options)).unwrap();
        let back: Request = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.options.limit, 3);
        assert_eq!(back.options.tags, vec!["cloud".to_string()]);
        assert_eq!(
            back.options.section,
            Some(crate::section::SectionRef::named("비교"))
        );
        let bridge = back.options.bridge.unwrap();
        assert!(bridge.others("배처").iter().any(|o| o.name == "쿠버네티스"));
    }
}
