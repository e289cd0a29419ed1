//! The watcher's side of a served search: an index kept open, reloaded when a commit changed it,
//! and searched for each request as the client would have searched it.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use std::sync::Arc;
use std::time::Duration;

use super::serve::{Reply, Request, Serving};
use super::tap::Unapplied;
use crate::index::{IndexState, NoteIndex, Snapshot};
use crate::note::TitleSource;
use crate::search::{self, Options};

/// Starts answering searches for the index in `index_dir`, warmed by one search first so that
/// the first client does not pay for loading the dictionary.
pub(super) fn serve(
    index_dir: &Path,
    titles: TitleSource,
    unapplied: Arc<Unapplied>,
) -> std::io::Result<Serving> {
    let mut answerer = Answerer {
        dir: index_dir.to_path_buf(),
        titles,
        open: None,
        unapplied,
    };
    answerer.answer(&Request::new("정의 index", Options::default()));
    Serving::start(index_dir, move |request: &Request| answerer.answer(request))
}

/// Which commit `meta.json` records: it is replaced (a new inode) at every commit.
type Stamp = Option<(u64, i64, i64, u64)>;

fn stamp(dir: &Path) -> Stamp {
    let meta = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some((meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.len()))
}

/// How long a search waits for saves already seen to be applied: a note saved just before a
/// search is found, as without a watcher, unless a long `--debounce` holds it back.
const SETTLE_LIMIT: Duration = Duration::from_secs(1);
/// How long a search waits for the file watcher to pass on the events queued before it.
const CATCH_UP_LIMIT: Duration = Duration::from_millis(200);

struct Answerer {
    dir: PathBuf,
    titles: TitleSource,
    open: Option<(Stamp, NoteIndex, Snapshot)>,
    unapplied: Arc<Unapplied>,
}

impl Answerer {
    fn answer(&mut self, request: &Request) -> Reply {
        self.unapplied.catch_up(CATCH_UP_LIMIT);
        self.unapplied.settle(SETTLE_LIMIT);
        let Some(snapshot) = self.snapshot() else {
            return Reply::Unavailable("the index is not readable now".into());
        };
        match search::answer(&snapshot, &request.text, &request.options) {
            Ok(answer) => Reply::Answered(answer),
            Err(err) => Reply::Failed(err.to_string()),
        }
    }

    /// The index as of its last commit: the open one, reloaded when a commit came since (only
    /// the new segments are opened), opened anew when it cannot be reloaded.
    fn snapshot(&mut self) -> Option<Snapshot> {
        let now = stamp(&self.dir);
        match &mut self.open {
            Some((seen, _, snapshot)) if *seen == now => return Some(snapshot.clone()),
            Some((seen, index, snapshot)) => {
                if let Ok(fresh) = index.reload().and_then(|()| index.snapshot()) {
                    *seen = now;
                    *snapshot = fresh;
                    return Some(snapshot.clone());
                }
            }
            None => {}
        }
        self.open = match NoteIndex::inspect(&self.dir, self.titles) {
            Ok(IndexState::Current(index)) => {
                let snapshot = index.snapshot().ok()?;
                Some((now, *index, snapshot))
            }
            _ => None,
        };
        self.open.as_ref().map(|(_, _, snapshot)| snapshot.clone())
    }
}
